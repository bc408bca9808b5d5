// The services paperbot depends on, out of reach: `npm start`, `paperbot bot` and the CLI end
// in bounded time with one line and exit 1 (the environment failed, not the invocation).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { freePort } from '../../testing/free-port.js';
import { freshTempDir } from '../../testing/temp-dir.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../testing/discord/standin.js';
import { runCli, runScript, type Run } from './spawn.js';

const cacheDir = freshTempDir('paperbot-unreachable-');
const NPM_START = join('src', 'main.ts');

/** Exactly one line on stderr, with no stack trace and no library's warning. */
function assertOneLine(run: Run, said: RegExp): void {
  assert.match(run.stderr, /^paperbot: [^\n]*\n$/, run.stderr);
  assert.match(run.stderr, said);
}

describe("Discord's gateway where nothing listens", () => {
  let standIn: DiscordStandIn;
  before(async () => {
    standIn = await startDiscordStandIn({ gatewayUrl: `ws://127.0.0.1:${await freePort()}` });
  });
  after(() => standIn.close());

  const env = () => ({
    DISCORD_TOKEN: 'abc.def.ghi',
    DISCORD_API_URL: standIn.apiUrl,
    DISCORD_CONNECT_TIMEOUT_MS: '500',
    PAPERBOT_DATA_DIR: freshTempDir('paperbot-unreachable-data-'),
    LOG_LEVEL: 'error',
  });

  for (const [what, start] of [
    ['npm start', () => runScript(NPM_START, [], { cacheDir, env: env() })],
    ['paperbot bot', () => runCli(['bot'], { cacheDir, env: env() })],
  ] as const) {
    it(
      `${what} gives up after DISCORD_CONNECT_TIMEOUT_MS, in one line, exit 1`,
      { timeout: 60_000 },
      async () => {
        const run = await start();
        assert.equal(run.code, 1, run.stderr);
        assertOneLine(run, /did not accept a session within 0\.5 s \(DISCORD_CONNECT_TIMEOUT_MS\)/);
      },
    );
  }
});

describe('a PostgreSQL server that does not answer', () => {
  const env = async (parameters = '') => ({
    DATABASE_URL: `postgres://paperbot:s3cret-password@127.0.0.1:${await freePort()}/paperbot${parameters}`,
    PAPERBOT_CORPUS: '',
    LOG_LEVEL: 'error',
  });

  it('ends npm start with one line and exit 1, the password unsaid', async () => {
    const run = await runScript(NPM_START, [], { cacheDir, env: await env() });
    assert.equal(run.code, 1, run.stderr);
    assertOneLine(run, /^paperbot: cannot reach PostgreSQL at .*ECONNREFUSED/);
    assert.doesNotMatch(run.stderr, /s3cret-password/);
  });

  it('ends a CLI command the same way, whatever its sslmode, without a warning from pg', async () => {
    const run = await runCli(['list', '--json'], { cacheDir, env: await env('?sslmode=require') });
    assert.equal(run.code, 1, run.stderr);
    assertOneLine(run, /^paperbot: cannot reach PostgreSQL at /);
    assert.equal(run.stdout, '');
  });

  it('is told apart from a DATABASE_URL paperbot cannot use, which stays exit 2', async () => {
    const run = await runCli(['list'], { cacheDir, env: await env('?sslmode=verify-ca') });
    assert.equal(run.code, 2, run.stderr);
    assertOneLine(run, /sslmode=verify-ca needs sslrootcert/);
  });
});
