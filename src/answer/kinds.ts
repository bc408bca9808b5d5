import { truncate } from '../truncate.js';
import type { Paper } from '../corpus/schema.js';
import type { PaperSearch } from '../search/engine.js';
import { sentencesOf } from '../search/snippet.js';
import { plainTermsOf } from '../search/terms.js';
import { extractiveAnswer, MAX_ANSWER_CHARS } from './extractive.js';
import { hasFigure } from './figures.js';
import { measures, quantitiesAsked, speaksOf, type Quantity } from './quantities.js';
import { keyOf, namesSomething, type NamedThing } from '../search/names.js';
import { A_TITLE, DETAIL_ATTRIBUTES, stemsOf, type Question } from './question.js';
import { coverage, retrieve, termWeights, type Retrieval } from './retrieve.js';
import { papersAbout, parseTopic, type TopicMode } from './topics.js';
import type { AnswerKind, AnswerSegment } from './types.js';

/**
 * One answerer per kind of question, each from the data that holds the answer: metadata
 * for who, when, where, code and category; the corpus itself for counts and lists; the
 * sentences of the paper asked about for figures, methods and the rest. Each returns a
 * draft whose citations number its `papers` from 1; the engine turns that into an Answer.
 */

export interface Draft {
  kind: AnswerKind;
  papers: Paper[];
  segments: AnswerSegment[];
  abstained: boolean;
}

export const MAX_LIST_PAPERS = 12;
const LIST_LINE_CHARS = 180;

const prose = (text: string, citations: number[]): AnswerSegment => ({
  text,
  kind: 'prose',
  citations,
});

export function label(paper: Paper): string {
  return paper.shortName ?? paper.title;
}

function quoted(paper: Paper): string {
  return paper.shortName ? `${paper.shortName} (“${paper.title}”)` : `“${paper.title}”`;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

const MONTHS = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH_AND_YEAR = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** As much of a paper's date as its source gave: "May 17, 2024", "May 2024" or "2024". */
function givenDate(paper: Paper): string {
  if (paper.datePrecision === 'year') return String(paper.year);
  const date = new Date(`${paper.date}T00:00:00Z`);
  return (paper.datePrecision === 'month' ? MONTH_AND_YEAR : MONTHS).format(date);
}

/**
 * "The papers here don't say who funded LazyLLM." Only what the bot recognised is named —
 * the papers and things of the corpus, an attribute of its own vocabulary — never the
 * user's words, which may carry mentions, links or claims the bot must not repeat.
 */
function notSaid(q: Question, subject = subjectOf(q)): string {
  const about = subject === undefined ? '' : ` about ${subject}`;
  if (q.unstatedRole !== undefined && subject !== undefined)
    return `The papers here don't say who ${q.unstatedRole} ${subject}.`;
  const attribute = recognisedAttribute(q);
  if (attribute !== undefined && subject !== undefined)
    return `The papers here don't state the ${attribute} of ${subject}.`;
  if (attribute !== undefined) return `The papers here don't state the ${attribute} asked about.`;
  return `The papers here don't answer that${about}.`;
}

function subjectOf(q: Question, papers: readonly Paper[] = []): string | undefined {
  if (papers.length > 0) return joinNames(papers.map(label));
  if (q.papers.length > 0) return joinNames(q.papers.map(label));
  return q.mentioned[0]?.name;
}

const ACRONYMS = /^(?:gpus?|tpus?|cpus?)$/i;

/** The attribute asked, singular, if the bot can name it in its own words. */
function recognisedAttribute(q: Question): string | undefined {
  const plain = (phrase: string) => {
    const words = phrase
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '' && !/^(?:the|a|an)$/.test(w));
    return words.length > 0 && words.length <= 3 && words.every((w) => /^[\p{L}-]+$/u.test(w))
      ? words
      : undefined;
  };
  const shown = (w: string) =>
    ACRONYMS.test(w) ? `${singular(w.toLowerCase()).toUpperCase()}s` : w;
  const counted = q.counted === undefined ? undefined : plain(q.counted);
  if (counted !== undefined) return `number of ${counted.map(shown).join(' ')}`;
  const detail = DETAIL_ATTRIBUTES.exec(q.text)?.[0];
  const words = plain(detail ?? q.attribute ?? '');
  if (words === undefined) return undefined;
  return words
    .map((w, i) => (i === words.length - 1 ? singular(w) : w))
    .map((w) => (ACRONYMS.test(w) ? w.toUpperCase() : w))
    .join(' ');
}

function singular(word: string): string {
  if (ACRONYMS.test(word)) return word.replace(/s$/i, '');
  if (/(?:ss|us|is)$/.test(word) || word.length <= 3) return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  return word.replace(/s$/, '');
}

function declined(
  kind: AnswerKind,
  q: Question,
  papers: Paper[] = [],
  said?: string,
  subject = subjectOf(q, papers),
): Draft {
  const segments = [prose(notSaid(q, subject), [])];
  if (said !== undefined)
    segments.push(
      prose(
        said,
        papers.map((_, i) => i + 1),
      ),
    );
  return { kind, papers, segments, abstained: true };
}

