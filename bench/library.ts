/**
 * `npm run bench:library`: how soon the running bot finds what `paperbot add` adds, as
 * production runs it: a `paperbot serve` process, and `paperbot add` as a separate process
 * against a loopback arXiv stand-in. On SQLite, and on PostgreSQL when TEST_DATABASE_URL or
 * DATABASE_URL names one (each run in a schema of its own, dropped afterwards).
 *
 * (a) one arXiv id: from the stand-in answering the API request to the paper being found by
 *     a /search sent to serve (target ≤ 1 s). Baseline in the same run: the same command for
 *     an id already in the library, which starts, asks the API and writes nothing.
 * (b) a 500-entry BibTeX file added by `paperbot add file.bib` on a terminal (a pseudo-tty from
 *     script(1), so the progress bar is drawn as a person sees it): the command's time (target
 *     ≤ 10 s) and the frames of the bar it drew, then when serve finds the last entry.
 *     Baseline in the same run: a one-entry file.
 *
 * Run `npm run build` first; this runs the compiled CLI from dist/.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { keyPair, type KeyPair } from '../testing/signing.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../test/e2e/scholarly/standin.js';
import { command, send, signed } from '../test/transports/http-client.js';
import { freePort } from '../testing/free-port.js';

const CLI = fileURLToPath(new URL('../src/transports/cli.js', import.meta.url));
const ENTRIES = 500;
const RUNS = 5;
const TARGET_MS = { searchable: 1_000, bibtex: 10_000 };
/** How often serve is asked whether it finds the paper yet: the resolution of (a). */
const PROBE_MS = 10;

const url = process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;

interface Engine {
  name: string;
  env: Record<string, string>;
  cleanUp(): Promise<void>;
}

