/** The Markdown report of a run, judged against the targets, and its section of BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { AbuseResult } from './abuse.js';
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

const START = '<!-- loadtest:start -->';
const END = '<!-- loadtest:end -->';

/** Others write their own sections of BENCHMARKS.md: ours moves to the end, the rest stays as it is. */
export function writeBenchmarks(text: string): void {
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