/** "The abstract of X does not mention", "The abstracts of X and Y do not mention". */
function abstractsOf(papers: readonly Paper[]): string {
  return papers.length === 1
    ? `The abstract of ${joinNames(papers.map(label))} does not`
    : `The abstracts of ${joinNames(papers.map(label))} do not`;
}

// ── metadata ────────────────────────────────────────────────────────────────

export function whoAnswer(paper: Paper): Draft {
  const authors = joinNames(paper.authors) + (paper.authorsTruncated ? ' et al.' : '.');
  const where =
    paper.affiliations.length > 0 ? ` Affiliations listed: ${paper.affiliations.join(', ')}.` : '';
  return {
    kind: 'who',
    papers: [paper],
    segments: [prose(`${quoted(paper)} is by ${authors}${where}`, [1])],
    abstained: false,
  };
}

/** "How many authors does X have?": the byline counted, and said to be cut short when it ends in "et al.". */
export function authorCountAnswer(paper: Paper): Draft {
  const n = paper.authors.length;
  const listed = `${label(paper)} lists ${n} author${n === 1 ? '' : 's'}`;
  const text = paper.authorsTruncated
    ? `${listed} before “et al.”: the corpus keeps only the first authors, so the paper has more.`
    : `${listed}.`;
  return { kind: 'count', papers: [paper], segments: [prose(text, [1])], abstained: false };
}

export function whereAnswer(paper: Paper, q: Question): Draft {
  if (paper.affiliations.length === 0)
    return declined(
      'where',
      q,
      [paper],
      `The corpus lists no affiliations for ${label(paper)}; its authors are ${joinNames(paper.authors)}${paper.authorsTruncated ? ' et al.' : ''}.`,
    );
  return {
    kind: 'where',
    papers: [paper],
    segments: [
      prose(`${quoted(paper)} lists the affiliations ${paper.affiliations.join(', ')}.`, [1]),
    ],
    abstained: false,
  };
}

/** Acceptance, a venue or a talk: things a listing's date does not tell. */
const BEYOND_THE_DATE =
  /\b(?:accepted|acceptance|presented|camera[- ]ready|conference|venue|workshop|journal|peer[- ]reviewed)\b/i;

export function whenAnswer(paper: Paper, q: Question): Draft {
  if (BEYOND_THE_DATE.test(q.text))
    return declined(
      'when',
      q,
      [paper],
      `The corpus gives only when ${label(paper)} was listed: ${paper.dateInferred ? paper.year : givenDate(paper)}.`,
    );
  const date = paper.dateInferred
    ? `in ${paper.year} (the list gives no year; ${paper.year} is inferred)`
    : `${paper.datePrecision === undefined ? 'on' : 'in'} ${givenDate(paper)}`;
  return {
    kind: 'when',
    papers: [paper],
    segments: [prose(`${quoted(paper)} was published ${date}.`, [1])],
    abstained: false,
  };
}

export function codeAnswer(paper: Paper): Draft {
  const [link] = paper.links;
  const text =
    paper.hasCode && link !== undefined
      ? `The code for ${label(paper)} is at ${link}.`
      : paper.hasCode
        ? `${label(paper)} is marked as having code, but the corpus lists no link to it.`
        : link !== undefined
          ? `${label(paper)} does not list a code release (no code); its page is ${link}.`
          : `${label(paper)} does not list any code: the corpus has no code link for it.`;
  return { kind: 'code', papers: [paper], segments: [prose(text, [1])], abstained: false };
}

export function categoryAnswer(paper: Paper): Draft {
  return {
    kind: 'category',
    papers: [paper],
    segments: [
      prose(`${label(paper)} is filed under ${paper.category.name} (${paper.category.code}).`, [1]),
    ],
    abstained: false,
  };
}

// ── the corpus: counts and lists ────────────────────────────────────────────

/** "continual learning / catastrophic forgetting" reads "continual learning or catastrophic forgetting". */
function topicLabel(q: Question): string {
  return q.topic.replace(/\s*\/\s*/g, ' or ');
}

const MONTH_YEAR = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function describeFilters(q: Question, search: PaperSearch): string {
  const parts: string[] = [];
  const { yearFrom, yearTo, category, hasCode } = q.filters;
  if (category !== undefined) {
    const name = search.categories().find((c) => c.code === category)?.name ?? category;
    parts.push(`in ${name}`);
  }
  if (yearFrom !== undefined && yearFrom === yearTo && q.month !== undefined)
    parts.push(`from ${MONTH_YEAR.format(new Date(Date.UTC(yearFrom, q.month - 1, 1)))}`);
  else if (yearFrom !== undefined && yearFrom === yearTo) parts.push(`from ${yearFrom}`);
  else if (yearFrom !== undefined && yearTo !== undefined) parts.push(`from ${yearFrom}–${yearTo}`);
  else if (yearFrom !== undefined) parts.push(`from ${yearFrom} on`);
  else if (yearTo !== undefined) parts.push(`up to ${yearTo}`);
  if (q.authors.length > 0)
    parts.push(`by ${joinNames(q.authors)}${q.authors.length > 1 ? ' together' : ''}`);
  if (q.affiliations.length > 0) parts.push(`with a ${joinNames(q.affiliations)} affiliation`);
  if (hasCode === true) parts.push('with code');
  if (hasCode === false) parts.push('without code');
  return parts.join(' ');
}

