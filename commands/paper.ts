import { defineCommand } from '../src/command.js';
import { paperUrl } from '../src/corpus/links.js';
import type { Paper } from '../src/corpus/schema.js';
import type { Reply } from '../src/reply.js';
import { codeLink, paperActions, paperOption } from './shared.js';

/** `readingList`: offer "Add to reading list" (where the team's library keeps one). */
function paperCard(paper: Paper, readingList = false): Reply {
  const code = codeLink(paper);
  const authors = `${paper.authors.join(', ')}${paper.authorsTruncated ? ' et al.' : ''}`;
  return {
    tone: 'result',
    title: paper.title,
    url: paperUrl(paper),
    body: paper.abstractText,
    fields: [
      { name: 'Authors', value: authors },
      ...(paper.affiliations.length > 0
        ? [{ name: 'Affiliations', value: paper.affiliations.join(', '), inline: true }]
        : []),
      {
        name: 'Published',
        value: publishedOn(paper),
        inline: true,
      },
      { name: 'Category', value: `${paper.category.code} · ${paper.category.name}`, inline: true },
      {
        name: 'Code',
        value: code ?? (paper.hasCode ? 'released (no link in the abstract)' : 'not released'),
        inline: true,
      },
    ],
    footer: `id: ${paper.id}`,
    actions: [
      ...paperActions(paper),
      ...(readingList
        ? [
            {
              kind: 'command' as const,
              label: 'Add to reading list',
              command: 'reading',
              args: { action: 'add', paper: paper.id },
            },
          ]
        : []),
      { kind: 'share' },
      { kind: 'thread' },
    ],
    data: paper,
  };
}

export default defineCommand({
  name: 'paper',
  description: 'Show one paper: authors, date, abstract and links',
  example: '/paper title:MobileViT',
  options: {
    title: paperOption,
  },
  async execute(input, ctx) {
    return paperCard(ctx.search.resolvePaper(input.title), ctx.library !== undefined);
  },
});

/** As much of the date as the source gave ("2024", "2024-05"), and whether its year was guessed. */
function publishedOn(paper: Paper): string {
  if (paper.datePrecision === 'year') return String(paper.year);
  const date = paper.datePrecision === 'month' ? paper.date.slice(0, 7) : paper.date;
  return paper.dateInferred ? `${date} (year inferred)` : date;
}
