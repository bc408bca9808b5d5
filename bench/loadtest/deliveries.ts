/**
 * Deferred answers when Discord pushes back, each against a fresh server so its memory and its
 * shutdown are its own:
 *
 *  - 429: Discord's REST stand-in answers 429 to every follow-up edit. Each must be given up
 *    after a bounded number of attempts, within its deadline.
 *  - backlog: follow-ups held up (429 with a long wait) while a burst of deferred /ask larger
 *    than the backlog bound arrives. Past the bound, each must get an immediate "busy" reply;
 *    then the server is stopped with all that work pending, and must stop within its grace.
 *
 * The server's RSS is sampled throughout: the point is that it stays bounded.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Paper } from '../../src/corpus/schema.js';
import { DEFAULT_BACKLOG_LIMIT } from '../../src/transports/discord/backlog.js';
import { WEBHOOK_BOUNDS } from '../../src/transports/discord/rest.js';
import type { DiscordStandIn } from '../../testing/discord/standin.js';
import { memorySampler } from './abuse.js';
import { APPLICATION_ID, post, signed, type KeyPair } from './clients.js';
import { spawnServer, type ServerProcess } from './processes.js';
import { log } from './settings.js';
import { acknowledgedAsks } from './workloads.js';

/** Deferred /ask whose every follow-up edit is answered 429. */
const RATE_LIMITED_ASKS = 50;
/** Discord's wait in those 429s: short, so the attempts run out before the deadline does. */
const RATE_LIMIT_RETRY_SECONDS = 1;
/** Past the backlog bound by half. */
const BURST_ASKS = Math.round(DEFAULT_BACKLOG_LIMIT * 1.5);
/** Long enough to hold every deferred answer in the backlog while the burst arrives, within the deadline. */
const HOLD_RETRY_SECONDS = 20;
/** The grace the servers are given to stop; the shutdown must not take much longer. */
export const GRACE_SECONDS = 5;
const GRACE = { SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) };
const SETTLE_MS = 3_000;
const WAIT_LIMIT_MS = WEBHOOK_BOUNDS.deadlineMs + 15_000;

const DEFERRED = '{"type":5,"data":{"flags":64}}';
const isEdit = (call: { method: string; path: string }) =>
  call.method === 'PATCH' && call.path.endsWith('/messages/@original');

