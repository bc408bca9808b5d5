import { z } from 'zod';
import type { Answer } from '../src/answer/types.js';
import { MAX_QUESTION_LENGTH } from '../src/answer/engine.js';
import { defineCommand } from '../src/command.js';
import type { Reply } from '../src/reply.js';
import { guardedAsk, parseYearRange } from './shared.js';

/** The reply for an answer, shared by /ask, thread follow-ups and the terminal chat. */
export function answerReply(answer: Answer): Reply {
  const data = {
    question: answer.question,
    kind: answer.kind,
    answer: answer.answer,
    citations: answer.citations,
    abstained: answer.abstained,
    mode: answer.mode,
    cached: answer.cached,
    ...(answer.abstained ? { nearest: answer.nearest } : {}),
    ...(answer.notes.length > 0 ? { notes: answer.notes } : {}),
  };
  if (answer.abstained) {
    // A precise decline cites where the subject does appear; a bare one has nothing to cite.
    const declined = answer.citations.length > 0;
    return {
      tone: 'empty',
      title: answer.question,
      ...(declined
        ? { answer: answer.segments, citations: answer.citations }
        : { body: answer.answer }),
      fields:
        answer.nearest.length > 0
          ? [
              {
                name: 'Nearest papers (they do not answer it)',
                value: answer.nearest.map((p) => `• ${p.title} (${p.year})`).join('\n'),
              },
            ]
          : undefined,
      notes: answer.notes,
      data,
    };
  }
  return {
    tone: 'result',
    title: answer.question,
    answer: answer.segments,
    citations: answer.citations,
    notes: answer.notes,
    footer:
      answer.mode === 'llm'
        ? 'Written by a language model from the cited abstracts'
        : 'Quoted from the cited abstracts',
    actions: [{ kind: 'share' }, { kind: 'thread' }],
    data,
  };
}

export default defineCommand({
  name: 'ask',
  description: 'Ask a question; the answer quotes and cites our papers',
  slow: true,
  example: '/ask question:How much faster is CatLIP to pre-train?',
  options: {
    question: {
      schema: z.string({ error: 'Ask a question, for example: How much faster is CatLIP?' }),
      description: 'What do you want to know?',
      maxLength: MAX_QUESTION_LENGTH,
    },
    author: {
      schema: z.string().max(100).optional(),
      description: 'Only use papers by this author',
      autocomplete: 'author',
    },
    year: {
      schema: z.string().max(20).optional(),
      description: 'Only use papers from a year (2023) or range (2019-2021)',
    },
    category: {
      schema: z.string().max(60).optional(),
      description: 'Only use papers in this arXiv category',
      autocomplete: 'category',
    },
  },
  async execute(input, ctx) {
    const { answer, notes } = await guardedAsk(ctx, {
      history: ctx.conversation ? [...ctx.conversation] : undefined,
      question: input.question,
      filters: { author: input.author, category: input.category, ...parseYearRange(input.year) },
      signal: ctx.signal,
      onToken: ctx.onProgress
        ? (text) =>
            ctx.onProgress?.({
              tone: 'info',
              title: input.question,
              body: text,
              footer: 'Writing…',
              data: null,
            })
        : undefined,
    });
    ctx.conversation?.push({ question: answer.question, answer: answer.answer });
    const reply = answerReply(answer);
    reply.notes = [...(reply.notes ?? []), ...notes];
    return reply;
  },
});
