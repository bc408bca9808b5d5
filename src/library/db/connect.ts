import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type { DatabaseIntrospector, MigrationResult, TableMetadata } from 'kysely';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from './kysely.js';
import type pg from 'pg';
import { MIGRATIONS } from './migrations/index.js';
import { PASSWORD_PARAMETER } from '../../config.js';
import { makeDirectory } from '../../directories.js';
import type { Logger } from '../../log.js';
import { ChangeListener } from './listen.js';
import type { Database } from './tables.js';

/** Where the library lives: an embedded SQLite file (`:memory:` for tests) or a PostgreSQL server. */
export type DatabaseTarget =
  | { engine: 'sqlite'; file: string }
  | {
      engine: 'postgres';
      url: string;
      /** Tables go into this schema (created if missing) instead of `public`; tests use one each. */
      schema?: string;
    };

export interface LibraryDatabase {
  db: Kysely<Database>;
  engine: DatabaseTarget['engine'];
  close(): Promise<void>;
  /** PostgreSQL only: a connection of its own that hears other processes' library changes. */
  listen?(onChange: () => void, log: Logger): ChangeListener;
}

export class DatabaseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/**
 * PostgreSQL did not answer (down, starting, a wrong host or port, the network): the
 * environment failed, not the invocation, which may well succeed once the server is back.
 */
export class DatabaseUnreachableError extends DatabaseError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnreachableError';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the database and brings its schema up to date before anyone uses it. `log` hears of
 * PostgreSQL connections lost while the process runs.
 */
export async function openDatabase(target: DatabaseTarget, log?: Logger): Promise<LibraryDatabase> {
  if (target.engine === 'postgres') {
    const connection = connectionOf(target);
    const db = await openPostgres(target, connection, log);
    const database = await migrated(db, target.engine, () => migrateToLatest(db, target.schema));
    const listener = { ...connection, keepAlive: true };
    return {
      ...database,
      listen: (onChange, log) => new ChangeListener(listener, onChange, log),
    };
  }
  try {
    const sqlite = openSqlite(target.file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return await migrated(db, target.engine, () => migrateSqliteToLatest(sqlite, db));
  } catch (error) {
    throw sqliteFailure(target.file, error);
  }
}

/**
 * What went wrong with the library's file, in one line that names it: better-sqlite3's own
 * errors (SQLITE_NOTADB for a file that is not a database, SQLITE_READONLY_DIRECTORY where
 * WAL cannot write beside it) would reach the person as a stack trace.
 */
function sqliteFailure(file: string, error: unknown): unknown {
  if (error instanceof DatabaseError) return error;
  const { code = '' } = (error ?? {}) as { code?: string };
  const reason = (error as Error | undefined)?.message ?? String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return new DatabaseError(
      `the library file ${file} is not an SQLite database or is damaged (${reason}): move it aside and paperbot starts a new library`,
      { cause: error },
    );
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    /^E[A-Z]+$/.test(code)
  )
    return new DatabaseError(
      `cannot open the library file ${file} for writing (${reason}): paperbot needs to write the file and the folder it is in (PAPERBOT_DATA_DIR)`,
      { cause: error },
    );
  return error;
}

async function migrated(
  db: Kysely<Database>,
  engine: DatabaseTarget['engine'],
  migrate: () => Promise<unknown>,
): Promise<LibraryDatabase> {
  try {
    await migrate();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine, close: () => db.destroy() };
}

const BUSY_TIMEOUT_MS = 5000;
const LOCK_RETRY_MS = 20;

/**
 * Kysely's migration lock is a no-op on SQLite, so two processes opening a fresh file at once
 * would both create the tables. The write lock of one immediate transaction around the
 * migrations stands in for it: the second process waits, then finds them applied. The lock
 * is awaited, not waited for in SQLite's busy handler, so the event loop keeps running.
 */
