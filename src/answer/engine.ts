import { LRUCache } from 'lru-cache';
import { paperUrl } from '../corpus/links.js';
import type { Paper } from '../corpus/schema.js';
import type { Logger } from '../log.js';
import type { AnswerSegment, Citation } from '../reply.js';
import type { PaperSearch, SearchFilters } from '../search/engine.js';
import { describeError } from '../errors.js';
import { normalizeQuery, requireQuery } from '../search/text.js';
import { digest, type Digest } from './digest.js';
import { extractiveAnswer } from './extractive.js';
import { retrieve } from './retrieve.js';
import type { Answer, AnswerRequest, Source } from './types.js';

export const NOT_COVERED = 'None of the papers here cover that.';
export const MAX_QUESTION_LENGTH = 300;

/** What an LLM-backed answerer must provide; the engine falls back to extractive on any failure. */
export interface GenerativeAnswerer {
  readonly model: string;
  answer(
    question: string,
    sources: readonly Source[],
    request: AnswerRequest,
  ): Promise<{ segments: AnswerSegment[]; notes: string[]; tokensUsed: number }>;
  summarize?(paper: Paper, signal?: AbortSignal): Promise<{ digest: Digest; tokensUsed: number }>;
  stance?(
    claim: string,
    sources: readonly Source[],
    signal?: AbortSignal,
  ): Promise<{ stance: Stance; tokensUsed: number }>;
}

/** How the cited abstracts bear on a claim, as a model judges it. */
export type Stance = 'supports' | 'contradicts' | 'mixed' | 'unrelated';

export interface AnswerEngineOptions {
  search: PaperSearch;
  /** Identifies the corpus in cache keys, so another corpus never gets this one's answers. */
  corpusKey: string;
  log: Logger;
  llm?: GenerativeAnswerer | undefined;
  cacheSize?: number;
}

/** Keeps only citations of provided sources and numbers them 1..k in order of first use. */
export function renumber(
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

export function answerText(segments: readonly AnswerSegment[]): string {
  return segments.map((s) => `${s.text}${s.citations.map((n) => ` [${n}]`).join('')}`).join(' ');
}

export class AnswerEngine {
  private readonly cache: LRUCache<string, Answer>;

  constructor(private readonly options: AnswerEngineOptions) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 500 });
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
    const hit = this.cache.get(key);
    if (hit) return { ...hit, question, cached: true, tokensUsed: 0 };
    const answer = await this.answerFresh({ ...request, question });
    // A fallback answer is not what the user configured: let the next ask try the model again.
    if (!answer.notes.some((n) => n.startsWith('The language model'))) this.cache.set(key, answer);
    return answer;
  }

  private async answerFresh(request: AnswerRequest): Promise<Answer> {
    const retrieval = retrieve(this.options.search, retrievalQuery(request), request.filters);
    const base = {
      question: request.question,
      kind: 'general' as const,
      cached: false,
      tokensUsed: 0,
    };
    if (retrieval.abstain) {
      const nearest = retrieval.nearest.map((p) => ({ id: p.id, title: p.title, year: p.year }));
      return {
        ...base,
        answer: NOT_COVERED,
        segments: [{ text: NOT_COVERED, kind: 'prose', citations: [] }],
        citations: [],
        abstained: true,
        mode: this.mode,
        nearest,
        notes: [],
      };
    }
    let segments: AnswerSegment[] | undefined;
    let notes: string[] = [];
    let tokensUsed = 0;
    let mode: Answer['mode'] = 'extractive';
    if (this.options.llm && request.allowLlm !== false) {
      try {
        ({ segments, notes, tokensUsed } = await this.options.llm.answer(
          request.question,
          retrieval.sources,
          request,
        ));
        mode = 'llm';
      } catch (error) {
        this.options.log.warn(
          { err: describeError(error) },
          'LLM answer failed; using the built-in answer',
        );
        notes = [
          'The language model did not answer, so this is the built-in answer quoted from the abstracts.',
        ];
      }
    }
    segments ??= extractiveAnswer(request.question, retrieval);
    const { segments: numbered, citations } = renumber(segments, retrieval.sources);
    const abstained = numbered.every((s) => s.citations.length === 0);
    return {
      ...base,
      answer: abstained ? NOT_COVERED : answerText(numbered),
      segments: abstained ? [{ text: NOT_COVERED, kind: 'prose', citations: [] }] : numbered,
      citations: abstained ? [] : citations,
      abstained,
      mode,
      nearest: abstained
        ? retrieval.nearest.map((p) => ({ id: p.id, title: p.title, year: p.year }))
        : [],
      notes,
      tokensUsed,
    };
  }

  async summarize(
    paper: Paper,
    signal?: AbortSignal,
  ): Promise<{ digest: Digest; mode: Answer['mode']; notes: string[]; tokensUsed: number }> {
    const llm = this.options.llm;
    if (llm?.summarize) {
      try {
        const result = await llm.summarize(paper, signal);
        return { ...result, mode: 'llm', notes: [] };
      } catch (error) {
        this.options.log.warn(
          { err: describeError(error) },
          'LLM summary failed; using the built-in summary',
        );
        return {
          digest: digest(paper),
          mode: 'extractive',
          notes: [
            'The language model did not answer, so this summary is quoted from the abstract.',
          ],
          tokensUsed: 0,
        };
      }
    }
    return { digest: digest(paper), mode: 'extractive', notes: [], tokensUsed: 0 };
  }

  /**
   * Whether the papers an answer cites support or contradict a claim. Only a model can
   * judge that; without one, or if it fails, there is no verdict and the quotes speak.
   */
  async stance(
    claim: string,
    answer: Answer,
    signal?: AbortSignal,
  ): Promise<{ stance: Stance; tokensUsed: number } | undefined> {
    const llm = this.options.llm;
    if (!llm?.stance || answer.abstained) return undefined;
    const sources = answer.citations.flatMap((c) => {
      const paper = this.options.search.get(c.id);
      return paper ? [{ n: c.n, paper, coverage: 1 }] : [];
    });
    try {
      return await llm.stance(claim, sources, signal);
    } catch (error) {
      this.options.log.warn(
        { err: describeError(error) },
        'LLM stance failed; showing the quotes without a verdict',
      );
      return undefined;
    }
  }
}

/**
 * A follow-up ("and how much faster is it?") means little alone; the thread's last
 * question supplies the subject for retrieval, while the answer still addresses the follow-up.
 */
function retrievalQuery(request: AnswerRequest): string {
  const previous = request.history?.at(-1)?.question;
  return previous === undefined
    ? request.question
    : `${request.question} ${previous}`.slice(0, MAX_QUESTION_LENGTH);
}
