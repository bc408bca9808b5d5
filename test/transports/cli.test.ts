// `paperbot` as scripts use it: JSON on stdout, JSONL for --stdin, exit codes 0 / 1 / 2. A spec
// about what a command prints and its exit code runs the bin's main in process (`inProcess`);
// each process-level behaviour (the real stdin, stdout, stderr and exit code of a spawned
// paperbot, for each kind of exit) keeps a spawned spec (`cli`).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaperSchema, PapersFileSchema, type Paper } from '../../src/corpus/schema.js';
import { PUBLICATIONS_TXT, TEAM_PAPERS } from '../search/corpus-fixture.js';
import {
  ASK_KEYS,
  CITATION_KEYS,
  SEARCH_RESULT_KEYS,
  type ErrorData,
  type SearchData,
} from '../commands/reply-data.js';
import { runCliInProcess } from './cli-in-process.js';
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../search/corpus-fixture.js';
import { childEnv, nodeArgs, runCli, type Run } from './spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-cli-'));
const cacheDir = join(dir, 'cache');
after(() => rmSync(dir, { recursive: true, force: true }));

/** At most two paperbot processes at a time: each costs a Node start-up. */
const slots: (() => void)[] = [];
let running = 0;
async function cli(args: readonly string[], input?: string): Promise<Run> {
  if (running >= 2) await new Promise<void>((resolve) => slots.push(resolve));
  else running += 1;
  try {
    return await runCli(args, { cacheDir, ...(input === undefined ? {} : { input }) });
  } finally {
    // Hand the slot straight to the next waiting process, or free it.
    const next = slots.shift();
    if (next) next();
    else running -= 1;
  }
}

function inProcess(args: readonly string[], input?: string): Promise<Run> {
  return runCliInProcess(args, { cacheDir, ...(input === undefined ? {} : { input }) });
}

/** One run shared by the specs that read the same output. */
function once(run: () => Promise<Run>): () => Promise<Run> {
  let result: Promise<Run> | undefined;
  return () => (result ??= run());
}

