import type { Kysely } from 'kysely';
import type { Database } from './db/tables.js';

/** One answer as the team's records keep it. */
export interface AskedQuestion {
  userId: string;
  guildId?: string | undefined;
  question: string;
  kind: string;
  mode: 'llm' | 'extractive';
  abstained: boolean;
  /** Declined for a reason other than the papers (small talk, no paper named): no gap. */
  aside?: boolean | undefined;
  citedIds: readonly string[];
}

/** Questions asked in the same words, counted: what the papers do not answer well. */
interface Gap {
  question: string;
  /** Times the papers could not answer it. */
  unanswered: number;
  /** Times an answer to it was marked 👎. */
  downvoted: number;
  lastAt: string;
}

export type Verdict = 'up' | 'down';

/** What a vote did: a first vote, a changed one, or the same verdict again (not counted twice). */
export type VoteOutcome = 'new' | 'changed' | 'same';

export interface ReadingEntry {
  paperId: string;
  addedBy: string;
  addedAt: string;
  note: string | null;
  doneAt: string | null;
}

export interface Usage {
  /** Questions per ISO week (the week's Monday), oldest first. */
  perWeek: [week: string, questions: number][];
  answered: number;
  /** Questions the papers could not answer. */
  declined: number;
  /** Greetings, thanks and questions that did not say which paper: asked, but neither. */
  asides: number;
  /** Papers cited most, with how many answers cited them. */
  mostCited: [paperId: string, answers: number][];
}

/** The reading list is the team's, like the library: one list whatever server it is used from. */
const TEAM = '';

function questionKey(question: string): string {
  return question
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.]+$/, '')
    .trim();
}

/**
 * What the team learns by using the bot: the questions it asked (answered or not), the
 * answers it judged, and the papers it means to read.
 */
