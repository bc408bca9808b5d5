import { charCount, truncate } from '../truncate.js';
import { sentencesOf, type Sentence } from '../search/snippet.js';
import { hasFigure } from './figures.js';
import type { Retrieval } from './retrieve.js';
import type { AnswerSegment, Source } from './types.js';

/**
 * The built-in answerer: no model, only sentences copied from the retrieved abstracts,
 * chosen for the question's words (rare ones weigh more) and its type: "how much" wants
 * the sentence with the figure, "which papers" wants one line per paper.
 */

export const MAX_SENTENCES = 3;
export const MAX_ANSWER_CHARS = 600;

type QuestionType = 'figure' | 'list' | 'general';

export function questionType(question: string): QuestionType {
  const q = question.toLowerCase();
  if (
    /^\s*(which|what|any|list|find|show)\b.{0,20}\b(papers?|works?|studies|articles|publications)\b/.test(
      q,
    ) ||
    /^\s*(papers|list)\b/.test(q)
  ) {
    return 'list';
  }
  if (
    /\bhow (much|many|fast|large|small|big|long|well|accurate)\b|\bby how\b|\bwhat (is|are|was) the (accuracy|speed|size|number|gain)|\b(accuracy|speed-?ups?|percentage|improvements?|gains?|reduction|perplexity|faster|smaller|flops|parameters)\b/.test(
      q,
    )
  ) {
    return 'figure';
  }
  return 'general';
}

interface Candidate {
  source: Source;
  sentence: string;
  score: number;
  order: number;
}

interface PickOptions {
  /** Sentences the question favours: "which datasets…" is answered by one that names them. */
  prefer?: ((sentence: string) => boolean) | undefined;
}

const PREFERRED_BONUS = 3;

function sentenceScore(
  sentence: Sentence,
  retrieval: Retrieval,
  type: QuestionType,
  options: PickOptions,
): number {
  let score = 0;
  for (const term of retrieval.terms)
    if (sentence.terms.has(term)) score += retrieval.weights.get(term) ?? 0;
  if (type === 'figure' && hasFigure(sentence.text)) score = score * 1.5 + 2;
  if (options.prefer?.(sentence.text)) score += PREFERRED_BONUS;
  return score;
}

function candidatesOf(
  retrieval: Retrieval,
  type: QuestionType,
  options: PickOptions = {},
): Candidate[] {
  return retrieval.sources.flatMap((source) =>
    sentencesOf(source.paper).map((sentence, order) => ({
      source,
      sentence: sentence.text,
      // The best-covered source leads; within it, the sentence that answers.
      score: sentenceScore(sentence, retrieval, type, options) * (0.5 + source.coverage),
      order,
    })),
  );
}

function fits(chosen: readonly Candidate[], next: Candidate): boolean {
  const length = [...chosen, next].reduce(
    (sum, c) => sum + charCount(c.sentence) + ` [${c.source.n}]`.length + 1,
    0,
  );
  return length <= MAX_ANSWER_CHARS;
}

function toSegments(chosen: readonly Candidate[]): AnswerSegment[] {
  return chosen.map((c) => ({ text: c.sentence, kind: 'quote', citations: [c.source.n] }));
}

function pickForList(retrieval: Retrieval): AnswerSegment[] {
  const perSource =
    Math.floor(MAX_ANSWER_CHARS / Math.min(MAX_SENTENCES, retrieval.sources.length)) - 8;
  return retrieval.sources.slice(0, MAX_SENTENCES).map((source) => {
    const [best] = candidatesOf({ ...retrieval, sources: [source] }, 'general').sort(
      (a, b) => b.score - a.score,
    );
    const title = source.paper.shortName ?? source.paper.title;
    return {
      text: truncate(`${title}: ${best?.sentence ?? ''}`, perSource),
      kind: 'quote',
      citations: [source.n],
    };
  });
}

export function extractiveAnswer(
  question: string,
  retrieval: Retrieval,
  options: PickOptions = {},
): AnswerSegment[] {
  const type = questionType(question);
  if (type === 'list' && retrieval.sources.length > 1) return pickForList(retrieval);
  const ranked = candidatesOf(retrieval, type, options).sort((a, b) => b.score - a.score);
  const [top] = ranked;
  if (!top) return [];
  // "How much" is answered by a figure: the best sentence carrying one leads, unless it is far off topic.
  const withFigure = type === 'figure' ? ranked.find((c) => hasFigure(c.sentence)) : undefined;
  const best = withFigure && withFigure.score >= top.score * 0.3 ? withFigure : top;
  ranked.splice(ranked.indexOf(best), 1);
  ranked.unshift(best);
  const chosen: Candidate[] = [best];
  const floor = best.score * (type === 'figure' ? 0.75 : 0.6);
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= MAX_SENTENCES || candidate.score < floor) break;
    // A figure answer is backed by more figures, not by the abstract's preamble.
    if (type === 'figure' && !hasFigure(candidate.sentence)) continue;
    if (fits(chosen, candidate)) chosen.push(candidate);
  }
  if (!fits([], best)) best.sentence = truncate(best.sentence, MAX_ANSWER_CHARS - 8);
  // The figure leads a figure answer; otherwise read in each abstract's own order.
  const [lead, ...rest] = chosen;
  const ordered = [...rest].sort((a, b) => a.source.n - b.source.n || a.order - b.order);
  return toSegments(
    type === 'figure' && lead
      ? [lead, ...ordered]
      : [...chosen].sort((a, b) => a.source.n - b.source.n || a.order - b.order),
  );
}
