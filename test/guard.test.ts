// The cost guard: one question per user per cooldown, and a daily LLM token budget per
// server that starts afresh at midnight UTC.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UsageGuard } from '../src/guard.js';

const SECOND = 1000;
/** 23:00 UTC, an hour before the budget's day ends. */
const T0 = Date.UTC(2025, 5, 10, 23, 0, 0);
const MIDNIGHT = Date.UTC(2025, 5, 11, 0, 0, 0);

function guarded(options: { cooldownSeconds?: number; dailyTokenBudget?: number } = {}) {
  let now = T0;
  const guard = new UsageGuard({
    cooldownSeconds: options.cooldownSeconds ?? 10,
    dailyTokenBudget: options.dailyTokenBudget ?? 1000,
    now: () => now,
  });
  return { guard, at: (t: number) => void (now = t) };
}

describe('UsageGuard cooldown', async () => {
  it('lets a user ask once', async () => {
    assert.deepEqual(await guarded().guard.takeCooldown('alice'), { ok: true });
  });

  it('blocks a second ask within the window and says how many seconds are left, rounded up', async () => {
    const { guard, at } = guarded();
    await guard.takeCooldown('alice');
    at(T0 + 3.2 * SECOND);
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: false, retryAfterSeconds: 7 });
    at(T0 + 9.5 * SECOND);
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: false, retryAfterSeconds: 1 });
  });

  it('allows the user again once the window has passed', async () => {
    const { guard, at } = guarded();
    await guard.takeCooldown('alice');
    at(T0 + 10 * SECOND);
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: true });
  });

  it('does not restart the window on a refused ask', async () => {
    const { guard, at } = guarded();
    await guard.takeCooldown('alice');
    at(T0 + 9 * SECOND);
    await guard.takeCooldown('alice');
    at(T0 + 10 * SECOND);
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: true });
  });

  it('restarts the window on an allowed ask', async () => {
    const { guard, at } = guarded();
    await guard.takeCooldown('alice');
    at(T0 + 10 * SECOND);
    await guard.takeCooldown('alice');
    at(T0 + 15 * SECOND);
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: false, retryAfterSeconds: 5 });
  });

  it('keeps users apart', async () => {
    const { guard } = guarded();
    await guard.takeCooldown('alice');
    assert.deepEqual(await guard.takeCooldown('bob'), { ok: true });
  });

  it('never blocks with a cooldown of 0 seconds', async () => {
    const { guard } = guarded({ cooldownSeconds: 0 });
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: true });
    assert.deepEqual(await guard.takeCooldown('alice'), { ok: true });
  });
});

describe('UsageGuard daily budget', async () => {
  it('has budget before anything is spent', async () => {
    assert.equal(await guarded().guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), true);
  });

  it('has budget while less than the day’s allowance is spent', async () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 600);
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 399);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), true);
  });

  it('runs out when the day’s allowance is spent', async () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 600);
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 400);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), false);
  });

  it('leaves another guild’s budget alone', async () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 5000);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-b' }), true);
  });

  it('stays spent until the end of the UTC day', async () => {
    const { guard, at } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 1000);
    at(MIDNIGHT - 1);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), false);
  });

  it('starts afresh at midnight UTC', async () => {
    const { guard, at } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 1000);
    at(MIDNIGHT);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), true);
  });

  it('counts the new day’s spending from zero', async () => {
    const { guard, at } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 999);
    at(MIDNIGHT);
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 999);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), true);
  });

  it('ignores zero and negative spending: no refunds', async () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 1000);
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, -500);
    await guard.spend({ userId: 'alice', guildId: 'guild-a' }, 0);
    assert.equal(await guard.hasBudget({ userId: 'alice', guildId: 'guild-a' }), false);
  });
});
