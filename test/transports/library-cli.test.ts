// `paperbot add`, `search` and `export` over one SQLite library: what one run adds, the next
// finds; a source that fails says why, exits non-zero and writes nothing. Each run opens and
// closes the library file as the bin does, so runs of the bin's main in this process hold
// that; one spec spawns the bin to show that another process sees it too. arXiv is the
// stand-in on loopback; the library starts from the fixture papers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SQLITE_FILE_NAME } from '../../src/config.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { openDatabase } from '../../src/library/db/connect.js';
import { Library } from '../../src/library/library.js';
import { freshTempDir } from '../../testing/temp-dir.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../e2e/scholarly/standin.js';
import { seedPapers } from '../library/fixtures.js';
import { runCliInProcess } from './cli-in-process.js';
import { runCli, type Run, type RunOptions } from './spawn.js';

let standIn: ScholarlyStandIn;
before(async () => (standIn = await startScholarlyStandIn()));
after(() => standIn.close());

/** A data directory whose library holds the fixture papers, so nothing seeds from the bundled file. */
async function seededDataDir(): Promise<string> {
  const dataDir = freshTempDir('paperbot-library-cli-');
  const database = await openDatabase({ engine: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) });
  try {
    await new Library(database).seedIfEmpty(seedPapers);
  } finally {
    await database.close();
  }
  return dataDir;
}

async function withLibrary<T>(dataDir: string, read: (library: Library) => Promise<T>): Promise<T> {
  const database = await openDatabase({ engine: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) });
  try {
    return await read(new Library(database));
  } finally {
    await database.close();
  }
}

/** A run over the library in `dataDir`, with a cache of its own, fetching from the stand-in. */
function over(dataDir: string): RunOptions {
  return {
    cacheDir: freshTempDir('paperbot-library-cli-cache-'),
    env: {
      PAPERBOT_CORPUS: '',
      PAPERBOT_DATA_DIR: dataDir,
      ARXIV_API_URL: standIn.arxivUrl,
      ARXIV_REQUEST_INTERVAL_MS: '0',
      CROSSREF_API_URL: standIn.crossrefUrl,
    },
  };
}

function paperbot(dataDir: string, args: readonly string[]): Promise<Run> {
  return runCliInProcess(args, over(dataDir));
}

