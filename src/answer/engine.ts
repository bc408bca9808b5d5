import { paperUrl } from '../corpus/links.js';
import type { Paper } from '../corpus/schema.js';
import type { Logger } from '../log.js';
import type { PaperSearch, SearchFilters } from '../search/engine.js';
import { describeError, isExpectedModelFailure } from '../errors.js';
import { keyOf, nameLexicon } from '../search/names.js';
import { normalizeQuery, requireQuery } from '../search/text.js';
import { MemoryAnswerCache, type AnswerCache } from './cache.js';
import { digest, type Digest } from './digest.js';
import {
  attributeMissing,
  authorAffiliationAnswer,
  authorCountAnswer,
  GENERAL_ASKS,
  authorPapersAnswer,
  categoryAnswer,
  codeAnswer,
  comparisonAnswer,
  countAnswer,
  describedPaper,
  mentionedOnly,
  methodAnswer,
  overviewAnswer,
  sentenceAnswer,
  topicListAnswer,
  whenAnswer,
  whereAnswer,
  whoAnswer,
  type Draft,
} from './kinds.js';
import { boundedNotes } from './notes.js';
import { refersToUnnamedPaper, stemsOf, understand, type Question } from './question.js';
import { retrieve } from './retrieve.js';
import { ToolSession } from './tools.js';
import type { Answer, AnswerRequest, AnswerSegment, Citation, Source } from './types.js';

export const NOT_COVERED = 'None of the papers here cover that.';
const UNNAMED_PAPER =
  'Which paper do you mean? The question refers to a paper without naming it. Name the paper, or ask in the thread under an answer about it.';
const SMALL_TALK_REPLY =
  'Hi! Ask me a question about the papers, for example: which papers use attention, or how much faster is a paper than prior work?';
const THANKS_REPLY = 'You are welcome! Ask again any time.';
export const MAX_QUESTION_LENGTH = 300;

const GREETING =
  /^(hi|hello|hey|hiya|yo|howdy|good (morning|afternoon|evening|day)|ok|okay|cool|great|nice|bye|goodbye)( (there|all|everyone|folks|bot|paperbot))?$/;
const THANKS =
  /^(thanks|thank you|thx|ty|cheers|much appreciated)( (so much|a lot|very much|again|bot|paperbot))?$/;

/** A model's grounded answer; `sources` when tool calls widened what it was given. */
export interface GeneratedAnswer {
  segments: AnswerSegment[];
  notes: string[];
  tokensUsed: number;
  sources?: Source[];
}

/** What an LLM-backed answerer must provide; the engine falls back to extractive on any failure. */
export interface GenerativeAnswerer {
  readonly model: string;
  /** With a session, the model may also call the corpus tools; `sources` are then all it was given. */
  answer(
    question: string,
    sources: readonly Source[],
    request: AnswerRequest,
    session?: ToolSession,
  ): Promise<GeneratedAnswer>;
  summarize?(paper: Paper, signal?: AbortSignal): Promise<{ digest: Digest; tokensUsed: number }>;
  stance?(
    claim: string,
    sources: readonly Source[],
    signal?: AbortSignal,
  ): Promise<{ stance: Stance; tokensUsed: number }>;
}

/** How the cited abstracts bear on a claim, as a model judges it. */
export type Stance = 'supports' | 'contradicts' | 'mixed' | 'unrelated';

interface AnswerEngineOptions {
  search: PaperSearch;
  /** Identifies the corpus in cache keys, so another corpus never gets this one's answers. */
  corpusKey: string;
  log: Logger;
  llm?: GenerativeAnswerer | undefined;
  /** What the model already wrote; shared by replicas when they share a database. */
  cache?: AnswerCache | undefined;
}

