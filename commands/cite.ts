import { defineCommand, type CommandContext } from '../src/command.js';
import { UNCATEGORIZED } from '../src/corpus/categories.js';
import { paperUrl } from '../src/corpus/links.js';
import type { Paper } from '../src/corpus/schema.js';
import { identityOf } from '../src/library/identity.js';
import type { Publication } from '../src/library/publication.js';
import { paperOption } from './shared.js';

/** BibTeX wants braces balanced and a few characters escaped; nothing else from a title is special. */
function bibtexValue(text: string): string {
  return text.replace(/([&%$#_])/g, '\\$1').replace(/[{}]/g, '');
}

function citationKey(paper: Paper): string {
  const lastName = (paper.authors[0] ?? 'anon').split(' ').at(-1) ?? 'anon';
  return `${lastName
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()}${paper.year}${paper.id.split('-')[0] ?? ''}`;
}

/** a, b, …, z, aa, ab…: the suffixes BibTeX tools give keys that would otherwise repeat. */
function letters(n: number): string {
  return (n >= 26 ? letters(Math.floor(n / 26) - 1) : '') + String.fromCharCode(97 + (n % 26));
}

/** A paper as cited: with where it was published, when the BibTeX entry it came from said. */
export type CitedPaper = Paper & { publication?: Publication | undefined };

/** The papers with where each was published, from the library (a papers file says nowhere). */
export async function withPublications(
  ctx: Pick<CommandContext, 'library'>,
  papers: readonly Paper[],
): Promise<CitedPaper[]> {
  const publications = await ctx.library?.library.publications(papers.map((p) => p.id));
  return papers.map((paper) => ({ ...paper, publication: publications?.get(paper.id) }));
}

const field = (name: string, value: string | undefined) =>
  value === undefined ? [] : [`  ${name} = {${bibtexValue(value)}},`];

/**
 * The entry a paper's BibTeX had (type, venue, pages), or a @misc; the month only when the
 * source gave one, and arXiv named only for a paper arXiv lists.
 */
export function bibtex(paper: CitedPaper, key = citationKey(paper)): string {
  const { arxivId, doi } = identityOf(paper);
  const { publication } = paper;
  const authors = [...paper.authors, ...(paper.authorsTruncated ? ['others'] : [])].join(' and ');
  const month = Number(paper.date.slice(5, 7));
  // A category is arXiv's: a paper that has one is listed there, under its title if no id is known.
  const onArxiv = arxivId !== undefined || paper.category.code !== UNCATEGORIZED.code;
  const url =
    arxivId !== undefined || doi !== undefined
      ? paperUrl(paper)
      : (publication?.url ?? (onArxiv ? paperUrl(paper) : undefined));
  const lines = [
    `@${publication?.type ?? 'misc'}{${key},`,
    `  title = {{${bibtexValue(paper.title)}}},`,
    `  author = {${bibtexValue(authors)}},`,
    ...field('journal', publication?.journal),
    ...field('booktitle', publication?.booktitle),
    ...field('publisher', publication?.publisher),
    ...field('volume', publication?.volume),
    ...field('number', publication?.number),
    ...field('pages', publication?.pages),
    `  year = {${paper.year}},`,
    ...(paper.datePrecision === 'year' ? [] : [`  month = {${month}},`]),
    ...(doi === undefined ? [] : [`  doi = {${doi}},`]),
    ...(arxivId === undefined ? [] : [`  eprint = {${arxivId}},`, '  archivePrefix = {arXiv},']),
    ...(publication === undefined && onArxiv
      ? [`  howpublished = {arXiv (${paper.category.code})},`]
      : []),
    ...(url === undefined ? [] : [`  url = {${url}},`]),
    '}',
  ];
  return lines.join('\n');
}

/**
 * Several papers as one .bib. A key that would repeat gets a letter (the first keeps its
 * own), never one another entry already has, so each entry stays citable.
 */
export function bibtexFile(papers: readonly CitedPaper[]): string {
  const keys = papers.map(citationKey);
  const natural = new Set(keys);
  const used = new Set<string>();
  return papers
    .map((paper, i) => {
      const base = keys[i]!;
      let key = base;
      for (let n = 0; used.has(key) || (key !== base && natural.has(key)); n += 1)
        key = `${base}${letters(n)}`;
      used.add(key);
      return bibtex(paper, key);
    })
    .join('\n\n');
}

export default defineCommand({
  name: 'cite',
  description: 'BibTeX for a paper',
  example: '/cite paper:lazyllm',
  options: {
    paper: paperOption,
  },
  async execute(input, ctx) {
    const paper = ctx.search.resolvePaper(input.paper);
    const [cited = paper] = await withPublications(ctx, [paper]);
    const entry = bibtex(cited);
    return {
      tone: 'result',
      title: `Cite “${paper.shortName ?? paper.title}”`,
      code: { language: 'bibtex', text: entry },
      data: { id: paper.id, bibtex: entry },
    };
  },
});
