// The terminal chat: with piped input it answers each line in order and exits at the end.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { WriteStream } from 'node:tty';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { runTerminalChat } from '../../src/transports/terminal.js';
import { runScript } from './spawn.js';
import { dropSchema, POSTGRES_SKIPPED, POSTGRES_URL } from '../library/databases.js';
import { PAPERS_JSON } from '../search/corpus-fixture.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-terminal-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));
const app = createApp(
  loadConfig({ PAPERBOT_CORPUS: PAPERS_JSON, PAPERBOT_CACHE_DIR: cacheDir }),
  createLogger('silent'),
);

async function chat(lines: readonly string[]): Promise<string> {
  let text = '';
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  await runTerminalChat(app, Readable.from(lines), output);
  return text;
}

/** Where each marker first appears; -1 when it does not. */
const positions = (text: string, markers: readonly string[]) => markers.map((m) => text.indexOf(m));

describe('runTerminalChat with piped input', () => {
  it('suggests the command a mistyped one is closest to, not the whole list', async () => {
    const text = await chat(['/serch vit\n']);
    assert.match(text, /There is no \/serch command/);
    assert.match(text, /Did you mean[\s\S]*\/search/);
    assert.doesNotMatch(text, /\/stats/);
  });

  it('answers a command, a question and an unknown command, in that order', async () => {
    const text = await chat(['/search mobilevit\n', 'How much faster is CatLIP?\n', '/nope\n']);
    const at = positions(text, ['Results for “mobilevit”', '2.7×', '✗ There is no /nope command.']);
    assert.ok(
      at.every((p) => p >= 0),
      `missing a reply in:\n${text}`,
    );
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
    );
  });

  it('prints no banner and no prompt when not on a terminal', async () => {
    const text = await chat(['/stats\n']);
    assert.match(text, /^Corpus statistics\n/);
    assert.doesNotMatch(text, /paperbot>/);
  });

  it('answers options it cannot take with an error naming the option, and goes on', async () => {
    const text = await chat(['/search limit:3 dkm\n', '/search dkm public:true\n', '/stats\n']);
    assert.match(text, /✗ limit: takes a whole number from 1 to 50 \(got “3 dkm”\)/);
    assert.match(text, /✗ public: is a Discord option/);
    assert.doesNotMatch(text, /Results for/);
    assert.match(text, /Corpus statistics/);
  });

  it('skips blank lines and stops at /quit', async () => {
    const text = await chat(['\n', '   \n', '/quit\n', '/stats\n']);
    assert.equal(text, '');
  });

  it('reads a question split across chunks as one line', async () => {
    const text = await chat(['How much faster ', 'is CatLIP?\n']);
    assert.match(text, /^How much faster is CatLIP\?\n/);
  });

  it('ends with exit code 0 when every line was answered, 1 when a line got an error', async () => {
    const exitCode = (lines: readonly string[]) =>
      runTerminalChat(app, Readable.from(lines), new PassThrough().resume());
    assert.equal(await exitCode(['/paper mobilevit\n', '/search nothing matches zzzz\n']), 0);
    assert.equal(await exitCode(['/paper nosuchpaper\n', '/paper mobilevit\n']), 1);
    assert.equal(await exitCode(['/search vit year:2019 year:2021\n']), 1);
    assert.equal(await exitCode(['/nope\n']), 1);
  });
});

/**
 * A terminal as Node's readline sees one: keystrokes in (raw mode), a TTY out whose colour
 * support is Node's own answer from NO_COLOR, FORCE_COLOR and TERM.
 */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  let screen = '';
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        screen += String(chunk);
        done();
      },
    }),
    { isTTY: true, columns: 100, hasColors: () => WriteStream.prototype.hasColors() },
  );
  const chatting = runTerminalChat(app, input, output);
  // Without readline's cursor moves, so what is on screen reads as text.
  const text = () => screen.replace(/\x1b\[[\d;]*[GJK]/g, '');
  return {
    chatting,
    screen: text,
    /** Types keys once the screen shows `ready` (a prompt after the last reply). */
    async type(keys: string, ready: RegExp) {
      const deadline = Date.now() + 10_000;
      while (!ready.test(text())) {
        if (Date.now() > deadline) assert.fail(`never saw ${String(ready)} in:\n${text()}`);
        await sleep(10);
      }
      input.write(keys);
    },
  };
}

