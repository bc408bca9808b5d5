import { defineCommand, type CommandContext } from '../src/command.js';
import type { Usage } from '../src/library/team.js';
import type { ReplyField } from '../src/reply.js';
import type { Paper } from '../src/corpus/schema.js';
import { barChartSpec, renderPng, type BarPanel } from '../src/render/chart.js';
import { plural } from './shared.js';

const BAR_WIDTH = 20;
const STATS_IMAGE = 'paperbot-stats.png';

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()];
}

/** A text bar chart: it renders the same in a terminal, a code block and a log. */
function barChart(rows: readonly [string, number][]): string {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  return rows
    .map(
      ([label, n]) =>
        `${label.padEnd(labelWidth)} ${'█'.repeat(Math.max(1, Math.round((n / max) * BAR_WIDTH)))} ${n}`,
    )
    .join('\n');
}

interface CorpusCounts {
  byYear: [string, number][];
  byCategory: [string, number][];
  categoryNames: Map<string, string>;
}

function corpusCounts(papers: readonly Paper[]): CorpusCounts {
  return {
    byYear: countBy(papers, (p) => String(p.year)).sort((a, b) => a[0].localeCompare(b[0])),
    byCategory: countBy(papers, (p) => p.category.code).sort((a, b) => b[1] - a[1]),
    categoryNames: new Map(papers.map((p) => [p.category.code, p.category.name])),
  };
}

/** How the team uses the bot, where the library keeps its questions. */
function usageFields(usage: Usage, ctx: CommandContext): ReplyField[] {
  const asked = usage.answered + usage.declined;
  if (asked + usage.asides === 0) return [{ name: 'Usage', value: 'No questions asked yet.' }];
  const share = asked === 0 ? '' : ` (${Math.round((100 * usage.answered) / asked)}% answered)`;
  const asides = usage.asides === 0 ? '' : ` · ${usage.asides} greetings or unclear asks`;
  return [
    {
      name: 'Questions a week',
      value: usage.perWeek.map(([week, n]) => `${week}: ${n}`).join('\n'),
      inline: true,
    },
    {
      name: 'Answered vs declined',
      value: `${usage.answered} answered · ${usage.declined} declined${share}${asides}`,
      inline: true,
    },
    ...(usage.mostCited.length > 0
      ? [
          {
            name: 'Most-cited papers',
            value: usage.mostCited
              .map(([id, n]) => `• ${ctx.search.get(id)?.title ?? id} (${plural(n, 'answer')})`)
              .join('\n'),
          },
        ]
      : []),
  ];
}

function usagePanel(usage: Usage): BarPanel[] {
  return usage.perWeek.length === 0
    ? []
    : [
        {
          title: 'Questions a week',
          direction: 'vertical',
          bars: usage.perWeek.map(([label, value]) => ({ label, value })),
        },
      ];
}

function chartPanels(counts: CorpusCounts): BarPanel[] {
  return [
    {
      title: 'Papers by year',
      direction: 'vertical',
      bars: counts.byYear.map(([label, value]) => ({ label, value })),
    },
    {
      title: 'Papers by category',
      direction: 'horizontal',
      bars: counts.byCategory.map(([code, value]) => ({
        label: `${code} · ${counts.categoryNames.get(code) ?? code}`,
        value,
      })),
    },
  ];
}

export default defineCommand({
  name: 'stats',
  description: 'The corpus at a glance, and how the team uses the bot',
  options: {},
  drawsChart: true,
  // Drawing the chart takes a few hundred milliseconds, and on the HTTP endpoint a picture
  // can only travel in an edit of a deferred reply.
  slow: true,
  async execute(_input, ctx) {
    const papers = ctx.search.papers;
    const counts = corpusCounts(papers);
    const withCode = papers.filter((p) => p.hasCode).length;
    const authors = new Set(papers.flatMap((p) => p.authors)).size;
    const usage = await ctx.library?.team.usage();
    const image = await renderPng(
      barChartSpec([...chartPanels(counts), ...(usage ? usagePanel(usage) : [])]),
    );
    return {
      tone: 'result',
      title: 'Corpus statistics',
      body: `${plural(papers.length, 'paper')} by ${plural(authors, 'listed author')}, ${withCode} with code released.`,
      code: {
        language: 'text',
        text: `By year\n${barChart(counts.byYear)}\n\nBy category\n${barChart(counts.byCategory)}`,
      },
      fields: [
        {
          name: 'Categories',
          value: counts.byCategory
            .map(([code]) => `${code}: ${counts.categoryNames.get(code) ?? code}`)
            .join('\n'),
        },
        ...(usage ? usageFields(usage, ctx) : []),
      ],
      image: { name: STATS_IMAGE, png: image },
      actions: [{ kind: 'share' }],
      data: {
        papers: papers.length,
        authors,
        withCode,
        byYear: Object.fromEntries(counts.byYear),
        byCategory: Object.fromEntries(counts.byCategory),
        ...(usage ? { usage } : {}),
      },
    };
  },
});
