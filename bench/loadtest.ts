/**
 * `npm run loadtest`: the HTTP interactions endpoint under signed load and under abuse.
 *
 *  1. Baseline: a bare node:http server that verifies the Ed25519 signature and answers PONG.
 *  2. paperbot with signed /search commands, then with autocomplete, against the baseline.
 *  3. Abuse: a flood of bad signatures, oversized bodies, slow clients and 50 concurrent
 *     deferred /ask, while valid requests keep arriving and the server's memory is sampled.
 *
 * Servers run in forked processes on 127.0.0.1 (one core each for server and autocannon on a
 * two-core machine); the Discord REST stand-in from test/e2e receives the /ask follow-ups.
 * Everything is bounded and the run ends by itself in about two minutes. Results go to stdout
 * and to the "Load test" section of BENCHMARKS.md. `npm run loadtest -- --profile` instead writes
 * a CPU profile of the server for each scenario to .cache/loadtest-profiles (open in DevTools)
 * and leaves BENCHMARKS.md alone, since profiling slows the server down.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { WebSocket } from 'ws';
import { loadCorpusFile } from '../src/corpus/load.js';
import type { Paper } from '../src/corpus/schema.js';
import { BUNDLED_CORPUS, PACKAGE_ROOT } from '../src/paths.js';
import { startDiscordStandIn, type DiscordStandIn } from '../test/e2e/discord/standin.js';
import {
  APPLICATION_ID,
  interaction,
  keyPair,
  nowSeconds,
  oversizedClient,
  post,
  signed,
  slowClient,
  type CommandOption,
  type KeyPair,
  type OversizedOutcome,
  type SignedRequest,
  type SlowKind,
  type SlowOutcome,
} from './loadtest-clients.js';
import type { FromServer, ServerMode, ToServer } from './loadtest-server.js';
import { queryMix, titlePrefixes } from './queries.js';
import { Rng } from './random.js';

const CONNECTIONS = 10;
const PIPELINING = 1;
const WARMUP_SECONDS = 2;
const SECONDS = 10;
/** Each connection cycles through its own signed requests; a pool is signed just before its scenario. */
const REQUESTS_PER_CONNECTION = 2_000;
const SAMPLE_CHECKS = 25;
const SEED = 20240611;

const TARGET = { ratio: 0.4, p99Ms: 30, rps: 1_500 };

const FLOOD_SECONDS = 5;
const OVERSIZED = { requests: 160, concurrency: 16, bytes: 16 * 1024 * 1024, timeoutMs: 5_000 };
const SLOW_PER_KIND = 20;
const SLOW_KINDS: SlowKind[] = ['idle', 'trickled-headers', 'stalled-body'];
/** Long enough for node:http's default connectionsCheckingInterval (30 s) on top of the timeouts. */
const SLOW_DEADLINE_MS = 45_000;
/** How late after its timeout a slow client may still be closed: the timeouts are checked periodically. */
const SLOW_SLACK_MS = 2_000;
const ASKS = 50;
const PROBE_INTERVAL_MS = 100;
const MEMORY_SAMPLE_MS = 100;
/** A server still finishing in-flight work after this is killed. */
const STOP_TIMEOUT_MS = 15_000;
/** Every step is bounded; this is the net under them, so the run always ends by itself. */
const RUN_TIMEOUT_MS = 5 * 60_000;
/** Far above what the server may legitimately hold (16 concurrent 64 KiB bodies), far below what it was offered. */
const RSS_GROWTH_LIMIT = 64 * 1024 * 1024;
const HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;

const log = (message: string) => process.stderr.write(`${message}\n`);

// ---- Server processes ----------------------------------------------------------------------

interface Memory {
  rss: number;
  heapUsed: number;
}

interface ServerProcess {
  url: string;
  headersTimeout: number;
  requestTimeout: number;
  memory(gc: boolean): Promise<Memory>;
  /** Starts the CPU profiler; the returned function stops it and writes the profile to `file`. */
  profile(): Promise<(file: string) => Promise<void>>;
  /** Null while running; the exit code or signal once the process has ended. */
  exit(): string | null;
  stop(): Promise<void>;
}

/** The server script next to this one, whether this runs as TypeScript (tsx) or compiled. */
const SERVER_SCRIPT = fileURLToPath(
  new URL(`./loadtest-server${extname(import.meta.url)}`, import.meta.url),
);

