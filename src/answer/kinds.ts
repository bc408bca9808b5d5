import type { Paper } from '../corpus/schema.js';
import type { AnswerSegment } from '../reply.js';
import type { PaperSearch } from '../search/engine.js';
import { sentencesOf } from '../search/snippet.js';
import { plainTermsOf } from '../search/terms.js';
import { extractiveAnswer, MAX_ANSWER_CHARS } from './extractive.js';
import { hasFigure } from './figures.js';
import { keyOf, namesSomething, type NamedThing } from './names.js';
import { DETAIL_ATTRIBUTES, stemsOf, type Question } from './question.js';
import { coverage, retrieve, termWeights, type Retrieval } from './retrieve.js';
import { papersAbout, parseTopic, type TopicMode } from './topics.js';
import type { AnswerKind } from './types.js';

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

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

const MONTHS = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "The papers here don't say who developed Falcon 7B." */
export function notSaid(question: string): string {
  const q = question
    .trim()
    .replace(/[?!.\s]+$/, '')
    .replace(/^(?:and|so|ok|okay|also)\s+/i, '');
  return /^(?:who|what|when|where|which|how|why|whose|whom|is|are|does|do|did|can)\b/i.test(q)
    ? `The papers here don't say ${q.charAt(0).toLowerCase()}${q.slice(1)}.`
    : `The papers here don't answer “${shorten(q, 120)}”.`;
}

