import type { Paper } from '../corpus/schema.js';
import type { SearchFilters } from '../search/engine.js';

export interface Citation {
  n: number;
  id: string;
  title: string;
  year: number;
  url: string | undefined;
}

/** One sentence of an answer: a verbatim quote from an abstract, or prose written by a model. */
export interface AnswerSegment {
  text: string;
  kind: 'quote' | 'prose' | 'unverified';
  citations: number[];
}

export interface AnswerRequest {
  question: string;
  filters?: SearchFilters | undefined;
  /** Earlier questions and answers of a thread, oldest first, for follow-ups. */
  history?: readonly { question: string; answer: string }[] | undefined;
  signal?: AbortSignal | undefined;
  /** False when the budget for model calls is spent: answer with the built-in answerer. */
  allowLlm?: boolean | undefined;
  /** Called with the text so far while an LLM streams. */
  onToken?: ((textSoFar: string) => void) | undefined;
}

/** What a question asks for; each kind is answered from the data that holds it. */
export type AnswerKind =
  | 'figure'
  | 'who'
  | 'when'
  | 'where'
  | 'code'
  | 'author-papers'
  | 'topic-list'
  | 'method'
  | 'comparison'
  | 'count'
  | 'category'
  | 'general';

export interface Answer {
  question: string;
  kind: AnswerKind;
  answer: string;
  segments: AnswerSegment[];
  citations: Citation[];
  abstained: boolean;
  mode: 'extractive' | 'llm';
  /**
   * The model was asked and failed, or wrote nothing that could be checked, so this is the
   * built-in answer in its place: not what the team configured, so it is not remembered and
   * the next ask tries the model again.
   */
  fallback: boolean;
  cached: boolean;
  /** When abstaining: the closest papers, offered as leads, not as support. */
  nearest: { id: string; title: string; year: number }[];
  /** Things the reader should know: a fallback happened, a figure could not be verified. */
  notes: string[];
  tokensUsed: number;
  /**
   * Nothing was answered for a reason other than the papers: a greeting or thanks, or a
   * question that has yet to say which paper it means. No gap in the papers, then.
   */
  aside?: 'small-talk' | 'unnamed-paper';
}

/** A retrieved abstract, numbered as the answer will cite it. */
export interface Source {
  n: number;
  paper: Paper;
  coverage: number;
}
