import type { Paper } from '../corpus/schema.js';
import { splitSentences } from '../corpus/sentences.js';
import { plainTermsOf } from './terms.js';

/**
 * The sentence of an abstract that best explains why a paper matched. Papers never change
 * while the process runs, so each abstract is split and stemmed once, not per query: that
 * was most of the cost of a search.
 */

export const SNIPPET_LENGTH = 220;

export interface Sentence {
  text: string;
  terms: Set<string>;
}

const sentencesByPaper = new WeakMap<Paper, Sentence[]>();

export function sentencesOf(paper: Paper): Sentence[] {
  let sentences = sentencesByPaper.get(paper);
  if (!sentences) {
    sentences = splitSentences(paper.abstractText).map((text) => ({
      text,
      terms: new Set(plainTermsOf(text)),
    }));
    sentencesByPaper.set(paper, sentences);
  }
  return sentences;
}

/** A snippet maker for one query: the query is stemmed once, not once per result. */
export function snippetsFor(query: string): (paper: Paper) => string {
  const wanted = [...new Set(plainTermsOf(query))];
  return (paper) => bestSentence(paper, wanted);
}

function bestSentence(paper: Paper, wanted: readonly string[]): string {
  const sentences = sentencesOf(paper);
  let best = sentences[0]?.text ?? '';
  let bestCount = 0;
  for (const sentence of sentences) {
    const count = wanted.filter((t) => sentence.terms.has(t)).length;
    if (count > bestCount) [best, bestCount] = [sentence.text, count];
  }
  return best.length <= SNIPPET_LENGTH ? best : `${best.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…`;
}
