import type { Paper } from '../src/corpus/schema.js';
import { isStopWord } from '../src/search/terms.js';
import { Rng } from './random.js';

export const QUERY_KINDS = [
  'rare',
  'common',
  'question',
  'long question',
  'typo',
  'prefix',
  'title start',
  'author',
  'papers by',
  'acronym',
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface BenchQuery {
  kind: QueryKind;
  text: string;
}

/** Common-word and question queries are the expensive ones, so they get a large share. */
const MIX: Record<QueryKind, number> = {
  rare: 0.1,
  common: 0.12,
  question: 0.1,
  'long question': 0.12,
  typo: 0.1,
  prefix: 0.06,
  'title start': 0.1,
  author: 0.08,
  'papers by': 0.12,
  acronym: 0.1,
};

/** Twenty-odd words, some with a "by" that names no author ("improve X by pruning Y"). */
const LONG_QUESTIONS = [
  'how does {} {} improve the {} of {} {} by {} {} when the {} is {} and the {} are {}?',
  'what is the most {} way to {} {} {} by {} the {} {} so that {} {} stays {} on {}?',
  'i am looking for work that shows how {} {} can speed up {} {} by {} {} without losing {} {}',
  'which papers compare {} {} with {} {} for {} and report {} {} on {} {} under {} {}?',
];

const ACRONYM_QUERIES = [
  'KV cache',
  'ViT',
  'LLMs',
  'LLM inference',
  'CNN',
  'RAG',
  'VQA',
  'ViT for mobile devices',
  'KV cache compression for LLMs',
  'efficient LLMs',
  'NLP',
  'MHA',
  'CNN vs ViT',
  'LLM',
  'VFM distillation',
];

const QUESTIONS = [
  'how do {} {} improve {} {}?',
  'what is the best way to {} {} {} for {} {}?',
  'which methods make {} {} more {} on {}?',
  'can {} {} be used for {} {} with {} {}?',
  'papers about {} {} and {} {} in {}',
  'is there any work on {} {} for {} {} that is {}?',
];

interface Vocabulary {
  common: string[];
  medium: string[];
  rare: string[];
}

/** Words of the real abstracts by frequency: the query words users type come from the same language. */
function vocabularyOf(realPapers: readonly Paper[]): Vocabulary {
  const counts = new Map<string, number>();
  for (const paper of realPapers) {
    for (const word of `${paper.title} ${paper.abstractText}`
      .toLowerCase()
      .match(/[a-z][a-z-]*[a-z]/g) ?? []) {
      if (!isStopWord(word) && word.length >= 4) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    common: byCount.slice(0, 120).map(([w]) => w),
    medium: byCount.filter(([w, c]) => c >= 3 && c <= 15 && w.length >= 6).map(([w]) => w),
    rare: byCount.filter(([w, c]) => c === 1 && w.length >= 5).map(([w]) => w),
  };
}

function typo(rng: Rng, word: string): string {
  const i = rng.between(1, word.length - 2);
  const letter = String.fromCharCode(97 + rng.int(26));
  switch (rng.int(4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + letter + word.slice(i);
    case 2:
      return word.slice(0, i) + letter + word.slice(i + 1);
    default:
      return word.slice(0, i - 1) + word.charAt(i) + word.charAt(i - 1) + word.slice(i + 1);
  }
}

function words(rng: Rng, from: readonly string[], count: number): string[] {
  return Array.from({ length: count }, () => rng.pick(from));
}

function queryOf(
  kind: QueryKind,
  rng: Rng,
  vocabulary: Vocabulary,
  papers: readonly Paper[],
): string {
  const { common, medium, rare } = vocabulary;
  switch (kind) {
    case 'rare':
      return Array.from({ length: rng.between(1, 2) }, () => {
        const named = rng.pick(papers).shortName;
        return named !== undefined && rng.chance(0.5) ? named : rng.pick(rare);
      }).join(' ');
    case 'common':
      return words(rng, common, rng.between(3, 6)).join(' ');
    case 'question':
      return rng.pick(QUESTIONS).replace(/\{\}/g, () => rng.pick(common));
    case 'long question':
      return rng
        .pick(LONG_QUESTIONS)
        .replace(/\{\}/g, () => rng.pick(rng.chance(0.7) ? common : medium));
    case 'typo': {
      const misspelt = typo(rng, rng.pick(medium));
      return rng.chance(0.5)
        ? misspelt
        : [misspelt, ...words(rng, medium, rng.between(1, 2))].join(' ');
    }
    case 'prefix': {
      const word = rng.pick(rng.chance(0.5) ? common : medium);
      return word.slice(0, rng.between(3, Math.min(7, word.length - 1)));
    }
    case 'title start': {
      const words = rng.pick(papers).title.split(/\s+/);
      return words.slice(0, rng.between(2, Math.min(5, words.length))).join(' ');
    }
    case 'author': {
      const name = rng.pick(rng.pick(papers).authors);
      return rng.chance(0.6) ? name : (name.split(' ').at(-1) ?? name);
    }
    case 'papers by': {
      const name = rng.pick(rng.pick(papers).authors);
      const who = rng.chance(0.6) ? name : (name.split(' ').at(-1) ?? name);
      return `papers by ${who} on ${words(rng, common, rng.between(1, 3)).join(' ')}`;
    }
    case 'acronym':
      return rng.pick(ACRONYM_QUERIES);
  }
}

function kindFor(rng: Rng): QueryKind {
  let r = rng.next();
  for (const kind of QUERY_KINDS) {
    r -= MIX[kind];
    if (r < 0) return kind;
  }
  return 'common';
}

/** The same mix for every corpus size; rare words and names come from the corpus being searched. */
export function queryMix(
  realPapers: readonly Paper[],
  papers: readonly Paper[],
  seed: number,
  count = 200,
): BenchQuery[] {
  const rng = new Rng(seed);
  const vocabulary = vocabularyOf(realPapers);
  return Array.from({ length: count }, () => {
    const kind = kindFor(rng);
    return { kind, text: queryOf(kind, rng, vocabulary, papers) };
  });
}

/** What a user types into the title box: the first 1–12 characters of a title. */
export function titlePrefixes(papers: readonly Paper[], seed: number, count = 200): string[] {
  const rng = new Rng(seed);
  const prefixes: string[] = [];
  while (prefixes.length < count) {
    const prefix = rng.pick(papers).title.slice(0, rng.between(1, 12)).trim();
    if (prefix !== '') prefixes.push(prefix);
  }
  return prefixes;
}