/** Keeps only citations of provided sources and numbers them 1..k in order of first use. */
function renumber(
  segments: readonly AnswerSegment[],
  sources: readonly Source[],
): { segments: AnswerSegment[]; citations: Citation[] } {
  const byN = new Map(sources.map((s) => [s.n, s]));
  const mapping = new Map<number, number>();
  const citations: Citation[] = [];
  const renumbered = segments.map((segment) => ({
    ...segment,
    citations: segment.citations
      .filter((n) => byN.has(n))
      .map((n) => {
        let m = mapping.get(n);
        const source = byN.get(n);
        if (m === undefined && source) {
          m = citations.length + 1;
          mapping.set(n, m);
          citations.push({
            n: m,
            id: source.paper.id,
            title: source.paper.title,
            year: source.paper.year,
            url: paperUrl(source.paper),
          });
        }
        return m ?? 0;
      })
      .filter((m) => m > 0),
  }));
  return { segments: renumbered, citations };
}

/** Prose reads as one paragraph; a list keeps one paper a line. */
function answerText(segments: readonly AnswerSegment[], asList = false): string {
  return segments
    .map(
      (s) =>
        `${asList && s.citations.length > 0 ? '• ' : ''}${s.text}${s.citations.map((n) => ` [${n}]`).join('')}`,
    )
    .join(asList ? '\n' : ' ');
}

export interface Summary {
  digest: Digest;
  mode: Answer['mode'];
  notes: string[];
  tokensUsed: number;
  cached: boolean;
}

/**
 * Cache keys name what is cached and the shape it is stored in: a value written by an older
 * release under another shape is never read back as this one.
 */
const CACHE_FORMAT = 2;

type Verdict = { stance: Stance; tokensUsed: number };

export class AnswerEngine {
  private readonly cache: AnswerCache;

  constructor(private readonly options: AnswerEngineOptions) {
    this.cache = options.cache ?? new MemoryAnswerCache();
  }

  /** Only this engine writes under these keys, so what comes back has the shape it wrote. */
  private async cached<T>(key: string): Promise<T | undefined> {
    return (await this.cache.get(key)) as T | undefined;
  }

  get mode(): Answer['mode'] {
    return this.options.llm ? 'llm' : 'extractive';
  }

  private cacheKey(
    question: string,
    filters: SearchFilters | undefined,
    history: AnswerRequest['history'],
    llmAllowed: boolean,
  ): string {
    const normalized = normalizeQuery(question)
      .toLowerCase()
      .replace(/[?!.\s]+$/, '');
    const model = llmAllowed ? (this.options.llm?.model ?? 'extractive') : 'extractive';
    return JSON.stringify([
      'answer',
      CACHE_FORMAT,
      normalized,
      filters ?? {},
      history ?? [],
      this.options.corpusKey,
      model,
    ]);
  }

  async ask(request: AnswerRequest): Promise<Answer> {
    const question = requireQuery(request.question, 'ask about', MAX_QUESTION_LENGTH);
    const key = this.cacheKey(
      question,
      request.filters,
      request.history,
      request.allowLlm !== false,
    );
    const hit = await this.cached<Answer>(key);
    if (hit) return { ...hit, question, cached: true, tokensUsed: 0 };
    const answer = await this.answerFresh({ ...request, question });
    if (!answer.fallback) await this.cache.set(key, answer);
    return answer;
  }