async function spawnServer(mode: ServerMode, env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [mode, JSON.stringify(env)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exit: string | null = null;
  const replies: { resolve: (message: FromServer) => void; reject: (error: Error) => void }[] = [];
  // A crashed server must fail the run, not leave it waiting for a reply that will never come.
  child.once('exit', (code, signal) => {
    exit = signal ?? String(code);
    for (const reply of replies.splice(0))
      reply.reject(new Error(`the ${mode} server exited (${exit})`));
  });
  const listening = new Promise<Extract<FromServer, { type: 'listening' }>>((resolve, reject) => {
    child.once('exit', () => reject(new Error(`the ${mode} server exited before listening`)));
    child.on('message', (message: FromServer) => {
      if (message.type === 'listening') resolve(message);
      else replies.shift()?.resolve(message);
    });
  });
  const { url, headersTimeout, requestTimeout } = await listening;
  const call = (message: ToServer) =>
    new Promise<FromServer>((resolve, reject) => {
      if (exit !== null) return reject(new Error(`the ${mode} server exited (${exit})`));
      replies.push({ resolve, reject });
      child.send(message);
    });
  return {
    url,
    headersTimeout,
    requestTimeout,
    async memory(gc) {
      const reply = await call({ type: 'memory', gc });
      if (reply.type !== 'memory') throw new Error(`expected a memory reading, got ${reply.type}`);
      return { rss: reply.rss, heapUsed: reply.heapUsed };
    },
    async profile() {
      await call({ type: 'profile-start' });
      return async (file) => void (await call({ type: 'profile-stop', file }));
    },
    exit: () => exit,
    async stop() {
      if (exit !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' } satisfies ToServer);
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}

// ---- Requests ------------------------------------------------------------------------------

interface Workload {
  name: string;
  /** Names the CPU profile of the scenario. */
  slug: string;
  /** Builds the body of the request with this serial number. */
  body: (serial: number) => string;
  /** Whether a response is the right answer, checked on a sample before the load starts. */
  check: (json: unknown) => boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const dataOf = (json: unknown): Record<string, unknown> =>
  isRecord(json) && isRecord(json.data) ? json.data : {};

function pingWorkload(): Workload {
  return {
    name: 'baseline: bare server, signed PING',
    slug: 'baseline',
    body: (serial) => interaction(serial, 1),
    check: (json) => isRecord(json) && json.type === 1,
  };
}

/** A fixed mix: the search bench's queries on the real corpus, every other one with a filter or paging. */
function searchWorkload(papers: readonly Paper[]): Workload {
  const queries = queryMix(papers, papers, SEED, 200).map((q) => q.text);
  const category = papers[0]?.category.code ?? 'cs.CV';
  const years = papers.map((p) => p.year).sort((a, b) => a - b);
  const yearRange = `${years[Math.floor(years.length / 2)] ?? 2020}-${years.at(-1) ?? 2024}`;
  const extras: CommandOption[][] = [
    [],
    [{ name: 'year', type: 3, value: yearRange }],
    [],
    [{ name: 'has_code', type: 5, value: true }],
    [],
    [{ name: 'category', type: 3, value: category }],
    [],
    [{ name: 'page', type: 4, value: 2 }],
    [],
    [{ name: 'limit', type: 4, value: 5 }],
  ];
  return {
    name: 'paperbot: signed /search',
    slug: 'search',
    body: (serial) =>
      interaction(serial, 2, {
        name: 'search',
        options: [
          { name: 'query', type: 3, value: queries[serial % queries.length] ?? '' },
          ...(extras[serial % extras.length] ?? []),
        ],
      }),
    check: (json) => isRecord(json) && json.type === 4 && Array.isArray(dataOf(json).embeds),
  };
}

/** What people type into the boxes that autocomplete: titles, author names and categories, 1–12 characters in. */
function autocompleteWorkload(papers: readonly Paper[]): Workload {
  const rng = new Rng(SEED);
  const titles = titlePrefixes(papers, SEED, 200);
  const authors = Array.from({ length: 200 }, () => {
    const name = rng.pick(rng.pick(papers).authors);
    return name.slice(0, rng.between(1, Math.min(10, name.length)));
  });
  const categories = ['', 'c', 'cs', 'cs.', 'cs.C', 'vision', 'lang', 'stat', 'eess', 'L'];
  const focused = (name: string, value: string): CommandOption => ({
    name,
    type: 3,
    value,
    focused: true,
  });
  const boxes: ((i: number) => { name: string; options: CommandOption[] })[] = [
    (i) => ({ name: 'paper', options: [focused('title', titles[i % titles.length] ?? '')] }),
    (i) => ({ name: 'author', options: [focused('name', authors[i % authors.length] ?? '')] }),
    (i) => ({ name: 'cite', options: [focused('paper', titles[(i * 7) % titles.length] ?? '')] }),
    (i) => ({
      name: 'search',
      options: [
        { name: 'query', type: 3, value: 'efficient' },
        focused('author', authors[(i * 3) % authors.length] ?? ''),
      ],
    }),
    (i) => ({ name: 'compare', options: [focused('a', titles[(i * 3) % titles.length] ?? '')] }),
    (i) => ({
      name: 'search',
      options: [focused('category', categories[i % categories.length] ?? '')],
    }),
  ];
  return {
    name: 'paperbot: signed autocomplete',
    slug: 'autocomplete',
    body: (serial) =>
      interaction(serial, 4, boxes[serial % boxes.length]?.(Math.floor(serial / boxes.length))),
    check: (json) => isRecord(json) && json.type === 8 && Array.isArray(dataOf(json).choices),
  };
}

let serials = 0;

/** One slice of distinct, freshly signed requests per connection. */
function signPool(workload: Workload, key: KeyPair): SignedRequest[][] {
  return Array.from({ length: CONNECTIONS }, () =>
    Array.from({ length: REQUESTS_PER_CONNECTION }, () =>
      signed(workload.body(serials++), key.privateKey),
    ),
  );
}

// ---- Load ----------------------------------------------------------------------------------

interface LoadResult {
  name: string;
  /** 2xx answers during the measured run. */
  answered: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Nearest rank, an observed latency rather than an interpolation. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function load(
  name: string,
  url: string,
  pool: SignedRequest[][],
  seconds: number,
): Promise<LoadResult> {
  let client = 0;
  // autocannon's histogram keeps whole milliseconds; its per-response timings have microseconds.
  const latencies = new Float64Array(seconds * 100_000);
  let recorded = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        pipelining: PIPELINING,
        duration: seconds,
        timeout: 10,
        setupClient: (c) => c.setRequests(pool[client++ % pool.length] ?? []),
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = latencies.subarray(0, recorded).sort();
        resolve({
          name,
          answered: result['2xx'],
          rps: result['2xx'] / result.duration,
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          non2xx: result.non2xx,
          errors: result.errors,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300 && recorded < latencies.length) latencies[recorded++] = ms;
    });
  });
}

async function sampleCheck(
  url: string,
  pool: SignedRequest[][],
  workload: Workload,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let good = 0;
  for (const request of (pool[0] ?? []).slice(0, SAMPLE_CHECKS)) {
    const sent = await post(url, request, agent);
    if (sent.status === 200 && workload.check(sent.json)) good += 1;
  }
  agent.destroy();
  return good;
}

interface Scenario extends LoadResult {
  checked: string;
}

/** Profiles only the measured run, when asked to, so warm-up and signing stay out of it. */
async function scenario(
  server: ServerProcess,
  workload: Workload,
  key: KeyPair,
  profileDir: string | undefined,
): Promise<Scenario> {
  log(`${workload.name}: signing ${CONNECTIONS * REQUESTS_PER_CONNECTION} requests…`);
  const pool = signPool(workload, key);
  const good = await sampleCheck(server.url, pool, workload);
  log(
    `  sample: ${good}/${SAMPLE_CHECKS} answered correctly; warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s…`,
  );
  await load(workload.name, `${server.url}/interactions`, pool, WARMUP_SECONDS);
  const stopProfile = profileDir ? await server.profile() : undefined;
  const result = await load(workload.name, `${server.url}/interactions`, pool, SECONDS);
  await stopProfile?.(join(profileDir ?? '', `${workload.slug}.cpuprofile`));
  log(
    `  ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  return { ...result, checked: `${good}/${SAMPLE_CHECKS}` };
}

// ---- Abuse ---------------------------------------------------------------------------------

/** Polls the server's memory in the background; `peak()` is the highest RSS since the last call. */
function memorySampler(server: ServerProcess) {
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
        signed(workload.body(serials++), key.privateKey),
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
  const requests = Array.from({ length: perKind }, () => variants(serials++)).flat();
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
        if (error) return reject(error);
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

/**
 * Discord acknowledges an interaction when the endpoint answers it; the stand-in learns of that
 * through its callback route, which we call first so the follow-up edit cannot race it.
 */
async function concurrentAsks(
  url: string,
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  key: KeyPair,
): Promise<AskResult> {
  const asks = Array.from({ length: ASKS }, (_, i) => {
    const paper = papers[(i * 7) % papers.length];
    return standIn.interaction.chatInput({
      name: 'ask',
      options: [
        {
          name: 'question',
          type: 3,
          value: `What does ${paper?.shortName ?? paper?.title ?? 'this work'} improve, and by how much?`,
        },
      ],
      userId: String(1400000000000000000n + BigInt(i)),
    });
  });
  await Promise.all(
    asks.map((ask) =>
      fetch(`${standIn.apiUrl}/v10/interactions/${ask.id}/${ask.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 5, data: { flags: 64 } }),
      }),
    ),
  );
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

