import { z } from '../src/zod.js';
import type { Answer } from '../src/answer/types.js';
import { MAX_QUESTION_LENGTH } from '../src/answer/engine.js';
import { defineCommand, type CommandContext } from '../src/command.js';
import type { Reply } from '../src/reply.js';
import type { SearchFilters } from '../src/search/engine.js';
import { feedbackActions, filterOptions, guardedAsk, parseYearRange } from './shared.js';

/** The reply for an answer, wherever /ask runs: a command, a thread follow-up, the chat. */
function answerReply(answer: Answer): Reply {
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
    ...filterOptions({
      author: 'Only use papers by this author',
      year: 'Only use papers from a year (2023) or range (2019-2021)',
      category: 'Only use papers in this arXiv category',
    }),
  },
  async execute(input, ctx) {
    const filters = {
      author: input.author,
      category: input.category,
      ...parseYearRange(input.year),
    };
    const noneMatch = filtersMatchingNothing(input, filters, ctx);
    if (noneMatch) return noneMatch;
    const { answer, notes, questionId } = await guardedAsk(ctx, {
      history: ctx.conversation ? [...ctx.conversation] : undefined,
      question: input.question,
      filters,
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
    if (questionId !== undefined)
      reply.actions = [...(reply.actions ?? []), ...feedbackActions(questionId)];
    return reply;
  },
});

/**
 * Filters no paper passes ("--year 2030") leave nothing to answer from: say so, naming them,
 * rather than "none of the papers cover that", which blames the question.
 */
function filtersMatchingNothing(
  input: {
    question: string;
    author?: string | undefined;
    year?: string | undefined;
    category?: string | undefined;
  },
  filters: SearchFilters,
  ctx: CommandContext,
): Reply | undefined {
  const named = [
    input.year === undefined ? '' : `from ${input.year}`,
    input.author === undefined ? '' : `by ${input.author}`,
    input.category === undefined ? '' : `in ${input.category}`,
  ].filter((p) => p !== '');
  if (named.length === 0 || ctx.search.find({ query: '', limit: 1, filters }).total > 0)
    return undefined;
  const answer = `There are no papers ${named.join(' ')} here, so nothing to answer from. Try a wider range or fewer filters.`;
  return {
    tone: 'empty',
    title: input.question,
    body: answer,
    data: {
      question: input.question,
      kind: 'general',
      answer,
      citations: [],
      abstained: true,
      mode: ctx.answers.mode,
      cached: false,
    },
  };
}