  private async answerFresh(request: AnswerRequest): Promise<Answer> {
    const { search } = this.options;
    const talk = smallTalkReply(request.question);
    if (talk !== undefined) return declinedAside(request, talk, 'small-talk');
    const question = this.understandInContext(request);
    if (isUnresolvedReference(question, request.question))
      return declinedAside(request, UNNAMED_PAPER, 'unnamed-paper');
    const built = draftAnswer(question, request, search);
    const base = {
      question: request.question,
      kind: built.draft?.kind ?? question.kind,
      cached: false,
      tokensUsed: 0,
    };
    if (!built.draft) {
      const nearest = built.nearest.map((p) => ({ id: p.id, title: p.title, year: p.year }));
      return {
        ...base,
        answer: NOT_COVERED,
        segments: [{ text: NOT_COVERED, kind: 'prose', citations: [] }],
        citations: [],
        abstained: true,
        mode: this.mode,
        fallback: false,
        nearest,
        notes: [],
      };
    }
    let draft = built.draft;
    let notes: string[] = [];
    let tokensUsed = 0;
    let mode: Answer['mode'] = 'extractive';
    let fallback = false;
    if (this.options.llm && request.allowLlm !== false && !draft.abstained) {
      const sources = draft.papers.map((paper, i) => ({ n: i + 1, paper, coverage: 1 }));
      try {
        const session = new ToolSession(this.options.search, sources);
        const written = await this.options.llm.answer(request.question, sources, request, session);
        tokensUsed = written.tokensUsed;
        if (written.segments.some((s) => s.citations.length > 0)) {
          const given = written.sources ?? sources;
          draft = { ...draft, papers: given.map((s) => s.paper), segments: written.segments };
          notes = written.notes;
          mode = 'llm';
        } else {
          notes = [
            'Nothing the language model wrote could be checked against the abstracts, so this is the built-in answer.',
            ...written.notes,
          ];
          fallback = true;
        }
      } catch (error) {
        this.options.log.warn(modelFailure(error), 'LLM answer failed; using the built-in answer');
        notes = [
          'The language model did not answer, so this is the built-in answer quoted from the abstracts.',
        ];
        fallback = true;
      }
    }
    const sources = draft.papers.map((paper, i) => ({ n: i + 1, paper, coverage: 1 }));
    const { segments, citations } = renumber(draft.segments, sources);
    const isList = draft.kind === 'topic-list' || draft.kind === 'author-papers';
    const uncited = segments.every((s) => s.citations.length === 0);
    const abstained = draft.abstained || (uncited && draft.kind !== 'count');
    const text = abstained && segments.length === 0 ? NOT_COVERED : answerText(segments, isList);
    return {
      ...base,
      answer: text,
      segments:
        segments.length === 0 ? [{ text: NOT_COVERED, kind: 'prose', citations: [] }] : segments,
      citations,
      abstained,
      mode,
      fallback,
      nearest:
        abstained && citations.length === 0
          ? built.nearest.map((p) => ({ id: p.id, title: p.title, year: p.year }))
          : [],
      notes: boundedNotes([...outsideFiltersNotes(question, citations, request, search), ...notes]),
      tokensUsed,
    };
  }

  /**
   * A follow-up ("and how many parameters does it have?") names nothing: it is about the
   * papers the conversation was about, which the earlier questions named or described.
   * An earlier follow-up was about the subject it was resolved to then: searched on its own
   * words ("how fast is it?") it would describe whichever paper is about speed.
   */
  private understandInContext(request: AnswerRequest): Question {
    const { search } = this.options;
    const question = understand(request.question, search);
    if (question.papers.length > 0 || question.authors.length > 0) return question;
    let subject: Paper[] = [];
    for (const turn of request.history ?? []) subject = this.subjectAfter(turn.question, subject);
    if (subject.length === 0) return question;
    const moved = otherVersion(request.question, subject, search.papers);
    return { ...question, papers: moved ?? subject, mentioned: [] };
  }

  /**
   * The papers a conversation is about once a question was asked: those it names, another
   * version of them ("and the first version?"), the same ones for a follow-up ("when was
   * that published?"), or the paper it describes.
   */
  private subjectAfter(text: string, subject: Paper[]): Paper[] {
    const { search } = this.options;
    const question = understand(text, search);
    if (question.papers.length > 0) return question.papers;
    if (subject.length > 0) {
      const moved = otherVersion(text, subject, search.papers);
      if (moved) return moved;
      if (FOLLOW_UP.test(text) || refersToUnnamedPaper(text)) return subject;
    }
    if (refersToUnnamedPaper(text)) return subject;
    const described = describedPaper(question, search);
    return described ? [described] : subject;
  }

