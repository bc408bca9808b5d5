import { defineCommand } from '../src/command.js';
import { paperUrl } from '../src/corpus/links.js';
import type { Paper } from '../src/corpus/schema.js';
import { identityOf } from '../src/library/identity.js';
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

export function bibtex(paper: Paper, key = citationKey(paper)): string {
  const { arxivId, doi } = identityOf(paper);
  const authors = [...paper.authors, ...(paper.authorsTruncated ? ['others'] : [])].join(' and ');
  const month = Number(paper.date.slice(5, 7));
  const lines = [
    `@misc{${key},`,
    `  title = {{${bibtexValue(paper.title)}}},`,
    `  author = {${bibtexValue(authors)}},`,
    `  year = {${paper.year}},`,
    ...(paper.dateInferred ? [] : [`  month = {${month}},`]),
    ...(doi === undefined ? [] : [`  doi = {${doi}},`]),
    ...(arxivId === undefined ? [] : [`  eprint = {${arxivId}},`, '  archivePrefix = {arXiv},']),
    `  howpublished = {arXiv (${paper.category.code})},`,
    `  url = {${paperUrl(paper)}},`,
    '}',
  ];
  return lines.join('\n');
}

/**
 * Several papers as one .bib. A key that would repeat gets a letter (the first keeps its
 * own), never one another entry already has, so each entry stays citable.
 */
export function bibtexFile(papers: readonly Paper[]): string {
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
    const entry = bibtex(paper);
    return {
      tone: 'result',
      title: `Cite “${paper.shortName ?? paper.title}”`,
      code: { language: 'bibtex', text: entry },
      data: { id: paper.id, bibtex: entry },
    };
  },
});
