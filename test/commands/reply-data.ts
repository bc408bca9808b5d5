// The machine-readable `data` of replies as scripts read it (`--json`, `--stdin`), written out
// here rather than imported from commands/, so a change to what commands emit fails the specs.
export interface ErrorData {
  error: { code: string; message: string; suggestions: string[] };
}

export interface SearchData {
  query: string;
  total: number;
  belowFloor: number;
  page: number;
  author?: { name: string; known: boolean; closest?: string[] };
  results: {
    id: string;
    title: string;
    authors: string[];
    year: number;
    category: string;
    score: number;
    snippet: string;
  }[];
}

export interface AskData {
  question: string;
  answer: string;
  citations: { n: number; id: string; title: string; year: number; url: string }[];
  abstained: boolean;
  mode: string;
  cached: boolean;
}

/** The keys of each, in the order scripts see them. */
export const SEARCH_RESULT_KEYS = [
  'id',
  'title',
  'authors',
  'year',
  'category',
  'score',
  'snippet',
] as const;
export const ASK_KEYS = [
  'question',
  'kind',
  'answer',
  'citations',
  'abstained',
  'mode',
  'cached',
] as const;
export const CITATION_KEYS = ['n', 'id', 'title', 'year', 'url'] as const;
