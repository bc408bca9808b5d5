import { defineCommand } from '../src/command.js';
import { paperUrl } from '../src/corpus/links.js';
import type { Paper } from '../src/corpus/schema.js';
import { paperOption } from './shared.js';

/** BibTeX wants braces balanced and a few characters escaped; nothing else from a title is special. */
function bibtexValue(text: string): string {
  return text.replace(/([&%$#_])/g, '\\$1').replace(/[{}]/g, '');
}

export function bibtex(paper: Paper): string {
  const lastName = (paper.authors[0] ?? 'anon').split(' ').at(-1) ?? 'anon';
  const key = `${lastName
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()}${paper.year}${paper.id.split('-')[0] ?? ''}`;
  const authors = [...paper.authors, ...(paper.authorsTruncated ? ['others'] : [])].join(' and ');
  const month = Number(paper.date.slice(5, 7));
  const lines = [
    `@misc{${key},`,
    `  title = {{${bibtexValue(paper.title)}}},`,
    `  author = {${bibtexValue(authors)}},`,
    `  year = {${paper.year}},`,
    ...(paper.dateInferred ? [] : [`  month = {${month}},`]),
    `  howpublished = {arXiv (${paper.category.code})},`,
    `  url = {${paperUrl(paper)}},`,
    '}',
  ];
  return lines.join('\n');
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
