import MiniSearch from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import { COMPLETED_RESULTS } from './rescore.js';
import type { Scored } from './scorer.js';
import { foldedWord, isStopWord } from './terms.js';

/**
 * Stemming finds "pruned" for "pruning", and also "transform" for "transformer", "general"
 * for "generative", "computation" for "computer": a paper holding the word itself was ranked
 * among, or below, papers holding only another word of the same stem ("Butterfly Transform"
 * first for "transformer"). The best results are therefore scored up by the share of the
 * query's words they hold as written (singular or plural): a search engine's exact field
 * beside its stemmed one, read from the text of those results alone.
 */

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

/**
 * The query's words as patterns that find them written, singular or plural, in any case; the
 * last word, which may be unfinished ("transforme"), as the beginning of a word.
 */
export function writtenForms(query: string): RegExp[] {
  const words = tokenize(query).filter((token) => /\p{L}/u.test(token) && !isStopWord(token));
  const last = words.at(-1);
  const forms = new Map<string, string>();
  for (const token of words) {
    const word = singular(foldedWord(token));
    const ending =
      token === last && word.length >= MIN_PREFIX
        ? '[\\p{L}\\p{N}]*'
        : '(?:e?s)?(?![\\p{L}\\p{N}])';
    forms.set(word, `(?<![\\p{L}\\p{N}])${escaped(word)}${ending}`);
  }
  return [...forms.values()].map((pattern) => new RegExp(pattern, 'iu'));
}

/** As search looks the last word up as a prefix: from four letters. */
const MIN_PREFIX = 4;

/**
 * The best results, each scored up for the query's words it holds as written. A written form
 * few of them hold tells most ("generative" among papers that all hold "gener": generation,
 * general), so each weighs as much as the stem match again, more the rarer it is among them
 * (BM25's inverse document frequency, over these results): "Butterfly Transform" no longer
 * leads "transformer", and the one paper that says "generative" leads that word.
 */
export function withWrittenForms(
  results: Scored[],
  forms: readonly RegExp[],
  paperOf: (id: string) => Paper | undefined,
): Scored[] {
  if (forms.length === 0 || results.length === 0) return results;
  const best = results.slice(0, COMPLETED_RESULTS);
  const held = best.map((result) => {
    const paper = paperOf(result.id);
    if (!paper) return [];
    const text = foldedText(`${paper.shortName ?? ''} ${paper.title} ${paper.abstractText}`);
    return forms.map((form) => form.test(text));
  });
  const holding = forms.map((_, f) => held.filter((forms) => forms[f]).length);
  const weight = holding.map((n) => (n === 0 ? 0 : 1 + Math.log(best.length / n)));
  const rescored = best.map((result, i) => {
    const bonus = weight.reduce((sum, w, f) => sum + (held[i]?.[f] ? w : 0), 0);
    return bonus === 0 ? result : { ...result, score: result.score * (1 + bonus / forms.length) };
  });
  rescored.sort((a, b) => b.score - a.score);
  return [...rescored, ...results.slice(COMPLETED_RESULTS)];
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

const NOT_ASCII = /[^\x20-\x7e]/;

/** The text with its words folded as the query's are (accents, ß), so "jegou" finds "Jégou". */
function foldedText(text: string): string {
  return NOT_ASCII.test(text) ? text.replace(/[^\s\p{P}]+/gu, foldedWord) : text;
}

function escaped(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
