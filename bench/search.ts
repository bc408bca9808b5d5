/**
 * `npm run bench`: search as users meet it. The 50 real papers are hidden among synthetic
 * ones (100k by default; BENCH_SIZES=10000 for a quick run), and the whole process,
 * `paperbot search --corpus … --stdin --json`, is asked one query at a time: its first build,
 * its restart from the index cache, latency per query on a mixed set, memory, and recall@5 of
 * the dev set's search queries, each beside plain MiniSearch run the same way
 * (bench/plain-search.ts). Then the wall time of one CLI search on the bundled corpus.
 * Results go to stdout and, for the default size, BENCHMARKS.md.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { loadCorpusFile } from '../src/corpus/load.js';
import type { Paper } from '../src/corpus/schema.js';
import { BUNDLED_CORPUS, PACKAGE_ROOT } from '../src/paths.js';
import { hiddenAmong } from './hidden-corpus.js';
import { QUERY_KINDS, queryMix, type BenchQuery, type QueryKind } from './queries.js';

const DEFAULT_SIZE = 100_000;
const CORPUS_SEED = 20240611;
const QUERY_SEED = 7;
const WARMUP_QUERIES = 20;
const FIRST_QUERY = 'efficient transformers';
/** Plain MiniSearch scores every match: its query set stops after this long. */
const PLAIN_BUDGET_MS = 60_000;
const CLI_RUNS = 10;

const TARGET = {
  p99Ms: 50,
  maxMs: 200,
  rssAfterRestartMb: 1_200,
  restartS: 3,
  firstBuildS: 25,
  recall: 0.95,
  cliS: 0.5,
};

const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'transports', 'cli.js');
const PLAIN = join(PACKAGE_ROOT, 'dist', 'bench', 'plain-search.js');
/**
 * The node flags in the CLI's `#!/usr/bin/env -S node …` line, which an installed `paperbot`
 * runs with; both engines get them, so the comparison is of the searches, not of the runtime.
 */
const NODE_FLAGS = nodeFlagsOf(CLI);

function nodeFlagsOf(script: string): string[] {
  const shebang = /^#!\/usr\/bin\/env -S node((?: --?[\w-]+(?:=\S+)?)*)\n/.exec(
    readFileSync(script, 'utf8'),
  );
  if (!shebang) throw new Error(`${script} does not start with a "#!/usr/bin/env -S node" line`);
  return shebang[1]?.trim().split(' ').filter(Boolean) ?? [];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Nearest-rank: p99 of 200 samples is the second slowest, an observed value. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function latencyOf(samples: readonly number[]): Latency {
  return {
    n: samples.length,
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    max: samples.length === 0 ? Number.NaN : Math.max(...samples),
  };
}

/** A search process asked one line at a time, as a script or a chat front end would. */
class QueryProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  readonly started = performance.now();
  stderr = '';

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [...NODE_FLAGS, ...args], { cwd: PACKAGE_ROOT, env });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async ask(query: string): Promise<{ ms: number; ids: string[] }> {
    const start = performance.now();
    this.child.stdin.write(`${query.replace(/\n/g, ' ')}\n`);
    const line = await this.lines.next();
    const ms = performance.now() - start;
    if (line.done === true)
      throw new Error(`the search process ended before answering: ${this.stderr.slice(-2000)}`);
    const answer = JSON.parse(line.value) as { results?: { id: string }[] };
    return { ms, ids: (answer.results ?? []).map((r) => r.id) };
  }

  /** Resident and peak resident memory in MB, from the kernel's own accounting. */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${String(this.child.pid)}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}

interface EngineRun {
  /** 1-minute load average when each phase ended: the shared machine's other work. */
  load: { build: number; restart: number; queries: number };
  firstBuildS: number;
  buildPeakMb: number;
  progressLines: number;
  restartS: number;
  rssAfterRestartMb: number;
  servingPeakMb: number;
  latencies: number[];
  recall: number;
}

interface Engine {
  name: string;
  start(cacheDir: string, first: boolean): QueryProcess;
  budgetMs: number;
}

