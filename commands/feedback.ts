import { z } from '../src/zod.js';
import { defineCommand } from '../src/command.js';
import { UserError } from '../src/errors.js';
import type { Verdict, VoteOutcome } from '../src/library/team.js';

const SAID: Record<Verdict, string> = { up: 'helpful', down: 'not helpful' };
const IN_GAPS = 'it will show in /gaps so the team can follow up';

/** What the person is told: a repeated click is acknowledged as already counted, not thanked again. */
function confirmation(outcome: VoteOutcome, verdict: Verdict): string {
  switch (outcome) {
    case 'same':
      return `You already marked this answer ${SAID[verdict]}; your vote counts once.`;
    case 'changed':
      return verdict === 'up'
        ? 'Changed your vote: noted as helpful instead.'
        : `Changed your vote: noted as not helpful; ${IN_GAPS}.`;
    case 'new':
      return verdict === 'up'
        ? 'Thanks! Noted as helpful.'
        : `Thanks! Noted as not helpful; ${IN_GAPS}.`;
  }
}

/** What 👍/👎 under an answer run: only ever from those buttons, which carry the answer's id. */
export default defineCommand({
  name: 'feedback',
  description: 'Mark an answer helpful or not',
  options: {
    q: { schema: z.number().int().positive(), description: 'The answer, as recorded' },
    v: { schema: z.enum(['up', 'down']), description: 'Helpful (up) or not (down)' },
  },
  async execute(input, ctx) {
    const outcome = await ctx.library?.team.recordFeedback({
      questionId: input.q,
      userId: ctx.user?.id ?? 'local',
      guildId: ctx.guildId,
      verdict: input.v,
    });
    if (outcome === undefined)
      throw new UserError('expired', 'That answer is no longer on record.');
    return {
      tone: 'info',
      body: confirmation(outcome, input.v),
      data: { question: input.q, verdict: input.v, vote: outcome },
    };
  },
});
