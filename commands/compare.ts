import { defineCommand } from '../src/command.js';
import { UserError } from '../src/errors.js';
import { digestFields } from './summarize.js';
import { guardedSummaries, paperReference } from './shared.js';

export default defineCommand({
  name: 'compare',
  description: 'Two papers side by side: problem, method, results, code',
  slow: true,
  example: '/compare a:DKM b:eDKM',
  options: {
    a: { schema: paperReference, description: 'First paper', autocomplete: 'title' },
    b: { schema: paperReference, description: 'Second paper', autocomplete: 'title' },
  },
  async execute(input, ctx) {
    const first = ctx.search.resolvePaper(input.a);
    const second = ctx.search.resolvePaper(input.b);
    if (first.id === second.id)
      throw new UserError('bad-option', 'Those name the same paper; pick two different ones.');
    const {
      summaries: [a, b],
      notes,
    } = await guardedSummaries(ctx, [first, second]);
    if (!a || !b) throw new Error('two summaries were asked for and fewer came back');
    const label = (p: typeof first) => p.shortName ?? p.title;
    const fieldsA = digestFields(first, a.digest);
    const fieldsB = digestFields(second, b.digest);
    return {
      tone: 'result',
      title: `${label(first)} vs ${label(second)}`,
      fields: fieldsA.flatMap((field, i) => [
        { name: `${field.name}: ${label(first)}`, value: field.value, inline: true },
        { name: `${field.name}: ${label(second)}`, value: fieldsB[i]?.value ?? '', inline: true },
      ]),
      notes: [...new Set([...a.notes, ...b.notes, ...notes])],
      footer: `${first.year} · ${first.category.code} vs ${second.year} · ${second.category.code}`,
      actions: [{ kind: 'share' }],
      data: {
        a: { id: first.id, title: first.title, year: first.year, ...a.digest },
        b: { id: second.id, title: second.title, year: second.year, ...b.digest },
        mode: a.mode === 'llm' || b.mode === 'llm' ? 'llm' : 'extractive',
      },
    };
  },
});