function filtered(q: Question, search: PaperSearch): Paper[] {
  const { hasCode, ...rest } = q.filters;
  const matches = search.filterFor({ ...rest, author: undefined });
  // Two authors named in one question ask for the papers they wrote together.
  return search.papers.filter(
    (p) =>
      matches(p) &&
      (hasCode === undefined || p.hasCode === hasCode) &&
      // A date known only by its year has no month to match.
      (q.month === undefined ||
        (p.datePrecision !== 'year' && Number(p.date.slice(5, 7)) === q.month)) &&
      q.authors.every((a) => p.authors.includes(a)) &&
      q.affiliations.every((a) => p.affiliations.includes(a)),
  );
}

function topicMode(question: string): TopicMode {
  return /\b(?:introduc|propos|present|releas|creat|mainly|mostly|primarily|focus)/i.test(question)
    ? 'contribution'
    : 'any';
}

/** The papers of a list: all that pass the filters and clearly match the topic, best first. */
function listed(q: Question, search: PaperSearch): { papers: Paper[]; topical: boolean } {
  const pool = filtered(q, search);
  const topic = parseTopic(q.topic, search.papers);
  if (topic.alternatives.length === 0)
    return { papers: [...pool].sort((a, b) => b.date.localeCompare(a.date)), topical: false };
  return { papers: papersAbout(pool, topic, topicMode(q.text)).map((s) => s.paper), topical: true };
}

export function countAnswer(q: Question, search: PaperSearch): Draft {
  if (q.overview !== undefined) return overviewOfCorpus(q, search);
  const { papers, topical } = listed(q, search);
  const what = [describeFilters(q, search), topical ? `about ${topicLabel(q)}` : '']
    .filter((s) => s !== '')
    .join(' ');
  const n = papers.length;
  // A byline cut short at "et al." may hide the author counted.
  const hidden =
    q.authors.length > 0 && search.papers.some((p) => p.authorsTruncated && !papers.includes(p));
  const head = `${n} paper${n === 1 ? '' : 's'}${what === '' ? ' in the collection' : ` ${what}`}`;
  const undercount = hidden
    ? [
        prose(
          'Some papers list only their first authors (“et al.”), so this may be an undercount.',
          [],
        ),
      ]
    : [];
  if (n === 0 && topical)
    return {
      kind: 'count',
      papers: [],
      segments: [prose(`None of the papers here ${declinedScope(q, search, topical)}.`, [])],
      abstained: true,
    };
  if (n === 0)
    return {
      kind: 'count',
      papers: [],
      segments: [prose(`${head}.`, []), ...undercount],
      abstained: false,
    };
  if (n <= MAX_LIST_PAPERS) {
    return {
      kind: 'count',
      papers,
      segments: [
        prose(
          n <= 5 ? `${head}: ${papers.map(label).join(', ')}.` : `${head}.`,
          papers.map((_, i) => i + 1),
        ),
        ...undercount,
      ],
      abstained: false,
    };
  }
  const byYear = new Map<number, number>();
  for (const p of papers) byYear.set(p.year, (byYear.get(p.year) ?? 0) + 1);
  const years = [...byYear.entries()].sort((a, b) => b[0] - a[0]).map(([y, c]) => `${c} in ${y}`);
  // The count draws on every paper it counts, so it cites them all.
  return {
    kind: 'count',
    papers,
    segments: [
      prose(
        `${head} (${years.join(', ')}).`,
        papers.map((_, i) => i + 1),
      ),
      ...undercount,
    ],
    abstained: false,
  };
}

function countsBy<T>(items: readonly T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts.entries()];
}

/** The collection as a whole: its oldest and newest papers, its most frequent authors, its categories and years. */
function overviewOfCorpus(q: Question, search: PaperSearch): Draft {
  const pool = filtered(q, search);
  const scope = describeFilters(q, search);
  const inScope = scope === '' ? 'in the collection' : scope;
  const byDate = [...pool].sort((a, b) => a.date.localeCompare(b.date));
  const draft = (text: string, papers: Paper[]): Draft => ({
    kind: 'count',
    papers,
    segments: [
      prose(
        text,
        papers.map((_, i) => i + 1),
      ),
    ],
    abstained: false,
  });
  const dated = (p: Paper) =>
    `${label(p)} (“${p.title}”, ${p.dateInferred ? `${p.year}, year inferred` : givenDate(p)})`;
  switch (q.overview) {
    case 'oldest':
    case 'newest': {
      const paper = q.overview === 'oldest' ? byDate[0] : byDate.at(-1);
      if (!paper) return draft(`No papers ${inScope}.`, []);
      return draft(`The ${q.overview} paper ${inScope} is ${dated(paper)}.`, [paper]);
    }
    case 'most-papers': {
      const ranked = countsBy(pool.flatMap((p) => p.authors))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5);
      const [top] = ranked;
      if (!top) return draft(`No papers ${inScope}.`, []);
      const theirs = pool.filter((p) => p.authors.includes(top[0])).slice(0, 3);
      return draft(
        `${top[0]} is on the most papers ${inScope}: ${top[1]} of ${pool.length}. Next: ${ranked
          .slice(1)
          .map(([name, n]) => `${name} (${n})`)
          .join(', ')}.`,
        theirs,
      );
    }
    case 'categories': {
      const counts = countsBy(pool.map((p) => p.category.code)).sort((a, b) => b[1] - a[1]);
      const name = (code: string) => search.categories().find((c) => c.code === code)?.name ?? code;
      return draft(
        `${pool.length} papers ${inScope} in ${counts.length} categories: ${counts
          .map(([code, n]) => `${name(code)} (${code}) ${n}`)
          .join(', ')}.`,
        [],
      );
    }
    case 'per-year': {
      const counts = countsBy(pool.map((p) => p.year)).sort((a, b) => a[0] - b[0]);
      return draft(
        `${pool.length} papers ${inScope}, by year: ${counts.map(([year, n]) => `${year}: ${n}`).join(', ')}.`,
        [],
      );
    }
    default:
      return draft(`${pool.length} papers ${inScope}.`, []);
  }
}