/** 429s for the next `times` follow-up edits of these interactions (and no others). */
function rateLimit(
  standIn: DiscordStandIn,
  tokens: readonly string[],
  times: number,
  retryAfterSeconds: number,
): void {
  const ours = new Set(tokens);
  const matches = (call: { method: string; path: string }) =>
    isEdit(call) && ours.has(call.path.split('/')[3] ?? '');
  for (let i = 0; i < times; i += 1)
    standIn.failNext(
      matches,
      429,
      { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
      { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-scope': 'user' },
    );
}

/** The server's resident memory now, and sampled from now on. */
async function sampleMemory(server: ServerProcess) {
  const rssBefore = (await server.memory(true)).rss;
  return { rssBefore, sampler: memorySampler(server) };
}

function editsOf(standIn: DiscordStandIn, token: string) {
  return standIn.calls.filter(
    (c) => isEdit(c) && c.path.startsWith(`/webhooks/${APPLICATION_ID}/${token}`),
  );
}

export interface RateLimitedResult {
  asks: number;
  deferred: number;
  /** Most edit attempts any one answer made, and the bound. */
  maxAttempts: number;
  /** Longest time from an answer's first edit attempt to its last. */
  maxSpanMs: number;
  edits: number;
  rssBefore: number;
  peakRss: number;
  stopMs: number;
}

export async function rateLimitedFollowUps(
  env: Record<string, string>,
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  key: KeyPair,
): Promise<RateLimitedResult> {
  const server = await spawnServer('paperbot', { ...env, ...GRACE });
  try {
    const { rssBefore, sampler } = await sampleMemory(server);
    log(`429: ${RATE_LIMITED_ASKS} deferred /ask, every follow-up answered 429…`);
    const asks = await acknowledgedAsks(standIn, papers, {
      count: RATE_LIMITED_ASKS,
      firstUserId: 1500000000000000000n,
      question: (name) => `What does ${name} improve?`,
    });
    // One 429 more than the attempts allowed: an extra attempt would be refused and counted too.
    rateLimit(
      standIn,
      asks.map((a) => a.token),
      RATE_LIMITED_ASKS * (WEBHOOK_BOUNDS.attempts + 1),
      RATE_LIMIT_RETRY_SECONDS,
    );
    const answers = await Promise.all(
      asks.map((ask) =>
        post(server.url, signed(JSON.stringify(ask), key.privateKey), false).catch(() => undefined),
      ),
    );
    const deferred = answers.filter(
      (a) => a?.status === 200 && JSON.stringify(a.json) === DEFERRED,
    ).length;
    // Done when no edit has arrived for a while (every answer has given up), or the net is hit.
    // The stand-in records no times: each edit is timed when first seen (to 0.1 s).
    const seenAt = new Map<object, number>();
    const until = performance.now() + WAIT_LIMIT_MS;
    let seen = -1;
    let quietSince = performance.now();
    while (performance.now() < until) {
      const edits = asks.flatMap((ask) => editsOf(standIn, ask.token));
      for (const edit of edits) if (!seenAt.has(edit)) seenAt.set(edit, performance.now());
      if (edits.length !== seen) {
        seen = edits.length;
        quietSince = performance.now();
      } else if (seen > 0 && performance.now() - quietSince > SETTLE_MS) break;
      await sleep(100);
    }
    const perAsk = asks.map((ask) => editsOf(standIn, ask.token).map((e) => seenAt.get(e) ?? 0));
    const peakRss = sampler.peak();
    await sampler.stop();
    const stopping = performance.now();
    await server.stop();
    return {
      asks: RATE_LIMITED_ASKS,
      deferred,
      maxAttempts: Math.max(...perAsk.map((e) => e.length)),
      maxSpanMs: Math.max(...perAsk.map((times) => Math.max(...times) - Math.min(...times))),
      edits: seen,
      rssBefore,
      peakRss,
      stopMs: performance.now() - stopping,
    };
  } finally {
    await server.stop();
  }
}

export interface BacklogResult {
  asks: number;
  deferred: number;
  busy: number;
  /** Slowest "busy" reply: it must come at once, not after the backlog drains. */
  busyMaxMs: number;
  other: number;
  rssBefore: number;
  peakRss: number;
  /** Stopping with the backlog full of answers waiting to be delivered. */
  stopMs: number;
}

export async function backlogBurst(
  env: Record<string, string>,
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  key: KeyPair,
): Promise<BacklogResult> {
  const server = await spawnServer('paperbot', { ...env, ...GRACE });
  try {
    const { rssBefore, sampler } = await sampleMemory(server);
    log(
      `backlog: a burst of ${BURST_ASKS} deferred /ask, bound ${DEFAULT_BACKLOG_LIMIT}, follow-ups held up…`,
    );
    const asks = await acknowledgedAsks(standIn, papers, {
      count: BURST_ASKS,
      firstUserId: 1600000000000000000n,
      question: (name) => `What does ${name} improve?`,
    });
    rateLimit(
      standIn,
      asks.map((a) => a.token),
      DEFAULT_BACKLOG_LIMIT,
      HOLD_RETRY_SECONDS,
    );
    const answers = await Promise.all(
      asks.map((ask) =>
        post(server.url, signed(JSON.stringify(ask), key.privateKey), false).catch(() => undefined),
      ),
    );
    const busy = answers.filter(
      (a) =>
        a?.status === 200 &&
        (a.json as { type?: number } | undefined)?.type === 4 &&
        /busy|a lot of questions/i.test(JSON.stringify(a.json)),
    );
    const deferred = answers.filter(
      (a) => a?.status === 200 && JSON.stringify(a.json) === DEFERRED,
    ).length;
    // Let the held answers reach their first (refused) edit, so the stop finds them all waiting.
    const until = performance.now() + 10_000;
    while (
      performance.now() < until &&
      asks.filter((ask) => editsOf(standIn, ask.token).length > 0).length < deferred
    )
      await sleep(100);
    const stopping = performance.now();
    await server.stop();
    const stopMs = performance.now() - stopping;
    const peakRss = sampler.peak();
    await sampler.stop();
    return {
      asks: BURST_ASKS,
      deferred,
      busy: busy.length,
      busyMaxMs: Math.max(0, ...busy.map((a) => a?.ms ?? 0)),
      other: BURST_ASKS - deferred - busy.length,
      rssBefore,
      peakRss,
      stopMs,
    };
  } finally {
    await server.stop();
  }
}