function sqlite(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-bench-library-'));
  return {
    name: 'SQLite',
    env: { PAPERBOT_DATA_DIR: dir },
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgres(base: string): Engine {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const withSchema = new URL(base);
  withSchema.searchParams.set('schema', schema);
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: withSchema.toString() },
    async cleanUp() {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Serve {
  url: string;
  keys: KeyPair;
  stop(): Promise<void>;
}

async function startServe(env: Record<string, string>): Promise<Serve> {
  const keys = keyPair();
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...env, PORT: String(port), DISCORD_PUBLIC_KEY: keys.publicHex },
    stdio: 'ignore',
  });
  const exited = once(child, 'exit');
  const serveUrl = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; await sleep(100)) {
    if (Date.now() > deadline) throw new Error('paperbot serve did not come up within 60 s');
    if (child.exitCode !== null) throw new Error(`paperbot serve exited (${child.exitCode})`);
    if (
      await fetch(`${serveUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
  }
  return {
    url: serveUrl,
    keys,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Whether a /search sent to serve, as Discord would send it, lists the text. */
async function finds(serve: Serve, query: string, text: string): Promise<boolean> {
  const { body, headers } = signed(
    command('search', [{ name: 'query', type: 3, value: query }]),
    serve.keys.privateKey,
  );
  const sent = await send(serve.url, { body, headers });
  return JSON.stringify(sent.json).includes(text);
}

async function whenFound(serve: Serve, query: string, text: string): Promise<number> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(PROBE_MS)) {
    if (await finds(serve, query, text)) return Date.now();
  }
  throw new Error(`serve did not find "${text}" within 60 s`);
}

interface Run {
  started: number;
  exited: number;
  output: string;
  code: number | null;
}

/** Runs `paperbot …`; on a terminal (a pseudo-tty) when asked, as a person would. */
async function paperbot(env: Record<string, string>, args: string[], tty = false): Promise<Run> {
  const started = Date.now();
  const argv = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const child = tty
    ? spawn('script', ['-qfec', argv.join(' '), '/dev/null'], { env: { ...env, TERM: 'xterm' } })
    : spawn(process.execPath, [CLI, ...args], { env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { started, exited: Date.now(), output, code };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const ms = (value: number) => `${Math.round(value)} ms`;
const spread = (values: readonly number[]) =>
  `median ${ms(median(values))}, max ${ms(Math.max(...values))} (${values.length} runs)`;

function bibtex(n: number, tag: string): string {
  const topics = ['attention', 'pruning', 'quantisation', 'distillation', 'segmentation'];
  return Array.from({ length: n }, (_, i) => {
    const topic = topics[i % topics.length]!;
    return `@article{${tag}${i},
  title = {Efficient {${topic}} ${tag} number ${i} for edge devices},
  author = {Author${i}, Ada and Writer, Bo and Third, Cy},
  year = {${2015 + (i % 10)}}, month = {${1 + (i % 12)}},
  primaryClass = {cs.LG},
  abstract = {We study ${topic} on edge devices and report a ${1 + (i % 9)}.${i % 10}x speed-up over the baseline ${i}.}
}`;
  }).join('\n\n');
}

let nextArxiv = 1;
/** A paper only the stand-in knows, with a word nothing else in the library holds. */
function freshArxivPaper(standIn: ScholarlyStandIn): { id: string; word: string } {
  const n = nextArxiv++;
  const id = `2501.${String(n).padStart(5, '0')}`;
  const word = `Quokkanet${n}${randomBytes(3).toString('hex')}`;
  standIn.putArxiv({
    id,
    version: 1,
    title: `${word}: Sparse Ledgers for Tiny Devices`,
    summary: `${word} keeps sparse ledgers on microcontrollers, ${n}.5x faster than dense ones.`,
    published: '2025-01-02T18:00:00Z',
    authors: [{ name: 'Ada Bench' }, { name: `Bo Runner${n}` }],
    primaryCategory: 'cs.LG',
  });
  return { id, word };
}

async function benchEngine(engine: Engine, standIn: ScholarlyStandIn, dir: string): Promise<void> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...engine.env,
    PAPERBOT_CACHE_DIR: dir,
    ARXIV_API_URL: standIn.arxivUrl,
    ARXIV_REQUEST_INTERVAL_MS: '0',
    CROSSREF_API_URL: standIn.crossrefUrl,
    DISCORD_TOKEN: '',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    LOG_LEVEL: 'silent',
  };
  const serve = await startServe(env);
  try {
    console.log(`\n${engine.name}`);
    const searchable: number[] = [];
    const written: number[] = [];
    const commandTimes: number[] = [];
    const duplicateTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { id, word } = freshArxivPaper(standIn);
      const seen = standIn.requests.length;
      // The title, not the word: a reply that finds nothing still quotes the query.
      const probing = whenFound(serve, word, `${word}: Sparse Ledgers`);
      const added = await paperbot(env, ['add', id]);
      if (added.code !== 0) throw new Error(`paperbot add ${id} failed:\n${added.output}`);
      const found = await probing;
      const answered = standIn.requests.slice(seen).find((r) => r.path.includes(id))?.at ?? NaN;
      searchable.push(found - answered);
      written.push(added.exited - answered);
      commandTimes.push(added.exited - added.started);
      const again = await paperbot(env, ['add', id]);
      duplicateTimes.push(again.exited - again.started);
    }
    console.log(
      `  (a) arXiv id, API answered → found by /search in serve: ${spread(searchable)}` +
        ` [target ≤ ${ms(TARGET_MS.searchable)}]`,
    );
    console.log(`      API answered → add command exited: ${spread(written)}`);
    console.log(`      add command, start to exit: ${spread(commandTimes)}`);
    console.log(
      `      baseline, the same id again (a duplicate), start to exit: ${spread(duplicateTimes)}`,
    );

    const file = join(dir, `bench-${engine.name}.bib`);
    writeFileSync(file, bibtex(ENTRIES, `bulk${randomBytes(3).toString('hex')}`));
    const one = join(dir, `one-${engine.name}.bib`);
    writeFileSync(one, bibtex(1, `single${randomBytes(3).toString('hex')}`));
    const baseline = await paperbot(env, ['add', one], true);
    const bulk = await paperbot(env, ['add', file], true);
    if (bulk.code !== 0)
      throw new Error(`paperbot add file.bib failed:\n${bulk.output.slice(-2000)}`);
    const last = `number ${ENTRIES - 1} for edge`;
    const found = await whenFound(serve, `quantisation ${ENTRIES - 1} edge devices`, last);
    const frames = bulk.output.match(/Storing \[/g)?.length ?? 0;
    const addedCount = /(\d+) added/.exec(bulk.output)?.[1] ?? '?';
    console.log(
      `  (b) ${ENTRIES}-entry BibTeX, paperbot add file.bib on a terminal: ${ms(bulk.exited - bulk.started)}` +
        ` [target ≤ ${ms(TARGET_MS.bibtex)}]; ${addedCount} added; progress bar drawn ${frames} times`,
    );
    console.log(
      `      command exited → last entry found by /search in serve: ${ms(found - bulk.exited)}`,
    );
    console.log(`      baseline, a 1-entry file: ${ms(baseline.exited - baseline.started)}`);
  } finally {
    await serve.stop();
  }
}

const standIn = await startScholarlyStandIn();
const dir = mkdtempSync(join(tmpdir(), 'paperbot-bench-cache-'));
try {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}; serve probed every ${PROBE_MS} ms`,
  );
  for (const engine of [sqlite(), ...(url ? [postgres(url)] : [])]) {
    try {
      await benchEngine(engine, standIn, dir);
    } finally {
      await engine.cleanUp();
    }
  }
  if (!url) console.log('\nPostgreSQL skipped: set TEST_DATABASE_URL or DATABASE_URL to run it.');
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
} finally {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
}