/** "what's the affiliation of Sachin Mehta": the affiliations listed on the author's papers. */
export function authorAffiliationAnswer(q: Question, search: PaperSearch): Draft {
  const papers = filtered({ ...q, filters: {}, affiliations: [] }, search);
  const who = joinNames(q.authors);
  const listedOn = papers.filter((p) => p.affiliations.length > 0);
  if (listedOn.length === 0)
    return declined(
      'where',
      q,
      papers.slice(0, 3),
      `None of ${who}'s ${papers.length} papers here list an affiliation.`,
      who,
    );
  const counts = countsBy(listedOn.flatMap((p) => p.affiliations)).sort((a, b) => b[1] - a[1]);
  return {
    kind: 'where',
    papers: listedOn.slice(0, MAX_LIST_PAPERS),
    segments: [
      prose(
        `The papers of ${who} that list affiliations give ${counts
          .map(([a, n]) => `${a} (${n} paper${n === 1 ? '' : 's'})`)
          .join(', ')}; ${papers.length - listedOn.length} of ${papers.length} list none.`,
        listedOn.slice(0, MAX_LIST_PAPERS).map((_, i) => i + 1),
      ),
    ],
    abstained: false,
  };
}

function lineFor(paper: Paper, topicTerms: readonly string[], n: number): AnswerSegment {
  const wanted = new Set(topicTerms);
  const sentences = sentencesOf(paper);
  const best =
    wanted.size === 0
      ? (sentences.find((s) => /\b(?:we|this paper|our)\b/i.test(s.text)) ?? sentences[0])
      : [...sentences].sort(
          (a, b) =>
            [...wanted].filter((t) => b.terms.has(t)).length -
            [...wanted].filter((t) => a.terms.has(t)).length,
        )[0];
  const head = `${label(paper)} (${paper.year})`;
  const text = best ? `${head}: ${best.text}` : head;
  return { text: truncate(text, LIST_LINE_CHARS), kind: 'quote', citations: [n] };
}

function listDraft(kind: AnswerKind, intro: string, papers: Paper[], q: Question): Draft {
  const shown = papers.slice(0, MAX_LIST_PAPERS);
  const terms = stemsOf(q.topic);
  const more =
    papers.length > shown.length ? ` (the first ${shown.length} of ${papers.length})` : '';
  return {
    kind,
    papers: shown,
    segments: [
      prose(`${intro}${more}:`, []),
      ...shown.map((paper, i) => lineFor(paper, terms, i + 1)),
    ],
    abstained: false,
  };
}

/**
 * "are about that from 2025": a topic nothing matched is the user's words, not something the
 * bot recognised, so it is not repeated; the filters it understood are.
 */
function declinedScope(q: Question, search: PaperSearch, topical: boolean): string {
  const filters = describeFilters(q, search);
  if (topical) return `match that topic${filters === '' ? '' : ` ${filters}`}`;
  return filters === '' ? 'match that' : `are ${filters}`;
}

export function topicListAnswer(q: Question, search: PaperSearch): Draft {
  const { papers, topical } = listed(q, search);
  const what = [topical ? `about ${topicLabel(q)}` : '', describeFilters(q, search)]
    .filter((s) => s !== '')
    .join(' ');
  if (papers.length === 0) {
    return {
      kind: 'topic-list',
      papers: [],
      segments: [prose(`None of the papers here ${declinedScope(q, search, topical)}.`, [])],
      abstained: true,
    };
  }
  return listDraft(
    'topic-list',
    `${papers.length} paper${papers.length === 1 ? '' : 's'} ${what}`,
    papers,
    q,
  );
}

