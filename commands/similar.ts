import { z } from '../src/zod.js';
import { defineCommand } from '../src/command.js';
import { paperItem, paperOption } from './shared.js';

export default defineCommand({
  name: 'similar',
  description: 'Papers most like a given paper',
  example: '/similar paper:mobilevit',
  options: {
    paper: paperOption,
    limit: {
      schema: z.number().int().min(1).max(20).default(5),
      description: 'How many papers',
    },
  },
  async execute(input, ctx) {
    const paper = ctx.search.resolvePaper(input.paper);
    const hits = ctx.search.similar(paper.id, input.limit);
    return {
      tone: hits.length > 0 ? 'result' : 'empty',
      title: `Papers like “${paper.shortName ?? paper.title}”`,
      body: hits.length > 0 ? undefined : 'No other paper shares enough with this one.',
      items: hits.map((h) => paperItem(h.paper, h.snippet)),
      actions: [{ kind: 'share' }],
      data: {
        paper: { id: paper.id, title: paper.title },
        results: hits.map((h) => ({
          id: h.paper.id,
          title: h.paper.title,
          year: h.paper.year,
          score: h.score,
        })),
      },
    };
  },
});
