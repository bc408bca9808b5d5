import type { Paper } from '../corpus/schema.js';
import { plainTermsOf } from './terms.js';

/**
 * Acronyms a corpus defines for itself: "DKM: Differentiable K-Means Clustering Layer…"
 * names DKM after the title words whose initials spell it. A query that spells the words
 * out ("differentiable k-means") also looks for the acronym, so papers that only write
 * "DKM" (eDKM builds on it) are found too. Derived from the corpus, so a team's own
 * papers teach it their own names.
 */

export interface CorpusAcronym {
  acronym: string;
  terms: string[];
}

const ACRONYM = /^[A-Z]{2,6}$/;
/** Words acronyms skip: "Sharing Parameters of Isotropic Networks" is SPIN. */
const SKIPPED = new Set(['of', 'for', 'in', 'on', 'and', 'the', 'a', 'an', 'with', 'to', 'via']);

function initialsRun(words: readonly string[], acronym: string): string[] | undefined {
  for (let start = 0; start < words.length; start += 1) {
    let letters = '';
    for (let end = start; end < words.length && letters.length < acronym.length; end += 1) {
      letters += (words[end] ?? '').charAt(0).toUpperCase();
      if (letters === acronym) return words.slice(start, end + 1);
      if (!acronym.startsWith(letters)) break;
    }
  }
  return undefined;
}

export function corpusAcronyms(papers: readonly Paper[]): CorpusAcronym[] {
  return papers.flatMap((paper) => acronymOf(paper) ?? []);
}

/** The acronym a paper defines for itself in its title, if any. */
export function acronymOf(paper: Paper): CorpusAcronym | undefined {
  const acronym = paper.shortName;
  if (acronym === undefined || !ACRONYM.test(acronym)) return undefined;
  const rest = paper.title.slice(paper.title.indexOf(':') + 1);
  const run = initialsRun(
    rest.split(/[\s-]+/).filter((w) => w !== '' && !SKIPPED.has(w.toLowerCase())),
    acronym,
  );
  const terms = run ? [...new Set(plainTermsOf(run.join(' ')))] : [];
  return terms.length >= 2 ? { acronym: acronym.toLowerCase(), terms } : undefined;
}

/** Each acronym whose words the query spells out, and that it does not name already. */
export function acronymsSpelledOut(query: string, acronyms: readonly CorpusAcronym[]): string[] {
  const present = new Set(plainTermsOf(query));
  return acronyms
    .filter((a) => !present.has(a.acronym) && a.terms.every((t) => present.has(t)))
    .map((a) => a.acronym);
}
