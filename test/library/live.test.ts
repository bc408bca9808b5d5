// The running bot's papers follow the library: an add is searchable at once in the process
// that made it, within a poll in every other process on the same database, and after a
// restart; a failed source changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseTarget } from '../../src/library/db/connect.js';
import { LiveLibrary } from '../../src/library/live.js';
import { createLogger } from '../../src/log.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../e2e/scholarly/standin.js';
import pg from 'pg';
import { describeEachEngine, dropSchema, POSTGRES_SKIPPED, POSTGRES_URL } from './databases.js';
import { seedPapers } from './fixtures.js';

let standIn: ScholarlyStandIn;
const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-live-'));
before(async () => (standIn = await startScholarlyStandIn()));
after(async () => {
  await standIn.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

async function appOn(t: TestContext, database: DatabaseTarget, pollMs = '50'): Promise<App> {
  const config = loadConfig({
    PAPERBOT_CACHE_DIR: cacheDir,
    ARXIV_API_URL: standIn.arxivUrl,
    ARXIV_REQUEST_INTERVAL_MS: '0',
    CROSSREF_API_URL: standIn.crossrefUrl,
    PAPERBOT_LIBRARY_POLL_MS: pollMs,
  });
  const app = await openApp({ ...config, database }, createLogger('silent'), seedPapers);
  t.after(() => app.close());
  return app;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 25) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`${what} did not happen within 5 s`);
}

const ids = (app: App) => app.search.papers.map((p) => p.id);

describeEachEngine('the app over the library', (engine) => {
  it('starts from the seed papers', async (t) => {
    const app = await appOn(t, engine.freshTarget(t));
    assert.deepEqual(
      ids(app),
      seedPapers().map((p) => p.id),
    );
  });

  it('finds a paper added by arXiv id as soon as the add returns', async (t) => {
    const app = await appOn(t, engine.freshTarget(t));
    const [result] = await app.library!.add([{ text: 'arXiv:2401.00001' }], { addedBy: 'test' });
    assert.equal(result?.status, 'added');
    assert.equal(app.search.resolvePaper('GlimmerNet').id, 'glimmernet');
    assert.equal(
      app.search.search({ query: 'sparse attention microcontrollers' })[0]?.paper.id,
      'glimmernet',
    );
  });

  it('shows another process’s add and removal within a poll, and keeps them across a restart', async (t) => {
    const target = engine.freshTarget(t);
    const replica = await appOn(t, target);
    const writer = await appOn(t, target);
    await writer.library!.add([{ text: '10.1234/tides.2023.7 2402.00002' }], { addedBy: 'test' });
    await eventually(
      () => ids(replica).includes('ripple-distillation-speech-models'),
      'the replica seeing the add',
    );
    const [lantern] = seedPapers();
    await writer.library!.remove(lantern!.id);
    await eventually(() => !ids(replica).includes(lantern!.id), 'the replica seeing the removal');

    await writer.close();
    const restarted = await appOn(t, target);
    assert.deepEqual(ids(restarted), ids(replica));
  });

  it('applies a change committed while it was loading the library, once it follows', async (t) => {
    const target = engine.freshTarget(t);
    const writer = await appOn(t, target);
    const config = { ...loadConfig({ PAPERBOT_CACHE_DIR: cacheDir }), database: target };
    const reader = await LiveLibrary.open(config, createLogger('silent'), seedPapers);
    t.after(() => reader.close());
    const since = await reader.latestChange();
    // Committed after the reader noted where the log was, before it follows: as while a
    // process indexes a large library.
    await writer.library!.add([{ text: '2401.00001' }], { addedBy: 'test' });
    const seen: string[] = [];
    await reader.follow((changes) => seen.push(...changes.put.map((p) => p.id)), since);
    assert.deepEqual(seen, ['glimmernet']);
  });

  it('keeps following the change log past a stored row it cannot read', async (t) => {
    const target = engine.freshTarget(t);
    const replica = await appOn(t, target);
    const writer = await appOn(t, target);
    const [lantern] = seedPapers();
    // Stored as an earlier version stored a title of only a zero-width space: cleaned to nothing.
    await writer.library!.library.add([{ ...lantern!, id: 'hollow', title: '', links: [] }], {
      source: 'list',
      addedBy: 'test',
    });
    await writer.library!.add([{ text: '2402.00002' }], { addedBy: 'test' });
    await eventually(
      () => ids(replica).includes('ripple-distillation-speech-models'),
      'the replica seeing the add after the unreadable row',
    );
    assert.equal(ids(replica).includes('hollow'), false);
    assert.equal(ids(writer).includes('ripple-distillation-speech-models'), true);

    await writer.library!.remove('hollow');
    const restarted = await appOn(t, target);
    assert.deepEqual(ids(restarted), ids(replica));
  });

  it('reports a DOI already there by title as a duplicate, and adds nothing twice', async (t) => {
    const app = await appOn(t, engine.freshTarget(t));
    const results = await app.library!.add([{ text: '10.1234/tides.2023.7' }], { addedBy: 'test' });
    assert.deepEqual(
      results.map((r) => [r.status, r.id]),
      [['duplicate', 'tidal-pooling-efficient-segmentation']],
    );
    assert.equal(app.search.papers.length, 3);
  });

  it('changes nothing when a source fails, and says why per item', async (t) => {
    const app = await appOn(t, engine.freshTarget(t));
    standIn.failNext({ kind: 'status', status: 503 });
    const results = await app.library!.add([{ text: '2401.00001 not-an-id' }], { addedBy: 'test' });
    assert.deepEqual(
      results.map((r) => r.status),
      ['failed', 'failed'],
    );
    assert.match(results[0]!.error!, /arXiv asks us to slow down/);
    assert.match(results[1]!.error!, /"not-an-id" is not an arXiv id/);
    assert.deepEqual(
      ids(app),
      seedPapers().map((p) => p.id),
    );
  });
});

