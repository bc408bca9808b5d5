import MiniSearch from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import { editDistance } from '../did-you-mean.js';
import type { Correction } from './planner.js';
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

/** The query's words as one pattern, a group each, and how many words there are. */
export interface WrittenForms {
  pattern: RegExp;
  count: number;
  /** The last word's group, when a group after the others finds it as a beginning. */
  last?: number;
}

/**
 * The query's words as a pattern that finds them written, singular or plural, in any case.
 * The last word may be unfinished ("transforme"), so it is also looked for as the beginning of
 * a word; that form counts only where no result holds the word itself ("thor" is AI2-THOR's,
 * not "thorough"). One pattern with a group per word reads a text once, however long the
 * question.
 */
export function writtenForms(query: string): WrittenForms | undefined {
  const words = [
    ...new Set(
      tokenize(query)
        .filter((token) => /\p{L}/u.test(token) && !isStopWord(token))
        .map((token) => singular(foldedWord(token))),
    ),
  ];
  const last = words.at(-1);
  if (last === undefined) return undefined;
  // Letters and digits as one class: ASCII (fast: most queries, most folded text) or Unicode.
  const ascii = words.every((word) => /^[\x20-\x7e]*$/.test(word));
  const char = ascii ? '[a-z0-9]' : '[\\p{L}\\p{N}]';
  const groups = words.map((word) => `(${escaped(word)}(?:e?s)?(?!${char}))`);
  const unfinished = last.length >= MIN_PREFIX;
  if (unfinished) groups.push(`(${escaped(last)}${char}+)`);
  const pattern = new RegExp(`(?<!${char})(?:${groups.join('|')})`, ascii ? 'gi' : 'giu');
  return { pattern, count: words.length, ...(unfinished ? { last: words.length - 1 } : {}) };
}

/**
 * How many of the best results are read: each costs a reading of its text, and a form held
 * by few of them lifts a result by up to seven times, from well below the first page.
 */
const READ_RESULTS = 100;

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
  forms: WrittenForms | undefined,
  paperOf: (id: string) => Paper | undefined,
): Scored[] {
  if (!forms || results.length === 0) return results;
  const best = results.slice(0, READ_RESULTS);
  const read = best.map((result) => {
    const paper = paperOf(result.id);
    return paper ? formsIn(forms, textOf(paper)) : [];
  });
  const { last } = forms;
  const finished = last !== undefined && read.some((found) => found[last]);
  // The last word as a beginning stands for it only where no result holds it whole.
  const held = read.map((found) =>
    last === undefined || finished
      ? found.slice(0, forms.count)
      : found
          .slice(0, forms.count)
          .map((has, f) => (f === last ? found[forms.count] === true : has)),
  );
  const weight = Array.from({ length: forms.count }, (_, f) => {
    const holding = held.filter((found) => found[f]).length;
    return holding === 0 ? 0 : 1 + Math.log(best.length / holding);
  });
  const rescored = best.map((result, i) => {
    const bonus = weight.reduce((sum, w, f) => sum + (held[i]?.[f] ? w : 0), 0);
    return bonus === 0 ? result : { ...result, score: result.score * (1 + bonus / forms.count) };
  });
  rescored.sort((a, b) => b.score - a.score);
  return [...rescored, ...results.slice(READ_RESULTS)];
}

/**
 * The query with each misspelt word as the best results write the word meant: the word
 * beginning with the corrected term that is closest to what was typed, the commonest of
 * equally close ones ("transformr": transformer, not transform). Searched as typed, a
 * misspelt word is held by no result, so only the stem lifted any: "Butterfly Transform"
 * led every transformer paper.
 */
export function asMeant(
  query: string,
  corrections: readonly Correction[],
  best: readonly Scored[],
  paperOf: (id: string) => Paper | undefined,
): string {
  if (corrections.length === 0) return query;
  const texts = best.slice(0, READ_RESULTS).map((result) => {
    const paper = paperOf(result.id);
    return paper ? foldedText(textOf(paper)) : '';
  });
  let meant = query;
  for (const { typed, term } of corrections) {
    const written = closestWritten(foldedWord(typed), term, texts);
    if (written !== undefined)
      meant = meant.replace(
        new RegExp(`(?<![\\p{L}\\p{N}])${escaped(typed)}(?![\\p{L}\\p{N}])`, 'u'),
        written,
      );
  }
  return meant;
}

function closestWritten(typed: string, term: string, texts: readonly string[]): string | undefined {
  const seen = new Map<string, number>();
  const beginning = new RegExp(`(?<![\\p{L}\\p{N}])${escaped(term)}[\\p{L}\\p{N}]*`, 'giu');
  for (const text of texts)
    for (const [word] of text.matchAll(beginning)) {
      const lowered = word.toLowerCase();
      seen.set(lowered, (seen.get(lowered) ?? 0) + 1);
    }
  let best: { word: string; distance: number; count: number } | undefined;
  for (const [word, count] of seen) {
    const distance = editDistance(typed, word);
    if (!best || distance < best.distance || (distance === best.distance && count > best.count))
      best = { word, distance, count };
  }
  return best?.word;
}

function textOf(paper: Paper): string {
  return `${paper.shortName ?? ''} ${paper.title} ${paper.abstractText}`;
}

/** Which of the query's words the text holds as written, in one reading of it. */
function formsIn({ pattern, count, last }: WrittenForms, text: string): boolean[] {
  const groups = count + (last === undefined ? 0 : 1);
  const found = new Array<boolean>(groups).fill(false);
  let left = groups;
  for (const match of foldedText(text).matchAll(pattern)) {
    const f = match.findIndex((group, i) => i > 0 && group !== undefined) - 1;
    if (f >= 0 && !found[f]) {
      found[f] = true;
      left -= 1;
      if (left === 0) break;
    }
  }
  return found;
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

const NOT_ASCII = /[^\x20-\x7e]/;

/**
 * The text spelled as the query's words are (terms.ts): compatibility forms, no accents or
 * invisible characters, ß as ss, so "jegou" finds "Jégou". Native normalisation and one
 * replacement, as this reads the text of every result a query lifts.
 */
function foldedText(text: string): string {
  if (!NOT_ASCII.test(text)) return text;
  return text.normalize('NFKD').replace(FOLDED_AWAY, '').replace(/ß/g, 'ss');
}

const FOLDED_AWAY = /[\u0300-\u036f\p{Cf}]/gu;

function escaped(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
