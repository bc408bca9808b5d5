/** The throughput scenarios: autocannon against one server with one workload, after a sample check. */
import { Agent } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { post, type KeyPair, type SignedRequest } from './clients.js';
import type { ServerProcess } from './processes.js';
import {
  CONNECTIONS,
  log,
  PIPELINING,
  REQUESTS_PER_CONNECTION,
  SAMPLE_CHECKS,
  SECONDS,
  WARMUP_SECONDS,
} from './settings.js';
import { signPool, type Workload } from './workloads.js';

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
export function quantile(sorted: Float64Array, q: number): number {
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
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
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

export interface Scenario extends LoadResult {
  checked: string;
}

/** Profiles only the measured run, when asked to, so warm-up and signing stay out of it. */
export async function scenario(
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
