import type { Kysely, Transaction } from 'kysely';
import { sql } from './db/kysely.js';
import { PaperSchema, type Paper } from '../corpus/schema.js';
import type { Logger } from '../log.js';
import type { LibraryDatabase } from './db/connect.js';
import { CHANGES_CHANNEL } from './db/listen.js';
import type { Database, PapersTable } from './db/tables.js';
import { identityOf, type PaperIdentity } from './identity.js';
import { readPublication, type Publication } from './publication.js';

/** Where a paper came from and who brought it. */
export interface Provenance {
  /** `seed`, `arxiv`, `crossref`, `bibtex` or `list`. */
  source: string;
  addedBy: string;
  /** When it was first added, for a restore; otherwise now. */
  addedAt?: string | undefined;
  /** What the BibTeX entry it came from said of where it was published. */
  publication?: Publication | undefined;
}

/** A paper with who added it, when, and from what: what `paperbot export` writes. */
type LibraryEntry = Paper & Provenance & { addedAt: string };

export type AddStatus = 'added' | 'updated' | 'duplicate';

/** What `remove` took out: for a row that could not be read, its id and what title it had. */
export type RemovedPaper = Pick<Paper, 'id' | 'title'>;

interface AddOutcome {
  status: AddStatus;
  /** The paper as the library now holds it (for a duplicate: the one already there). */
  paper: Paper;
}

/** What changed since a point in the change log: papers to (re)index and ids to drop. */
export interface LibraryChanges {
  seq: number;
  put: Paper[];
  removed: string[];
}

const PROGRESS_EVERY = 25;

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The team's papers in the database. It alone decides whether a paper is new, a duplicate
 * (same arXiv id, DOI or normalised title) or an update (a newer arXiv version), and every
 * write also lands in the change log that other processes follow.
 */
export class Library {
  /** Stored rows already reported unreadable: each is logged once per process, not every poll. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly database: LibraryDatabase,
    private readonly clock: () => Date = () => new Date(),
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  /**
   * A stored row as a paper, or undefined (with one warning per row) when it is not one: a row
   * an older version stored, or one edited by hand, must not keep the whole library from
   * loading. It stays in the database until `remove <id>` takes it out.
   */
  private read(id: string, json: string): Paper | undefined {
    const paper = readPaper(json);
    if (paper === undefined && !this.reported.has(id)) {
      this.reported.add(id);
      this.log?.warn(
        { paperId: id },
        `stored paper ${id} cannot be read as a paper and is skipped; remove ${id} takes it out`,
      );
    }
    return paper;
  }

  get engine(): LibraryDatabase['engine'] {
    return this.database.engine;
  }

  private get db(): Kysely<Database> {
    return this.database.db;
  }