export function authorPapersAnswer(q: Question, search: PaperSearch): Draft {
  const { papers, topical } = listed(q, search);
  const who = joinNames(q.authors);
  if (papers.length === 0) {
    const all = filtered({ ...q, filters: {} }, search);
    return {
      kind: 'author-papers',
      papers: all.slice(0, 3),
      segments: [
        prose(
          `None of ${who}'s papers here ${declinedScope({ ...q, authors: [] }, search, topical)}.`,
          [],
        ),
        ...(all.length > 0
          ? [
              prose(
                `${who} has ${all.length} paper${all.length === 1 ? '' : 's'} here, such as ${all.slice(0, 3).map(label).join(', ')}.`,
                all.slice(0, 3).map((_, i) => i + 1),
              ),
            ]
          : []),
      ],
      abstained: true,
    };
  }
  const scope = [
    topical ? `about ${topicLabel(q)}` : '',
    describeFilters({ ...q, authors: [] }, search),
  ]
    .filter((s) => s !== '')
    .join(' ');
  return listDraft(
    'author-papers',
    `${who}: ${papers.length} paper${papers.length === 1 ? '' : 's'}${scope === '' ? '' : ` ${scope}`}`,
    papers,
    q,
  );
}

// ── the sentences of the paper asked about ──────────────────────────────────

const NUMBER_WORDS =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several)$/i;
const ABBREVIATIONS: Record<string, string> = {
  ops: 'operations',
  params: 'parameters',
  imgs: 'images',
  pics: 'images',
  langs: 'languages',
};

/**
 * "how many images": a sentence with a number just before "images" (or its abbreviation
 * spelled out). 2 for digits ("10,335 images"), 1 for words ("thousands of tasks"), 0 for none.
 */
function countStrength(sentence: string, counted: string): number {
  const nounWord = counted.split(/\s+/).at(-1) ?? counted;
  const noun = plainTermsOf(ABBREVIATIONS[nounWord] ?? nounWord)[0];
  if (noun === undefined) return 0;
  const words = sentence.split(/\s+/);
  let strength = 0;
  for (const [i, word] of words.entries()) {
    if (plainTermsOf(word)[0] !== noun) continue;
    const before = words.slice(Math.max(0, i - 5), i);
    // "2x fewer tokens" compares; it does not count.
    if (before.some((w) => /^\d+(?:\.\d+)?[x×]$/i.test(w))) continue;
    if (before.some((w) => /\d/.test(w))) strength = 2;
    else if (before.some((w) => NUMBER_WORDS.test(w.replace(/[^\p{L}]/gu, ''))))
      strength = Math.max(strength, 1);
  }
  return strength;
}

function sentenceHasStems(text: string, stems: readonly string[]): boolean {
  const terms = new Set(plainTermsOf(text));
  return stems.every((s) => terms.has(s));
}

/** A retrieval over exactly the papers asked about, so the extractive picker stays on them. */
function retrievalOver(
  papers: readonly Paper[],
  question: string,
  all: readonly Paper[],
): Retrieval {
  const terms = [...new Set(plainTermsOf(question))];
  const weights = termWeights(terms, all);
  return {
    // The paper named first is the subject; others named beside it are context.
    sources: papers.map((paper, i) => ({ n: i + 1, paper, coverage: i === 0 ? 1 : 0.5 })),
    abstain: papers.length === 0,
    nearest: [],
    terms,
    weights,
  };
}

/** Words that ask about a paper in general, not about one attribute it might not state. */
export const GENERAL_ASKS = new Set(
  stemsOf(
    'idea key main method approach technique contribution result point purpose goal aim benefit advantage difference name paper model trick mechanism novelty finding summary takeaway problem motivation intuition insight role significance impact performance use work architecture design thing kind type dataset benchmark task baseline metric domain application language experiment evaluation setting',
  ),
);
/** Training verbs: "how many tokens was X trained on" asks for the training data, not any count of tokens. */
const TRAINING = /\b(?:pre-?trained|trained|fine-?tuned|distilled)\b/i;

/** Checks the attribute a question asks for against the subject papers; undefined when it can be answered. */
export function attributeMissing(q: Question, papers: readonly Paper[]): Draft | undefined {
  const sentences = papers.flatMap((p) => sentencesOf(p).map((s) => s.text));
  if (q.unstatedRole !== undefined)
    return declined(
      q.kind,
      q,
      [...papers],
      `The corpus lists only who wrote ${joinNames(papers.map(label))}.`,
    );
  const detail = DETAIL_ATTRIBUTES.exec(q.text)?.[0];
  if (detail !== undefined) {
    const stems = stemsOf(detail);
    if (stems.length > 0 && !sentences.some((s) => sentenceHasStems(s, stems)))
      return declined(
        q.kind,
        q,
        [...papers],
        `${abstractsOf(papers)} mention the ${recognisedAttribute(q) ?? 'detail asked'}.`,
      );
  }
  if (q.counted !== undefined && !/\b(?:more|fewer|less|times)\b/i.test(q.text)) {
    const training = TRAINING.test(q.text);
    const counts = sentences.filter(
      (s) =>
        countStrength(s, q.counted ?? '') > 0 && (!training || /\b(?:pre-?train|train)/i.test(s)),
    );
    if (counts.length === 0)
      return declined(
        q.kind,
        q,
        [...papers],
        `${abstractsOf(papers)} give a count of ${q.counted}${training ? ' used in training' : ''}.`,
      );
  }
  const asked = stemsOf(q.attribute ?? '').filter((t) => !GENERAL_ASKS.has(t) && t.length > 2);
  const named = new Set(stemsOf(papers.map((p) => `${label(p)} ${p.title}`).join(' ')));
  const attributeStems = asked.filter((t) => !named.has(t));
  if (
    q.kind === 'general' &&
    q.counted === undefined &&
    attributeStems.length > 0 &&
    !sentences.some((s) => {
      const terms = new Set(plainTermsOf(s));
      return attributeStems.some((t) => terms.has(t));
    })
  )
    return declined(q.kind, q, [...papers], `${abstractsOf(papers)} mention it.`);
  return undefined;
}