async function migrateSqliteToLatest(sqlite: SQLite.Database, db: Kysely<Database>): Promise<void> {
  sqlite.pragma('busy_timeout = 0');
  try {
    for (const deadline = Date.now() + BUSY_TIMEOUT_MS; ;) {
      try {
        sqlite.exec('begin immediate');
        break;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline)
          throw new DatabaseError(
            `another process kept the SQLite file busy: ${(error as Error).message}`,
            { cause: error },
          );
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  try {
    await migrateToLatest(db);
    sqlite.exec('commit');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw error;
  }
}

function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') makeDirectory(dirname(file));
  const sqlite = new SQLite(file);
  try {
    // WAL lets the bot read while a CLI `paperbot add` writes; the timeout rides out that write
    // (and another process switching a fresh file to WAL).
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

async function openPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  connection: pg.ClientConfig,
  log: Logger | undefined,
): Promise<Kysely<Database>> {
  const schema = target.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new DatabaseError(`"${schema}" is not a plain schema name`);
  }
  // Loaded here: most installations never leave SQLite, and pg's modules cost every start.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ ...connection, max: 5, types: numericInt8(pg) });
  survivesLostConnections(pool, log);
  try {
    const client = await pool.connect();
    try {
      if (schema !== undefined) await createSchema(client, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    const reason = (error as Error).message;
    throw unreachable(error)
      ? new DatabaseUnreachableError(
          `cannot reach PostgreSQL at ${redactedUrl(target.url)}: ${reason}`,
          { cause: error },
        )
      : new DatabaseError(`PostgreSQL at ${redactedUrl(target.url)} refused paperbot: ${reason}`, {
          cause: error,
        });
  }
  return new Kysely<Database>({ dialect: new OneSchemaPostgresDialect({ pool }) });
}

/**
 * A connection cut under the pool (a server restart, pg_terminate_backend, a network drop)
 * makes its client emit 'error', and an 'error' nobody listens to ends the process. Each
 * client gets a listener of its own, since one in use (mid-query, or between a
 * transaction's statements) has none of the pool's; the pool then drops it and opens a new
 * one for the next query. The pool re-emits an idle client's error, already logged here.
 */
function survivesLostConnections(pool: pg.Pool, log: Logger | undefined): void {
  pool.on('connect', (client) => {
    client.on('error', (error: Error & { code?: string }) => {
      log?.warn(
        { err: error.message, code: error.code },
        'a PostgreSQL connection of the library was lost; the next query opens a new one',
      );
    });
  });
  pool.on('error', () => undefined);
}

/** Failures of the network or of a server that cannot take connections right now. */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** SQLSTATE 57P01–57P05 (shutting down, starting up…) and 53300 (too many connections). */
const BUSY_SERVER = /^57P0\d$|^53300$/;
/** pg's own words for a connection that timed out or was cut before it was established. */
const CUT_OFF =
  /connection timeout|timeout exceeded when trying to connect|terminated unexpectedly/i;

function unreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_ERRORS.has(code) || BUSY_SERVER.test(code))) return true;
  return CUT_OFF.test(error.message) || unreachable(error.cause);
}

function connectionOf(target: Extract<DatabaseTarget, { engine: 'postgres' }>): pg.ClientConfig {
  return {
    ...tlsOf(target.url),
    connectionTimeoutMillis: 5000,
    ...(target.schema === undefined ? {} : { options: `-c search_path=${target.schema}` }),
  };
}

/** libpq's modes, then pg's own no-verify, which is accepted but not offered. */
const SSL_MODES = [
  'disable',
  'allow',
  'prefer',
  'require',
  'verify-ca',
  'verify-full',
  'no-verify',
] as const;
type SslMode = (typeof SSL_MODES)[number];

/** The certificate files a URL may name, as libpq spells them, and as Node's TLS takes them. */
const SSL_FILES = { sslrootcert: 'ca', sslcert: 'cert', sslkey: 'key' } as const;

/**
 * `sslmode` as libpq reads it, since the same DATABASE_URL goes to psql and pg_dump (README).
 * pg 8 reads prefer, require and verify-ca as verify-full, warning on stderr that pg 9 will
 * read them as libpq does; so the URL reaches pg without its TLS parameters, and the TLS
 * options they mean are given to pg explicitly. A URL without sslmode is left to pg.
 */