  /** Fills an empty library; a replica racing another one to it adds nothing twice. */
  async seedIfEmpty(seed: () => readonly Paper[]): Promise<number> {
    const { count } = await this.db
      .selectFrom('papers')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count) > 0) return 0;
    const papers = seed();
    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const [i, paper] of papers.entries()) {
        await trx
          .insertInto('papers')
          .values(
            rowOf(paper, identityOf(paper), { source: 'seed', addedBy: 'paperbot' }, now, i + 1),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      await logChanges(
        trx,
        papers.map((p) => p.id),
        'put',
        now,
      );
      await this.notifyFollowers(trx);
    });
    return papers.length;
  }

  /** Every paper, in the order it was added. */
  async papers(): Promise<Paper[]> {
    const rows = await this.db
      .selectFrom('papers')
      .select(['id', 'paper'])
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.flatMap((row) => this.read(row.id, row.paper) ?? []);
  }

  /** Every paper with its provenance, in the order it was added. */
  async entries(): Promise<LibraryEntry[]> {
    const rows = await this.db
      .selectFrom('papers')
      .select(['id', 'paper', 'source', 'added_by', 'added_at', 'publication'])
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.flatMap((row) => {
      const paper = this.read(row.id, row.paper);
      const publication = readPublication(row.publication);
      return paper === undefined
        ? []
        : [
            {
              ...paper,
              addedBy: row.added_by,
              addedAt: row.added_at,
              source: row.source,
              ...(publication === undefined ? {} : { publication }),
            },
          ];
    });
  }

  /** Where the papers with these ids were published, for those whose BibTeX entry said. */
  async publications(ids: readonly string[]): Promise<Map<string, Publication>> {
    const found = new Map<string, Publication>();
    for (const chunk of chunked([...new Set(ids)], LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('papers')
        .select(['id', 'publication'])
        .where('id', 'in', chunk)
        .where('publication', 'is not', null)
        .execute();
      for (const row of rows) {
        const publication = readPublication(row.publication);
        if (publication !== undefined) found.set(row.id, publication);
      }
    }
    return found;
  }

  async get(id: string): Promise<Paper | undefined> {
    const json = await this.storedJson(id);
    return json === undefined ? undefined : this.read(id, json);
  }

  /** Whether a row with this id is stored but cannot be read as a paper (so no search has it). */
  async isUnreadable(id: string): Promise<boolean> {
    const json = await this.storedJson(id);
    return json !== undefined && readPaper(json) === undefined;
  }

  private async storedJson(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('papers')
      .select('paper')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.paper;
  }

  /**
   * Adds a batch in one transaction: all of it is stored, or (on a database error) none.
   * The papers it could duplicate are read up front and new ones are inserted a few dozen
   * rows at a time, so a 500-entry file costs tens of round trips rather than thousands (on
   * PostgreSQL each is a trip to the server).
   * `provenance` is one for the whole batch, or one per paper (a restore keeps each paper's).
   */
  async add(
    papers: readonly Paper[],
    provenance: Provenance | readonly Provenance[],
    onStored?: (done: number) => void,
  ): Promise<AddOutcome[]> {
    const now = this.clock().toISOString();
    const provenanceOf = (index: number): Provenance =>
      'source' in provenance ? provenance : provenance[index]!;
    return this.db.transaction().execute(async (trx) => {
      const identities = papers.map(identityOf);
      const known = new KnownPapers(await rowsLike(trx, identities));
      const taken = await takenIds(trx, papers);
      const pending: PapersTable[] = [];
      const flush = async () => {
        for (const rows of chunked(pending.splice(0), INSERT_ROWS)) {
          await trx.insertInto('papers').values(rows).execute();
          await logChanges(
            trx,
            rows.map((row) => row.id),
            'put',
            now,
          );
        }
      };
      const outcomes: AddOutcome[] = [];
      let position = await lastPosition(trx);
      for (const [i, paper] of papers.entries()) {
        const identity = identities[i]!;
        const existing = known.same(identity);
        if (existing === undefined) {
          position += 1;
          const stored = { ...paper, id: await freeId(trx, paper, taken) };
          const row = rowOf(stored, identity, provenanceOf(i), now, position);
          taken.add(stored.id);
          known.note(row);
          pending.push(row);
          outcomes.push({ status: 'added', paper: stored });
        } else if (isNewerVersion(identity, existing)) {
          // Rare: the row may still be waiting to be inserted, so those go first.
          await flush();
          const stored = { ...paper, id: existing.id };
          const changes = {
            paper: JSON.stringify(stored),
            title_key: identity.titleKey,
            arxiv_version: identity.arxivVersion ?? null,
            doi: existing.doi ?? identity.doi ?? null,
            updated_at: now,
          };
          await trx.updateTable('papers').set(changes).where('id', '=', existing.id).execute();
          await logChanges(trx, [stored.id], 'put', now);
          known.update(existing, changes);
          outcomes.push({ status: 'updated', paper: stored });
        } else {
          // A stored row that cannot be read still holds its id: the paper is reported under it.
          const stored = this.read(existing.id, existing.paper) ?? { ...paper, id: existing.id };
          outcomes.push({ status: 'duplicate', paper: stored });
        }
        if (outcomes.length % PROGRESS_EVERY === 0) {
          await flush();
          onStored?.(outcomes.length);
        }
      }
      await flush();
      onStored?.(outcomes.length);
      if (outcomes.some((o) => o.status !== 'duplicate')) await this.notifyFollowers(trx);
      return outcomes;
    });
  }

  /**
   * Removes a paper by id, and takes it off the reading list: an entry without its paper
   * could be neither shown as a paper nor exported. Undefined when there was none.
   */
  async remove(id: string): Promise<RemovedPaper | undefined> {
    const now = this.clock().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('papers')
        .where('id', '=', id)
        .returning('paper')
        .executeTakeFirst();
      if (row === undefined) return undefined;
      await trx.deleteFrom('reading_list').where('paper_id', '=', id).execute();
      await logChanges(trx, [id], 'remove', now);
      await this.notifyFollowers(trx);
      return readPaper(row.paper) ?? { id, title: titleOfUnreadable(row.paper) ?? id };
    });
  }

  /**
   * Tells PostgreSQL listeners (other replicas) that the change log grew. Sent inside the
   * writing transaction, so it is delivered on commit, when the change can be read, and not
   * at all on rollback. The payload names the schema: one database may hold several libraries.
   */
  private async notifyFollowers(trx: Transaction<Database>): Promise<void> {
    if (this.engine !== 'postgres') return;
    await sql`select pg_notify(${CHANGES_CHANNEL}, current_schema())`.execute(trx);
  }

  /** Who added a paper, when, and from what. */
  async provenanceOf(id: string): Promise<(Provenance & { addedAt: string }) | undefined> {
    const row = await this.db
      .selectFrom('papers')
      .select(['source', 'added_by', 'added_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { source: row.source, addedBy: row.added_by, addedAt: row.added_at };
  }

  /** The newest entry of the change log (0 when empty): where a follower starts. */
  async latestChange(): Promise<number> {
    const row = await this.db
      .selectFrom('paper_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** The net effect of the changes after `seq`: each paper's last change counts. */
  async changesSince(seq: number): Promise<LibraryChanges> {
    const changes = await this.db
      .selectFrom('paper_changes')
      .select(['seq', 'paper_id', 'change'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
    if (changes.length === 0) return { seq, put: [], removed: [] };
    const last = new Map<string, 'put' | 'remove'>();
    for (const change of changes) last.set(change.paper_id, change.change);
    const putIds = [...last].filter(([, change]) => change === 'put').map(([id]) => id);
    const rows =
      putIds.length === 0
        ? []
        : await this.db
            .selectFrom('papers')
            .select(['id', 'paper'])
            .where('id', 'in', putIds)
            // In library order, so a follower adds new papers where a fresh load would put them.
            .orderBy('position')
            .execute();
    const put: Paper[] = [];
    const present = new Set<string>();
    for (const row of rows) {
      const paper = this.read(row.id, row.paper);
      if (paper === undefined) continue;
      put.push(paper);
      present.add(row.id);
    }
    return {
      seq: Number(changes.at(-1)!.seq),
      put,
      // A put whose paper is gone was removed by a change newer than this read, and one whose
      // row cannot be read is no paper to search: the follower drops both.
      removed: [...last]
        .filter(([id, change]) => change === 'remove' || !present.has(id))
        .map(([id]) => id),
    };
  }
}

/** A stored row's paper, or undefined when the row is not valid JSON or not a valid paper. */
function readPaper(json: string): Paper | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = PaperSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The title an unreadable row still has, if any, for saying what `remove` took out. */
function titleOfUnreadable(json: string): string | undefined {
  try {
    const value: unknown = JSON.parse(json);
    const title = (value as { title?: unknown } | null)?.title;
    return typeof title === 'string' && title.trim() !== '' ? title : undefined;
  } catch {
    return undefined;
  }
}

function rowOf(
  paper: Paper,
  identity: PaperIdentity,
  provenance: Provenance,
  now: string,
  position: number,
): PapersTable {
  return {
    id: paper.id,
    title_key: identity.titleKey,
    arxiv_id: identity.arxivId ?? null,
    arxiv_version: identity.arxivVersion ?? null,
    doi: identity.doi ?? null,
    paper: JSON.stringify(paper),
    source: provenance.source,
    added_by: provenance.addedBy,
    added_at: provenance.addedAt ?? now,
    updated_at: now,
    position,
    publication:
      provenance.publication === undefined ? null : JSON.stringify(provenance.publication),
  };
}

async function lastPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom('papers')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  return Number(row?.position ?? 0);
}

/** At most this many values in one IN list or rows in one insert: SQLite caps a statement's parameters. */
const INSERT_ROWS = 50;
const LOOKUP_CHUNK = 300;

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

/** Stored papers sharing an arXiv id, DOI or normalised title with any of these, oldest first. */
async function rowsLike(db: Db, identities: readonly PaperIdentity[]): Promise<PapersTable[]> {
  const rows: PapersTable[] = [];
  for (const chunk of chunked(identities, LOOKUP_CHUNK)) {
    const arxivIds = chunk.map((i) => i.arxivId).filter(present);
    const dois = chunk.map((i) => i.doi).filter(present);
    const titleKeys = chunk.map((i) => i.titleKey).filter(present);
    rows.push(
      ...(await db
        .selectFrom('papers')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(arxivIds.length > 0 ? [eb('arxiv_id', 'in', arxivIds)] : []),
            ...(dois.length > 0 ? [eb('doi', 'in', dois)] : []),
            ...(titleKeys.length > 0 ? [eb('title_key', 'in', titleKeys)] : []),
          ]),
        )
        .orderBy('position')
        .execute()),
    );
  }
  return rows;
}

/**
 * The papers a batch could duplicate, stored before it or earlier in it: by arXiv id, then
 * DOI, then normalised title, as the library tells two records of one paper apart.
 */
class KnownPapers {
  private readonly byArxiv = new Map<string, PapersTable>();
  private readonly byDoi = new Map<string, PapersTable>();
  private readonly byTitle = new Map<string, PapersTable>();

  constructor(rows: readonly PapersTable[]) {
    for (const row of rows) this.note(row);
  }

  same(identity: PaperIdentity): PapersTable | undefined {
    const by = (map: Map<string, PapersTable>, value: string | undefined) =>
      present(value) ? map.get(value) : undefined;
    return (
      by(this.byArxiv, identity.arxivId) ??
      by(this.byDoi, identity.doi) ??
      by(this.byTitle, identity.titleKey)
    );
  }

  note(row: PapersTable): void {
    const keep = (map: Map<string, PapersTable>, value: string | null) => {
      if (value !== null && value !== '' && !map.has(value)) map.set(value, row);
    };
    keep(this.byArxiv, row.arxiv_id);
    keep(this.byDoi, row.doi);
    keep(this.byTitle, row.title_key);
  }

  update(row: PapersTable, changes: Partial<PapersTable>): void {
    if (this.byTitle.get(row.title_key) === row) this.byTitle.delete(row.title_key);
    Object.assign(row, changes);
    this.note(row);
  }
}

/** Which of the ids these papers would take (their slug, or the slug and year) are in use. */
async function takenIds(db: Db, papers: readonly Paper[]): Promise<Set<string>> {
  const candidates = [...new Set(papers.flatMap((p) => [p.id, `${p.id}-${p.year}`]))];
  const taken = new Set<string>();
  for (const chunk of chunked(candidates, LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('papers').select('id').where('id', 'in', chunk).execute();
    for (const row of rows) taken.add(row.id);
  }
  return taken;
}

function isNewerVersion(identity: PaperIdentity, existing: PapersTable): boolean {
  return (
    identity.arxivId !== undefined &&
    identity.arxivId === existing.arxiv_id &&
    (identity.arxivVersion ?? 0) > (existing.arxiv_version ?? 0)
  );
}

/**
 * The paper's slug, or the slug with its year (then a number) when another paper has it;
 * `taken` holds what the batch knows to be in use, numbered ids are looked up.
 */
async function freeId(db: Db, paper: Paper, taken: Set<string>): Promise<string> {
  if (!taken.has(paper.id)) return paper.id;
  const withYear = `${paper.id}-${paper.year}`;
  if (!taken.has(withYear)) return withYear;
  const inUse = async (id: string) =>
    taken.has(id) ||
    (await db.selectFrom('papers').select('id').where('id', '=', id).executeTakeFirst()) !==
      undefined;
  for (let n = 2; ; n += 1) {
    if (!(await inUse(`${withYear}-${n}`))) return `${withYear}-${n}`;
  }
}

async function logChanges(
  db: Db,
  ids: readonly string[],
  change: 'put' | 'remove',
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .insertInto('paper_changes')
    .values(ids.map((paper_id) => ({ paper_id, change, changed_at: now })))
    .execute();
}
