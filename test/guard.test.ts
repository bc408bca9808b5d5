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

describe('UsageGuard cooldown', () => {
  it('lets a user ask once', () => {
    assert.deepEqual(guarded().guard.takeCooldown('alice'), { ok: true });
  });

  it('blocks a second ask within the window and says how many seconds are left, rounded up', () => {
    const { guard, at } = guarded();
    guard.takeCooldown('alice');
    at(T0 + 3.2 * SECOND);
    assert.deepEqual(guard.takeCooldown('alice'), { ok: false, retryAfterSeconds: 7 });
    at(T0 + 9.5 * SECOND);
    assert.deepEqual(guard.takeCooldown('alice'), { ok: false, retryAfterSeconds: 1 });
  });

  it('allows the user again once the window has passed', () => {
    const { guard, at } = guarded();
    guard.takeCooldown('alice');
    at(T0 + 10 * SECOND);
    assert.deepEqual(guard.takeCooldown('alice'), { ok: true });
  });

  it('does not restart the window on a refused ask', () => {
    const { guard, at } = guarded();
    guard.takeCooldown('alice');
    at(T0 + 9 * SECOND);
    guard.takeCooldown('alice');
    at(T0 + 10 * SECOND);
    assert.deepEqual(guard.takeCooldown('alice'), { ok: true });
  });

  it('restarts the window on an allowed ask', () => {
    const { guard, at } = guarded();
    guard.takeCooldown('alice');
    at(T0 + 10 * SECOND);
    guard.takeCooldown('alice');
    at(T0 + 15 * SECOND);
    assert.deepEqual(guard.takeCooldown('alice'), { ok: false, retryAfterSeconds: 5 });
  });

  it('keeps users apart', () => {
    const { guard } = guarded();
    guard.takeCooldown('alice');
    assert.deepEqual(guard.takeCooldown('bob'), { ok: true });
  });

  it('never blocks with a cooldown of 0 seconds', () => {
    const { guard } = guarded({ cooldownSeconds: 0 });
    assert.deepEqual(guard.takeCooldown('alice'), { ok: true });
    assert.deepEqual(guard.takeCooldown('alice'), { ok: true });
  });
});

describe('UsageGuard daily budget', () => {
  it('has budget before anything is spent', () => {
    assert.equal(guarded().guard.hasBudget('guild-a'), true);
  });

  it('has budget while less than the day’s allowance is spent', () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 600);
    guard.spend('guild-a', 399);
    assert.equal(guard.hasBudget('guild-a'), true);
  });

  it('runs out when the day’s allowance is spent', () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 600);
    guard.spend('guild-a', 400);
    assert.equal(guard.hasBudget('guild-a'), false);
  });

  it('leaves another guild’s budget alone', () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 5000);
    assert.equal(guard.hasBudget('guild-b'), true);
  });

  it('stays spent until the end of the UTC day', () => {
    const { guard, at } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 1000);
    at(MIDNIGHT - 1);
    assert.equal(guard.hasBudget('guild-a'), false);
  });

  it('starts afresh at midnight UTC', () => {
    const { guard, at } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 1000);
    at(MIDNIGHT);
    assert.equal(guard.hasBudget('guild-a'), true);
  });

  it('counts the new day’s spending from zero', () => {
    const { guard, at } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 999);
    at(MIDNIGHT);
    guard.spend('guild-a', 999);
    assert.equal(guard.hasBudget('guild-a'), true);
  });

  it('ignores zero and negative spending: no refunds', () => {
    const { guard } = guarded({ dailyTokenBudget: 1000 });
    guard.spend('guild-a', 1000);
    guard.spend('guild-a', -500);
    guard.spend('guild-a', 0);
    assert.equal(guard.hasBudget('guild-a'), false);
  });
});