  /**
   * A paper's digest: the model's when one is configured and allowed, else the built-in one.
   * The model's digests are remembered: a paper's abstract does not change under one corpus.
   */
  async summarize(
    paper: Paper,
    options: { signal?: AbortSignal | undefined; allowLlm?: boolean } = {},
  ): Promise<Summary> {
    const llm = this.options.llm;
    if (!llm?.summarize || options.allowLlm === false) {
      return { digest: digest(paper), mode: 'extractive', notes: [], tokensUsed: 0, cached: false };
    }
    const key = JSON.stringify([
      'summary',
      CACHE_FORMAT,
      paper.id,
      this.options.corpusKey,
      llm.model,
    ]);
    const hit = await this.cached<Summary>(key);
    if (hit) return { ...hit, tokensUsed: 0, cached: true };
    try {
      const result = await llm.summarize(paper, options.signal);
      const summary: Summary = { ...result, mode: 'llm', notes: [], cached: false };
      await this.cache.set(key, summary);
      return summary;
    } catch (error) {
      this.options.log.warn(modelFailure(error), 'LLM summary failed; using the built-in summary');
      return {
        digest: digest(paper),
        mode: 'extractive',
        notes: ['The language model did not answer, so this summary is quoted from the abstract.'],
        tokensUsed: 0,
        cached: false,
      };
    }
  }

  /**
   * Whether the papers an answer cites support or contradict a claim. Only a model can
   * judge that; without one, or if it fails, there is no verdict and the quotes speak.
   */
  async stance(claim: string, answer: Answer, signal?: AbortSignal): Promise<Verdict | undefined> {
    const llm = this.options.llm;
    if (!llm?.stance || answer.abstained) return undefined;
    const key = JSON.stringify([
      'verdict',
      CACHE_FORMAT,
      normalizeQuery(claim).toLowerCase(),
      answer.citations.map((c) => c.id),
      this.options.corpusKey,
      llm.model,
    ]);
    const hit = await this.cached<Verdict>(key);
    if (hit) return { ...hit, tokensUsed: 0 };
    const sources = answer.citations.flatMap((c) => {
      const paper = this.options.search.get(c.id);
      return paper ? [{ n: c.n, paper, coverage: 1 }] : [];
    });
    try {
      const verdict = await llm.stance(claim, sources, signal);
      await this.cache.set(key, verdict);
      return verdict;
    } catch (error) {
      this.options.log.warn(
        modelFailure(error),
        'LLM stance failed; showing the quotes without a verdict',
      );
      return undefined;
    }
  }
}

/** How a failed model call is logged: the reason when it failed as model calls do, the stack when it was a bug. */
function modelFailure(
  error: unknown,
): { reason: string } | { err: ReturnType<typeof describeError> } {
  return isExpectedModelFailure(error)
    ? { reason: describeError(error).message }
    : { err: describeError(error) };
}

/**
 * The built-in answer for a question understood: a draft, or none when no paper covers it
 * (then the nearest papers are offered as leads).
 */