function tlsOf(url: string): Pick<pg.ClientConfig, 'connectionString' | 'ssl'> {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const mode = parsed?.searchParams.get('sslmode');
  if (!parsed || mode === null || mode === undefined) return { connectionString: url };
  if (!(SSL_MODES as readonly string[]).includes(mode))
    throw new DatabaseError(
      `DATABASE_URL sslmode=${mode} is not one of ${SSL_MODES.slice(0, -1).join(', ')}`,
    );
  const files: { ca?: string; cert?: string; key?: string } = {};
  for (const [parameter, option] of Object.entries(SSL_FILES)) {
    const path = parsed.searchParams.get(parameter);
    // libpq's sslrootcert=system: the authorities the system trusts, which Node uses by default.
    if (path !== null && !(parameter === 'sslrootcert' && path === 'system'))
      files[option] = readSslFile(parameter, path);
  }
  for (const parameter of ['sslmode', 'uselibpqcompat', 'ssl', ...Object.keys(SSL_FILES)])
    parsed.searchParams.delete(parameter);
  return { connectionString: parsed.toString(), ssl: sslOptions(mode as SslMode, files) };
}

function sslOptions(mode: SslMode, files: { ca?: string }): pg.ClientConfig['ssl'] {
  switch (mode) {
    // libpq's allow tries without TLS first, then with it; pg cannot try twice.
    case 'disable':
    case 'allow':
      return false;
    // libpq's prefer falls back to no TLS where the server has none; pg cannot.
    case 'prefer':
    case 'no-verify':
      return { ...files, rejectUnauthorized: false };
    // With a root certificate, libpq's require checks the chain, as verify-ca does.
    case 'require':
      return files.ca === undefined
        ? { ...files, rejectUnauthorized: false }
        : { ...files, checkServerIdentity: () => undefined };
    case 'verify-ca':
      // Against the public authorities Node trusts, a chain check without the host name would
      // accept a certificate anyone can get for a name of their own.
      if (files.ca === undefined)
        throw new DatabaseError(
          'DATABASE_URL sslmode=verify-ca needs sslrootcert=<the CA file>; or use sslmode=verify-full',
        );
      return { ...files, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ...files };
  }
}

function readSslFile(parameter: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DatabaseError(
      `DATABASE_URL ${parameter}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      { cause: error },
    );
  }
}

const UNIQUE_VIOLATION = '23505';

/** `if not exists` still races: a replica creating the schema at the same moment wins, and that is fine. */
async function createSchema(client: pg.PoolClient, schema: string): Promise<void> {
  try {
    await client.query(`create schema if not exists ${schema}`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
  }
}

/** Counts and serial keys are int8; as numbers they read the same as SQLite's. */
function numericInt8(pg: typeof import('pg').default): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, Number);
  return types;
}

/**
 * Applies the migrations not yet run, under Kysely's lock, so replicas starting together
 * migrate once. The bookkeeping tables live in `schema` when one is given: Kysely looks for
 * them by name across all schemas otherwise.
 */
async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new DatabaseError(
      `the database could not be brought up to date (${failed}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return results;
}

/**
 * Kysely's PostgreSQL introspection, which its migrator uses to find its own tables, reads
 * every schema's columns through functions that look each relation up again by name, so a
 * schema, table or column another process drops mid-scan fails the scan (3F000, 42P01, 42703).
 * The migrator only needs the names of the tables where ours are created: reading those from
 * the catalog alone cannot race.
 */
class OneSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db, super.createIntrospector(db));
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<unknown>,
    private readonly everySchema: DatabaseIntrospector,
  ) {}

  getSchemas() {
    return this.everySchema.getSchemas();
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, ns.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')`.execute(this.db);
    return rows.map(({ name, schema, kind }) => ({
      name,
      schema,
      isView: kind === 'v',
      columns: [],
    }));
  }

  async getMetadata() {
    return { tables: await this.getTables() };
  }
}

/** The URL without its passwords, fit for an error message. */
export function redactedUrl(url: string): string {
  if (!URL.canParse(url)) return 'the configured DATABASE_URL';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = 'redacted';
  for (const name of [...parsed.searchParams.keys()])
    if (PASSWORD_PARAMETER.test(name)) parsed.searchParams.set(name, 'redacted');
  return parsed.toString();
}