interface AbuseResult {
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

async function abuse(
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
  const slowBody = signed(search.body(serials++), key.privateKey);
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

// ---- Report --------------------------------------------------------------------------------

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const signedMib = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${mib(Math.abs(bytes))}`;
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number | undefined) =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function report(
  machine: string,
  scenarios: Scenario[],
  abused: AbuseResult,
): { text: string; allPass: boolean } {
  const [baseline, search] = scenarios;
  if (!baseline || !search) throw new Error('the baseline and /search scenarios are missing');
  const ratio = search.rps / baseline.rps;
  const targets: [string, boolean, string][] = [
    [
      `signed /search throughput ≥ ${TARGET.ratio * 100}% of the baseline`,
      ratio >= TARGET.ratio,
      `${(ratio * 100).toFixed(0)}%`,
    ],
    [
      `signed /search p99 ≤ ${TARGET.p99Ms} ms`,
      search.p99 <= TARGET.p99Ms,
      `${search.p99.toFixed(2)} ms`,
    ],
    [
      `signed /search ≥ ${int(TARGET.rps)} req/s`,
      search.rps >= TARGET.rps,
      `${int(search.rps)} req/s`,
    ],
  ];

  const { flood, oversized, slow, asks, probe, before, after } = abused;
  const oversizedLines = [true, false].flatMap((stopOnResponse) =>
    [false, true].map((chunked) => {
      const of = oversized.filter(
        (o) => o.options.stopOnResponse === stopOnResponse && o.options.chunked === chunked,
      );
      const got413 = of.filter((o) => o.status === 413).length;
      const closed = of.filter((o) => o.closedByServer).length;
      return {
        ok: (stopOnResponse ? got413 === of.length : true) && closed === of.length,
        text: `${chunked ? 'chunked' : 'content-length'}, ${stopOnResponse ? 'stops on the answer' : 'keeps writing'}: ${got413}/${of.length} saw 413, ${closed}/${of.length} closed by the server`,
      };
    }),
  );
  const offered = OVERSIZED.requests * OVERSIZED.bytes;
  const accepted = oversized.reduce((n, o) => n + o.written, 0);
  const oversizedGrowth = abused.oversizedRss.peak - abused.oversizedRss.before;
  const slowLines = SLOW_KINDS.map((kind) => {
    const of = slow.filter((s) => s.kind === kind);
    const closed = of.flatMap((s) => (s.closedAfterMs === undefined ? [] : [s.closedAfterMs]));
    const limit = abused.slowLimitMs[kind];
    const inTime = closed.filter((ms) => ms <= limit + SLOW_SLACK_MS).length;
    const got408 = of.filter((s) => s.status === 408).length;
    return {
      inTime,
      text: `${kind} ${closed.length}/${of.length} closed (${got408} with 408) after ${seconds(Math.min(...closed))}–${seconds(Math.max(...closed))}, ${inTime} within ${seconds(limit)} + ${seconds(SLOW_SLACK_MS)}`,
    };
  });
  const slowClosed = slow.filter((s) => s.closedAfterMs !== undefined).length;
  const floodOthers = Object.entries(flood.statusCodes)
    .filter(([code]) => code !== '401')
    .map(([code, count]) => `${code} × ${int(count)}`)
    .join(', ');
  const floodOk = flood.rejected === flood.total && flood.total > 0 && flood.errors === 0;
  const oversizedOk = oversizedLines.every((l) => l.ok) && oversizedGrowth <= RSS_GROWTH_LIMIT;
  const slowOk = slowLines.reduce((n, l) => n + l.inTime, 0) === slow.length;
  const asksOk =
    asks.deferred === ASKS &&
    asks.exactlyOnePatch === ASKS &&
    asks.patchesOk === ASKS &&
    asks.otherWebhookCalls === 0 &&
    asks.schemaErrors === 0;
  const probeOk = probe.answered === probe.sent && probe.sent > 0;
  const memoryOk =
    after !== undefined &&
    abused.peakRss - before.rss <= RSS_GROWTH_LIMIT &&
    after.heapUsed - before.heapUsed <= HEAP_GROWTH_LIMIT;
  const abuseLines: [string, boolean, string][] = [
    [
      'bad signatures',
      floodOk,
      `${int(flood.rejected)}/${int(flood.total)} answered 401${floodOthers === '' ? '' : ` (others: ${floodOthers})`} (${flood.kinds} kinds: other key, altered body, stale and future timestamps, no headers, non-hex, truncated, no timestamp; ${int(flood.rps)} req/s over ${FLOOD_SECONDS} s), ${flood.errors} connection errors`,
    ],
    [
      'oversized bodies',
      oversizedOk,
      `${OVERSIZED.requests} bodies of ${mib(OVERSIZED.bytes)}, ${OVERSIZED.concurrency} at a time: ${oversizedLines.map((l) => l.text).join('; ')}; ` +
        `${mib(offered)} offered, ${mib(accepted)} taken by the clients' sockets before the server closed them; RSS ${mib(abused.oversizedRss.before)} → peak ${mib(abused.oversizedRss.peak)} (${signedMib(oversizedGrowth)}, limit ${signedMib(RSS_GROWTH_LIMIT)})`,
    ],
    [
      'slow clients',
      slowOk,
      `${slowClosed}/${slow.length} closed by the server: ${slowLines.map((l) => l.text).join('; ')}`,
    ],
    [
      `${ASKS} concurrent deferred /ask`,
      asksOk,
      `${asks.deferred}/${ASKS} answered type 5; ${asks.exactlyOnePatch}/${ASKS} tokens got exactly one PATCH @original (${asks.patchesOk} answered 200, ${asks.schemaErrors} schema errors) within ${asks.seconds.toFixed(1)} s; ${asks.otherWebhookCalls} other webhook calls`,
    ],
    [
      'valid /search during the abuse',
      probeOk,
      `${probe.answered}/${probe.sent} answered (one at a time, ${PROBE_INTERVAL_MS} ms apart), p99 ${probe.p99.toFixed(1)} ms, max ${probe.max.toFixed(1)} ms`,
    ],
    [
      'server memory',
      memoryOk,
      after === undefined
        ? `the server exited (${abused.exit ?? 'unknown'}) during the abuse`
        : `still running; RSS ${mib(before.rss)} → peak ${mib(abused.peakRss)} → ${mib(after.rss)}; ` +
          `heapUsed after GC ${mib(before.heapUsed)} → ${mib(after.heapUsed)} (limits: RSS ${signedMib(RSS_GROWTH_LIMIT)}, heap ${signedMib(HEAP_GROWTH_LIMIT)})`,
    ],
  ];

  const text = [
    '## Load test',
    '',
    `\`npm run loadtest\` on ${machine}.`,
    '',
    `autocannon ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${WARMUP_SECONDS} s warm-up then ${SECONDS} s per scenario, from the parent process; ` +
      'each server in its own forked process, so each side has one of the two cores. Every request is a distinct interaction ' +
      `(${int(REQUESTS_PER_CONNECTION)} per connection, cycled), signed seconds before its scenario. req/s counts 2xx answers; ` +
      "p50 and p99 are nearest-rank over autocannon's per-response timings of those answers.",
    '',
    table(
      [
        'scenario',
        'answered',
        'req/s',
        'p50 ms',
        'p99 ms',
        'vs baseline',
        'non-2xx',
        'errors',
        'sample check',
      ],
      scenarios.map((s) => [
        s.name,
        int(s.answered),
        int(s.rps),
        s.p50.toFixed(2),
        s.p99.toFixed(2),
        `${((s.rps / baseline.rps) * 100).toFixed(0)}%`,
        String(s.non2xx),
        String(s.errors),
        s.checked,
      ]),
    ),
    '',
    '### Targets',
    '',
    table(
      ['target', 'result', 'measured'],
      targets.map(([name, ok, measured]) => [name, pass(ok), measured]),
    ),
    '',
    '`npm run loadtest -- --profile` writes a CPU profile of the server for each scenario to .cache/loadtest-profiles.',
    '',
    '### Abuse',
    '',
    'Run one after another against the same server while the slow clients hang on and valid /search requests keep arriving, ' +
      `one at a time, ${PROBE_INTERVAL_MS} ms apart. The ${ASKS} /ask run in extractive mode (no LLM configured), their follow-ups going to the Discord REST stand-in.`,
    '',
    table(
      ['scenario', 'result', 'counts'],
      abuseLines.map(([name, ok, counts]) => [name, pass(ok), counts]),
    ),
  ].join('\n');
  return { text, allPass: [...targets, ...abuseLines].every(([, ok]) => ok) };
}

