import { z } from '../src/zod.js';
import type { Summary } from '../src/answer/engine.js';
import type { Answer, AnswerRequest } from '../src/answer/types.js';
import type { CommandContext, OptionDeclaration } from '../src/command.js';
import { paperUrl } from '../src/corpus/links.js';
import type { Paper } from '../src/corpus/schema.js';
import { UserError } from '../src/errors.js';
import type { PaperItem, ReplyAction } from '../src/reply.js';
import type { SearchFilters } from '../src/search/engine.js';
import type { TeamRecords } from '../src/library/team.js';

const CODE_HOSTS = /github\.com|gitlab\.com|huggingface\.co|bitbucket\.org/;

export function codeLink(paper: Paper): string | undefined {
  return (
    paper.links.find((l) => CODE_HOSTS.test(l)) ?? (paper.hasCode ? paper.links[0] : undefined)
  );
}

function authorLine(paper: Paper, max = 3): string {
  const shown = paper.authors.slice(0, max);
  const more = paper.authors.length > max || paper.authorsTruncated;
  return `${shown.join(', ')}${more ? ' et al.' : ''}`;
}

function paperMeta(paper: Paper): string {
  return [
    authorLine(paper),
    String(paper.year),
    paper.category.code,
    paper.hasCode ? 'code' : undefined,
  ]
    .filter((p) => p !== undefined)
    .join(' · ');
}

export function paperItem(paper: Paper, snippet?: string): PaperItem {
  return {
    id: paper.id,
    title: paper.title,
    url: paperUrl(paper),
    meta: paperMeta(paper),
    snippet,
  };
}

export function paperActions(paper: Paper): ReplyAction[] {
  return [
    { kind: 'command', label: 'Summarize', command: 'summarize', args: { paper: paper.id } },
    { kind: 'command', label: 'Similar', command: 'similar', args: { paper: paper.id } },
    { kind: 'command', label: 'Cite (BibTeX)', command: 'cite', args: { paper: paper.id } },
  ];
}

/** "2023", "2019-2021", "2020-" (from), "-2018" (until). */
export function parseYearRange(
  text: string | undefined,
): Pick<SearchFilters, 'yearFrom' | 'yearTo'> {
  if (text === undefined || text.trim() === '') return {};
  const match = /^\s*(\d{4})?\s*(?:(-|–|\.\.|to)\s*(\d{4})?)?\s*$/.exec(text);
  const from = match?.[1] === undefined ? undefined : Number(match[1]);
  const to = match?.[3] === undefined ? undefined : Number(match[3]);
  if (!match || (from === undefined && to === undefined)) {
    throw new UserError(
      'bad-year',
      `"${text}" is not a year: use 2023, a range like 2019-2021, or 2020- for "since 2020".`,
    );
  }
  if (match[2] === undefined) return { yearFrom: from, yearTo: from };
  if (from !== undefined && to !== undefined && from > to) {
    throw new UserError(
      'bad-year',
      `The range ${from}-${to} runs backwards; did you mean ${to}-${from}?`,
    );
  }
  return { yearFrom: from, yearTo: to };
}

export const paperReference = z
  .string({ error: 'Name a paper: its id or part of its title.' })
  .trim()
  .min(1, 'Name a paper: its id or part of its title.')
  .max(300, 'That paper reference is too long.');

/** The option naming one paper, completed from the titles as it is typed. */
export const paperOption = {
  schema: paperReference,
  description: 'Title, short name or id of the paper',
  autocomplete: 'title',
} satisfies OptionDeclaration<typeof paperReference>;