describe('runTerminalChat on a terminal', () => {
  it('clears a half-typed line on Ctrl-C and goes on; quits on Ctrl-C on an empty line', async () => {
    const tty = terminal();
    await tty.type('How much faster is Cat', /paperbot> $/);
    await tty.type('\x03', /Cat$/);
    await tty.type('/stats\r', /\^C\n/);
    await tty.type('\x03', /Corpus statistics[\s\S]*paperbot> $/);
    await tty.chatting;
    assert.doesNotMatch(tty.screen(), /CatLIP/, 'the cleared question was asked');
  });

  it('quits on Ctrl-D', async () => {
    const tty = terminal();
    await tty.type('\x04', /paperbot> $/);
    await tty.chatting;
  });

  it('ends with exit code 0 after an error the person has seen', async () => {
    const tty = terminal();
    await tty.type('/paper nosuchpaper\r', /paperbot> $/);
    await tty.type('\x04', /could not find[\s\S]*paperbot> $/);
    assert.equal(await tty.chatting, 0);
  });

  describe('colour', () => {
    const saved = { ...process.env };
    after(() => Object.assign(process.env, saved));
    const sgr = /\x1b\[[\d;]*m/;
    const statsOnScreen = async () => {
      const tty = terminal();
      await tty.type('/stats\r', /paperbot> $/);
      await tty.type('\x04', /Corpus statistics[\s\S]*paperbot> $/);
      await tty.chatting;
      return tty.screen();
    };

    it('colours replies on a colour terminal', async () => {
      Object.assign(process.env, { TERM: 'xterm-256color' });
      // Node reads these before TERM; a CI runner sets CI, which alone means "no colour".
      for (const name of [
        'NO_COLOR',
        'FORCE_COLOR',
        'NODE_DISABLE_COLORS',
        'CI',
        'TEAMCITY_VERSION',
      ]) {
        delete process.env[name];
      }
      assert.match(await statsOnScreen(), sgr);
    });

    it('does not colour when NO_COLOR is set (no-color.org)', async () => {
      Object.assign(process.env, { TERM: 'xterm-256color', NO_COLOR: '1' });
      delete process.env.FORCE_COLOR;
      assert.doesNotMatch(await statsOnScreen(), sgr);
    });
  });
});

/** A loopback port nothing listens on: a model endpoint that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` with a token, Discord's API at `apiUrl`: how the process ended. */
async function startWithDiscordAt(apiUrl: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-start-data-'));
  try {
    return await runScript(join('src', 'main.ts'), [], {
      cacheDir,
      input: '',
      env: {
        DISCORD_TOKEN: 'abc.def.ghi',
        DISCORD_API_URL: apiUrl,
        PAPERBOT_DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
      },
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('npm start with a Discord token', () => {
  it('says in one line, without a stack trace, when Discord answers with errors', async () => {
    const failing = createHttpServer((_request, response) => response.writeHead(500).end('oops'));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = failing.address() as { port: number };
      const run = await startWithDiscordAt(`http://127.0.0.1:${port}`);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^paperbot: could not start: .*DISCORD_API_URL.*\n$/);
    } finally {
      failing.close();
    }
  });

  it('says in one line, without a stack trace, when Discord cannot be reached', async () => {
    const run = await startWithDiscordAt(`http://127.0.0.1:${await closedPort()}`);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /^paperbot: .*\n$/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});

describe('npm start without a Discord token', () => {
  it('keeps log lines out of the chat when the model is down: one friendly note, logs in a file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperbot-chat-data-'));
    try {
      const run = await runScript(join('src', 'main.ts'), [], {
        cacheDir,
        input: 'How much faster is CatLIP?\n',
        env: {
          OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`,
          OPENAI_TOTAL_TIMEOUT_MS: '5000',
          PAPERBOT_DATA_DIR: dataDir,
        },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.doesNotMatch(run.stdout, /"level"/);
      assert.match(run.stdout, /2\.7×[\s\S]*Note: The language model did not answer/);
      assert.match(readFileSync(join(dataDir, 'chat.log'), 'utf8'), /"msg":"LLM answer failed/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it(
    'ends at the end of piped input over a PostgreSQL library too, whose connections would keep it alive',
    {
      skip: POSTGRES_URL === undefined || POSTGRES_URL === '' ? POSTGRES_SKIPPED : false,
      timeout: 60_000,
    },
    async () => {
      const schema = `test_${process.pid}_chat`;
      try {
        const run = await runScript(join('src', 'main.ts'), [], {
          cacheDir,
          input: '/paper mobilevit\n',
          env: { PAPERBOT_CORPUS: '', DATABASE_URL: `${POSTGRES_URL!}?schema=${schema}` },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /MobileViT: Light-weight/);
      } finally {
        await dropSchema(POSTGRES_URL!, schema);
      }
    },
  );

  it('answers every piped line, then exits 1 when one of them got an error', async () => {
    const run = await runScript(join('src', 'main.ts'), [], {
      cacheDir,
      input: '/paper nosuchpaper\n/paper mobilevit\n',
    });
    assert.equal(run.code, 1, run.stderr);
    const at = positions(run.stdout, [
      'I could not find a paper matching',
      'MobileViT: Light-weight',
    ]);
    assert.ok(
      at.every((p) => p >= 0),
      run.stdout,
    );
  });

  it('answers piped lines in the terminal chat and exits 0', async () => {
    const run = await runScript(join('src', 'main.ts'), [], {
      cacheDir,
      input: '/paper mobilevit\nHow much faster is CatLIP?\n',
    });
    assert.equal(run.code, 0, run.stderr);
    const at = positions(run.stdout, ['MobileViT: Light-weight', '2.7×']);
    assert.ok(
      at.every((p) => p >= 0),
      run.stdout,
    );
    assert.ok((at[0] ?? 0) < (at[1] ?? 0));
  });
});