/** Longer than any spec runs: a change the replica sees did not come from polling. */
const NEVER_POLLS = String(10 * 60_000);

describe(
  'replicas on PostgreSQL hear of changes by LISTEN/NOTIFY',
  { skip: POSTGRES_URL ? false : POSTGRES_SKIPPED },
  () => {
    const url = POSTGRES_URL ?? '';
    /** One schema for both processes; each its own application_name, to find its connections. */
    function targets(t: TestContext): {
      replica: DatabaseTarget;
      writer: DatabaseTarget;
      replicaName: string;
    } {
      const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
      t.after(() => dropSchema(url, schema));
      const named = (name: string) => {
        const withName = new URL(url);
        withName.searchParams.set('application_name', name);
        return { engine: 'postgres' as const, url: withName.toString(), schema };
      };
      const replicaName = `${schema}_replica`;
      return { replica: named(replicaName), writer: named(`${schema}_writer`), replicaName };
    }

    async function listenersOf(applicationName: string, terminate = false): Promise<number> {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ pid: number }>(
          `select pid${terminate ? ', pg_terminate_backend(pid)' : ''} from pg_stat_activity
            where application_name = $1 and query = 'listen paperbot_library'`,
          [applicationName],
        );
        return rows.length;
      } finally {
        await admin.end();
      }
    }

    /** Every connection the process has open: its pool's and its listener's. */
    async function terminateAllOf(applicationName: string): Promise<number> {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const { rows } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`,
          [applicationName],
        );
        return rows.length;
      } finally {
        await admin.end();
      }
    }

    it('keeps serving after every one of its connections is cut', async (t) => {
      const { replica: replicaTarget, writer: writerTarget, replicaName } = targets(t);
      const replica = await appOn(t, replicaTarget, NEVER_POLLS);
      const writer = await appOn(t, writerTarget, NEVER_POLLS);
      assert.ok((await terminateAllOf(replicaName)) >= 2, 'both pool and listener were connected');

      for (let waited = 0; (await listenersOf(replicaName)) === 0; waited += 50) {
        assert.ok(waited < 5000, 'the replica did not listen again within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await writer.library!.add([{ text: '2401.00001' }], { addedBy: 'test' });
      await eventually(() => ids(replica).includes('glimmernet'), 'the replica hearing of the add');
      assert.equal((await replica.library!.library.get('glimmernet'))?.id, 'glimmernet');
    });

    it('shows another process’s add without waiting for a poll', async (t) => {
      const { replica: replicaTarget, writer: writerTarget } = targets(t);
      const replica = await appOn(t, replicaTarget, NEVER_POLLS);
      const writer = await appOn(t, writerTarget, NEVER_POLLS);
      await writer.library!.add([{ text: '2401.00001' }], { addedBy: 'test' });
      await eventually(
        () =>
          replica.search.search({ query: 'sparse attention microcontrollers' })[0]?.paper.id ===
          'glimmernet',
        'the replica finding the paper',
      );
    });

    it('listens again after its connection is dropped, and catches up on what it missed', async (t) => {
      const { replica: replicaTarget, writer: writerTarget, replicaName } = targets(t);
      const replica = await appOn(t, replicaTarget, NEVER_POLLS);
      const writer = await appOn(t, writerTarget, NEVER_POLLS);
      assert.equal(await listenersOf(replicaName, true), 1);
      await writer.library!.add([{ text: '2401.00001' }], { addedBy: 'test' });
      await eventually(() => ids(replica).includes('glimmernet'), 'the replica catching up');

      for (let waited = 0; (await listenersOf(replicaName)) === 0; waited += 50) {
        assert.ok(waited < 5000, 'the replica did not listen again within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await writer.library!.add([{ text: '2402.00002' }], { addedBy: 'test' });
      await eventually(
        () => ids(replica).includes('ripple-distillation-speech-models'),
        'the replica hearing of the next add',
      );
    });
  },
);
