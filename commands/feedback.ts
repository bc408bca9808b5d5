import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { UserError } from '../src/errors.js';

/** What 👍/👎 under an answer run: only ever from those buttons, which carry the answer's id. */
export default defineCommand({
  name: 'feedback',
  description: 'Mark an answer helpful or not',
  options: {
    q: { schema: z.number().int().positive(), description: 'The answer, as recorded' },
    v: { schema: z.enum(['up', 'down']), description: 'Helpful (up) or not (down)' },
  },
  async execute(input, ctx) {
    const team = ctx.library?.team;
    const recorded =
      team !== undefined &&
      (await team.recordFeedback({
        questionId: input.q,
        userId: ctx.user?.id ?? 'local',
        guildId: ctx.guildId,
        verdict: input.v,
      }));
    if (!recorded) throw new UserError('expired', 'That answer is no longer on record.');
    return {
      tone: 'info',
      body:
        input.v === 'up'
          ? 'Thanks! Noted as helpful.'
          : 'Thanks! Noted as not helpful; it will show in /gaps so the team can follow up.',
      data: { question: input.q, verdict: input.v },
    };
  },
});