async function runEngine(
  engine: Engine,
  workDir: string,
  warmup: readonly BenchQuery[],
  queries: readonly BenchQuery[],
  recallQueries: readonly { q: string; relevant: Set<string> }[],
): Promise<EngineRun> {
  const cacheDir = join(workDir, `${engine.name}-cache`);
  log(`${engine.name}: first build…`);
  const first = engine.start(cacheDir, true);
  await first.ask(FIRST_QUERY);
  const firstBuildS = (performance.now() - first.started) / 1000;
  const buildPeakMb = first.memory().peak;
  await first.close();
  const progressLines = first.stderr
    .split('\n')
    .filter((l) => l.includes('indexing papers')).length;
  const buildLoad = loadavg()[0] ?? Number.NaN;
  log(`  first answer after ${firstBuildS.toFixed(1)} s, peak RSS ${buildPeakMb.toFixed(0)} MB`);

  const restarted = engine.start(cacheDir, false);
  await restarted.ask(FIRST_QUERY);
  const restartS = (performance.now() - restarted.started) / 1000;
  const rssAfterRestartMb = restarted.memory().rss;
  const restartLoad = loadavg()[0] ?? Number.NaN;
  log(`  restart ${restartS.toFixed(2)} s, RSS ${rssAfterRestartMb.toFixed(0)} MB`);
  for (const query of warmup) await restarted.ask(query.text);
  const latencies: number[] = [];
  const deadline = performance.now() + engine.budgetMs;
  for (const query of queries) {
    if (performance.now() > deadline) break;
    latencies.push((await restarted.ask(query.text)).ms);
  }
  const queriesLoad = loadavg()[0] ?? Number.NaN;
  let found = 0;
  for (const { q, relevant } of recallQueries) {
    const top = (await restarted.ask(q)).ids.slice(0, 5);
    found += top.filter((id) => relevant.has(id)).length / relevant.size;
  }
  const servingPeakMb = restarted.memory().peak;
  await restarted.close();
  const latency = latencyOf(latencies);
  log(
    `  ${latency.n} queries: p50 ${ms(latency.p50)} p99 ${ms(latency.p99)} max ${ms(latency.max)} ms`,
  );
  return {
    load: { build: buildLoad, restart: restartLoad, queries: queriesLoad },
    firstBuildS,
    buildPeakMb,
    progressLines,
    restartS,
    rssAfterRestartMb,
    servingPeakMb,
    latencies,
    recall: recallQueries.length === 0 ? Number.NaN : found / recallQueries.length,
  };
}

/** The dev set's search queries, their relevant papers by id: the real papers' ids, never a look-alike's that shares a title. */
function recallSet(papers: readonly Paper[]): { q: string; relevant: Set<string> }[] {
  const devSet = JSON.parse(
    readFileSync(join(PACKAGE_ROOT, 'data', 'eval', 'dev-set.json'), 'utf8'),
  ) as { search?: { q: string; relevant: string[] }[] };
  const idByTitle = new Map(papers.map((p) => [p.title, p.id]));
  return (devSet.search ?? []).map(({ q, relevant }) => ({
    q,
    relevant: new Set(relevant.map((t) => idByTitle.get(t) ?? `missing: ${t}`)),
  }));
}

function wallTimes(args: readonly string[], runs: number, env: NodeJS.ProcessEnv): number[] {
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    const run = spawnSync(process.execPath, [...NODE_FLAGS, ...args], {
      cwd: PACKAGE_ROOT,
      env,
      encoding: 'utf8',
    });
    if (run.status !== 0)
      throw new Error(`${args.join(' ')} exited ${String(run.status)}: ${run.stderr}`);
    return performance.now() - start;
  });
}

/** One `paperbot search` on the bundled corpus, warm cache: what a script calling the CLI waits. */
function benchCli(workDir: string): { cli: number[]; floor: number[] } {
  const env = { ...process.env, PAPERBOT_CACHE_DIR: join(workDir, 'cli-cache'), LOG_LEVEL: 'warn' };
  const args = [CLI, 'search', FIRST_QUERY, '--json'];
  wallTimes(args, 1, env);
  return { cli: wallTimes(args, CLI_RUNS, env), floor: wallTimes(['-e', '0'], CLI_RUNS, env) };
}