export class TeamRecords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records an answer given; its id is what 👍/👎 refer to. */
  async recordQuestion(asked: AskedQuestion): Promise<number> {
    const row = await this.db
      .insertInto('questions')
      .values({
        asked_at: this.clock().toISOString(),
        user_id: asked.userId,
        guild_id: asked.guildId ?? null,
        question: asked.question,
        question_key: questionKey(asked.question),
        kind: asked.kind,
        mode: asked.mode,
        abstained: asked.abstained ? 1 : 0,
        aside: asked.aside === true ? 1 : 0,
        cited: JSON.stringify(asked.citedIds),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /**
   * A 👍/👎 on a recorded answer, stored with what was asked and answered. Each person has one
   * vote per answer: a second click on the same verdict changes nothing, the other verdict
   * replaces the first. Undefined when there is no such answer.
   */
  async recordFeedback(vote: {
    questionId: number;
    userId: string;
    guildId?: string | undefined;
    verdict: Verdict;
  }): Promise<VoteOutcome | undefined> {
    const asked = await this.db
      .selectFrom('questions')
      .selectAll()
      .where('id', '=', vote.questionId)
      .executeTakeFirst();
    if (asked === undefined) return undefined;
    const earlier = await this.db
      .selectFrom('feedback')
      .select('verdict')
      .where('question_id', '=', asked.id)
      .where('user_id', '=', vote.userId)
      .executeTakeFirst();
    if (earlier?.verdict === vote.verdict) return 'same';
    const now = this.clock().toISOString();
    await this.db
      .insertInto('feedback')
      .values({
        created_at: now,
        user_id: vote.userId,
        guild_id: vote.guildId ?? null,
        question: asked.question,
        verdict: vote.verdict,
        question_id: asked.id,
        kind: asked.kind,
        mode: asked.mode,
        cited: asked.cited,
      })
      .onConflict((oc) =>
        oc
          .columns(['question_id', 'user_id'])
          .doUpdateSet({ verdict: vote.verdict, created_at: now }),
      )
      .execute();
    return earlier === undefined ? 'new' : 'changed';
  }

  /** Unanswered questions and 👎 answers, grouped by wording, newest first. */
  async gaps(limit = 25): Promise<Gap[]> {
    const unanswered = await this.db
      .selectFrom('questions')
      .select(['question', 'question_key', 'asked_at'])
      .where('abstained', '=', 1)
      .where('aside', '=', 0)
      .execute();
    const downvoted = await this.db
      .selectFrom('feedback')
      .select(['question', 'created_at'])
      .where('verdict', '=', 'down')
      .execute();
    const groups = new Map<string, Gap>();
    const count = (question: string, at: string, field: 'unanswered' | 'downvoted') => {
      const key = questionKey(question);
      const gap = groups.get(key) ?? { question, unanswered: 0, downvoted: 0, lastAt: at };
      gap[field] += 1;
      if (at >= gap.lastAt) Object.assign(gap, { question, lastAt: at });
      groups.set(key, gap);
    };
    for (const row of unanswered) count(row.question, row.asked_at, 'unanswered');
    for (const row of downvoted) count(row.question, row.created_at, 'downvoted');
    return [...groups.values()].sort((a, b) => b.lastAt.localeCompare(a.lastAt)).slice(0, limit);
  }

  /**
   * Adds a paper to the reading list. A paper already on it (to read or read) keeps its entry
   * as it is, note and adder included, and that entry is returned; undefined when added.
   */
  async addToReading(
    paperId: string,
    addedBy: string,
    note?: string,
  ): Promise<ReadingEntry | undefined> {
    const inserted = await this.db
      .insertInto('reading_list')
      .values({
        guild_id: TEAM,
        paper_id: paperId,
        added_by: addedBy,
        added_at: this.clock().toISOString(),
        note: note ?? null,
        done_at: null,
      })
      .onConflict((oc) => oc.columns(['guild_id', 'paper_id']).doNothing())
      .returning('paper_id')
      .executeTakeFirst();
    if (inserted !== undefined) return undefined;
    return this.readingEntry(paperId);
  }

  private async readingEntry(paperId: string): Promise<ReadingEntry | undefined> {
    return (await this.readingList()).find((entry) => entry.paperId === paperId);
  }

  /** Papers still to read first (oldest first), then those read. */
  async readingList(): Promise<ReadingEntry[]> {
    const rows = await this.db
      .selectFrom('reading_list')
      .selectAll()
      .where('guild_id', '=', TEAM)
      .execute();
    return rows
      .map((r) => ({
        paperId: r.paper_id,
        addedBy: r.added_by,
        addedAt: r.added_at,
        note: r.note,
        doneAt: r.done_at,
      }))
      .sort(
        (a, b) =>
          Number(a.doneAt !== null) - Number(b.doneAt !== null) ||
          a.addedAt.localeCompare(b.addedAt),
      );
  }

  /**
   * Marks a listed paper read. One read before keeps the day it was read, and says so;
   * undefined when the paper is not on the list.
   */
  async markRead(
    paperId: string,
  ): Promise<{ entry: ReadingEntry; alreadyRead: boolean } | undefined> {
    const result = await this.db
      .updateTable('reading_list')
      .set({ done_at: this.clock().toISOString() })
      .where('guild_id', '=', TEAM)
      .where('paper_id', '=', paperId)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    const entry = await this.readingEntry(paperId);
    return entry && { entry, alreadyRead: Number(result.numUpdatedRows) === 0 };
  }

  /** How the team used the bot over the last `weeks` weeks. */
  async usage(weeks = 12): Promise<Usage> {
    const since = new Date(this.clock().getTime() - weeks * 7 * 86_400_000).toISOString();
    const rows = await this.db
      .selectFrom('questions')
      .select(['asked_at', 'abstained', 'aside', 'cited'])
      .where('asked_at', '>=', since)
      .execute();
    const perWeek = new Map<string, number>();
    const cited = new Map<string, number>();
    let declined = 0;
    let asides = 0;
    for (const row of rows) {
      const week = weekOf(row.asked_at);
      perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
      if (row.aside === 1) asides += 1;
      else if (row.abstained === 1) declined += 1;
      for (const id of new Set(JSON.parse(row.cited) as string[]))
        cited.set(id, (cited.get(id) ?? 0) + 1);
    }
    return {
      perWeek: [...perWeek].sort((a, b) => a[0].localeCompare(b[0])),
      answered: rows.length - declined - asides,
      declined,
      asides,
      mostCited: [...cited].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5),
    };
  }
}

/** The Monday (UTC) of the week an ISO timestamp falls in, as YYYY-MM-DD. */
function weekOf(iso: string): string {
  const day = new Date(iso.slice(0, 10) + 'T00:00:00Z');
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}