function draftAnswer(
  q: Question,
  request: AnswerRequest,
  search: PaperSearch,
): { draft: Draft | undefined; nearest: Paper[] } {
  const withFilters: Question = {
    ...q,
    filters: { ...q.filters, ...definedFilters(request.filters) },
    authors: request.filters?.author
      ? [...q.authors, ...search.findAuthors(request.filters.author, 1).map((a) => a.name)]
      : q.authors,
  };
  if (q.kind === 'where' && q.papers.length === 0 && q.affiliations.length > 0)
    return { draft: topicListAnswer({ ...withFilters, topic: '' }, search), nearest: [] };
  if (q.kind === 'where' && q.papers.length === 0 && q.authors.length > 0)
    return { draft: authorAffiliationAnswer(withFilters, search), nearest: [] };
  if (OPINION.test(q.text))
    return {
      draft: {
        kind: q.kind,
        papers: [],
        segments: [{ text: NO_RANKING, kind: 'prose', citations: [] }],
        abstained: true,
      },
      nearest: [],
    };
  const [named] = q.papers;
  if (named && AUTHORS_COUNTED.test(q.counted ?? ''))
    return { draft: authorCountAnswer(named), nearest: [] };
  switch (q.kind) {
    case 'count':
      return { draft: countAnswer(withFilters, search), nearest: [] };
    case 'topic-list':
      return {
        draft:
          withFilters.authors.length > 0
            ? authorPapersAnswer(withFilters, search)
            : topicListAnswer(withFilters, search),
        nearest: [],
      };
    case 'author-papers':
      return { draft: authorPapersAnswer(withFilters, search), nearest: [] };
    default:
      break;
  }
  const described = q.papers.length === 0 ? describedPaper(q, search) : undefined;
  const subject = q.papers.length > 0 ? q.papers : described ? [described] : [];
  if (subject.length === 0 && q.mentioned.length > 0)
    return { draft: mentionedOnly(q, q.mentioned), nearest: [] };
  const [paper] = subject;
  if (paper) {
    if (q.unstatedRole !== undefined)
      return { draft: sentenceAnswer(q, subject, search.papers), nearest: [] };
    switch (q.kind) {
      case 'who':
        return { draft: whoAnswer(paper), nearest: [] };
      case 'where':
        return { draft: whereAnswer(paper, q), nearest: [] };
      case 'when':
        return { draft: whenAnswer(paper, q), nearest: [] };
      case 'code':
        return { draft: codeAnswer(paper), nearest: [] };
      case 'category':
        return { draft: categoryAnswer(paper), nearest: [] };
      case 'comparison':
        return { draft: comparisonAnswer({ ...q, papers: subject }, search.papers), nearest: [] };
      case 'method':
        return { draft: methodAnswer(q, paper, search.papers), nearest: [] };
      default:
        if (OVERVIEW.test(q.text) && asksNoAttribute(q)) {
          const missing = attributeMissing(q, subject);
          return { draft: missing ?? overviewAnswer(paper), nearest: [] };
        }
        if (q.papers.length > 0 || q.kind !== 'figure')
          return { draft: sentenceAnswer(q, subject, search.papers), nearest: [] };
    }
  }
  const retrieval = retrieve(search, q.text, request.filters);
  if (retrieval.abstain || ['who', 'where', 'when', 'code', 'category'].includes(q.kind))
    return { draft: undefined, nearest: retrieval.nearest };
  const papers = retrieval.sources.map((s) => s.paper);
  return { draft: sentenceAnswer(q, papers, search.papers), nearest: retrieval.nearest };
}

/** Words that carry a conversation on rather than start another subject. */
const FOLLOW_UP =
  /^\s*(?:and|also|so|then|what about|how about)\b|\b(?:that|this|the same)\s*\??$|\bthat (?:one|paper)\b/i;

const EARLIER_VERSION =
  /\b(?:first|original|earlier|previous|older|prior|v1)\b.{0,12}\bversion\b|\bversion 1\b/i;
const LATER_VERSION = /\b(?:second|later|newer|next|latest|new|updated|v2)\b.{0,12}\bversion\b/i;

/**
 * "And the first version?" after MobileViTv2 is MobileViT: among the papers whose names
 * differ from the subject's only by a version number, the nearest one before (or after) it.
 */
function otherVersion(
  text: string,
  subject: readonly Paper[],
  papers: readonly Paper[],
): Paper[] | undefined {
  const earlier = EARLIER_VERSION.test(text);
  if (!earlier && !LATER_VERSION.test(text)) return undefined;
  const versions = versionedNames(papers);
  const [paper] = subject;
  // A paper is its latest name: the MobileViTv2 paper also defines MobileViT again.
  const [own] = versions.filter((v) => v.paper === paper).sort((a, b) => b.n - a.n);
  if (!own) return undefined;
  const [nearest] = versions
    .filter(
      (v) => v.paper !== paper && v.base === own.base && (earlier ? v.n < own.n : v.n > own.n),
    )
    .sort((a, b) => a.n - b.n);
  return nearest ? [nearest.paper] : undefined;
}

/** Each paper's own names split into a base and a version: MobileViTv2 is (mobilevit, 2), MobileViT (mobilevit, 1). */
function versionedNames(papers: readonly Paper[]): { paper: Paper; base: string; n: number }[] {
  const names = [...nameLexicon(papers).things.values()].flatMap((thing) =>
    [...thing.owners].map((paper) => ({ paper, name: thing.name })),
  );
  return names.map(({ paper, name }) => {
    const match = /^(.*?\p{L})[\s-]*v?(\d+)$/iu.exec(name);
    return match
      ? { paper, base: keyOf(match[1] ?? ''), n: Number(match[2]) }
      : { paper, base: keyOf(name), n: 1 };
  });
}