const START = '<!-- loadtest:start -->';
const END = '<!-- loadtest:end -->';

/** Others write their own sections of BENCHMARKS.md: ours moves to the end, the rest stays as it is. */
function writeBenchmarks(text: string): void {
  const file = join(PACKAGE_ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = current.indexOf(START);
  const end = current.indexOf(END);
  const others =
    at >= 0 && end > at
      ? `${current.slice(0, at).trimEnd()}${current.slice(end + END.length)}`
      : current;
  writeFileSync(file, `${others.trimEnd()}\n\n${START}\n${text}\n${END}\n`);
}

// ---- Main ----------------------------------------------------------------------------------

/** A gateway session is what lets the stand-in create interactions: it dispatches each one to a bot. */
async function identify(standIn: DiscordStandIn): Promise<WebSocket> {
  const socket = new WebSocket(`${standIn.gatewayUrl}?v=10&encoding=json`);
  await once(socket, 'open');
  socket.send(
    JSON.stringify({
      op: 2,
      d: {
        token: 'loadtest',
        intents: 1,
        properties: { os: 'linux', browser: 'loadtest', device: 'loadtest' },
      },
    }),
  );
  await standIn.identify;
  return socket;
}

async function main(): Promise<void> {
  const started = performance.now();
  setTimeout(() => {
    log(`loadtest: still running after ${RUN_TIMEOUT_MS / 60_000} minutes, giving up`);
    process.exit(2);
  }, RUN_TIMEOUT_MS).unref();
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)} (load average ${loadavg()[0]?.toFixed(2)} at the start)`;
  const profileDir = process.argv.includes('--profile')
    ? join(PACKAGE_ROOT, '.cache', 'loadtest-profiles')
    : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const key = keyPair();
  const stranger = keyPair();
  const papers = loadCorpusFile(BUNDLED_CORPUS);
  const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-loadtest-'));
  const standIn = await startDiscordStandIn({ applicationId: APPLICATION_ID });
  const gateway = await identify(standIn);
  const env = {
    DISCORD_PUBLIC_KEY: key.publicHex,
    DISCORD_API_URL: standIn.apiUrl,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    PAPERBOT_CACHE_DIR: cacheDir,
    ASK_COOLDOWN_SECONDS: '0',
  };
  const servers: ServerProcess[] = [];
  try {
    const baselineServer = await spawnServer('baseline', env);
    servers.push(baselineServer);
    const baseline = await scenario(baselineServer, pingWorkload(), key, profileDir);
    await baselineServer.stop();

    const bot = await spawnServer('paperbot', env);
    servers.push(bot);
    const search = searchWorkload(papers);
    const scenarios = [
      baseline,
      await scenario(bot, search, key, profileDir),
      await scenario(bot, autocompleteWorkload(papers), key, profileDir),
    ];
    const stopProfile = profileDir ? await bot.profile() : undefined;
    const abused = await abuse(bot, standIn, papers, search, key, stranger);
    await stopProfile?.(join(profileDir ?? '', 'abuse.cpuprofile'));
    await bot.stop();

    const { text, allPass } = report(machine, scenarios, abused);
    process.stdout.write(`\n${text}\n`);
    // The profiler slows the server down, so a profiled run's numbers are not the ones to keep.
    if (profileDir)
      log(`\nCPU profiles of the servers: ${profileDir} (BENCHMARKS.md left as it was)`);
    else writeBenchmarks(text);
    log(`\nloadtest took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    process.exitCode = allPass ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    gateway.terminate();
    await standIn.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