function json<T>(run: Run): T {
  assert.equal(run.code, 0, `exit ${String(run.code)}; stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

type StdinLine = SearchData | ({ query: string } & ErrorData);

/** `paperbot <args> | head -c 1`: the reader closes stdout after the first output. */
function cliIntoClosingReader(args: readonly string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs(join('src', 'transports', 'cli.ts')), ...args],
      { cwd: REPO_ROOT, env: childEnv(cacheDir), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      stdout = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('paperbot CLI', { concurrency: true }, () => {
  const list = once(() => inProcess(['list', '--json']));
  it('list --json prints the 50 papers', async () => {
    assert.equal(json<Paper[]>(await list()).length, 50);
  });
  it('list --json prints every paper with the schema fields', async () => {
    for (const paper of json<unknown[]>(await list()))
      assert.ok(PaperSchema.safeParse(paper).success, JSON.stringify(paper).slice(0, 80));
  });

  const batch = once(() =>
    cli(
      ['search', '--stdin', '--limit', '2'],
      // A bare \r belongs to its line; \r\n ends one.
      ['kv cache', '', 'mobilevit', 'a'.repeat(301), 'lable refinery', 'dkm\rvit\r', 'vit'].join(
        '\n',
      ),
    ),
  );
  const batchLines = async () => {
    const run = await batch();
    assert.equal(run.code, 0, run.stderr);
    return run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as StdinLine);
  };
  const resultsOf = (line: StdinLine | undefined) =>
    line && 'results' in line ? line.results : [];
  it('search prints {query, total, belowFloor, page, results: [{id, title, authors, year, category, score, snippet}]}', async () => {
    const [kv] = await batchLines();
    assert.deepEqual(Object.keys(kv ?? {}), ['query', 'total', 'belowFloor', 'page', 'results']);
    assert.equal(kv?.query, 'kv cache');
    assert.deepEqual(Object.keys(resultsOf(kv)[0] ?? {}), [...SEARCH_RESULT_KEYS]);
  });
  it('search --limit 2 prints two results', async () => {
    const [kv] = await batchLines();
    assert.deepEqual(
      resultsOf(kv).map((r) => r.id),
      ['kv-runahead', 'lazyllm'],
    );
  });
  const conversation = once(() =>
    inProcess(
      ['ask', '--stdin', '--json', '--conversation'],
      ["what's MobileViTv2?", 'how many params does it have?'].join('\n'),
    ),
  );
  it('ask --stdin --conversation answers each line as a follow-up of the ones before', async () => {
    const run = await conversation();
    assert.equal(run.code, 0, run.stderr);
    const [, followUp] = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { answer: string; citations: { id: string }[] });
    assert.match(followUp?.answer ?? '', /three million parameters/);
    assert.equal(followUp?.citations[0]?.id, 'separable-self-attention-mobile-vision');
  });

  it('search --stdin prints one JSON object per input line, in order', async () => {
    assert.deepEqual(
      (await batchLines()).map((l) => l.query),
      ['kv cache', '', 'mobilevit', `${'a'.repeat(199)}…`, 'lable refinery', 'dkm\rvit', 'vit'],
    );
  });
  it('search --stdin echoes an oversized line cut at 200 characters, the "…" included', async () => {
    const [, , , tooLong] = await batchLines();
    assert.equal(tooLong?.query.length, 200);
  });
  it('search --stdin answers each line with its own results', async () => {
    const [kv, , mobilevit, , label] = await batchLines();
    assert.deepEqual(
      [kv, mobilevit, label].map((line) => resultsOf(line)[0]?.id),
      ['kv-runahead', 'mobilevit', 'label-refinery'],
    );
  });
  it('search --stdin answers an empty line with an "empty-query" error object in its place', async () => {
    const [, empty] = await batchLines();
    assert.equal(empty && 'error' in empty ? empty.error.code : 'no error', 'empty-query');
  });
  it('search --stdin answers a 301-character line with an error object saying it is too long', async () => {
    const [, , , tooLong] = await batchLines();
    assert.match(
      tooLong && 'error' in tooLong ? tooLong.error.message : 'no error',
      /keep it to 300 at most/,
    );
  });

  // Each filter flag removes papers the other three would keep, so each spec below sees its own flag.
  const filtered = once(() =>
    inProcess([
      'search',
      '--author',
      'Rastegari',
      '--year',
      '2019-2021',
      '--category',
      'cs.CV',
      '--has-code',
      '--json',
      '--limit',
      '50',
    ]),
  );
  const filteredResults = async () => {
    const { results } = json<SearchData>(await filtered());
    assert.ok(results.length > 0, 'the filters left no paper');
    return results;
  };
  const idsOf = (results: SearchData['results']) => results.map((r) => r.id).join(', ');
  it("search --author keeps only that author's papers", async () => {
    const results = await filteredResults();
    assert.ok(
      results.every((r) => r.authors.includes('Mohammad Rastegari')),
      idsOf(results),
    );
  });
  it('search --year 2019-2021 keeps only papers from those years', async () => {
    const results = await filteredResults();
    assert.ok(
      results.every((r) => r.year >= 2019 && r.year <= 2021),
      idsOf(results),
    );
  });
  it('search --category keeps only papers in that category', async () => {
    const results = await filteredResults();
    assert.ok(
      results.every((r) => r.category === 'CV'),
      idsOf(results),
    );
  });
  it('search --page past the last page exits 1, saying how many pages there are', async () => {
    const run = await inProcess(['search', 'vision', '--limit', '20', '--page', '99']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^paperbot: Page 99 is past the end: the \d+ results for “vision” fill only \d pages? of 20 \(pages? 1(–\d)?\)\.\n$/,
    );
  });

  it('search --page past the last page with --json prints the error object and exits 1', async () => {
    const run = await inProcess(['search', 'vision', '--page', '99', '--json']);
    assert.equal(run.code, 1);
    const { error } = JSON.parse(run.stdout) as ErrorData;
    assert.equal(error.code, 'no-such-page');
    assert.match(error.message, /^Page 99 is past the end: .* \(pages? 1(–\d+)?\)\.$/);
  });

  it('search --has-code keeps only papers that released code', async () => {
    const results = await filteredResults();
    const withCode = new Set(
      json<Paper[]>(await list())
        .filter((p) => p.hasCode)
        .map((p) => p.id),
    );
    assert.ok(
      results.every((r) => withCode.has(r.id)),
      idsOf(results),
    );
  });

  it('paper <id> --json prints the paper', async () => {
    const data = json<Paper>(await inProcess(['paper', 'mobilevit', '--json']));
    assert.equal(data.id, 'mobilevit');
    assert.ok(PaperSchema.safeParse(data).success);
  });

  it('paper with an unknown title exits 1 and says "Did you mean" with the closest title', async () => {
    const run = await cli(['paper', 'lable', 'refinary']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^paperbot: I could not find a paper matching "lable refinary"\. Did you mean: .*Label Refinery: Improving ImageNet Classification.*\n$/,
    );
    assert.equal(run.stdout, '');
  });

  it('similar --json lists other papers, the v2 paper first for MobileViT', async () => {
    const data = json<{ paper: { id: string }; results: { id: string }[] }>(
      await inProcess(['similar', 'MobileViT', '--json']),
    );
    assert.equal(data.paper.id, 'mobilevit');
    assert.equal(data.results[0]?.id, 'separable-self-attention-mobile-vision');
    assert.ok(!data.results.some((r) => r.id === 'mobilevit'));
  });

  it("author --json lists an author's papers", async () => {
    const data = json<{ name: string; papers: unknown[] }>(
      await inProcess(['author', 'rastegari', '--json']),
    );
    assert.equal(data.name, 'Mohammad Rastegari');
    assert.equal(data.papers.length, 19);
  });

  it('stats --json counts the corpus', async () => {
    const data = json<{ papers: number; withCode: number }>(await inProcess(['stats', '--json']));
    assert.deepEqual([data.papers, data.withCode], [50, 17]);
  });

  it('stats --png writes the chart as a PNG image and still prints the text chart', async () => {
    const file = join(dir, 'stats.png');
    const run = await inProcess(['stats', '--png', file, '--corpus', TEAM_PAPERS]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /By year\n2019 █+ 1/);
    assert.deepEqual(readFileSync(file).subarray(0, 4), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('stats --png into a missing directory says so in words (exit 2)', async () => {
    const file = join(dir, 'missing', 'x.png');
    const run = await inProcess(['stats', '--png', file, '--corpus', TEAM_PAPERS]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr.trim().split('\n')[0],
      `paperbot: --png: ${file}: no such file or directory.`,
    );
  });

  it('--png on a command that draws nothing is a usage error (exit 2)', async () => {
    const run = await inProcess([
      'paper',
      'tiny-vision',
      '--png',
      join(dir, 'x.png'),
      '--corpus',
      TEAM_PAPERS,
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--png is for stats/);
  });

  it('ask --json prints {question, kind, answer, citations: [{n, id, title, year, url}], abstained, mode, cached}', async () => {
    const data = json<{ citations: object[] } & Record<string, unknown>>(
      await inProcess(['ask', 'How much faster is CatLIP?', '--json']),
    );
    assert.deepEqual(Object.keys(data), [...ASK_KEYS]);
    assert.deepEqual(Object.keys(data.citations[0] ?? {}), [...CITATION_KEYS]);
    assert.deepEqual(
      [data.question, data.abstained, data.mode, data.cached],
      ['How much faster is CatLIP?', false, 'extractive', false],
    );
  });

  it('a reader that closes stdout early ends the CLI quietly with exit 0', async () => {
    for (const run of [
      await cliIntoClosingReader(['export']),
      await cliIntoClosingReader(
        ['search', '--stdin', '--json'],
        'vision transformers\n'.repeat(300),
      ),
    ]) {
      assert.notEqual(run.stdout, '');
      assert.equal(run.stderr, '');
      assert.equal(run.code, 0);
    }
  });

  it('with --json, a value the command cannot use exits 2 with its error as JSON too', async () => {
    for (const args of [
      ['search', 'vision', '--category', 'XYZ', '--json'],
      ['search', '', '--json'],
      ['search', 'vision', '--limit', '99', '--json'],
      // Found while reading the flags, before the command runs: the same kind of mistake.
      ['search', 'vision', '--page', '1.5', '--json'],
      ['search', 'vision', '--year=', '--json'],
      ['search', 'vision', '--has-code', 'maybe', '--json'],
    ]) {
      const run = await inProcess(args);
      assert.equal(run.code, 2, run.stderr);
      const data = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      assert.ok(data.error.code !== '' && data.error.message !== '', run.stdout);
      assert.match(run.stderr, /^paperbot: /);
    }
  });

  it('an unknown flag exits 2 with the flag named on stderr and nothing on stdout', async () => {
    const run = await inProcess(['search', 'vit', '--nope']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^paperbot: Unknown option '--nope'/);
    assert.equal(run.stdout, '');
  });

  it('--corpus searches another papers file', async () => {
    const corpus = join(dir, 'small.json');
    writeFileSync(
      corpus,
      JSON.stringify([
        {
          title: 'Zebra Nets: Striped Convolutions',
          authors: ['Ann Lee'],
          abstract: 'We stripe convolutions like a zebra.',
          year: 2020,
        },
        { title: 'Horse Nets', authors: ['Bob Roe'], abstract: 'We gallop.', date: '2021-03-04' },
      ]),
    );
    const data = json<SearchData>(
      await inProcess(['search', 'zebra', '--json', '--corpus', corpus]),
    );
    assert.deepEqual(
      data.results.map((r) => r.id),
      ['zebra-nets'],
    );
  });

  it("--category finds a --corpus file's papers of any arXiv archive by its name, and shows its code", async () => {
    const corpus = join(dir, 'neuro.json');
    writeFileSync(
      corpus,
      JSON.stringify([
        {
          title: 'Spiking Nets',
          authors: ['Ann Lee'],
          abstract: 'Neurons spike.',
          year: 2020,
          category: 'q-bio.NC',
        },
        {
          title: 'Grid Cells',
          authors: ['Bob Roe'],
          abstract: 'Cells map space.',
          year: 2021,
          category: 'Neurons and Cognition',
        },
        { title: 'Vision Nets', authors: ['Cy Do'], abstract: 'We see.', year: 2021 },
      ]),
    );
    for (const category of ['Neurons and Cognition', 'q-bio.NC', 'NC']) {
      const data = json<SearchData>(
        await inProcess(['search', '--category', category, '--json', '--corpus', corpus]),
      );
      assert.deepEqual(
        data.results.map((r) => [r.id, r.category]).sort(),
        [
          ['grid-cells', 'q-bio.NC'],
          ['spiking-nets', 'q-bio.NC'],
        ],
        category,
      );
    }
  });

  it('ingest writes a valid papers file and nothing else', async () => {
    const outDir = mkdtempSync(join(dir, 'ingest-'));
    const out = join(outDir, 'papers.json');
    const run = await inProcess(['ingest', PUBLICATIONS_TXT, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Wrote 50 papers from /);
    const written = PapersFileSchema.safeParse(JSON.parse(readFileSync(out, 'utf8')));
    assert.ok(written.success);
    assert.equal(written.data.length, 50);
    assert.deepEqual(readdirSync(outDir), ['papers.json']);
  });

  it('a failed ingest exits 1, names file:line, and leaves the existing out file untouched', async () => {
    const outDir = mkdtempSync(join(dir, 'failed-ingest-'));
    const out = join(outDir, 'papers.json');
    const bad = join(outDir, 'bad.txt');
    writeFileSync(out, '["the existing file"]\n');
    writeFileSync(
      bad,
      'CVMar 15, 2023\nGood TitleAnn Lee\nAn abstract.\nLGFeb 30, 2022\nOther TitleBob Roe\nAnother abstract.\n',
    );
    const run = await inProcess(['ingest', bad, '--out', out]);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(`${bad}:4: expected a real calendar date`), run.stderr);
    assert.equal(readFileSync(out, 'utf8'), '["the existing file"]\n');
    assert.deepEqual(readdirSync(outDir).sort(), ['bad.txt', 'papers.json']);
  });

  describe('a wrong invocation exits 2 with one line in the user’s words', () => {
    const wrong = async (
      args: readonly string[],
      said: RegExp,
      run: (args: readonly string[]) => Promise<Run> = inProcess,
    ) => {
      const result = await run(args);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, said);
      assert.ok(
        result.stderr.split('\n').length <= 3,
        `more than a line and a hint:\n${result.stderr}`,
      );
      assert.doesNotMatch(result.stderr, /\n\s+at |Too small|Too big|expected number/);
      assert.equal(result.stdout, '');
    };
    // A process of its own for each way an invocation is refused: by the flag parser, by the
    // command once the app is open, and by a program command.
    const spawned = (args: readonly string[]) => cli(args);
    it('a missing argument', () =>
      wrong(['search'], /Give me something to search for[\s\S]*paperbot search --help/, spawned));
    it('--limit 0', () => wrong(['search', 'vit', '--limit', '0'], /limit must be at least 1/));
    it('--limit 1000', () => wrong(['search', 'vit', '--limit', '1000'], /limit must be at most/));
    it('a --limit past the largest whole number, with the one bound that matters', () =>
      wrong(
        ['search', 'vit', '--limit', '99999999999999999999'],
        /^paperbot: limit must be at most 50\.\n/,
      ));
    it('a year that is not one', () =>
      wrong(['search', 'vit', '--year', 'abc'], /"abc" is not a year/));
    it('a year range that runs backwards', () =>
      wrong(['search', 'vit', '--year', '2021-2019'], /2021-2019 runs backwards/));
    it('an empty query', () => wrong(['search', ''], /Give me something to search for/, spawned));
    it('a question of 100 KB', () =>
      wrong(['ask', 'why '.repeat(25_000)], /keep it to 300 at most/));
    it('help on a command that does not exist, in command-line words', () =>
      wrong(['help', 'nosuch'], /^paperbot: Unknown command "nosuch"\. Commands: search, /));
    it('a --corpus file that does not exist', () =>
      wrong(
        ['search', 'vit', '--corpus', join(dir, 'missing.json')],
        /^paperbot: --corpus: no such file .*missing\.json\n/,
      ));
    it('a --corpus path that is a loop of symbolic links', async () => {
      const [a, b] = [join(dir, 'loop-a'), join(dir, 'loop-b')];
      symlinkSync(b, a);
      symlinkSync(a, b);
      await wrong(
        ['search', 'vit', '--corpus', a],
        /^paperbot: --corpus: cannot read .*loop-a \(ELOOP\)\n/,
      );
    });
    it('a --corpus file that holds no papers, naming the file and the line', async () => {
      const bad = join(dir, 'not-papers.json');
      writeFileSync(bad, '[{"bad": 1}]\n');
      await wrong(
        ['search', 'vit', '--corpus', bad],
        /^paperbot: .*not-papers\.json:1: expected paper 1 /,
      );
    });
    it('a --corpus JSON list with a paper out of bounds or without authors, in words', async () => {
      const bad = join(dir, 'no-authors.json');
      writeFileSync(
        bad,
        `[\n{"title": "A", "authors": ["Ann Lee"], "year": 2300},\n{"title": "B", "authors": [], "year": 2020}\n]\n`,
      );
      const run = await cli(['search', 'vit', '--corpus', bad]);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      // One line a bad paper, every one of them.
      assert.deepEqual(run.stderr.split('\n').slice(0, 2), [
        `paperbot: ${bad}:2: expected paper 1 to have a "year" (a whole number from 1900 to 2200) but found 2300`,
        `  ${bad}:3: expected paper 2 to have "authors" (at least one name, none empty: a list, or names separated by commas) but found []`,
      ]);
    });
    it('a --corpus JSON list with a category that is no arXiv category, naming the paper', async () => {
      const bad = join(dir, 'free-category.json');
      writeFileSync(
        bad,
        '[{"title": "A", "authors": ["Ann Lee"], "year": 2020, "category": "Robots and stuff"}]',
      );
      await wrong(
        ['search', 'vit', '--corpus', bad],
        /^paperbot: .*free-category\.json:1: expected paper 1 to have a "category" \(an arXiv category .*\) but found "Robots and stuff"\n/,
      );
    });
    it('remove and reading over a read-only --corpus file, like add', async () => {
      const papers = join(dir, 'read-only.json');
      writeFileSync(papers, readFileSync('test/fixtures/papers.json'));
      await wrong(['remove', 'mobilevit', '--corpus', papers], /read-only file/);
      await wrong(['reading', 'list', '--corpus', papers], /read-only file/);
    });
    it('a mistyped command, with "did you mean"', () =>
      wrong(['serch', 'vit'], /Did you mean `paperbot search`\?/));
    it('ingest --out into a directory that does not exist', () =>
      wrong(
        ['ingest', PUBLICATIONS_TXT, '--out', join(dir, 'nowhere', 'papers.json')],
        /nowhere\/papers\.json: no such file or directory\.\n$/,
        spawned,
      ));
    it('ingest --out naming a directory', () =>
      wrong(['ingest', PUBLICATIONS_TXT, '--out', dir], /is a directory/));
    it('a flag given twice, rather than keeping the last', () =>
      wrong(
        ['search', 'vit', '--year', '2019', '--year', '2021'],
        /^paperbot: --year was given twice; give it once\.\n/,
        spawned,
      ));
    it('--limit or --author given twice', async () => {
      await wrong(['search', 'vit', '--limit', '3', '--limit', '5'], /--limit was given twice/);
      await wrong(['search', 'vit', '--author', 'A', '--author', 'B'], /--author was given twice/);
    });
    it('a yes/no flag given twice, once with its value', () =>
      wrong(['search', 'vit', '--has-code', '--no-has-code'], /--has-code was given twice/));
    it("a program command's flag given twice", () =>
      wrong(
        ['ingest', PUBLICATIONS_TXT, '--out', join(dir, 'a.json'), '--out', join(dir, 'b.json')],
        /--out was given twice/,
      ));
    it('an empty flag value, naming the flag', async () => {
      await wrong(['search', 'vit', '--year='], /^paperbot: --year needs a value\.\n/);
      await wrong(['search', 'vit', '--author', ''], /^paperbot: --author needs a value\.\n/);
    });
    it('an empty --corpus or --png, which names no file', async () => {
      await wrong(['search', 'vit', '--corpus', ''], /^paperbot: --corpus needs a file name\.\n/);
      await wrong(['stats', '--png='], /^paperbot: --png needs a file name\.\n/);
    });
    it('a mistyped flag, with "did you mean"', () =>
      wrong(['search', 'x', '--yeer', '2020'], /Unknown option '--yeer'\. Did you mean --year\?/));
    it('words with --stdin, which would have been ignored for the lines', () =>
      cli(['search', 'dkm', '--stdin'], 'cnn\n').then((run) => {
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(
          run.stderr,
          /^paperbot: With --stdin each line is the <query>: drop the words "dkm"/,
        );
      }));
    it('--stdin for a command that takes no input', () =>
      wrong(['stats', '--stdin'], /^paperbot: stats takes no input to read from --stdin\.\n/));
    it('the main argument given as words and as its flag', () =>
      wrong(
        ['search', 'vit', '--query', 'cnn'],
        /query was given twice: as the words "vit" and as --query/,
      ));
  });

  it('--version prints the version of the package being run', async () => {
    const run = await inProcess(['--version'], '');
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(run.stdout, `paperbot ${manifest.version}\n`);
    assert.equal(run.code, 0);
  });

  it('compare --stdin takes two papers a line, separated by a tab', async () => {
    const run = await inProcess(['compare', '--stdin'], 'dkm\tedkm\nmobilevit\ndkm\tedkm\tvit\n');
    const [pair, half, three] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      [(pair?.a as { id: string }).id, (pair?.b as { id: string }).id],
      ['dkm', 'edkm'],
    );
    assert.equal(half?.query, 'mobilevit');
    assert.match(
      (half?.error as { message: string }).message,
      /wants <a> and <b> on each line, separated by a tab/,
    );
    assert.equal(
      (three?.error as { message: string }).message,
      'paperbot compare --stdin wants <a> and <b> on each line, separated by a tab, not 3 fields.',
    );
  });

  it('--stdin error lines name the input "query", whatever the command', async () => {
    const run = await inProcess(['paper', '--stdin'], 'no such paper zzz\n');
    const line = JSON.parse(run.stdout) as { query: string; error: { code: string } };
    assert.equal(line.query, 'no such paper zzz');
    assert.equal(line.error.code, 'unknown-paper');
  });
});
