import { z } from '../src/zod.js';
import { defineCommand } from '../src/command.js';
import { plural, teamRecords } from './shared.js';

/** What the team should read or write next: questions the papers did not answer well. */
export default defineCommand({
  name: 'gaps',
  description: 'Questions the papers could not answer, and answers marked 👎',
  example: '/gaps',
  options: {
    limit: {
      schema: z.number().int().min(1).max(25).default(10),
      description: 'How many to list (1-25)',
    },
  },
  async execute(input, ctx) {
    const gaps = await teamRecords(ctx).gaps(input.limit);
    if (gaps.length === 0)
      return {
        tone: 'empty',
        title: 'Gaps',
        body: 'No gaps yet: every question so far was answered, and no answer was marked 👎.',
        data: { gaps: [] },
      };
    return {
      tone: 'result',
      title: 'Gaps: what the papers did not answer',
      body: gaps
        .map((gap) => {
          const counts = [
            gap.unanswered > 0 ? `unanswered ${plural(gap.unanswered, 'time')}` : undefined,
            gap.downvoted > 0 ? `👎 ${gap.downvoted}` : undefined,
          ].filter((c) => c !== undefined);
          return `• ${gap.question} (${counts.join(', ')}; last ${gap.lastAt.slice(0, 10)})`;
        })
        .join('\n'),
      footer: 'Grouped by wording, newest first',
      data: { gaps },
    };
  },
});