const MOTIVATION =
  /^(?:however|although|while|despite|recently|existing|current|traditional|conventional|many|most|motivated)\b|\b(?:suffer|challeng|bottleneck|costly|expensive|limitation|drawback|remains|struggle)/i;
const MECHANISM =
  /\b(?:we (?:propose|introduce|present|develop|design|formulate|reframe|use|leverage)|by |via |through |consist|fuses?|parallel|reframes?|learns?|iterative|procedure|instead|replac|orchestrat|approach|method|model)\b/i;

export function methodAnswer(q: Question, paper: Paper, all: readonly Paper[]): Draft {
  const terms = stemsOf(q.topic);
  const weights = termWeights(terms, all);
  const sentences = sentencesOf(paper);
  const scored = sentences.map((s, order) => {
    let score = 0;
    for (const t of terms) if (s.terms.has(t)) score += weights.get(t) ?? 0;
    if (MECHANISM.test(s.text)) score += 2;
    if (MOTIVATION.test(s.text)) score -= 3;
    if (hasFigure(s.text)) score -= 1;
    return { text: s.text, score, order };
  });
  const chosen = [...scored].sort((a, b) => b.score - a.score).slice(0, 2);
  const fitting: typeof chosen = [];
  for (const c of chosen) {
    const used = fitting.reduce((n, f) => n + f.text.length + 5, 0);
    if (used + c.text.length + 5 <= MAX_ANSWER_CHARS) fitting.push(c);
  }
  if (fitting.length === 0 && chosen[0])
    fitting.push({ ...chosen[0], text: truncate(chosen[0].text, MAX_ANSWER_CHARS - 8) });
  return {
    kind: 'method',
    papers: [paper],
    segments: fitting
      .sort((a, b) => a.order - b.order)
      .map((c) => ({ text: c.text, kind: 'quote', citations: [1] })),
    abstained: false,
  };
}

/** What a paper is: the sentence that says what it does, then its headline figure. */
export function overviewAnswer(paper: Paper): Draft {
  const sentences = sentencesOf(paper).map((s) => s.text);
  const does =
    sentences.find(
      (s) =>
        /\b(?:we (?:propose|introduce|present)|this (?:paper|work)|in this (?:paper|work))\b/i.test(
          s,
        ) && !MOTIVATION.test(s),
    ) ??
    sentences[0] ??
    paper.title;
  const result = sentences.find((s) => s !== does && hasFigure(s));
  const chosen = [
    does,
    ...(result && does.length + result.length < MAX_ANSWER_CHARS - 12 ? [result] : []),
  ];
  return {
    kind: 'general',
    papers: [paper],
    segments: chosen.map((text) => ({
      text: truncate(text, MAX_ANSWER_CHARS - 8),
      kind: 'quote',
      citations: [1],
    })),
    abstained: false,
  };
}

/** The quantities a figure question asks about, read without the names of its papers. */
function quantitiesOf(q: Question): Quantity[] {
  if (q.kind !== 'figure' && q.kind !== 'comparison') return [];
  const names = q.papers.flatMap((p) => [p.shortName ?? '', p.title]).filter((n) => n !== '');
  const rest = names.reduce((text, name) => text.split(name).join(' '), q.text);
  return quantitiesAsked(rest);
}

/**
 * "The papers here don't state a memory figure for LazyLLM." Where the abstract speaks of
 * the quantity without a figure ("much more power efficient"), that sentence follows.
 */
function quantityMissing(
  q: Question,
  papers: readonly Paper[],
  quantities: readonly Quantity[],
  subject = joinNames(papers.map(label)),
): Draft {
  const names = quantities.map((x) => x.name).join(' or ');
  const article = /^[aeiou]/.test(names) ? 'an' : 'a';
  const segments = [
    prose(`The papers here don't state ${article} ${names} figure for ${subject}.`, []),
  ];
  // Only a sentence about the paper itself: "LLMs on mobile devices for faster responses" is the field's wish.
  const spoken = papers
    .flatMap((paper, i) => sentencesOf(paper).map((s) => ({ text: s.text, n: i + 1, paper })))
    .find(
      (s) =>
        speaksOf(s.text, quantities) &&
        s.text.split(/[^\p{L}\p{N}+-]+/u).some((w) => keyOf(w) === keyOf(label(s.paper))),
    );
  if (spoken)
    segments.push(
      prose(`${label(spoken.paper)}'s abstract says only: “${truncate(spoken.text, 260)}”`, [
        spoken.n,
      ]),
    );
  return { kind: q.kind, papers: [...papers], segments, abstained: true };
}

