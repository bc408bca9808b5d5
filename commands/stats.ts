import { defineCommand } from '../src/command.js';
import { plural } from './shared.js';

const BAR_WIDTH = 20;

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()];
}

/** A text bar chart: it renders the same in a terminal, a code block and a log. */
export function barChart(rows: readonly [string, number][]): string {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  return rows
    .map(
      ([label, n]) =>
        `${label.padEnd(labelWidth)} ${'█'.repeat(Math.max(1, Math.round((n / max) * BAR_WIDTH)))} ${n}`,
    )
    .join('\n');
}

export default defineCommand({
  name: 'stats',
  description: 'The corpus at a glance: papers by year and category',
  options: {},
  async execute(_input, ctx) {
    const papers = ctx.search.papers;
    const byYear = countBy(papers, (p) => String(p.year)).sort((a, b) => a[0].localeCompare(b[0]));
    const byCategory = countBy(papers, (p) => p.category.code).sort((a, b) => b[1] - a[1]);
    const withCode = papers.filter((p) => p.hasCode).length;
    const authors = new Set(papers.flatMap((p) => p.authors)).size;
    const names = new Map(papers.map((p) => [p.category.code, p.category.name]));
    return {
      tone: 'result',
      title: 'Corpus statistics',
      body: `${plural(papers.length, 'paper')} by ${plural(authors, 'listed author')}, ${withCode} with code released.`,
      code: {
        language: 'text',
        text: `By year\n${barChart(byYear)}\n\nBy category\n${barChart(byCategory)}`,
      },
      fields: [
        {
          name: 'Categories',
          value: byCategory.map(([code]) => `${code}: ${names.get(code) ?? code}`).join('\n'),
        },
      ],
      actions: [{ kind: 'share' }],
      data: {
        papers: papers.length,
        authors,
        withCode,
        byYear: Object.fromEntries(byYear),
        byCategory: Object.fromEntries(byCategory),
      },
    };
  },
});
