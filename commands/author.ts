import { z } from '../src/zod.js';
import { defineCommand } from '../src/command.js';
import { UserError } from '../src/errors.js';
import { nameMatches } from '../src/search/engine.js';
import { paperItem, plural } from './shared.js';

const MAX_LISTED = 10;

export default defineCommand({
  name: 'author',
  description: "An author's papers in this corpus",
  example: '/author name:Mehta',
  options: {
    name: {
      schema: z
        .string({ error: 'Which author? Give a name.' })
        .trim()
        .min(1, 'Which author? Give a name.')
        .max(100, 'That name is too long.'),
      description: 'Full or partial name',
      autocomplete: 'author',
    },
  },
  async execute(input, ctx) {
    const [best, ...others] = ctx.search.findAuthors(input.name);
    if (!best) {
      throw new UserError(
        'unknown-author',
        `No author in this corpus is called "${input.name}".`,
        ctx.search.authorSuggestions(input.name, 5),
      );
    }
    const coauthors = new Map<string, number>();
    for (const paper of best.papers) {
      for (const a of paper.authors)
        if (a !== best.name) coauthors.set(a, (coauthors.get(a) ?? 0) + 1);
    }
    const frequent = [...coauthors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const guessed = !nameMatches(input.name, best.name);
    return {
      tone: 'result',
      title: `${best.name}: ${plural(best.papers.length, 'paper')}`,
      notes: guessed
        ? [`No author is called “${input.name}”; this is the closest name.`]
        : undefined,
      items: best.papers.slice(0, MAX_LISTED).map((p) => paperItem(p)),
      fields: [
        ...(frequent.length > 0
          ? [
              {
                name: 'Frequent co-authors',
                value: frequent.map(([n, c]) => `${n} (${c})`).join(', '),
              },
            ]
          : []),
        ...(others.length > 0
          ? [
              {
                name: 'Also matching',
                value: others.map((o) => `${o.name} (${o.papers.length})`).join(', '),
              },
            ]
          : []),
      ],
      footer:
        best.papers.length > MAX_LISTED
          ? `Showing the ${MAX_LISTED} newest of ${best.papers.length}`
          : undefined,
      actions: [{ kind: 'share' }],
      data: {
        name: best.name,
        papers: best.papers.map((p) => ({
          id: p.id,
          title: p.title,
          year: p.year,
          category: p.category.code,
        })),
        alsoMatching: others.map((o) => ({ name: o.name, papers: o.papers.length })),
      },
    };
  },
});
