import { z } from '../src/zod.js';
import type { Answer, AnswerRequest } from '../src/answer/types.js';

/**
 * The scoring rules of the kind-by-kind development set (dev-set-v2 and the unseen set
 * judged the same way), kept apart from the script so the test suite holds the product
 * to the same rules the evaluation prints.
 */

const CaseSchema = z.object({
  q: z.string().min(1),
  type: z.string().min(1),
  /** A second turn of the same conversation: the answer to it is the one scored. */
  then: z.string().min(1).optional(),
  paper: z.string().optional(),
  papers: z.array(z.string()).optional(),
  accept: z.array(z.string()).optional(),
  accept_all: z.array(z.string()).optional(),
  min_recall: z.number().min(0).max(1).optional(),
});

export const KindDevSetSchema = z.object({
  qa: z.array(CaseSchema),
  negatives: z.array(z.object({ q: z.string().min(1), type: z.string().min(1) })),
});

type KindCase = z.infer<typeof CaseSchema>;
export type KindDevSet = z.infer<typeof KindDevSetSchema>;

export const MAX_ANSWER_CHARS = 600;
export const MAX_LIST_PAPERS = 12;

export type Ask = (request: AnswerRequest) => Promise<Answer>;

/** Asks a case the way a user would: a follow-up is the second turn of a conversation. */
async function askCase(ask: Ask, question: string, then?: string): Promise<Answer> {
  const first = await ask({ question });
  if (then === undefined) return first;
  return ask({ question: then, history: [{ question, answer: first.answer }] });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Strings of three characters or fewer count only as whole words ("5" is not in "2500"). */
function containsAccepted(answer: string, accepted: string): boolean {
  const text = answer.toLowerCase();
  const wanted = accepted.toLowerCase();
  if (wanted.length > 3) return text.includes(wanted);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wanted)}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

function isListCase(c: KindCase): boolean {
  return c.papers !== undefined && c.min_recall !== undefined;
}

/** Why an answer to a case is wrong, or undefined when it is right. */
export function judge(c: KindCase, answer: Answer): string | undefined {
  if (answer.abstained) return 'abstained';
  const cited = new Set(answer.citations.map((x) => x.title));
  if (isListCase(c)) {
    const expected = c.papers ?? [];
    const found = expected.filter((t) => cited.has(t)).length;
    const recall = expected.length === 0 ? 1 : found / expected.length;
    const precision = cited.size === 0 ? 0 : found / cited.size;
    if (recall < (c.min_recall ?? 1)) return `recall ${recall.toFixed(2)}`;
    if (precision < 0.5) return `precision ${precision.toFixed(2)}`;
    return undefined;
  }
  if (c.accept_all && !c.accept_all.every((a) => containsAccepted(answer.answer, a)))
    return 'missing an accept_all string';
  if (c.accept && !c.accept.some((a) => containsAccepted(answer.answer, a)))
    return 'no accepted string';
  const mustCite = [...(c.paper === undefined ? [] : [c.paper]), ...(c.papers ?? [])];
  const uncited = mustCite.filter((t) => !cited.has(t));
  if (uncited.length > 0) return `does not cite ${uncited.join(' | ')}`;
  return undefined;
}

export function danglingCitations(answer: Answer): number {
  const cited = new Set(answer.citations.map((c) => c.n));
  return [...answer.answer.matchAll(/\[(\d+)\]/g)].filter((m) => !cited.has(Number(m[1]))).length;
}

/** Lists may be longer than prose, but each paper stays on one line and there are at most 12. */
function lengthProblem(answer: Answer): string | undefined {
  if (answer.kind === 'author-papers' || answer.kind === 'topic-list') {
    const lines = answer.answer.split('\n').filter((l) => l.trim() !== '');
    if (answer.citations.length > MAX_LIST_PAPERS) return `${answer.citations.length} papers`;
    if (lines.length > MAX_LIST_PAPERS + 1) return `${lines.length} lines`;
    return undefined;
  }
  return answer.answer.length > MAX_ANSWER_CHARS ? `${answer.answer.length} chars` : undefined;
}

interface KindRow {
  type: string;
  q: string;
  right: boolean;
  why: string | undefined;
  answer: Answer;
}

interface KindReport {
  rows: KindRow[];
  negatives: KindRow[];
  dangling: number;
  overLength: { q: string; problem: string }[];
}

/** An error is a wrong answer, shown as such, rather than the end of the evaluation. */
function failed(question: string, error: unknown): Answer {
  const message = `error: ${error instanceof Error ? error.message : String(error)}`;
  return {
    question,
    kind: 'general',
    answer: message,
    segments: [],
    citations: [],
    abstained: false,
    mode: 'extractive',
    fallback: false,
    cached: false,
    nearest: [],
    notes: [],
    tokensUsed: 0,
  };
}

export async function evaluateKinds(devSet: KindDevSet, rawAsk: Ask): Promise<KindReport> {
  const ask: Ask = (request) =>
    rawAsk(request).catch((error: unknown) => failed(request.question, error));
  const rows: KindRow[] = [];
  for (const c of devSet.qa) {
    const answer = await askCase(ask, c.q, c.then);
    const why = judge(c, answer);
    rows.push({ type: c.type, q: c.then ? `${c.q} → ${c.then}` : c.q, right: !why, why, answer });
  }
  const negatives: KindRow[] = [];
  for (const n of devSet.negatives) {
    const answer = await ask({ question: n.q });
    negatives.push({
      type: n.type,
      q: n.q,
      right: answer.abstained,
      why: answer.abstained ? undefined : 'answered',
      answer,
    });
  }
  const all = [...rows, ...negatives];
  return {
    rows,
    negatives,
    dangling: all.reduce((n, r) => n + danglingCitations(r.answer), 0),
    overLength: all.flatMap((r) => {
      const problem = lengthProblem(r.answer);
      return problem ? [{ q: r.q, problem }] : [];
    }),
  };
}

export function byKind(rows: readonly KindRow[]): Map<string, { right: number; total: number }> {
  const kinds = new Map<string, { right: number; total: number }>();
  for (const row of rows) {
    const k = kinds.get(row.type) ?? { right: 0, total: 0 };
    k.total += 1;
    if (row.right) k.right += 1;
    kinds.set(row.type, k);
  }
  return kinds;
}
