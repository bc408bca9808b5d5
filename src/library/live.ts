import type { Config } from '../config.js';
import type { Paper } from '../corpus/schema.js';
import type { Logger } from '../log.js';
import { ArxivSource } from '../sources/arxiv.js';
import { CrossrefSource } from '../sources/crossref.js';
import type { RemoteSources, SourceInput } from '../sources/index.js';
import { openDatabase, redactedUrl, type LibraryDatabase } from './db/connect.js';
import type { ChangeListener } from './db/listen.js';
import { importPapers, type ImportOptions, type ImportResult } from './import.js';
import { Library, type LibraryChanges, type RemovedPaper } from './library.js';
import { DatabaseAnswerCache, DatabaseGuardStore } from './shared-state.js';
import { TeamRecords } from './team.js';

/** While PostgreSQL tells of every change, the version check is only a safety net. */
const LISTENING_POLL_MS = 10_000;

/**
 * The library as a running process uses it: the database, the outside sources, and a
 * follower of the change log, so writes by this process, the CLI or another replica all
 * reach the search: at once for this process's own writes, on NOTIFY with PostgreSQL, and
 * otherwise within one poll of the change log's version.
 */
export class LiveLibrary {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private listener: ChangeListener | undefined;
  private lastPoll = 0;
  private polling: Promise<void> | undefined;
  private nextPoll: Promise<void> | undefined;
  private onChange: ((changes: LibraryChanges) => void) | undefined;
  /** The cost guard's counters, shared by every process on this database. */
  readonly guardStore: DatabaseGuardStore;
  /** What the model already wrote, shared by every process on this database. */
  readonly answerCache: DatabaseAnswerCache;
  /** Questions asked, feedback and the reading list. */
  readonly team: TeamRecords;

  private constructor(
    private readonly database: LibraryDatabase,
    readonly library: Library,
    readonly sources: RemoteSources,
    /** Where the library lives, without secrets: for logs and the index cache's name. */
    readonly location: string,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {
    this.guardStore = new DatabaseGuardStore(database.db);
    this.answerCache = new DatabaseAnswerCache(database.db);
    this.team = new TeamRecords(database.db);
  }

  static async open(
    config: Config,
    log: Logger,
    seed: () => readonly Paper[],
  ): Promise<LiveLibrary> {
    const database = await openDatabase(config.database, log);
    const library = new Library(database, undefined, log);
    try {
      const seeded = await library.seedIfEmpty(seed);
      if (seeded > 0) log.info({ papers: seeded }, 'library seeded from the bundled papers');
    } catch (error) {
      await database.close();
      throw error;
    }
    const location =
      config.database.engine === 'sqlite' ? config.database.file : redactedUrl(config.database.url);
    const sources = {
      arxiv: new ArxivSource({
        apiUrl: config.library.arxivApiUrl,
        minIntervalMs: config.library.arxivIntervalMs,
      }),
      crossref: new CrossrefSource(config.library.crossrefApiUrl),
    };
    return new LiveLibrary(database, library, sources, location, config.library.pollMs, log);
  }

  /** Where the change log is now: read before the papers, it is where following them starts. */
  latestChange(): Promise<number> {
    return this.library.latestChange();
  }

  /**
   * Starts following the change log after `since` (a `latestChange()` read before the papers
   * were), applying at once what changed in between: a process loading a large library
   * takes seconds, and a change committed meanwhile must not be lost for its whole life.
   * A change applied twice (committed between that read and the papers') is harmless: a
   * paper put again replaces itself, and one removed again is already gone.
   */
  async follow(onChange: (changes: LibraryChanges) => void, since: number): Promise<void> {
    this.seq = since;
    this.onChange = onChange;
    this.listener = this.database.listen?.(() => void this.poll(), this.log);
    await this.listener?.start();
    // Ticks at the poll interval, so polling is back at its pace as soon as a listener drops.
    this.timer = setInterval(() => {
      const heard = this.listener?.listening === true;
      if (!heard || performance.now() - this.lastPoll >= LISTENING_POLL_MS) void this.poll();
    }, this.pollMs);
    this.timer.unref();
    await this.poll();
  }

  /**
   * Applies whatever changed up to now. A look already under way may have read the log
   * before the change being asked about committed, so a call during one gets the next look,
   * which every call arriving meanwhile shares.
   */
  poll(): Promise<void> {
    if (this.polling) {
      this.nextPoll ??= this.polling.then(() => {
        this.nextPoll = undefined;
        return this.poll();
      });
      return this.nextPoll;
    }
    this.polling = this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (this.onChange === undefined) return;
    this.lastPoll = performance.now();
    try {
      const changes = await this.library.changesSince(this.seq);
      if (changes.seq === this.seq) return;
      this.seq = changes.seq;
      this.onChange(changes);
    } catch (error) {
      this.log.warn({ err: error }, 'could not read the library change log; will retry');
    }
  }

  /** Adds papers from ids, DOIs, BibTeX or lists; searchable when this resolves. */
  async add(inputs: readonly SourceInput[], options: ImportOptions): Promise<ImportResult[]> {
    const results = await importPapers(this.library, this.sources, inputs, options);
    await this.poll();
    return results;
  }

  async remove(id: string): Promise<RemovedPaper | undefined> {
    const removed = await this.library.remove(id);
    await this.poll();
    return removed;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.onChange = undefined;
    await this.listener?.close();
    await this.nextPoll;
    await this.polling;
    await this.database.close();
  }
}
