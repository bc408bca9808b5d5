import type pg from 'pg';
import type { Logger } from '../../log.js';

/** Every write to the library's papers notifies this channel, in the writing transaction. */
export const CHANGES_CHANNEL = 'paperbot_library';

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 30_000;

/**
 * A connection of its own that LISTENs for library changes, so a replica hears of a paper
 * another process added as soon as that transaction commits. Notifications are per database
 * and carry the writer's schema, so libraries in other schemas of the same database are not
 * heard. A dropped connection is reopened with a growing pause; meanwhile, and for anything
 * said while nobody listened, the change log's version check covers (LiveLibrary polls it, and
 * `onChange` is called on every (re)connect to catch up).
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  /** Whether a LISTEN is in place right now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Resolves once listening, or once the first attempt failed (retries go on behind). */
  async start(): Promise<void> {
    await this.connect();
  }

  private connect(): Promise<void> {
    this.retry = undefined;
    this.connecting = this.attempt().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    const { default: pg } = await import('pg');
    if (this.closed) return;
    const client = new pg.Client(this.config);
    let schema: string | undefined;
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      const pause = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
      this.failures += 1;
      this.log.warn(
        { err: error instanceof Error ? error.message : 'connection ended', retryInMs: pause },
        'library change listener lost its connection; polling until it is back',
      );
      this.retry = setTimeout(() => void this.connect(), pause);
      this.retry.unref();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload === schema) this.onChange();
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      schema = rows[0]?.schema;
      await client.query(`listen ${CHANGES_CHANNEL}`);
    } catch (error) {
      drop(error);
      return;
    }
    if (dropped) return;
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    this.failures = 0;
    this.onChange();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}