const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const seconds = (value: number) => `${value.toFixed(value >= 10 ? 1 : 2)} s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const sizeLabel = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size));
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function machine(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  return `${model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** Other work on a shared machine shows up in the timings; the load averages say how much. */
function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

function loadsOf(run: EngineRun): string {
  return [run.load.build, run.load.restart, run.load.queries].map((l) => l.toFixed(1)).join(' / ');
}

function byKind(queries: readonly BenchQuery[], samples: readonly number[]): string[][] {
  return QUERY_KINDS.map((kind: QueryKind) => {
    const own = latencyOf(samples.filter((_, i) => queries[i]?.kind === kind));
    return [kind, String(own.n), `${ms(own.p50)} / ${ms(own.p99)} / ${ms(own.max)}`];
  });
}

interface Measured {
  size: number;
  corpusMb: number;
  queries: readonly BenchQuery[];
  ours: EngineRun;
  plain: EngineRun;
  cli: { cli: number[]; floor: number[] };
  loadBefore: string;
}

function report(m: Measured): { text: string; allPass: boolean } {
  const { ours, plain } = m;
  const latency = latencyOf(ours.latencies);
  const plainLatency = latencyOf(plain.latencies);
  const cliMedian = quantile(m.cli.cli, 0.5);
  const checks: [string, boolean, string][] = [
    [
      `p99 ≤ ${TARGET.p99Ms} ms and max ≤ ${TARGET.maxMs} ms per query`,
      latency.p99 <= TARGET.p99Ms && latency.max <= TARGET.maxMs,
      `p99 ${ms(latency.p99)} ms, max ${ms(latency.max)} ms`,
    ],
    [
      `RSS after a restart ≤ ${TARGET.rssAfterRestartMb} MB`,
      ours.rssAfterRestartMb <= TARGET.rssAfterRestartMb,
      mb(ours.rssAfterRestartMb),
    ],
    [
      `restart to first answer ≤ ${TARGET.restartS} s`,
      ours.restartS <= TARGET.restartS,
      seconds(ours.restartS),
    ],
    [
      `first build ≤ ${TARGET.firstBuildS} s, with progress`,
      ours.firstBuildS <= TARGET.firstBuildS && ours.progressLines > 0,
      `${seconds(ours.firstBuildS)}, ${ours.progressLines} progress lines`,
    ],
    [
      `recall@5 ≥ ${TARGET.recall} and ≥ plain MiniSearch`,
      ours.recall >= TARGET.recall && ours.recall >= plain.recall,
      `${pct(ours.recall)} (plain ${pct(plain.recall)})`,
    ],
    [
      `one CLI search on the bundled corpus ≤ ${TARGET.cliS} s (median of ${CLI_RUNS})`,
      cliMedian / 1000 <= TARGET.cliS,
      `${seconds(cliMedian / 1000)} (node -e 0: ${seconds(quantile(m.cli.floor, 0.5) / 1000)})`,
    ],
  ];
  const row = (name: string, run: EngineRun, l: Latency) => [
    name,
    seconds(run.firstBuildS),
    mb(run.buildPeakMb),
    seconds(run.restartS),
    mb(run.rssAfterRestartMb),
    mb(run.servingPeakMb),
    String(l.n),
    ms(l.p50),
    ms(l.p99),
    ms(l.max),
    pct(run.recall),
    loadsOf(run),
  ];
  // Plain may stop early: its latencies are compared with ours on the same queries.
  const sameQueries = latencyOf(ours.latencies.slice(0, plainLatency.n));
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const ratios = [
    'paperbot / plain',
    ratio(ours.firstBuildS, plain.firstBuildS),
    ratio(ours.buildPeakMb, plain.buildPeakMb),
    ratio(ours.restartS, plain.restartS),
    ratio(ours.rssAfterRestartMb, plain.rssAfterRestartMb),
    ratio(ours.servingPeakMb, plain.servingPeakMb),
    `same ${plainLatency.n}`,
    ratio(sameQueries.p50, plainLatency.p50),
    ratio(sameQueries.p99, plainLatency.p99),
    ratio(sameQueries.max, plainLatency.max),
    ratio(ours.recall, plain.recall),
    '',
  ];
  const text = [
    '## Search benchmark (`npm run build && npm run bench`)',
    '',
    `Machine: ${machine()}. Load average (1/5/15 min) at start ${m.loadBefore}, at end ${load()}.`,
    '',
    `Corpus: the ${sizeLabel(50)} real papers of data/papers.json hidden at random places among synthetic ones, ${sizeLabel(m.size)} in all ` +
      `(${m.corpusMb.toFixed(0)} MB of JSON; bench/hidden-corpus.ts, bench/corpus.ts: bigram text of the real abstracts, coined model names, ` +
      'a Zipf-like author pool). Each engine is a whole process asked one query per stdin line and timed from the line written to the ' +
      'answer read: ours is `paperbot search --corpus … --stdin --json`, plain is MiniSearch with default options over title, authors ' +
      `and abstract (bench/plain-search.ts). ${m.queries.length} mixed queries (bench/queries.ts) after ${WARMUP_QUERIES} warm-up ones; ` +
      `plain stops after ${PLAIN_BUDGET_MS / 1000} s of queries. Recall@5: the dev set's search queries (data/eval/dev-set.json), ` +
      'share of each query’s relevant papers in its top 5, averaged.',
    '',
    table(
      [
        'engine',
        'first build → first answer',
        'peak RSS building',
        'restart → first answer',
        'RSS after restart',
        'peak RSS serving',
        'queries',
        'p50 ms',
        'p99 ms',
        'max ms',
        'recall@5',
        'load: build / restart / queries',
      ],
      [row('paperbot', ours, latency), row('plain MiniSearch', plain, plainLatency), ratios],
    ),
    '',
    'Latency by kind of query, paperbot (ms, p50 / p99 / max):',
    '',
    table(['kind', 'n', 'paperbot'], byKind(m.queries, ours.latencies)),
    '',
    '### Targets',
    '',
    table(
      ['target', 'result', 'measured'],
      checks.map(([name, ok, measured]) => [name, pass(ok), measured]),
    ),
    '',
    'Left out of the mix: filters (`--author`, `--year`, `--category`), paging, autocomplete (Discord only), ' +
      '`/ask` retrieval, queries in other scripts than Latin, and result-cache hits beyond the repeats the mix happens to hold.',
  ].join('\n');
  return { text, allPass: checks.every(([, ok]) => ok) };
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Only the generated block is replaced, so the hand-written notes around it survive a rerun. */
function writeBenchmarks(text: string): void {
  const file = join(PACKAGE_ROOT, 'BENCHMARKS.md');
  const block = `${START}\n${text}\n${END}`;
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : `# Benchmarks\n\n${START}\n${END}\n`;
  const at = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    at >= 0 && end > at
      ? `${current.slice(0, at)}${block}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

/**
 * BENCH_SIZES=10000 (or an argument) for a quicker run; `npm run bench -- 10000` would hand
 * the argument to the commands bench too, so the variable is the way through npm.
 */
function requestedSize(): number {
  const raw = process.env['BENCH_SIZES'] ?? process.argv[2];
  if (raw === undefined || raw.trim() === '') return DEFAULT_SIZE;
  const size = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(size) || size <= 50)
    throw new Error(`BENCH_SIZES must be a whole number of papers over 50, not "${raw}"`);
  return size;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = load();
  const size = requestedSize();
  const realPapers = loadCorpusFile(BUNDLED_CORPUS);
  const workDir = mkdtempSync(join(tmpdir(), 'paperbot-bench-'));
  try {
    log(`generating ${sizeLabel(size)} papers…`);
    const papers = hiddenAmong(realPapers, size, CORPUS_SEED);
    const corpusFile = join(workDir, 'papers.json');
    const corpusText = JSON.stringify(papers);
    writeFileSync(corpusFile, corpusText);
    const queries = queryMix(realPapers, papers, QUERY_SEED);
    const warmup = queryMix(realPapers, papers, QUERY_SEED + 1, WARMUP_QUERIES);
    const recallQueries = recallSet(realPapers);
    const ours: Engine = {
      name: 'paperbot',
      budgetMs: Infinity,
      start: (cacheDir, first) =>
        new QueryProcess([CLI, 'search', '--corpus', corpusFile, '--stdin', '--json'], {
          ...process.env,
          PAPERBOT_CACHE_DIR: cacheDir,
          // The first build logs its progress lines, which the report counts.
          LOG_LEVEL: first ? 'info' : 'warn',
        }),
    };
    const plain: Engine = {
      name: 'plain',
      budgetMs: PLAIN_BUDGET_MS,
      start: (cacheDir) => {
        return new QueryProcess([PLAIN, corpusFile, `${cacheDir}.json`], process.env);
      },
    };
    const oursRun = await runEngine(ours, workDir, warmup, queries, recallQueries);
    const plainRun = await runEngine(plain, workDir, warmup, queries, recallQueries);
    log('CLI on the bundled corpus…');
    const cli = benchCli(workDir);
    const { text, allPass } = report({
      size,
      corpusMb: corpusText.length / 2 ** 20,
      queries,
      ours: oursRun,
      plain: plainRun,
      cli,
      loadBefore,
    });
    process.stdout.write(`\n${text}\n`);
    if (size === DEFAULT_SIZE) writeBenchmarks(text);
    log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    process.exitCode = allPass ? 0 : 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
