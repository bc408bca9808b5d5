/**
 * The abuse scenarios, run one after another against the same server while slow clients hang on
 * and valid /search requests keep arriving: a bad-signature flood, oversized bodies, concurrent
 * deferred /ask whose follow-ups go to the Discord stand-in.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Paper } from '../../src/corpus/schema.js';
import type { DiscordStandIn } from '../../testing/discord/standin.js';
import {
  APPLICATION_ID,
  nowSeconds,
  oversizedClient,
  post,
  signed,
  slowClient,
  type KeyPair,
  type OversizedOutcome,
  type SignedRequest,
  type SlowKind,
  type SlowOutcome,
} from './clients.js';
import type { Memory, ServerProcess } from './processes.js';
import {
  ASKS,
  CONNECTIONS,
  FLOOD_SECONDS,
  log,
  MEMORY_SAMPLE_MS,
  OVERSIZED,
  PIPELINING,
  PROBE_INTERVAL_MS,
  SLOW_DEADLINE_MS,
  SLOW_KINDS,
  SLOW_PER_KIND,
} from './settings.js';
import { quantile } from './throughput.js';
import { acknowledgedAsks, nextSerial, type Workload } from './workloads.js';

/** Polls the server's memory in the background; `peak()` is the highest RSS since the last call. */
export function memorySampler(server: ServerProcess) {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running && server.exit() === null) {
      peak = Math.max(peak, (await server.memory(false).catch(() => ({ rss: 0 }))).rss);
      await sleep(MEMORY_SAMPLE_MS);
    }
  })();
  return {
    peak() {
      const value = peak;
      peak = 0;
      return value;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

interface ProbeResult {
  sent: number;
  answered: number;
  p99: number;
  max: number;
}

/** A steady trickle of valid signed /search while the abuse runs: each must still be answered. */
function validProbe(url: string, workload: Workload, key: KeyPair) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let sent = 0;
  let answered = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      sent += 1;
      const outcome = await post(
        url,
        signed(workload.body(nextSerial()), key.privateKey),
        agent,
      ).catch(() => undefined);
      if (outcome && outcome.status === 200 && workload.check(outcome.json)) {
        answered += 1;
        times.push(outcome.ms);
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  })();
  return {
    async stop(): Promise<ProbeResult> {
      running = false;
      await loop;
      agent.destroy();
      const sorted = Float64Array.from(times).sort();
      return { sent, answered, p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
    },
  };
}

interface FloodResult {
  kinds: number;
  total: number;
  rejected: number;
  rps: number;
  errors: number;
  statusCodes: Record<string, number>;
}

/** Every way a request can fail verification, each carrying a /search that would cost work if accepted. */
async function floodBadSignatures(
  url: string,
  workload: Workload,
  key: KeyPair,
  stranger: KeyPair,
): Promise<FloodResult> {
  const variants = (serial: number): SignedRequest[] => {
    const body = workload.body(serial);
    const good = signed(body, key.privateKey);
    const withHeaders = (headers: Record<string, string>): SignedRequest => ({
      ...good,
      headers: { 'content-type': 'application/json', ...headers },
    });
    const signature = good.headers['x-signature-ed25519'] ?? '';
    const timestamp = good.headers['x-signature-timestamp'] ?? '';
    return [
      signed(body, stranger.privateKey),
      { ...good, body: body.replace('"type":2', '"type":3') },
      signed(body, key.privateKey, String(nowSeconds() - 3_600)),
      signed(body, key.privateKey, String(nowSeconds() + 3_600)),
      withHeaders({}),
      withHeaders({ 'x-signature-ed25519': 'z'.repeat(128), 'x-signature-timestamp': timestamp }),
      withHeaders({
        'x-signature-ed25519': signature.slice(2),
        'x-signature-timestamp': timestamp,
      }),
      withHeaders({ 'x-signature-ed25519': signature }),
    ];
  };
  const perKind = 10;
  const requests = Array.from({ length: perKind }, () => variants(nextSerial())).flat();
  const kinds = requests.length / perKind;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/interactions`,
        connections: CONNECTIONS,
        pipelining: PIPELINING,
        duration: FLOOD_SECONDS,
        requests,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [
            code,
            stat.count ?? 0,
          ]),
        );
        const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
        resolve({
          kinds,
          total,
          rejected: statusCodes['401'] ?? 0,
          rps: total / result.duration,
          errors: result.errors,
          statusCodes,
        });
      },
    );
  });
}

/** Every mix of framing (content-length or chunked) and manners (stops on a response or not), in turn. */
async function oversizedBurst(url: string): Promise<OversizedOutcome[]> {
  const outcomes: OversizedOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < OVERSIZED.requests) {
      const variant = next++ % 4;
      const options = {
        bytes: OVERSIZED.bytes,
        chunked: variant % 2 === 1,
        stopOnResponse: variant < 2,
        timeoutMs: OVERSIZED.timeoutMs,
      };
      outcomes.push(await oversizedClient(url, options));
    }
  };
  await Promise.all(Array.from({ length: OVERSIZED.concurrency }, worker));
  return outcomes;
}

interface AskResult {
  deferred: number;
  exactlyOnePatch: number;
  patchesOk: number;
  otherWebhookCalls: number;
  schemaErrors: number;
  seconds: number;
}

async function concurrentAsks(
  url: string,
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  key: KeyPair,
): Promise<AskResult> {
  const asks = await acknowledgedAsks(standIn, papers, {
    count: ASKS,
    firstUserId: 1400000000000000000n,
    question: (name) => `What does ${name} improve, and by how much?`,
  });
  const started = performance.now();
  const answers = await Promise.all(
    asks.map((ask) =>
      post(url, signed(JSON.stringify(ask), key.privateKey), false).catch(() => undefined),
    ),
  );
  const deferred = answers.filter(
    (a) => a?.status === 200 && JSON.stringify(a.json) === '{"type":5,"data":{"flags":64}}',
  ).length;
  const webhookCalls = (token: string) =>
    standIn.calls.filter((c) => c.path.startsWith(`/webhooks/${APPLICATION_ID}/${token}`));
  const isEdit = (c: { method: string; path: string }) =>
    c.method === 'PATCH' && c.path.endsWith('/messages/@original');
  const until = performance.now() + 20_000;
  while (performance.now() < until && !asks.every((ask) => webhookCalls(ask.token).some(isEdit)))
    await sleep(50);
  const seconds = (performance.now() - started) / 1000;
  // A duplicate edit would arrive right behind the first.
  await sleep(1_000);
  const calls = asks.map((ask) => webhookCalls(ask.token));
  const edits = calls.map((c) => c.filter(isEdit));
  return {
    deferred,
    exactlyOnePatch: edits.filter((e) => e.length === 1).length,
    patchesOk: edits.flat().filter((c) => c.status === 200).length,
    otherWebhookCalls: calls.flat().filter((c) => !isEdit(c)).length,
    schemaErrors: edits.flat().reduce((n, c) => n + c.schemaErrors.length, 0),
    seconds,
  };
}

export interface AbuseResult {
  flood: FloodResult;
  oversized: OversizedOutcome[];
  /** RSS right before the oversized bodies and its peak while they arrived. */
  oversizedRss: { before: number; peak: number };
  slow: SlowOutcome[];
  /** What each kind of slow client should have been closed by: a stalled body has its headers in. */
  slowLimitMs: Record<SlowKind, number>;
  asks: AskResult;
  probe: ProbeResult;
  before: Memory;
  peakRss: number;
  /** Undefined when the server did not survive the abuse. */
  after: Memory | undefined;
  exit: string | null;
}

export async function abuse(
  server: ServerProcess,
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  search: Workload,
  key: KeyPair,
  stranger: KeyPair,
): Promise<AbuseResult> {
  const before = await server.memory(true);
  const sampler = memorySampler(server);
  const probe = validProbe(server.url, search, key);
  const slowBody = signed(search.body(nextSerial()), key.privateKey);
  log(
    `abuse: ${SLOW_PER_KIND * SLOW_KINDS.length} slow clients held open in the background (up to ${SLOW_DEADLINE_MS / 1000} s)…`,
  );
  const slow = Promise.all(
    SLOW_KINDS.flatMap((kind) =>
      Array.from({ length: SLOW_PER_KIND }, () =>
        slowClient(server.url, kind, slowBody, SLOW_DEADLINE_MS),
      ),
    ),
  );

  log(`abuse: bad-signature flood for ${FLOOD_SECONDS} s…`);
  const flood = await floodBadSignatures(server.url, search, key, stranger);
  const rssBeforeOversized = (await server.memory(false)).rss;
  sampler.peak();
  log(`abuse: ${OVERSIZED.requests} oversized bodies of ${OVERSIZED.bytes / 1024 / 1024} MiB…`);
  const oversized = await oversizedBurst(server.url);
  const oversizedRss = {
    before: rssBeforeOversized,
    peak: Math.max(rssBeforeOversized, sampler.peak()),
  };
  log(`abuse: ${ASKS} concurrent /ask…`);
  const asks = await concurrentAsks(server.url, standIn, papers, key);
  log('abuse: waiting for the server to close the slow clients…');
  const slowOutcomes = await slow;
  const probeResult = await probe.stop();
  const peakRss = Math.max(sampler.peak(), oversizedRss.peak);
  await sampler.stop();
  const after = server.exit() === null ? await server.memory(true) : undefined;
  const slowLimitMs = {
    idle: server.headersTimeout,
    'trickled-headers': server.headersTimeout,
    'stalled-body': server.requestTimeout,
  };
  return {
    flood,
    oversized,
    oversizedRss,
    slow: slowOutcomes,
    slowLimitMs,
    asks,
    probe: probeResult,
    before,
    peakRss,
    after,
    exit: server.exit(),
  };
}
