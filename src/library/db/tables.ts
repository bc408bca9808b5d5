import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it: one interface per table, in the shape both engines return.
 * Timestamps are ISO 8601 UTC text, which sorts and compares the same in SQLite and PostgreSQL.
 */
export interface Database {
  papers: PapersTable;
  paper_changes: PaperChangesTable;
  feedback: FeedbackTable;
  questions: QuestionsTable;
  reading_list: ReadingListTable;
  guard_claims: GuardClaimsTable;
  guard_spent: GuardSpentTable;
  answer_cache: AnswerCacheTable;
}

export interface PapersTable {
  /** The paper's slug, as search and commands know it. */
  id: string;
  /** `normaliseTitle(title)`: the last resort for recognising the same paper from two sources. */
  title_key: string;
  /** Without version: `2407.14057`, `hep-th/9901001`. */
  arxiv_id: string | null;
  arxiv_version: number | null;
  /** Lower case, without the resolver prefix: `10.1109/cvpr.2016.90`. */
  doi: string | null;
  /** The whole `Paper` as JSON, so the schema of a paper can grow without a migration. */
  paper: string;
  /** Where it came from: `seed`, `arxiv`, `crossref`, `bibtex`, `list`. */
  source: string;
  added_by: string;
  added_at: string;
  updated_at: string;
  /** Order of addition: the seed keeps its file's order, later papers follow. */
  position: number;
  /** A `Publication` as JSON: what a BibTeX entry said of where the paper appeared. */
  publication: string | null;
}

/** Every write to `papers`, in order, so other processes can follow the library. */
interface PaperChangesTable {
  seq: Generated<number>;
  paper_id: string;
  change: 'put' | 'remove';
  changed_at: string;
}

/** A 👍/👎 on an answer, with what the answer was; one per person and answer. */
interface FeedbackTable {
  id: Generated<number>;
  created_at: string;
  user_id: string;
  guild_id: string | null;
  question: string;
  verdict: 'up' | 'down';
  question_id: number | null;
  kind: string | null;
  mode: string | null;
  /** The cited paper ids as a JSON array. */
  cited: string | null;
}

/** Every question answered by /ask, its thread follow-ups and the chat: usage and gaps. */
interface QuestionsTable {
  id: Generated<number>;
  asked_at: string;
  user_id: string;
  guild_id: string | null;
  question: string;
  /** Lower case, spaces collapsed, end punctuation dropped: one key per way of asking. */
  question_key: string;
  kind: string;
  mode: 'llm' | 'extractive';
  /** 1 when the papers could not answer it. */
  abstained: number;
  /** 1 when declined for a reason other than the papers (see Answer.aside): no gap. */
  aside: number;
  /** The cited paper ids as a JSON array. */
  cited: string;
}

/** The team's reading list (`guild_id` is '' : one list per library, like the papers). */
interface ReadingListTable {
  guild_id: string;
  paper_id: string;
  added_by: string;
  added_at: string;
  note: string | null;
  done_at: string | null;
}

/** The last recorded use of a cooldown key (`cooldown:<user>`), in epoch milliseconds. */
interface GuardClaimsTable {
  key: string;
  last_use_ms: number;
  /** When the row no longer holds anyone back and may be deleted. */
  expires_ms: number;
}

/** Model tokens spent under a budget key (`budget:guild:<id>:<day>`). */
interface GuardSpentTable {
  key: string;
  tokens: number;
  expires_ms: number;
}

/** Answers, summaries and verdicts a model already wrote, by a hash of what was asked. */
interface AnswerCacheTable {
  key: string;
  /** The cached value as JSON. */
  value: string;
  expires_ms: number;
}
