// Runs a database spec on every engine: SQLite always, PostgreSQL when TEST_DATABASE_URL names
// one. Each test gets a database of its own (a fresh SQLite file, or a fresh PostgreSQL
// schema), so test files running in parallel never see each other's rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type TestContext } from 'node:test';
import pg from 'pg';
import {
  openDatabase,
  type DatabaseTarget,
  type LibraryDatabase,
} from '../../src/library/db/connect.js';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'];

export const POSTGRES_SKIPPED =
  'PostgreSQL skipped: TEST_DATABASE_URL is not set (SQLite ran; .ci/run sets it when a local server answers)';

interface EngineUnderTest {
  name: 'SQLite' | 'PostgreSQL';
  /** A place for a database that outlives one connection (restarts), removed after the test. */
  freshTarget(t: TestContext): DatabaseTarget;
  /** An open, migrated, empty database, closed and removed after the test. */
  freshDatabase(t: TestContext): Promise<LibraryDatabase>;
}

const sqliteEngine: EngineUnderTest = {
  name: 'SQLite',
  freshTarget(t) {
    const dir = mkdtempSync(join(tmpdir(), 'paperbot-db-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return { engine: 'sqlite', file: join(dir, 'paperbot.sqlite') };
  },
  freshDatabase(t) {
    return openAndCloseAfter(t, this.freshTarget(t));
  },
};

function postgresEngine(url: string): EngineUnderTest {
  return {
    name: 'PostgreSQL',
    freshTarget(t) {
      const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
      t.after(() => dropSchema(url, schema));
      return { engine: 'postgres', url, schema };
    },
    freshDatabase(t) {
      return openAndCloseAfter(t, this.freshTarget(t));
    },
  };
}

async function openAndCloseAfter(t: TestContext, target: DatabaseTarget): Promise<LibraryDatabase> {
  const library = await openDatabase(target);
  t.after(() => library.close());
  return library;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

/** `describe(name)` once per engine; the PostgreSQL copy says plainly why it was skipped. */
export function describeEachEngine(name: string, body: (engine: EngineUnderTest) => void): void {
  describe(`${name} [SQLite]`, () => body(sqliteEngine));
  if (POSTGRES_URL === undefined || POSTGRES_URL === '') {
    describe(`${name} [PostgreSQL]`, { skip: POSTGRES_SKIPPED }, () => {});
  } else {
    const engine = postgresEngine(POSTGRES_URL);
    describe(`${name} [PostgreSQL]`, () => body(engine));
  }
}