export function sentenceAnswer(q: Question, papers: Paper[], all: readonly Paper[]): Draft {
  const missing = attributeMissing(q, papers);
  if (missing) return missing;
  const quantities = q.counted === undefined ? quantitiesOf(q) : [];
  const measured = papers.flatMap((paper, i) =>
    sentencesOf(paper)
      .filter((s) => measures(s.text, quantities))
      .map((s) => ({ text: s.text, n: i + 1 })),
  );
  if (quantities.length > 0 && measured.length === 0) return quantityMissing(q, papers, quantities);
  const retrieval = retrievalOver(papers, q.text, all);
  if (q.counted !== undefined) {
    const counted = q.counted;
    const terms = new Set(retrieval.terms);
    const hits = papers.flatMap((paper, i) =>
      sentencesOf(paper).map((s) => ({
        text: s.text,
        n: i + 1,
        rank: countStrength(s.text, counted) * 10 + [...terms].filter((t) => s.terms.has(t)).length,
        strength: countStrength(s.text, counted),
      })),
    );
    const [hit] = hits.filter((h) => h.strength > 0).sort((a, b) => b.rank - a.rank);
    if (hit)
      return {
        kind: q.kind,
        papers,
        segments: [
          { text: truncate(hit.text, MAX_ANSWER_CHARS - 8), kind: 'quote', citations: [hit.n] },
        ],
        abstained: false,
      };
  }
  const picked = extractiveAnswer(q.text, retrieval, {
    prefer: /^\s*(?:which|what)\b/i.test(q.text) ? namesSomething : undefined,
  });
  const [first] = measured;
  const segments =
    quantities.length === 0 || picked.some((s) => measures(s.text, quantities))
      ? picked.filter((s) => quantities.length === 0 || measures(s.text, quantities))
      : first
        ? [
            {
              text: truncate(first.text, MAX_ANSWER_CHARS - 8),
              kind: 'quote' as const,
              citations: [first.n],
            },
          ]
        : [];
  return { kind: q.kind, papers, segments, abstained: segments.length === 0 };
}

/** "Is DKM older than eDKM?", "which came first": answered from the two dates. */
function chronologyAnswer(first: Paper, second: Paper): Draft {
  const [earlier, later] = first.date <= second.date ? [first, second] : [second, first];
  const when = (p: Paper) => (p.dateInferred ? `${p.year} (year inferred)` : givenDate(p));
  const text =
    earlier.date === later.date
      ? `${label(first)} and ${label(second)} were published the same day, ${when(first)}.`
      : `${label(earlier)} came first: it was published ${when(earlier)}, ${label(later)} ${when(later)}.`;
  return {
    kind: 'comparison',
    papers: [first, second],
    segments: [prose(text, [first === earlier ? 1 : 2, first === earlier ? 2 : 1])],
    abstained: false,
  };
}

/** The sentence of a paper that names the other one with a figure: where the paper compares itself. */
/** How many of the question's terms a sentence holds. */
function relevanceTo(question: string, text: string): number {
  const asked = new Set(plainTermsOf(question));
  return plainTermsOf(text).filter((t) => asked.has(t)).length;
}

function sentenceComparing(
  paper: Paper,
  other: Paper,
  question: string,
  quantities: readonly Quantity[],
): string | undefined {
  const asked = new Set(plainTermsOf(question));
  const relevance = (text: string) => plainTermsOf(text).filter((t) => asked.has(t)).length;
  const names = [other.shortName, other.title.split(':')[0]]
    .filter((n): n is string => n !== undefined && n.length >= 3)
    .map(keyOf);
  return sentencesOf(paper)
    .filter((s) => {
      // "ESPNetv2" names ESPNetv2, not ESPNet: the name must stand alone.
      const words = s.text.split(/[^\p{L}\p{N}+-]+/u).map(keyOf);
      // Only a figure measures one against the other; words alone ("reduces the memory of DKM") do not.
      return (
        hasFigure(s.text) &&
        names.some((n) => words.includes(n)) &&
        (quantities.length === 0 || measures(s.text, quantities))
      );
    })
    .sort((a, b) => relevance(b.text) - relevance(a.text))[0]?.text;
}

