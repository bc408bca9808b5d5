/** The Markdown report of a run, judged against the targets, and its section of BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { DEFAULT_BACKLOG_LIMIT } from '../../src/transports/discord/backlog.js';
import { WEBHOOK_BOUNDS } from '../../src/transports/discord/rest.js';
import type { AbuseResult } from './abuse.js';
import { GRACE_SECONDS, type BacklogResult, type RateLimitedResult } from './deliveries.js';
import {
  ASKS,
  CONNECTIONS,
  FLOOD_SECONDS,
  HEAP_GROWTH_LIMIT,
  OVERSIZED,
  PIPELINING,
  PROBE_INTERVAL_MS,
  REQUESTS_PER_CONNECTION,
  RSS_GROWTH_LIMIT,
  SECONDS,
  SLOW_KINDS,
  SLOW_SLACK_MS,
  TARGET,
  WARMUP_SECONDS,
} from './settings.js';
import type { Scenario } from './throughput.js';

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

export function report(
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

const markers = (section: string) => [`<!-- ${section}:start -->`, `<!-- ${section}:end -->`];

/**
 * Others write their own sections of BENCHMARKS.md, left as they are. Ours (`loadtest`, and
 * `loadtest-deliveries` for the runs where Discord pushes back) is replaced where it stands;
 * a new one goes right after the load test's, or at the end.
 */
export function writeBenchmarks(text: string, section = 'loadtest'): void {
  const [START, END] = markers(section) as [string, string];
  const file = join(PACKAGE_ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${START}\n${text}\n${END}`;
  const at = current.indexOf(START);
  const end = current.indexOf(END);
  if (at >= 0 && end > at) {
    writeFileSync(file, `${current.slice(0, at)}${block}${current.slice(end + END.length)}`);
    return;
  }
  const [, loadtestEnd = ''] = markers('loadtest');
  const after = current.indexOf(loadtestEnd);
  const updated =
    section !== 'loadtest' && after >= 0
      ? `${current.slice(0, after + loadtestEnd.length)}\n\n${block}${current.slice(after + loadtestEnd.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, updated);
}

/** Time a server may take past its grace to stop: the grace is checked, then connections closed. */
const STOP_SLACK_MS = 3_000;
/** A "busy" reply must reach Discord within its 3 s window. */
const INTERACTION_WINDOW_MS = 3_000;

export function deliveriesReport(
  machine: string,
  limited: RateLimitedResult,
  burst: BacklogResult,
): { text: string; allPass: boolean } {
  const grace = GRACE_SECONDS * 1000;
  const lines: [string, boolean, string][] = [
    [
      `429 on every follow-up: each answer gives up after ≤ ${WEBHOOK_BOUNDS.attempts} attempts, within ${seconds(WEBHOOK_BOUNDS.deadlineMs)}`,
      limited.deferred === limited.asks &&
        limited.maxAttempts <= WEBHOOK_BOUNDS.attempts &&
        limited.maxSpanMs <= WEBHOOK_BOUNDS.deadlineMs,
      `${limited.deferred}/${limited.asks} deferred; ${int(limited.edits)} edit attempts, at most ${limited.maxAttempts} per answer, over at most ${seconds(limited.maxSpanMs)}`,
    ],
    [
      `429: memory bounded (peak RSS ≤ start + ${mib(RSS_GROWTH_LIMIT)})`,
      limited.peakRss - limited.rssBefore <= RSS_GROWTH_LIMIT,
      `${mib(limited.rssBefore)} → peak ${mib(limited.peakRss)} (${signedMib(limited.peakRss - limited.rssBefore)})`,
    ],
    [
      `429: stop within the ${GRACE_SECONDS} s grace (+${seconds(STOP_SLACK_MS)})`,
      limited.stopMs <= grace + STOP_SLACK_MS,
      seconds(limited.stopMs),
    ],
    [
      `burst of ${burst.asks} deferred /ask past the backlog bound (${DEFAULT_BACKLOG_LIMIT}): the rest get "busy" at once`,
      burst.deferred <= DEFAULT_BACKLOG_LIMIT &&
        burst.busy >= burst.asks - DEFAULT_BACKLOG_LIMIT &&
        burst.other === 0 &&
        burst.busyMaxMs <= INTERACTION_WINDOW_MS,
      `${burst.deferred} deferred, ${burst.busy} busy (slowest ${int(burst.busyMaxMs)} ms), ${burst.other} other`,
    ],
    [
      `backlog: memory bounded (peak RSS ≤ start + ${mib(RSS_GROWTH_LIMIT)})`,
      burst.peakRss - burst.rssBefore <= RSS_GROWTH_LIMIT,
      `${mib(burst.rssBefore)} → peak ${mib(burst.peakRss)} (${signedMib(burst.peakRss - burst.rssBefore)})`,
    ],
    [
      `backlog: stop with ${burst.deferred} answers waiting to be delivered, within the grace (+${seconds(STOP_SLACK_MS)})`,
      burst.stopMs <= grace + STOP_SLACK_MS,
      seconds(burst.stopMs),
    ],
  ];
  const text = [
    '### Discord pushing back: 429s and a burst past the backlog',
    '',
    `\`npm run loadtest\` (alone: \`npm run loadtest -- --only deliveries\`) on ${machine}.`,
    '',
    `Each against a fresh server (SHUTDOWN_GRACE_SECONDS=${GRACE_SECONDS}), its RSS sampled every 100 ms. ` +
      `429: the Discord REST stand-in answers every follow-up edit of ${limited.asks} deferred /ask with 429 (retry after 1 s). ` +
      `Backlog: ${burst.asks} deferred /ask at once while the first ${DEFAULT_BACKLOG_LIMIT} follow-ups are held up (429, retry after 20 s); ` +
      'then the server is stopped with that work pending.',
    '',
    table(
      ['scenario', 'result', 'measured'],
      lines.map(([name, ok, measured]) => [name, pass(ok), measured]),
    ),
  ].join('\n');
  return { text, allPass: lines.every(([, ok]) => ok) };
}
