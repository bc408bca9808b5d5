// The running bot's papers follow the library: an add is searchable at once in the process
// that made it, within a poll in every other process on the same database, and after a
// restart; a failed source changes nothing.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseTarget } from '../../src/library/db/connect.js';
import { createLogger } from '../../src/log.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../e2e/scholarly/standin.js';
import { describeEachEngine } from './databases.js';
import { seedPapers } from './fixtures.js';

let standIn: ScholarlyStandIn;
const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-live-'));
before(async () => (standIn = await startScholarlyStandIn()));
after(async () => {
  await standIn.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

async function appOn(t: TestContext, database: DatabaseTarget): Promise<App> {
  const config = loadConfig({
    PAPERBOT_CACHE_DIR: cacheDir,
    ARXIV_API_URL: standIn.arxivUrl,
    ARXIV_REQUEST_INTERVAL_MS: '0',
    CROSSREF_API_URL: standIn.crossrefUrl,
    PAPERBOT_LIBRARY_POLL_MS: '50',
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