/** The filters /search and /ask share: the same limits, described in each command's words. */
export function filterOptions(descriptions: { author: string; year: string; category: string }) {
  return {
    author: {
      schema: z.string().max(100).optional(),
      description: descriptions.author,
      autocomplete: 'author',
    },
    year: { schema: z.string().max(20).optional(), description: descriptions.year },
    category: {
      schema: z.string().max(60).optional(),
      description: descriptions.category,
      autocomplete: 'category',
    },
  } satisfies Record<string, OptionDeclaration>;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const BUDGET_SPENT_NOTE =
  'The daily language-model budget (this server’s, or yours in a DM) is spent, so this is quoted from the abstracts by the built-in answerer. It resets at 00:00 UTC.';

/**
 * The one way to a model call, for every command and button: where there is a guard (Discord)
 * and a model, the caller's cooldown first, then the model only while the payer's daily budget
 * lasts (the server's; in a DM, the user's own), the tokens counted after. `call` is told
 * whether it may use the model; answers it already has cost nothing.
 */
export async function underGuard<T extends { tokensUsed: number }>(
  ctx: CommandContext,
  call: (llmAllowed: boolean) => Promise<T>,
): Promise<{ result: T; llmAllowed: boolean; notes: string[] }> {
  const guard = ctx.answers.mode === 'llm' ? ctx.guard : undefined;
  if (!guard || !ctx.user) return { result: await call(true), llmAllowed: true, notes: [] };
  const cooldown = await guard.takeCooldown(ctx.user.id);
  if (!cooldown.ok) {
    throw new UserError(
      'rate-limited',
      `You are asking quickly: please wait ${cooldown.retryAfterSeconds} s before the next question.`,
    );
  }
  const payer = { userId: ctx.user.id, guildId: ctx.guildId };
  const llmAllowed = await guard.hasBudget(payer);
  const result = await call(llmAllowed);
  await guard.spend(payer, result.tokensUsed);
  return { result, llmAllowed, notes: llmAllowed ? [] : [BUDGET_SPENT_NOTE] };
}

/**
 * A question under the guard, recorded in the team's library (where there is one) so
 * abstentions show in /gaps and usage in /stats; `questionId` is what 👍/👎 refer to.
 */
export async function guardedAsk(
  ctx: CommandContext,
  request: Omit<AnswerRequest, 'allowLlm'>,
): Promise<{ answer: Answer; llmAllowed: boolean; notes: string[]; questionId?: number }> {
  const { result, llmAllowed, notes } = await underGuard(ctx, (allowLlm) =>
    ctx.answers.ask({ ...request, allowLlm }),
  );
  const questionId = await ctx.library?.team.recordQuestion({
    userId: ctx.user?.id ?? 'local',
    guildId: ctx.guildId,
    question: result.question,
    kind: result.kind,
    mode: result.mode,
    abstained: result.abstained,
    aside: result.aside !== undefined,
    citedIds: result.citations.map((c) => c.id),
  });
  return { answer: result, llmAllowed, notes, ...(questionId === undefined ? {} : { questionId }) };
}

/** The team's records (questions, feedback, reading list), which live in the library's database. */
export function teamRecords(ctx: CommandContext): TeamRecords {
  if (ctx.library === undefined)
    throw new UserError(
      'read-only-corpus',
      'Papers here come from a read-only file (--corpus / PAPERBOT_CORPUS), which keeps no team records; unset it to use the library.',
    );
  return ctx.library.team;
}

/** 👍/👎 under an answer the team's records hold. */
export function feedbackActions(questionId: number): ReplyAction[] {
  return [
    { kind: 'command', label: '👍', command: 'feedback', args: { q: questionId, v: 'up' } },
    { kind: 'command', label: '👎', command: 'feedback', args: { q: questionId, v: 'down' } },
  ];
}

/** Digests of one or more papers under the guard: one cooldown, one budget check, for all. */
export async function guardedSummaries(
  ctx: CommandContext,
  papers: readonly Paper[],
): Promise<{ summaries: Summary[]; notes: string[] }> {
  const { result, notes } = await underGuard(ctx, async (allowLlm) => {
    const summaries = await Promise.all(
      papers.map((paper) => ctx.answers.summarize(paper, { signal: ctx.signal, allowLlm })),
    );
    return { summaries, tokensUsed: summaries.reduce((sum, s) => sum + s.tokensUsed, 0) };
  });
  return { summaries: result.summaries, notes };
}