describe('paperbot add, search and export over the library', () => {
  it('adds a paper in one process that the next process finds', async () => {
    const dataDir = await seededDataDir();
    const added = await runCli(['add', 'arXiv:2401.00001'], over(dataDir));
    assert.equal(added.code, 0, added.stderr);
    const found = await runCli(['search', 'sparse attention microcontrollers'], over(dataDir));
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /GlimmerNet/);
  });

  it('adds an arXiv paper that the next run finds and exports with who, when and from what', async () => {
    const dataDir = await seededDataDir();
    const added = await paperbot(dataDir, ['add', 'arXiv:2401.00001', '--json']);
    assert.equal(added.code, 0, added.stderr);
    const report = JSON.parse(added.stdout) as {
      added: number;
      results: { label: string; status: string; id: string; title: string }[];
    };
    assert.equal(report.added, 1);
    assert.deepEqual(
      report.results.map(({ status, id }) => ({ status, id })),
      [{ status: 'added', id: 'glimmernet' }],
    );

    const found = await paperbot(dataDir, ['search', 'sparse attention microcontrollers']);
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /GlimmerNet/);

    const exported = await paperbot(dataDir, ['export']);
    assert.equal(exported.code, 0, exported.stderr);
    const papers = JSON.parse(exported.stdout) as {
      id: string;
      source: string;
      addedBy: string;
      addedAt: string;
    }[];
    assert.deepEqual(
      papers.map(({ id, source, addedBy }) => ({ id, source, addedBy })),
      [
        ...seedPapers().map(({ id }) => ({ id, source: 'seed', addedBy: 'paperbot' })),
        { id: 'glimmernet', source: 'arxiv', addedBy: 'cli' },
      ],
    );
    assert.ok(
      papers.every((p) => !Number.isNaN(Date.parse(p.addedAt))),
      exported.stdout,
    );
  });

  it('reading add without a paper asks for one in words, not in Discord option syntax', async () => {
    const run = await paperbot(await seededDataDir(), ['reading', 'add']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout + run.stderr, /Name the paper to add, by its title or id\./);
    assert.doesNotMatch(run.stdout + run.stderr, /paper:</);
  });

  it('reading add of a paper already on the list says who added it and changes nothing', async () => {
    const dataDir = await seededDataDir();
    const first = await paperbot(dataDir, ['reading', 'add', 'lantern', '--note', 'for Friday']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Added to the reading list/);

    const again = await paperbot(dataDir, ['reading', 'add', 'lantern', '--note', 'skim it']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already on the reading list, added by cli/);
    assert.match(again.stdout, /note was not saved/);

    const listed = await paperbot(dataDir, ['reading', 'list', '--json']);
    const { entries } = JSON.parse(listed.stdout) as { entries: { note: string | null }[] };
    assert.deepEqual(
      entries.map((e) => e.note),
      ['for Friday'],
    );
  });

  it('refuses a list entry whose title or author is only invisible characters, and stores the rest', async () => {
    const dataDir = await seededDataDir();
    const file = join(freshTempDir('paperbot-library-cli-list-'), 'papers.json');
    writeFileSync(
      file,
      JSON.stringify([
        { title: '\u200b', authors: ['A B'], abstract: 'z', year: 2020 },
        { title: 'Hollow Authors', authors: ['\u200b'], abstract: 'y', year: 2021 },
        { title: 'Segmenting Kelp Forests', authors: ['C D'], abstract: 'x', year: 2022 },
      ]),
    );
    const added = await paperbot(dataDir, ['add', file]);
    assert.equal(added.code, 1, added.stderr);
    assert.match(added.stdout, /✗ paper 1: the entry has no title/);
    assert.match(added.stdout, /✗ Hollow Authors: the entry has an empty author/);
    assert.match(added.stdout, /✓ Segmenting Kelp Forests \(segmenting-kelp-forests\) added/);
    const stored = await withLibrary(dataDir, (library) => library.papers());
    assert.deepEqual(
      stored.map((p) => p.id),
      [...seedPapers().map((p) => p.id), 'segmenting-kelp-forests'],
    );
    const found = await paperbot(dataDir, ['search', 'kelp']);
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /Segmenting Kelp Forests/);
  });

  it('skips a stored row it cannot read, with a warning naming it, and removes it by id', async () => {
    const dataDir = await seededDataDir();
    const [lantern] = seedPapers();
    await withLibrary(dataDir, (library) =>
      library.add([{ ...lantern!, id: 'hollow', title: 'Hollow', links: [] }], {
        source: 'list',
        addedBy: 'someone',
      }),
    );
    // What an earlier version stored for a title of a zero-width space.
    const database = await openDatabase({
      engine: 'sqlite',
      file: join(dataDir, SQLITE_FILE_NAME),
    });
    try {
      await database.db
        .updateTable('papers')
        .set({ paper: JSON.stringify({ ...lantern!, id: 'hollow', title: '' }) })
        .where('id', '=', 'hollow')
        .execute();
    } finally {
      await database.close();
    }

    for (const args of [['search', 'lantern'], ['list'], ['paper', lantern!.id]]) {
      const run = await paperbot(dataDir, args);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /ZodError/);
    }
    // Another process, so its log on stderr is the run's.
    const listed = await runCli(['list'], over(dataDir));
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(
      listed.stderr.match(/stored paper hollow cannot be read/g)?.length,
      1,
      listed.stderr,
    );

    const removed = await paperbot(dataDir, ['remove', 'hollow']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Removed “hollow”/);
    const after = await runCli(['list'], over(dataDir));
    assert.equal(after.code, 0, after.stderr);
    assert.doesNotMatch(after.stderr, /hollow/);
    assert.equal(await withLibrary(dataDir, (library) => library.isUnreadable('hollow')), false);
  });

  it('remove takes the paper off the reading list: list, its count and export agree', async () => {
    const dataDir = await seededDataDir();
    for (const title of ['lantern', 'quiet gradients']) {
      const added = await paperbot(dataDir, ['reading', 'add', title]);
      assert.equal(added.code, 0, added.stderr);
    }
    const [lantern] = seedPapers();
    const removed = await paperbot(dataDir, ['remove', lantern!.title]);
    assert.equal(removed.code, 0, removed.stderr);

    const listed = await paperbot(dataDir, ['reading', 'list', '--json']);
    const { entries } = JSON.parse(listed.stdout) as { entries: { title: string }[] };
    assert.deepEqual(
      entries.map((e) => e.title),
      ['Quiet Gradients for Federated Learning'],
    );
    const shown = await paperbot(dataDir, ['reading', 'list']);
    assert.match(shown.stdout, /Reading list: 1 to read, 0 read/);
    const exported = await paperbot(dataDir, ['reading', 'export']);
    assert.match(exported.stderr, /Reading list: 1 to read, as BibTeX/);
    assert.doesNotMatch(exported.stdout, /Lantern/);
  });

  it('reading export and cite print BibTeX alone on stdout, for a .bib file, and their heading on stderr', async () => {
    const dataDir = await seededDataDir();
    const empty = await runCli(['reading', 'export'], over(dataDir));
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, '', 'an empty reading list is an empty .bib');
    assert.equal(empty.stderr, 'Reading list: 0 to read, as BibTeX\n');

    assert.equal((await paperbot(dataDir, ['reading', 'add', 'lantern'])).code, 0);
    const exported = await runCli(['reading', 'export'], over(dataDir));
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^@misc\{[^]*\n\}\n$/, 'BibTeX from the first byte to the last');
    assert.equal(exported.stderr, 'Reading list: 1 to read, as BibTeX\n');

    const cited = await paperbot(dataDir, ['cite', 'lantern']);
    assert.equal(cited.code, 0, cited.stderr);
    assert.match(cited.stdout, /^@misc\{[^]*\n\}\n$/);
    assert.match(cited.stderr, /^Cite “.*Lantern.*”\n$/);
    const json = await paperbot(dataDir, ['cite', 'lantern', '--json']);
    assert.match((JSON.parse(json.stdout) as { bibtex: string }).bibtex, /^@misc\{/);
  });

  it('records as gaps only what the papers could not answer, not greetings or "which paper?"', async () => {
    const dataDir = await seededDataDir();
    for (const question of ['hello', 'thanks!', 'how fast is it?', 'which papers study yeast?'])
      await paperbot(dataDir, ['ask', question]);

    const gaps = await paperbot(dataDir, ['gaps', '--json']);
    assert.equal(gaps.code, 0, gaps.stderr);
    assert.deepEqual(
      (JSON.parse(gaps.stdout) as { gaps: { question: string }[] }).gaps.map((g) => g.question),
      ['which papers study yeast?'],
    );
    const stats = await paperbot(dataDir, ['stats']);
    assert.match(
      stats.stdout,
      /0 answered · 1 declined \(0% answered\) · 3 greetings or unclear asks/,
    );
  });

  it('cites, exports and restores a BibTeX @article as the entry it was, without a month or arXiv it did not have', async () => {
    const dataDir = await seededDataDir();
    const bib = join(freshTempDir('paperbot-library-cli-bib-'), 'refs.bib');
    writeFileSync(
      bib,
      String.raw`@article{he2016deep,
        title = {Deep Residual Learning for Image Recognition},
        author = {He, Kaiming and Zhang, Xiangyu},
        journal = {Journal of Vision Things}, volume = {12}, pages = {770--778},
        year = {2016}, doi = {10.1109/CVPR.2016.90}}`,
    );
    const added = await paperbot(dataDir, ['add', bib]);
    assert.equal(added.code, 0, added.stderr);
    const article = [
      '  title = {{Deep Residual Learning for Image Recognition}},',
      '  author = {Kaiming He and Xiangyu Zhang},',
      '  journal = {Journal of Vision Things},',
      '  volume = {12},',
      '  pages = {770--778},',
      '  year = {2016},',
      '  doi = {10.1109/cvpr.2016.90},',
      '  url = {https://doi.org/10.1109/cvpr.2016.90},',
      '}',
    ].join('\n');
    const cited = await paperbot(dataDir, ['cite', 'Deep Residual Learning']);
    assert.ok(cited.stdout.includes(`@article{he2016deep,\n${article}`), cited.stdout);
    assert.doesNotMatch(cited.stdout, /month|arXiv|eprint|howpublished/);

    const exported = await paperbot(dataDir, ['export', '--format', 'bibtex']);
    assert.ok(exported.stdout.includes(`@article{he2016deep,\n${article}`), exported.stdout);
    assert.match(exported.stdout, /^@misc\{/, 'BibTeX from the first byte: no heading to redirect');
    assert.equal(exported.stderr, '');
    assert.equal((await paperbot(dataDir, ['reading', 'add', 'Deep Residual Learning'])).code, 0);
    const reading = await paperbot(dataDir, ['reading', 'export']);
    assert.ok(reading.stdout.includes(`@article{he2016deep,\n${article}`), reading.stdout);

    const backup = join(freshTempDir('paperbot-library-cli-backup-'), 'papers.json');
    writeFileSync(backup, (await paperbot(dataDir, ['export'])).stdout);
    const restored = await seededDataDir();
    assert.equal((await paperbot(restored, ['add', backup])).code, 0);
    const recited = await paperbot(restored, ['cite', 'Deep Residual Learning']);
    assert.ok(recited.stdout.includes(`@article{he2016deep,\n${article}`), recited.stdout);
  });

  it('shows a paper BibTeX and Crossref gave only a year as that year, on its card and in its citation', async () => {
    const dataDir = await seededDataDir();
    const bib = join(freshTempDir('paperbot-library-cli-bib-'), 'year.bib');
    writeFileSync(
      bib,
      '@article{y, title = {Only A Year Here}, author = {Doe, Jo}, year = {2016}}',
    );
    assert.equal((await paperbot(dataDir, ['add', bib])).code, 0);
    const card = await paperbot(dataDir, ['paper', 'Only A Year Here']);
    assert.match(card.stdout, /^Published: 2016$/m);
    assert.doesNotMatch(card.stdout, /2016-01-01/);
    const cited = await paperbot(dataDir, ['cite', 'Only A Year Here']);
    assert.match(cited.stdout, /^ {2}year = \{2016\},$/m);
    assert.doesNotMatch(cited.stdout, /month/);

    assert.equal((await paperbot(dataDir, ['add', '10.5555/yearly.2019'])).code, 0);
    const crossrefCard = await paperbot(dataDir, ['paper', 'A Yearly Review of Pooling']);
    assert.match(crossrefCard.stdout, /^Published: 2019$/m);
  });

  it('restores an export into another library, keeping who added each paper, when and from what', async () => {
    const [ada, bob] = parseJsonPapers([
      { title: 'Ada Lifts Tensors', authors: ['A. Lovelace'], abstract: 'Lifting.', year: 2024 },
      { title: 'Bob Folds Kernels', authors: ['B. Builder'], abstract: 'Folding.', year: 2024 },
    ]);
    const origin = await seededDataDir();
    await withLibrary(origin, async (library) => {
      await library.add([ada!], { source: 'arxiv', addedBy: 'Ada (1300000000000000004)' });
      await library.add([bob!], { source: 'bibtex', addedBy: 'Bob (1300000000000000005)' });
    });
    const exported = await paperbot(origin, ['export']);
    assert.equal(exported.code, 0, exported.stderr);
    const entries = JSON.parse(exported.stdout) as Record<string, unknown>[];
    // An entry that does not say who added it is credited to whoever restores it.
    const bobEntry = entries.find((e) => e['id'] === bob!.id)!;
    delete bobEntry['addedBy'];
    const backup = join(freshTempDir('paperbot-library-cli-backup-'), 'papers.json');
    writeFileSync(backup, JSON.stringify(entries));

    const restored = await seededDataDir();
    const run = await paperbot(restored, ['add', backup]);
    assert.equal(run.code, 0, run.stderr);
    const provenance = async (id: string) =>
      withLibrary(restored, (library) => library.provenanceOf(id));
    const original = entries.find((e) => e['id'] === ada!.id)!;
    assert.deepEqual(await provenance(ada!.id), {
      source: 'arxiv',
      addedBy: 'Ada (1300000000000000004)',
      addedAt: original['addedAt'],
    });
    const credited = await provenance(bob!.id);
    assert.deepEqual([credited?.source, credited?.addedBy], ['list', 'cli']);
    const seeded = await provenance(seedPapers()[0]!.id);
    assert.deepEqual(
      [seeded?.source, seeded?.addedBy],
      ['seed', 'paperbot'],
      'a duplicate keeps its own',
    );
  });

  for (const [failure, message] of [
    [{ kind: 'status', status: 404 }, /arXiv answered HTTP 404/],
    [{ kind: 'status', status: 500 }, /arXiv answered HTTP 500/],
    [{ kind: 'malformed' }, /arXiv sent a reply that could not be read \(not well-formed XML\)/],
  ] as const) {
    const what = failure.kind === 'status' ? `HTTP ${failure.status}` : 'malformed XML';
    it(`says why when arXiv answers ${what}, exits 1 and writes nothing`, async () => {
      const dataDir = await seededDataDir();
      const before = await withLibrary(dataDir, (library) => library.latestChange());
      standIn.failNext(failure);
      const run = await paperbot(dataDir, ['add', '2401.00001']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /✗ 2401\.00001: /);
      assert.match(run.stdout, message);
      assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace');
      await withLibrary(dataDir, async (library) => {
        assert.equal(await library.latestChange(), before);
        assert.deepEqual(
          (await library.papers()).map((p) => p.id),
          seedPapers().map((p) => p.id),
        );
      });
    });
  }

  it('adds what it can when arXiv answers garbage: the arXiv ids fail in one line, the DOI is added, exit 1', async () => {
    const dataDir = await seededDataDir();
    standIn.failNext({
      kind: 'status',
      status: 200,
      body: '<html><body><p>Down for maintenance</body></html>',
    });
    const run = await paperbot(dataDir, ['add', '2401.00001', '2402.00002', '10.5555/sparse.2025']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Library: 1 added, 2 failed$/m);
    assert.match(
      run.stdout,
      /^✗ 2401\.00001, 2402\.00002: arXiv sent a reply that could not be read \(not well-formed XML\)\. Nothing was added from it; try again in a minute\.$/m,
    );
    assert.match(run.stdout, /^✓ Learning Sparse Nets with H2O & BERT: A Case Study \(/m);
    assert.doesNotMatch(run.stdout, /closing tag|line \d|col \d|\n\s+at /);
  });

  it('fails every arXiv id at once when arXiv cannot be reached, instead of waiting out each batch', async () => {
    const dataDir = await seededDataDir();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const ids = Array.from({ length: 1000 }, (_, i) => `2401.${String(i).padStart(5, '0')}`);
    const started = Date.now();
    const run = await runCliInProcess(['add', ...ids, '--json'], {
      ...over(dataDir),
      env: {
        ...over(dataDir).env,
        ARXIV_API_URL: `http://127.0.0.1:${port}/api/query`,
        ARXIV_REQUEST_INTERVAL_MS: '3000',
      },
    });
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { failed: number; results: { error: string }[] };
    assert.equal(report.failed, 1000);
    assert.deepEqual(
      [...new Set(report.results.map((r) => r.error))],
      ['Could not reach arXiv: the connection was refused. Nothing was added.'],
    );
  });
});
