// State replicas share through the database: the cost guard's cooldowns and budgets, and the
// answers a model already wrote. Several stores on one database stand for several replicas.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openDatabase } from '../../src/library/db/connect.js';
import { DatabaseAnswerCache, DatabaseGuardStore } from '../../src/library/shared-state.js';
import { UsageGuard } from '../../src/guard.js';
import { describeEachEngine } from './databases.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const WINDOW_MS = 10_000;

describeEachEngine('the guard store in the database', (engine) => {
  it('lets one use of a key through per window, however many replicas try at once', async (t) => {
    const target = engine.freshTarget(t);
    const replicas = [await openDatabase(target), await openDatabase(target)];
    t.after(() => Promise.all(replicas.map((r) => r.close())));
    const stores = replicas.map((r) => new DatabaseGuardStore(r.db));
    const waits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 2]!.claim('cooldown:ada', WINDOW_MS, T0)),
    );
    assert.equal(waits.filter((w) => w === 0).length, 1);
    assert.ok(waits.every((w) => w === 0 || w === WINDOW_MS));
  });

  it('says how long is left, and lets the key through again once the window has passed', async (t) => {
    const store = new DatabaseGuardStore((await engine.freshDatabase(t)).db);
    assert.equal(await store.claim('cooldown:ada', WINDOW_MS, T0), 0);
    assert.equal(await store.claim('cooldown:ada', WINDOW_MS, T0 + 3_000), 7_000);
    assert.equal(await store.claim('cooldown:bob', WINDOW_MS, T0 + 3_000), 0);
    assert.equal(await store.claim('cooldown:ada', WINDOW_MS, T0 + WINDOW_MS), 0);
  });

  it('adds up what every replica spends under one key, losing no concurrent addition', async (t) => {
    const target = engine.freshTarget(t);
    const replicas = [await openDatabase(target), await openDatabase(target)];
    t.after(() => Promise.all(replicas.map((r) => r.close())));
    const stores = replicas.map((r) => new DatabaseGuardStore(r.db));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 2]!.addSpent('budget:guild:1:20458', 7)),
    );
    assert.equal(await stores[0]!.spent('budget:guild:1:20458'), 140);
    assert.equal(await stores[1]!.spent('budget:guild:2:20458'), 0);
  });

  it('backs a UsageGuard whose budget, spent on one replica, is spent on the other', async (t) => {
    const target = engine.freshTarget(t);
    const replicas = [await openDatabase(target), await openDatabase(target)];
    t.after(() => Promise.all(replicas.map((r) => r.close())));
    const [a, b] = replicas.map(
      (r) =>
        new UsageGuard({
          cooldownSeconds: 10,
          dailyTokenBudget: 100,
          store: new DatabaseGuardStore(r.db),
        }),
    );
    const payer = { userId: 'ada', guildId: 'lab' };
    await a!.spend(payer, 60);
    assert.equal(await b!.hasBudget(payer), true);
    await b!.spend(payer, 60);
    assert.equal(await a!.hasBudget(payer), false);
    assert.equal(await b!.hasBudget(payer), false);
  });
});

describeEachEngine('the answer cache in the database', (engine) => {
  it('gives one replica what another cached, as it was stored', async (t) => {
    const target = engine.freshTarget(t);
    const replicas = [await openDatabase(target), await openDatabase(target)];
    t.after(() => Promise.all(replicas.map((r) => r.close())));
    const [a, b] = replicas.map((r) => new DatabaseAnswerCache(r.db));
    const key = JSON.stringify(['answer', 2, 'how fast is lantern', { year: 2022 }, 'corpus', 'm']);
    const value = { answer: 'Lantern is 3x faster [1].', citations: [{ n: 1, id: 'lantern' }] };
    assert.equal(await b!.get(key), undefined);
    await a!.set(key, value);
    assert.deepEqual(await b!.get(key), value);
  });

  it('keeps a key as long as a whole conversation', async (t) => {
    const cache = new DatabaseAnswerCache((await engine.freshDatabase(t)).db);
    const key = 'x'.repeat(20_000);
    await cache.set(key, { ok: true });
    await cache.set(key, { ok: 'again' });
    assert.deepEqual(
      await new DatabaseAnswerCache((await engine.freshDatabase(t)).db).get(key),
      undefined,
    );
    assert.deepEqual(await cache.get(key), { ok: 'again' });
  });
});
