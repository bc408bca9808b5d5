/**
 * `npm run loadtest`: the HTTP interactions endpoint under signed load and under abuse.
 *
 *  1. Baseline: a bare node:http server that verifies the Ed25519 signature and answers PONG.
 *  2. paperbot with signed /search commands, then with autocomplete, against the baseline.
 *  3. Abuse: a flood of bad signatures, oversized bodies, slow clients and 50 concurrent
 *     deferred /ask, while valid requests keep arriving and the server's memory is sampled.
 *  4. Discord pushing back (deliveries.ts): follow-ups answered 429, and a burst of deferred
 *     /ask past the backlog bound; `--only deliveries` runs these alone.
 *
 * Servers run in forked processes on 127.0.0.1 (one core each for server and autocannon on a
 * two-core machine); the Discord REST stand-in from testing/discord receives the /ask follow-ups.
 * Everything is bounded and the run ends by itself in about two minutes. Results go to stdout
 * and to the "Load test" section of BENCHMARKS.md. `npm run loadtest -- --profile` instead writes
 * a CPU profile of the server for each scenario to .cache/loadtest-profiles (open in DevTools)
 * and leaves BENCHMARKS.md alone, since profiling slows the server down.
 */
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { loadCorpusFile } from '../../src/corpus/load.js';
import type { Paper } from '../../src/corpus/schema.js';
import { BUNDLED_CORPUS, PACKAGE_ROOT } from '../../src/paths.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../testing/discord/standin.js';
import { abuse } from './abuse.js';
import { APPLICATION_ID, keyPair, type KeyPair } from './clients.js';
import { spawnServer, type ServerProcess } from './processes.js';
import { backlogBurst, rateLimitedFollowUps } from './deliveries.js';
import { deliveriesReport, report, writeBenchmarks } from './report.js';
import { log, RUN_TIMEOUT_MS } from './settings.js';
import { scenario } from './throughput.js';
import { autocompleteWorkload, pingWorkload, searchWorkload } from './workloads.js';

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

/** The 429 and backlog scenarios, reported in their own section; true when every target passed. */
async function deliveries(
  machine: string,
  env: Record<string, string>,
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  key: KeyPair,
): Promise<boolean> {
  const limited = await rateLimitedFollowUps(env, standIn, papers, key);
  const burst = await backlogBurst(env, standIn, papers, key);
  const withLoad = `${machine}; load average ${loadavg()[0]?.toFixed(2)} at the end`;
  const { text, allPass } = deliveriesReport(withLoad, limited, burst);
  process.stdout.write(`\n${text}\n`);
  writeBenchmarks(text, 'loadtest-deliveries');
  return allPass;
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
    if (process.argv.includes('--only') && process.argv.includes('deliveries')) {
      const pushedBack = await deliveries(machine, env, standIn, papers, key);
      process.exitCode = pushedBack ? 0 : 1;
      return;
    }
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
    const pushedBack = profileDir ? true : await deliveries(machine, env, standIn, papers, key);
    log(`\nloadtest took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    process.exitCode = allPass && pushedBack ? 0 : 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    gateway.terminate();
    await standIn.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
