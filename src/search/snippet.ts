import { truncate } from '../truncate.js';
import { LRUCache } from 'lru-cache';
import type { Paper } from '../corpus/schema.js';
import { splitSentences } from '../corpus/sentences.js';
import { plainTermsOf } from './terms.js';

/**
 * The sentence of an abstract that best explains why a paper matched. Papers never change
 * while the process runs, so an abstract is split and stemmed once while it keeps being
 * asked for, not per query: that was most of the cost of a search. Only recently shown
 * papers keep theirs: on a large corpus, every abstract's sentences would outweigh the index.
 */

const SNIPPET_LENGTH = 220;

export interface Sentence {
  text: string;
  terms: Set<string>;
}

const SENTENCE_CACHE_PAPERS = 2_000;
const sentencesByPaper = new LRUCache<Paper, Sentence[]>({ max: SENTENCE_CACHE_PAPERS });

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
  return truncate(best, SNIPPET_LENGTH);
}
