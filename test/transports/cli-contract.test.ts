// The README's CLI contract, row by row: each documented command, flag and exit code that
// cli.test.ts does not already hold to. Rows about what a command prints, and what the library
// holds afterwards, run the bin's main in process. serve and bot run as scripts do, one process
// per row, two at a time: they hook the process (its signals, its unhandled rejections) and
// leave a failed start for the process's exit to end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDiscordStandIn, type DiscordStandIn } from '../../testing/discord/standin.js';
import { runCliInProcess } from './cli-in-process.js';
import { runCli, type Run } from './spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-contract-'));
const cacheDir = join(dir, 'cache');
after(() => rmSync(dir, { recursive: true, force: true }));

const slots: (() => void)[] = [];
let running = 0;
async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  if (running >= 2) await new Promise<void>((resolve) => slots.push(resolve));
  else running += 1;
  try {
    return await runCli(args, { cacheDir, env });
  } finally {
    const next = slots.shift();
    if (next) next();
    else running -= 1;
  }
}

function inProcess(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return runCliInProcess(args, { cacheDir, env });
}

function json<T>(run: Run): T {
  assert.equal(run.code, 0, `exit ${String(run.code)}; stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

const tinyCorpus = join(dir, 'tiny.json');
writeFileSync(
  tinyCorpus,
  JSON.stringify([
    { title: 'Tiny Nets for Tiny Chips', authors: ['Ann Lee'], abstract: 'We shrink.', year: 2020 },
  ]),
);

// README rows that are the command's behaviour rather than the process's (the forms of --year,
// yes/no values, ask --year) are held in process by test/commands/commands.test.ts and
// cli-args.test.ts: a process of their own would only cost a start-up each.
describe('the README’s CLI contract', { concurrency: true }, () => {
  it('--help lists the commands and exits 0', async () => {
    const run = await inProcess(['--help']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /search[\s\S]*ask[\s\S]*paper/);
  });

  for (const program of ['export', 'list', 'chat', 'bot', 'serve', 'deploy-commands', 'add']) {
    it(`${program} --help shows its usage and does nothing else`, async () => {
      const run = await inProcess([program, '--help']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^paperbot ${program}\\b.*\\n {2}\\S`));
      assert.equal(run.stdout.split('\n').length, 3, run.stdout);
    });
  }

  it('help search explains search with its command-line flags', async () => {
    const run = await inProcess(['help', 'search']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^paperbot search <query>\n[\s\S]*\n {2}--limit <value> +How many/);
    assert.doesNotMatch(run.stdout, /\/search|query:/);
  });

  it('summarize <id> --json gives the TL;DR', async () => {
    const data = json<{ id: string; tldr: string }>(
      await inProcess(['summarize', 'mobilevit', '--json']),
    );
    assert.equal(data.id, 'mobilevit');
    assert.ok(data.tldr.length > 0);
  });

  it('cite <id> prints BibTeX (--no-color accepted)', async () => {
    const run = await inProcess(['cite', 'dkm', '--no-color']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /@\w+\{[\s\S]*title\s*=/);
  });

  it('compare <a> <b> --json answers for both papers', async () => {
    const run = await inProcess(['compare', 'dkm', 'edkm', '--json']);
    const text = JSON.stringify(json<unknown>(run));
    assert.match(text, /"dkm"/);
    assert.match(text, /"edkm"/);
  });

  it('an unknown author exits 1, says so on stderr, and with --json prints the error object', async () => {
    const run = await inProcess(['author', 'Zzyzx Qwerty', '--json']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^paperbot: No author in this corpus is called "Zzyzx Qwerty"/);
    assert.equal(run.stderr.split('\n').length, 2, run.stderr);
    const data = JSON.parse(run.stdout) as { error: { code: string } };
    assert.equal(data.error.code, 'unknown-author');
  });

  it('PAPERBOT_CORPUS selects another papers file', async () => {
    const data = json<{ title: string }[]>(
      await inProcess(['list', '--json'], { PAPERBOT_CORPUS: tinyCorpus }),
    );
    assert.deepEqual(
      data.map((p) => p.title),
      ['Tiny Nets for Tiny Chips'],
    );
  });

  it('bad config exits 2 naming the setting', async () => {
    const run = await inProcess(['search', 'vit'], { OPENAI_BASE_URL: 'ftp://x' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /OPENAI_BASE_URL must be an http:\/\/ or https:\/\/ URL/);
    assert.equal(run.stdout, '');
  });

  describe('serve and bot', () => {
    let busy: Server;
    let standIn: DiscordStandIn;
    before(async () => {
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      standIn = await startDiscordStandIn();
    });
    after(async () => {
      await new Promise((resolve) => busy.close(resolve));
      await standIn.close();
    });

    it('serve on a port in use exits 2 with one line', async () => {
      const { port } = busy.address() as { port: number };
      const run = await cli(['serve'], { PORT: String(port), DISCORD_PUBLIC_KEY: 'a'.repeat(64) });
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        'paperbot: That port is already in use: set PORT to a free one, or stop the other server.\n',
      );
    });

    it('bot with Discord unreachable exits 1 with one line', async () => {
      const { port } = busy.address() as { port: number };
      // A port that accepts and never answers HTTP would hang; a closed one refuses at once.
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as { port: number };
          probe.close(() => resolve(free));
        });
      });
      assert.notEqual(closed, port);
      const run = await cli(['bot'], {
        DISCORD_TOKEN: 'abc.def.ghi',
        DISCORD_API_URL: `http://127.0.0.1:${closed}/api`,
      });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^paperbot: Could not reach .*ECONNREFUSED.*DISCORD_API_URL\.\n$/);
    });

    it('bot with a token Discord refuses exits 2 with one line', async () => {
      for (let i = 0; i < 5; i += 1)
        standIn.failNext('GET /gateway/bot', 401, { message: '401: Unauthorized', code: 0 });
      const run = await cli(['bot'], {
        DISCORD_TOKEN: 'abc.def.ghi',
        DISCORD_API_URL: standIn.apiUrl,
      });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^paperbot: Discord refused DISCORD_TOKEN/);
    });
  });

  it('add names a file that does not exist rather than reading its name as an id', async () => {
    const library = { PAPERBOT_CORPUS: '', PAPERBOT_DATA_DIR: join(dir, 'library') };
    const run = await inProcess(['add', join(dir, 'missing.bib')], library);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no such file: .*missing\.bib/);
  });

  it('add names a folder as a folder rather than reading its name as an id', async () => {
    const library = { PAPERBOT_CORPUS: '', PAPERBOT_DATA_DIR: join(dir, 'library') };
    const run = await inProcess(['add', dir], library);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /is a folder: name the files in it/);
  });

  it('add --json reports each item and exits 1 when one failed; export and remove', async () => {
    const library = { PAPERBOT_CORPUS: '', PAPERBOT_DATA_DIR: join(dir, 'library') };
    const bib = join(dir, 'tiny.bib');
    writeFileSync(
      bib,
      '@article{x1,\n  title={A Tiny Test Paper},\n  author={Lee, Ann},\n  year={2020},\n  abstract={We test.}\n}\n',
    );
    const added = await inProcess(['add', bib, 'not-a-source', '--json'], library);
    assert.equal(added.code, 1, added.stderr);
    const report = JSON.parse(added.stdout) as {
      added: number;
      failed: number;
      results: { label: string; status: string; id?: string; error?: string }[];
    };
    assert.deepEqual([report.added, report.failed], [1, 1]);
    assert.deepEqual(
      report.results.map((r) => r.status),
      ['added', 'failed'],
    );
    const exported = await inProcess(['export', '--format', 'bibtex'], library);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /A Tiny Test Paper/);
    const removed = await inProcess(['remove', 'A Tiny Test Paper'], library);
    assert.equal(removed.code, 0, removed.stderr);
    const after = json<{ title: string }[]>(await inProcess(['export'], library));
    assert.ok(!after.some((p) => p.title === 'A Tiny Test Paper'));
    assert.ok(after.length >= 50);
  });

  it('add reads a .bib written in Latin-1 (Windows-1252) as its writer meant it', async () => {
    const library = { PAPERBOT_CORPUS: '', PAPERBOT_DATA_DIR: join(dir, 'latin1-library') };
    const bib = join(dir, 'latin1.bib');
    writeFileSync(
      bib,
      Buffer.from(
        '@article{m1,\n  title={Caf\u00e9 Networks},\n  author={M\u00fcller, Hans},\n  year={2020},\n  abstract={We test.}\n}\n',
        'latin1',
      ),
    );
    const added = await inProcess(['add', bib], library);
    assert.equal(added.code, 0, added.stderr);
    const papers = json<{ title: string; authors: string[] }[]>(
      await inProcess(['export'], library),
    );
    const paper = papers.find((p) => p.title === 'Café Networks');
    assert.deepEqual(paper?.authors, ['Hans Müller']);
  });
});
