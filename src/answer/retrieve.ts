import type { Paper } from '../corpus/schema.js';
import type { PaperSearch, SearchFilters } from '../search/engine.js';
import { plainTermsOf } from '../search/terms.js';
import type { Source } from './types.js';

/**
 * Retrieval for answers, and the decision to abstain. MiniSearch always returns
 * something; "the corpus covers this" needs its own test: how much of the question's
 * weight (rare words weigh more) appears in a paper. A question about weather forecasting
 * shares only "transformer" with this corpus and must not be answered from it.
 */

const MAX_SOURCES = 5;
/** Below this share of the question's weight, no paper is treated as covering it. */
const COVERAGE_THRESHOLD = 0.5;
/** Sources much weaker than the best one add noise to an answer, not support. */
const RELATIVE_SCORE_FLOOR = 0.25;

export interface Retrieval {
  sources: Source[];
  abstain: boolean;
  nearest: Paper[];
  terms: string[];
  weights: Map<string, number>;
}

/** Stems of title and abstract; cached per corpus since papers never change in a run. */
const termSets = new WeakMap<Paper, Set<string>>();

function termSetOf(paper: Paper): Set<string> {
  let set = termSets.get(paper);
  if (!set) {
    set = new Set(plainTermsOf(`${paper.title} ${paper.shortName ?? ''} ${paper.abstractText}`));
    termSets.set(paper, set);
  }
  return set;
}

const documentFrequencies = new WeakMap<readonly Paper[], Map<string, number>>();

function documentFrequency(papers: readonly Paper[]): Map<string, number> {
  let df = documentFrequencies.get(papers);
  if (!df) {
    df = new Map();
    for (const paper of papers)
      for (const term of termSetOf(paper)) df.set(term, (df.get(term) ?? 0) + 1);
    documentFrequencies.set(papers, df);
  }
  return df;
}

export function termWeights(
  terms: readonly string[],
  papers: readonly Paper[],
): Map<string, number> {
  const df = documentFrequency(papers);
  return new Map(terms.map((t) => [t, Math.log(1 + papers.length / ((df.get(t) ?? 0) + 1))]));
}

function containsTerm(set: Set<string>, term: string): boolean {
  if (set.has(term)) return true;
  if (term.length < 4) return false;
  for (const candidate of set) {
    if (candidate.startsWith(term) || (candidate.length >= 5 && term.startsWith(candidate)))
      return true;
  }
  return false;
}

export function coverage(
  paper: Paper,
  terms: readonly string[],
  weights: Map<string, number>,
): number {
  const set = termSetOf(paper);
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const weight = weights.get(term) ?? 0;
    total += weight;
    if (containsTerm(set, term)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

/** Papers the question names outright ("How much does SPIN compress…"): they are the sources. */
function namedPapers(question: string, papers: readonly Paper[]): Paper[] {
  const lower = ` ${question.toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, ' ')} `;
  return papers.filter((p) => {
    const names = [p.shortName, p.title].filter(
      (n): n is string => n !== undefined && n.length >= 3,
    );
    return names.some((name) =>
      lower.includes(
        ` ${name
          .toLowerCase()
          .replace(/[^\p{L}\p{N}-]+/gu, ' ')
          .trim()} `,
      ),
    );
  });
}

export function retrieve(
  search: PaperSearch,
  question: string,
  filters: SearchFilters = {},
): Retrieval {
  const terms = [...new Set(plainTermsOf(question))];
  const weights = termWeights(terms, search.papers);
  const hits = search.search({ query: question, limit: MAX_SOURCES * 2, filters });
  const matches = search.filterFor(filters);
  const named = namedPapers(question, search.papers).filter(matches);
  const best = hits[0]?.score ?? 0;
  const ranked = [
    ...named,
    ...hits.filter((h) => h.score >= best * RELATIVE_SCORE_FLOOR).map((h) => h.paper),
  ];
  const unique = [...new Map(ranked.map((p) => [p.id, p])).values()];
  const scored = unique.map((paper) => ({ paper, coverage: coverage(paper, terms, weights) }));
  const covering = scored.filter(
    (s) => named.includes(s.paper) || s.coverage >= COVERAGE_THRESHOLD,
  );
  const sources = covering
    .slice(0, MAX_SOURCES)
    .map((s, i) => ({ n: i + 1, paper: s.paper, coverage: s.coverage }));
  return {
    sources,
    abstain: sources.length === 0,
    nearest: hits.slice(0, 3).map((h) => h.paper),
    terms,
    weights,
  };
}
