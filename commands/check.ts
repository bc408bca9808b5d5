import { z } from '../src/zod.js';
import { MAX_QUESTION_LENGTH, type Stance } from '../src/answer/engine.js';
import { defineCommand } from '../src/command.js';
import { underGuard } from './shared.js';

/**
 * "Check against our papers": what the abstracts say about a claim someone made. The
 * evidence is always quoted from the abstracts, never a model's prose: a model only judges
 * the quotes' stance, and without its verdict the reader judges them.
 */
const STANCE_TITLES: Record<Stance, string> = {
  supports: 'Our papers support this claim',
  contradicts: 'Our papers contradict this claim',
  mixed: 'Our papers are mixed on this claim',
  unrelated: 'Our papers touch on this, without settling it',
};

export default defineCommand({
  name: 'check',
  description: 'What our papers say about a claim: quotes that bear on it, or that none do',
  slow: true,
  contextMenu: 'Check against our papers',
  options: {
    claim: {
      // No length limit here: a message's text may be longer, and only its start is checked.
      schema: z
        .string({ error: 'Give a statement to check.' })
        .trim()
        .min(1, 'That message has no text to check.'),
      description: 'The statement to check',
      maxLength: 2000,
    },
  },
  async execute(input, ctx) {
    // Long messages are checked by their start: retrieval only needs the gist.
    const claim =
      input.claim.length > MAX_QUESTION_LENGTH
        ? input.claim.slice(0, MAX_QUESTION_LENGTH)
        : input.claim;
    const { result, notes } = await underGuard(ctx, async (allowLlm) => {
      const answer = await ctx.answers.ask({
        question: claim,
        signal: ctx.signal,
        allowLlm: false,
      });
      const verdict = allowLlm ? await ctx.answers.stance(claim, answer, ctx.signal) : undefined;
      return { answer, verdict, tokensUsed: answer.tokensUsed + (verdict?.tokensUsed ?? 0) };
    });
    const { answer } = result;
    const stance = result.verdict?.stance;
    const data = {
      claim,
      covered: !answer.abstained,
      stance: stance ?? null,
      evidence: answer.segments,
      citations: answer.citations,
      mode: answer.mode,
    };
    if (answer.abstained) {
      return {
        tone: 'empty',
        title: 'Checked against our papers',
        body: `Our papers don't cover this claim: “${claim}”`,
        fields:
          answer.nearest.length > 0
            ? [
                {
                  name: 'Nearest papers (not about this)',
                  value: answer.nearest.map((p) => `• ${p.title} (${p.year})`).join('\n'),
                },
              ]
            : undefined,
        data,
      };
    }
    return {
      tone: 'result',
      title: stance ? STANCE_TITLES[stance] : 'What our papers say about this claim',
      body: `Claim: “${claim}”`,
      answer: answer.segments,
      citations: answer.citations,
      notes: [
        ...answer.notes,
        ...notes,
        stance
          ? 'The verdict is a language model’s reading of the cited abstracts; the quotes are what they say.'
          : 'These passages bear on the claim; read them to judge whether they support or contradict it.',
      ],
      actions: [{ kind: 'share' }],
      data,
    };
  },
});