export function comparisonAnswer(q: Question, all: readonly Paper[]): Draft {
  const [first, second] = q.papers;
  if (first && second && q.chronological) return chronologyAnswer(first, second);
  const quantities = quantitiesOf(q);
  if (first && second) {
    const half = Math.floor(MAX_ANSWER_CHARS / 2) - 12;
    const comparings = [first, second].map((paper, i) =>
      sentenceComparing(paper, i === 0 ? second : first, q.text, quantities),
    );
    const measuring = [first, second].map((paper) =>
      quantities.length === 0 ? [] : sentencesOf(paper).filter((s) => measures(s.text, quantities)),
    );
    if (quantities.length > 0 && measuring.every((m) => m.length === 0))
      return quantityMissing(
        q,
        [first, second],
        quantities,
        `${label(first)} against ${label(second)}`,
      );
    const segments = [first, second].flatMap((paper, i) => {
      const comparing = comparings[i];
      // Without a sentence setting the two side by side, each paper's own figure of the quantity asked.
      const own = measuring[i] ?? [];
      if (quantities.length > 0 && comparing === undefined && own.length === 0) return [];
      const [best] = comparing
        ? [{ text: comparing }]
        : quantities.length > 0
          ? own.sort((a, b) => relevanceTo(q.text, b.text) - relevanceTo(q.text, a.text))
          : extractiveAnswer(q.text, retrievalOver([paper], q.text, all), {});
      return {
        text: truncate(`${label(paper)}: ${best?.text ?? sentencesOf(paper)[0]?.text ?? ''}`, half),
        kind: 'quote' as const,
        citations: [i + 1],
      };
    });
    return { kind: 'comparison', papers: [first, second], segments, abstained: false };
  }
  if (first) {
    // A paper and a baseline its abstract names: the sentence that sets them side by side.
    const beside = sentencesOf(first)
      .filter((s) => q.mentioned.some((m) => keyOf(s.text).includes(keyOf(m.name))))
      .filter((s) => quantities.length === 0 || measures(s.text, quantities))
      .sort(
        (a, b) =>
          Number(hasFigure(b.text)) - Number(hasFigure(a.text)) ||
          relevanceTo(q.text, b.text) - relevanceTo(q.text, a.text),
      )[0];
    if (beside)
      return {
        kind: 'comparison',
        papers: [first],
        segments: [
          { text: truncate(beside.text, MAX_ANSWER_CHARS - 8), kind: 'quote', citations: [1] },
        ],
        abstained: false,
      };
    const [baseline] = q.mentioned;
    if (baseline && quantities.length > 0)
      return quantityMissing(q, [first], quantities, `${label(first)} against ${baseline.name}`);
    if (baseline)
      return {
        kind: 'comparison',
        papers: [first],
        segments: [prose(`${abstractsOf([first])} compare it with ${baseline.name}.`, [])],
        abstained: true,
      };
    return { ...sentenceAnswer({ ...q, kind: 'comparison' }, [first], all), kind: 'comparison' };
  }
  return declined('comparison', q);
}

// ── subjects the papers only mention ────────────────────────────────────────

/** "GPT-4 appears only in The Llama 3 Herd of Models: “…”". */
export function mentionedOnly(q: Question, things: readonly NamedThing[]): Draft {
  const [thing] = things;
  if (!thing) return declined(q.kind, q);
  const papers = [...thing.mentions].slice(0, 3);
  if (papers.length === 0)
    return {
      kind: q.kind,
      papers: [],
      segments: [prose(`The papers here don't include ${thing.name}.`, [])],
      abstained: true,
    };
  const where =
    papers.length === 1 && papers[0]
      ? `${thing.name} appears only in passing in ${label(papers[0])}: “${truncate(
          sentencesOf(papers[0]).find((s) => keyOf(s.text).includes(keyOf(thing.name)))?.text ?? '',
          260,
        )}”`
      : `${thing.name} appears only in passing (as a benchmark, baseline or tool) in ${joinNames(papers.map(label))}${thing.mentions.size > papers.length ? ` and ${thing.mentions.size - papers.length} more` : ''}.`;
  return declined(q.kind, q, papers, where, thing.name);
}

/** The paper a question describes instead of naming ("the paper on token pooling"), if one clearly fits. */
export function describedPaper(q: Question, search: PaperSearch): Paper | undefined {
  // The question names its paper, by a title the corpus does not hold.
  if (q.mentioned.some((thing) => thing.name === A_TITLE)) return undefined;
  // Word by word: the topic has lost the small words of a name ("LLM in a flash 2").
  const named = new Set(q.mentioned.flatMap((thing) => thing.name.split(/\s+/).map(keyOf)));
  const remainder = q.topic
    .split(/\s+/)
    .filter((w) => !named.has(keyOf(w)))
    .join(' ');
  const attribute = q.attribute === undefined ? [] : stemsOf(q.attribute);
  const terms = stemsOf(remainder).filter((t) => !attribute.includes(t) && t.length > 2);
  if (terms.length === 0 || (q.mentioned.length > 0 && terms.length < 2)) return undefined;
  let retrieval: Retrieval;
  try {
    retrieval = retrieve(search, q.topic, {});
  } catch {
    return undefined;
  }
  // The best search hit may not cover the whole question (it names a benchmark): judged below.
  const [best, next] = [
    ...new Set([...retrieval.sources.map((s) => s.paper), ...retrieval.nearest]),
  ].map((paper) => ({ paper }));
  if (!best) return undefined;
  const weights = termWeights(terms, search.papers);
  const own = coverage(best.paper, terms, weights);
  // A thing the question names in the paper's own title ("ImageNet" in Label Refinery's) speaks for it.
  const inTitle = q.mentioned.some((m) => keyOf(best.paper.title).includes(keyOf(m.name)));
  const floor = q.mentioned.length === 0 ? 0.5 : inTitle ? 0.3 : 0.6;
  if (own < floor) return undefined;
  if (next && coverage(next.paper, terms, weights) > own + 0.2) return next.paper;
  return best.paper;
}