function declined(kind: AnswerKind, question: string, papers: Paper[] = [], said?: string): Draft {
  const segments = [prose(notSaid(question), [])];
  if (said !== undefined)
    segments.push(
      prose(
        said,
        papers.map((_, i) => i + 1),
      ),
    );
  return { kind, papers, segments, abstained: true };
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

export function whereAnswer(paper: Paper, question: string): Draft {
  if (paper.affiliations.length === 0)
    return declined(
      'where',
      question,
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

export function whenAnswer(paper: Paper): Draft {
  const date = paper.dateInferred
    ? `in ${paper.year} (the list gives no year; ${paper.year} is inferred)`
    : `on ${MONTHS.format(new Date(`${paper.date}T00:00:00Z`))}`;
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

function describeFilters(q: Question, search: PaperSearch): string {
  const parts: string[] = [];
  const { yearFrom, yearTo, category, hasCode } = q.filters;
  if (category !== undefined) {
    const name = search.categories().find((c) => c.code === category)?.name ?? category;
    parts.push(`in ${name}`);
  }
  if (yearFrom !== undefined && yearFrom === yearTo) parts.push(`from ${yearFrom}`);
  else if (yearFrom !== undefined && yearTo !== undefined) parts.push(`from ${yearFrom}–${yearTo}`);
  else if (yearFrom !== undefined) parts.push(`from ${yearFrom} on`);
  else if (yearTo !== undefined) parts.push(`up to ${yearTo}`);
  if (q.authors.length > 0) parts.push(`by ${joinNames(q.authors)}`);
  if (hasCode) parts.push('with code');
  return parts.join(' ');
}

function filtered(q: Question, search: PaperSearch): Paper[] {
  const matches = search.filterFor({ ...q.filters, author: undefined });
  const authors = new Set(q.authors);
  return search.papers.filter(
    (p) => matches(p) && (authors.size === 0 || p.authors.some((a) => authors.has(a))),
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
  const { papers, topical } = listed(q, search);
  const what = [describeFilters(q, search), topical ? `about ${topicLabel(q)}` : '']
    .filter((s) => s !== '')
    .join(' ');
  const n = papers.length;
  const head = `${n} paper${n === 1 ? '' : 's'}${what === '' ? ' in the collection' : ` ${what}`}`;
  if (n === 0)
    return { kind: 'count', papers: [], segments: [prose(`${head}.`, [])], abstained: false };
  if (n <= MAX_LIST_PAPERS) {
    return {
      kind: 'count',
      papers,
      segments: [
        prose(
          n <= 5 ? `${head}: ${papers.map(label).join(', ')}.` : `${head}.`,
          papers.map((_, i) => i + 1),
        ),
      ],
      abstained: false,
    };
  }
  const byYear = new Map<number, number>();
  for (const p of papers) byYear.set(p.year, (byYear.get(p.year) ?? 0) + 1);
  const years = [...byYear.entries()].sort((a, b) => b[0] - a[0]).map(([y, c]) => `${c} in ${y}`);
  return {
    kind: 'count',
    papers: [],
    segments: [prose(`${head} (${years.join(', ')}).`, [])],
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
  return { text: shorten(text, LIST_LINE_CHARS), kind: 'quote', citations: [n] };
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

export function topicListAnswer(q: Question, search: PaperSearch): Draft {
  const { papers, topical } = listed(q, search);
  const what = [topical ? `about ${topicLabel(q)}` : '', describeFilters(q, search)]
    .filter((s) => s !== '')
    .join(' ');
  if (papers.length === 0) {
    return {
      kind: 'topic-list',
      papers: [],
      segments: [prose(`None of the papers here are ${what === '' ? 'about that' : what}.`, [])],
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
          `None of ${who}'s papers here are ${[topical ? `about ${topicLabel(q)}` : '', describeFilters({ ...q, authors: [] }, search)].filter((s) => s !== '').join(' ')}.`,
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

/** Checks the attribute a question asks for against the subject papers; undefined when it can be answered. */
function attributeMissing(q: Question, papers: readonly Paper[]): Draft | undefined {
  const sentences = papers.flatMap((p) => sentencesOf(p).map((s) => s.text));
  const detail = DETAIL_ATTRIBUTES.exec(q.text)?.[0];
  if (detail !== undefined) {
    const stems = stemsOf(detail);
    if (stems.length > 0 && !sentences.some((s) => sentenceHasStems(s, stems)))
      return declined(
        q.kind,
        q.text,
        [...papers],
        `${joinNames(papers.map(label))}'s abstract does not mention a ${detail.toLowerCase()}.`,
      );
  }
  if (q.counted !== undefined && !/\b(?:more|fewer|less|times)\b/i.test(q.text)) {
    if (!sentences.some((s) => countStrength(s, q.counted ?? '') > 0))
      return declined(
        q.kind,
        q.text,
        [...papers],
        `${joinNames(papers.map(label))}'s abstract gives no count of ${q.counted}.`,
      );
  }
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
    fitting.push({ ...chosen[0], text: shorten(chosen[0].text, MAX_ANSWER_CHARS - 8) });
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
      text: shorten(text, MAX_ANSWER_CHARS - 8),
      kind: 'quote',
      citations: [1],
    })),
    abstained: false,
  };
}

export function sentenceAnswer(q: Question, papers: Paper[], all: readonly Paper[]): Draft {
  const missing = attributeMissing(q, papers);
  if (missing) return missing;
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
          { text: shorten(hit.text, MAX_ANSWER_CHARS - 8), kind: 'quote', citations: [hit.n] },
        ],
        abstained: false,
      };
  }
  const segments = extractiveAnswer(q.text, retrieval, {
    prefer: /^\s*(?:which|what)\b/i.test(q.text) ? namesSomething : undefined,
  });
  return { kind: q.kind, papers, segments, abstained: segments.length === 0 };
}

export function comparisonAnswer(q: Question, all: readonly Paper[]): Draft {
  const [first, second] = q.papers;
  if (first && second) {
    const half = Math.floor(MAX_ANSWER_CHARS / 2) - 12;
    const segments = [first, second].map((paper, i) => {
      const [best] = extractiveAnswer(q.text, retrievalOver([paper], q.text, all), {});
      return {
        text: shorten(`${label(paper)}: ${best?.text ?? sentencesOf(paper)[0]?.text ?? ''}`, half),
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
      .sort((a, b) => Number(hasFigure(b.text)) - Number(hasFigure(a.text)))[0];
    if (beside)
      return {
        kind: 'comparison',
        papers: [first],
        segments: [
          { text: shorten(beside.text, MAX_ANSWER_CHARS - 8), kind: 'quote', citations: [1] },
        ],
        abstained: false,
      };
    return { ...sentenceAnswer({ ...q, kind: 'comparison' }, [first], all), kind: 'comparison' };
  }
  return declined('comparison', q.text);
}

// ── subjects the papers only mention ────────────────────────────────────────

/** "GPT-4 appears only in The Llama 3 Herd of Models: “…”". */
export function mentionedOnly(q: Question, things: readonly NamedThing[]): Draft {
  const [thing] = things;
  if (!thing) return declined(q.kind, q.text);
  const papers = [...thing.mentions].slice(0, 3);
  if (papers.length === 0) return declined(q.kind, q.text);
  const where =
    papers.length === 1 && papers[0]
      ? `${thing.name} appears only in passing in ${label(papers[0])}: “${shorten(
          sentencesOf(papers[0]).find((s) => keyOf(s.text).includes(keyOf(thing.name)))?.text ?? '',
          260,
        )}”`
      : `${thing.name} appears only in passing (as a benchmark, baseline or tool) in ${joinNames(papers.map(label))}${thing.mentions.size > papers.length ? ` and ${thing.mentions.size - papers.length} more` : ''}.`;
  return declined(q.kind, q.text, papers, where);
}

/** The paper a question describes instead of naming ("the paper on token pooling"), if one clearly fits. */
export function describedPaper(q: Question, search: PaperSearch): Paper | undefined {
  const remainder = q.mentioned.reduce(
    (text, thing) =>
      text.replace(new RegExp(thing.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ' '),
    q.topic,
  );
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
