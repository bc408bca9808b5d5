// The terminal chat: with piped input it answers each line in order and exits at the end.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { runTerminalChat } from '../../src/transports/terminal.js';
import { runScript } from './spawn.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-terminal-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));
const app = createApp(loadConfig({ PAPERBOT_CACHE_DIR: cacheDir }), createLogger('silent'));

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

  it('skips blank lines and stops at /quit', async () => {
    const text = await chat(['\n', '   \n', '/quit\n', '/stats\n']);
    assert.equal(text, '');
  });

  it('reads a question split across chunks as one line', async () => {
    const text = await chat(['How much faster ', 'is CatLIP?\n']);
    assert.match(text, /^How much faster is CatLIP\?\n/);
  });
});

describe('npm start without a Discord token', () => {
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
