import type { Paper } from '../corpus/schema.js';
import { splitSentences } from '../corpus/sentences.js';
import { figuresIn, hasFigure } from './figures.js';

/**
 * The parts of an abstract a reader skims for: what problem, what method, what result.
 * Picked by the phrases abstracts use to introduce each, so every part is a quote.
 */
export interface Digest {
  tldr: string;
  problem: string | undefined;
  method: string | undefined;
  result: string | undefined;
}

const METHOD =
  /\b(we (propose|introduce|present|develop|design|describe)|this (paper|work|study) (introduces|proposes|presents|studies)|in this (paper|work)|we (show|find|demonstrate) that)\b/i;
const PROBLEM =
  /\b(however|challeng|bottleneck|problem|limit|costly|expensive|difficult|suffer|drawback|require|despite|yet)\w*/i;
const RESULT =
  /\b(outperform|improv|achiev|reduc|faster|speed|accuracy|gain|state-of-the-art|boost|surpass)\w*/i;

function first(
  sentences: readonly string[],
  pattern: RegExp,
  skip: ReadonlySet<string>,
): string | undefined {
  return sentences.find((s) => pattern.test(s) && !skip.has(s));
}

function bestResult(sentences: readonly string[], skip: ReadonlySet<string>): string | undefined {
  const scored = sentences
    .filter((s) => !skip.has(s))
    .map((s) => ({
      s,
      score: (hasFigure(s) ? 2 + figuresIn(s).length * 0.1 : 0) + (RESULT.test(s) ? 1 : 0),
    }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored[0]?.s;
}

export function digest(paper: Paper): Digest {
  const sentences = splitSentences(paper.abstractText);
  const method = first(sentences, METHOD, new Set());
  const used = new Set(method === undefined ? [] : [method]);
  const problem =
    first(sentences.slice(0, Math.max(1, sentences.indexOf(method ?? '') + 1)), PROBLEM, used) ??
    first(sentences, PROBLEM, used);
  if (problem !== undefined) used.add(problem);
  const result = bestResult(sentences, used);
  return { tldr: method ?? sentences[0] ?? paper.title, problem, method, result };
}