/** "The best paper", "your favourite one": a judgement no abstract states, unlike "the most accurate". */
const JUDGED = String.raw`(?:best|worst|greatest|coolest|most (?:important|influential|interesting|impressive)|favou?rite)`;
const WORKS = String.raw`(?:papers?|works?|ones?|publications?|studies)`;
/** "The best paper", and the judgement after the paper: "which paper is the most impressive?". */
const OPINION = new RegExp(
  String.raw`\b${JUDGED}\s+${WORKS}\b|\b${WORKS}\b(?:\s+(?:here|in the corpus|of (?:these|them)))?\s+(?:is|are|was|were)\s+(?:the\s+)?${JUDGED}\b`,
  'i',
);
const NO_RANKING =
  "The papers here don't say which of them is best: that is a judgement, not something an abstract states.";

/** "How many authors does X have": a count of one paper's byline, not of papers. */
const AUTHORS_COUNTED = /^(?:co-?)?(?:authors?|people|researchers|writers)\b/i;

/** "What is X?", "tell me about X", "what's the X paper about?": what the paper does. */
const OVERVIEW =
  /^\s*(?:(?:what(?:'s|’s| is| are)\s+(?:the\s+)?[^?]{1,60}?(?:\s+(?:paper|work|model|method))?(?:\s+about)?\s*\??\s*$)|tell me about\b|describe\b|explain\b|summari[sz]e\b)/i;

/** "What is OpenELM?" asks what the paper is; "what is the context length of Llama 3?" asks one thing about it. */
function asksNoAttribute(q: Question): boolean {
  return stemsOf(q.attribute ?? '').every((t) => GENERAL_ASKS.has(t));
}

function definedFilters(filters: SearchFilters | undefined): SearchFilters {
  return Object.fromEntries(
    Object.entries(filters ?? {}).filter(([key, value]) => value !== undefined && key !== 'author'),
  );
}

/** The conversation, if any, did not say which paper "it" is: guessing one would mislead. */
function isUnresolvedReference(question: Question, text: string): boolean {
  return (
    question.papers.length === 0 && question.authors.length === 0 && refersToUnnamedPaper(text)
  );
}

/** A greeting or thanks on its own, which no paper answers and none needs to. */
function smallTalkReply(text: string): string | undefined {
  const said = text
    // "@everyone hi", "<@123> thanks": whom it is said to is no part of what is said.
    .replace(/@(everyone|here)\b|<@[!&]?\d+>/gi, ' ')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (GREETING.test(said)) return SMALL_TALK_REPLY;
  if (THANKS.test(said)) return THANKS_REPLY;
  return undefined;
}

function declinedAside(
  request: AnswerRequest,
  text: string,
  aside: NonNullable<Answer['aside']>,
): Answer {
  return {
    question: request.question,
    kind: 'general',
    answer: text,
    segments: [{ text, kind: 'prose', citations: [] }],
    citations: [],
    abstained: true,
    mode: 'extractive',
    fallback: false,
    nearest: [],
    notes: [],
    cached: false,
    tokensUsed: 0,
    aside,
  };
}

/**
 * A paper the question names is answered from even when the filters leave it out (the
 * name is the more specific wish), and the answer says so rather than silently ignore them.
 */
function outsideFiltersNotes(
  question: Question,
  citations: readonly Citation[],
  request: AnswerRequest,
  search: PaperSearch,
): string[] {
  if (!request.filters || question.papers.length === 0) return [];
  const kept = search.filterFor(request.filters);
  const cited = new Set(citations.map((c) => c.id));
  const outside = question.papers.filter((paper) => cited.has(paper.id) && !kept(paper));
  if (outside.length === 0) return [];
  const names = outside.map((p) => `${p.shortName ?? p.title} (${p.year})`).join(', ');
  const [is, them] = outside.length === 1 ? ['is', 'it'] : ['are', 'them'];
  return [
    `${names} ${is} outside the filters you set; answered from ${them} because the question names ${them}.`,
  ];
}
