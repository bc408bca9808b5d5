/** The shape of a `npm run loadtest` run: how hard, how long, and what counts as a pass. */
import type { SlowKind } from './clients.js';

export const CONNECTIONS = 10;
export const PIPELINING = 1;
export const WARMUP_SECONDS = 2;
export const SECONDS = 10;
/** Each connection cycles through its own signed requests; a pool is signed just before its scenario. */
export const REQUESTS_PER_CONNECTION = 2_000;
export const SAMPLE_CHECKS = 25;
export const SEED = 20240611;

export const TARGET = { ratio: 0.4, p99Ms: 30, rps: 1_500 };

export const FLOOD_SECONDS = 5;
export const OVERSIZED = {
  requests: 160,
  concurrency: 16,
  bytes: 16 * 1024 * 1024,
  timeoutMs: 5_000,
};
export const SLOW_PER_KIND = 20;
export const SLOW_KINDS: SlowKind[] = ['idle', 'trickled-headers', 'stalled-body'];
/** Long enough for node:http's default connectionsCheckingInterval (30 s) on top of the timeouts. */
export const SLOW_DEADLINE_MS = 45_000;
/** How late after its timeout a slow client may still be closed: the timeouts are checked periodically. */
export const SLOW_SLACK_MS = 2_000;
export const ASKS = 50;
export const PROBE_INTERVAL_MS = 100;
export const MEMORY_SAMPLE_MS = 100;
/** A server still finishing in-flight work after this is killed. */
export const STOP_TIMEOUT_MS = 15_000;
/** Every step is bounded; this is the net under them, so the run always ends by itself. */
export const RUN_TIMEOUT_MS = 5 * 60_000;
/** Far above what the server may legitimately hold (16 concurrent 64 KiB bodies), far below what it was offered. */
export const RSS_GROWTH_LIMIT = 64 * 1024 * 1024;
export const HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;

/** Progress goes to stderr, so stdout carries only the report. */
export const log = (message: string) => process.stderr.write(`${message}\n`);
