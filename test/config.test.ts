// The environment, read once: defaults for everything optional, every problem named at once,
// and secrets kept out of error messages and logs.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, secretsOf, SETTINGS } from '../src/config.js';
import { redactedUrl } from '../src/library/db/connect.js';
import { createLogger, scrub } from '../src/log.js';
import { DEFAULT_CACHE_DIR, DEFAULT_DATA_DIR, PACKAGE_ROOT } from '../src/paths.js';

const TOKEN = 'fake-bot-token_secret-do-not-log_0123456789';
const API_KEY = 'sk-fake-openai-key-0123456789abcdef';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('loadConfig accepted the environment');
}

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('needs nothing for the terminal chat', () => {
    assert.deepEqual(config.discord, {
      token: undefined,
      applicationId: undefined,
      guildId: undefined,
      publicKey: undefined,
      apiUrl: 'https://discord.com/api',
      connectTimeoutMs: 30_000,
    });
  });

  it('answers without a language model when none is configured', () => {
    assert.equal(config.llm, undefined);
  });

  it('uses the library (no read-only papers file) and the project cache', () => {
    assert.equal(config.corpusPath, undefined);
    assert.equal(config.cacheDir, DEFAULT_CACHE_DIR);
  });

  it('keeps the library in a SQLite file in the project data directory, so no server is needed', () => {
    assert.deepEqual(config.database, {
      engine: 'sqlite',
      file: join(DEFAULT_DATA_DIR, 'paperbot.sqlite'),
    });
  });

  it('uses the documented numbers', () => {
    assert.deepEqual(
      {
        cooldown: config.askCooldownSeconds,
        budget: config.guildDailyTokenBudget,
        port: config.port,
        logLevel: config.logLevel,
      },
      { cooldown: 10, budget: 200_000, port: 8080, logLevel: 'info' },
    );
  });

  it('treats an empty value as unset, as a copied .env.example leaves them', () => {
    const names = [
      'DISCORD_TOKEN',
      'DISCORD_APPLICATION_ID',
      'DISCORD_GUILD_ID',
      'DISCORD_PUBLIC_KEY',
      'DISCORD_API_URL',
      'OPENAI_API_KEY',
      'OPENAI_BASE_URL',
      'OPENAI_MODEL',
      'OPENAI_ATTEMPT_TIMEOUT_MS',
      'OPENAI_TOTAL_TIMEOUT_MS',
      'ASK_COOLDOWN_SECONDS',
      'GUILD_DAILY_TOKEN_BUDGET',
      'PAPERBOT_CORPUS',
      'PAPERBOT_CACHE_DIR',
      'PAPERBOT_DATA_DIR',
      'DATABASE_URL',
      'PORT',
    ];
    assert.deepEqual(loadConfig(Object.fromEntries(names.map((n) => [n, '']))), config);
  });

  it('reads LOG_LEVEL in any case', () => {
    assert.equal(loadConfig({ LOG_LEVEL: 'INFO' }).logLevel, 'info');
    assert.equal(loadConfig({ LOG_LEVEL: 'Debug' }).quietLogLevel, 'debug');
  });

  it('treats an empty LOG_LEVEL as unset too', () => {
    assert.equal(loadConfig({ LOG_LEVEL: '' }).logLevel, 'info');
  });
});

describe('loadConfig values', () => {
  it('trims values and drops a trailing slash from the API URL', () => {
    const config = loadConfig({
      DISCORD_TOKEN: `  ${TOKEN} `,
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
    });
    assert.equal(config.discord.token, TOKEN);
    assert.equal(config.discord.apiUrl, 'http://127.0.0.1:9999/api');
  });

  it('reads numbers, including a cooldown of 0', () => {
    const config = loadConfig({
      PORT: '3000',
      ASK_COOLDOWN_SECONDS: '0',
      GUILD_DAILY_TOKEN_BUDGET: '5000',
      OPENAI_ATTEMPT_TIMEOUT_MS: '100',
    });
    assert.deepEqual(
      [config.port, config.askCooldownSeconds, config.guildDailyTokenBudget],
      [3000, 0, 5000],
    );
  });

  it('enables the language model with an API key alone', () => {
    assert.deepEqual(loadConfig({ OPENAI_API_KEY: API_KEY }).llm, {
      apiKey: API_KEY,
      baseURL: undefined,
      model: 'gpt-4o-mini',
      attemptTimeoutMs: 30_000,
      totalTimeoutMs: 90_000,
    });
  });

  it('enables the language model with a base URL alone (a local server), with a placeholder key', () => {
    const llm = loadConfig({
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      OPENAI_MODEL: 'llama3',
    }).llm;
    assert.deepEqual(llm && { apiKey: llm.apiKey, baseURL: llm.baseURL, model: llm.model }, {
      apiKey: 'not-needed',
      baseURL: 'http://localhost:11434/v1',
      model: 'llama3',
    });
  });

  it('puts the SQLite file in PAPERBOT_DATA_DIR', () => {
    assert.deepEqual(loadConfig({ PAPERBOT_DATA_DIR: '/var/lib/paperbot' }).database, {
      engine: 'sqlite',
      file: join('/var/lib/paperbot', 'paperbot.sqlite'),
    });
  });

  it('uses PostgreSQL when DATABASE_URL names a server', () => {
    for (const url of ['postgres://bot@db:5432/papers', 'postgresql://bot@db/papers']) {
      assert.deepEqual(loadConfig({ DATABASE_URL: url }).database, { engine: 'postgres', url });
    }
  });

  it('puts the tables in the schema DATABASE_URL names with ?schema=, which PostgreSQL is not sent', () => {
    assert.deepEqual(
      loadConfig({ DATABASE_URL: 'postgres://bot@db/papers?schema=team_a&sslmode=require' })
        .database,
      { engine: 'postgres', url: 'postgres://bot@db/papers?sslmode=require', schema: 'team_a' },
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'postgres://bot@db/papers?schema=Team-A' }),
      /DATABASE_URL \?schema= must be a plain lower-case name/,
    );
  });

  it('lists the database password as a secret, since the URL carries it', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cret-pass%21@db/papers' });
    assert.deepEqual(secretsOf(config), ['s3cret-pass!']);
  });

  for (const password of ['Sec/ret99', 'Sec#ret99', 'Sec?ret99', '123/ret99']) {
    it(`refuses a password holding ${password.replace(/\w/g, '')} unencoded, without repeating it`, () => {
      const url = `postgres://bot:${password}@127.0.0.1:5432/papers`;
      const error = configError({ DATABASE_URL: url });
      assert.match(error.problems[0] ?? '', /^DATABASE_URL is not a readable URL: .*%2F/);
      assert.ok(!error.message.includes('ret99'), error.message);
    });
  }

  it('lists passwords given in the query as secrets, and leaves them out of the URL it shows', () => {
    const url = 'postgres://bot:first-pass@db/papers?PASSWORD=second-pass&sslpassword=third-pass';
    assert.deepEqual(secretsOf(loadConfig({ DATABASE_URL: url })), [
      'first-pass',
      'second-pass',
      'third-pass',
    ]);
    assert.equal(
      redactedUrl(url),
      'postgres://bot:redacted@db/papers?PASSWORD=redacted&sslpassword=redacted',
    );
  });

  it('lists a password with a lone % as written, since it cannot be URL-decoded', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:50%off-pass@db/papers' });
    assert.deepEqual(secretsOf(config), ['50%off-pass']);
  });

  it('lists the token and the API key as secrets, not the placeholder key', () => {
    assert.deepEqual(secretsOf(loadConfig({ DISCORD_TOKEN: TOKEN, OPENAI_API_KEY: API_KEY })), [
      TOKEN,
      API_KEY,
    ]);
    assert.deepEqual(secretsOf(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' })), []);
  });
});

describe('loadConfig errors', () => {
  const malformed = {
    DISCORD_APPLICATION_ID: 'abc',
    PORT: 'x',
    DISCORD_PUBLIC_KEY: 'abc123',
    OPENAI_BASE_URL: 'not a url',
    LOG_LEVEL: 'loud',
  };

  it('refuses a millisecond setting longer than a Node timer can wait, saying the limit', () => {
    for (const name of [
      'OPENAI_ATTEMPT_TIMEOUT_MS',
      'OPENAI_TOTAL_TIMEOUT_MS',
      'PAPERBOT_LIBRARY_POLL_MS',
      'ARXIV_REQUEST_INTERVAL_MS',
      'DISCORD_CONNECT_TIMEOUT_MS',
    ]) {
      assert.match(
        configError({ [name]: '3000000000' }).message,
        new RegExp(`${name} must be at most 2147483647 milliseconds`),
      );
    }
    assert.equal(
      loadConfig({ OPENAI_API_KEY: API_KEY, OPENAI_ATTEMPT_TIMEOUT_MS: '2147483647' }).llm
        ?.attemptTimeoutMs,
      2 ** 31 - 1,
    );
  });

  it('says what a number setting expects in words, with an example', () => {
    assert.match(
      configError({ OPENAI_ATTEMPT_TIMEOUT_MS: 'soon' }).message,
      /OPENAI_ATTEMPT_TIMEOUT_MS must be a whole number of milliseconds above 0, e\.g\. 30000/,
    );
    assert.match(
      configError({ GUILD_DAILY_TOKEN_BUDGET: '1.5' }).message,
      /GUILD_DAILY_TOKEN_BUDGET must be a whole number above 0, e\.g\. 200000/,
    );
    assert.doesNotMatch(configError({ PORT: 'x' }).message, /expected|NaN/);
  });

  it('says what every setting expects in words, never in the validator’s', () => {
    for (const [name, value] of [
      ['ASK_COOLDOWN_SECONDS', '1.5'],
      ['ASK_COOLDOWN_SECONDS', '-1'],
      ['ASK_COOLDOWN_SECONDS', 'soon'],
      ['SHUTDOWN_GRACE_SECONDS', '2.5'],
      ['SHUTDOWN_GRACE_SECONDS', '601'],
      ['PORT', '70000'],
      ['LOG_LEVEL', 'loud'],
    ] as const) {
      const [problem] = configError({ [name]: value }).problems;
      assert.match(problem ?? '', new RegExp(`^${name} must be `), problem);
      assert.doesNotMatch(problem ?? '', /expected|received|invalid|too (big|small)|NaN/i, problem);
    }
    assert.match(
      configError({ LOG_LEVEL: 'loud' }).message,
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    );
  });

  it('names every malformed variable in one error', () => {
    const error = configError(malformed);
    for (const name of Object.keys(malformed))
      assert.ok(error.message.includes(name), `${name} missing from:\n${error.message}`);
    assert.equal(error.problems.length, Object.keys(malformed).length);
  });

  for (const [name, value] of Object.entries({
    ...malformed,
    DISCORD_GUILD_ID: '12',
    PORT: '70000',
    ASK_COOLDOWN_SECONDS: '-1',
    GUILD_DAILY_TOKEN_BUDGET: '0',
    DISCORD_API_URL: 'discord.com',
    OPENAI_BASE_URL: 'ftp://x',
    ARXIV_API_URL: 'file:///etc/passwd',
    CROSSREF_API_URL: 'javascript:alert(1)',
    DATABASE_URL: 'mysql://bot@db/papers',
  })) {
    it(`rejects ${name}=${JSON.stringify(value)} and says which variable`, () => {
      const error = configError({ [name]: value });
      assert.equal(error.problems.length, 1);
      assert.ok(error.problems[0]?.startsWith(name), error.problems[0]);
    });
  }

  it('says a URL must be http or https', () => {
    assert.deepEqual(configError({ OPENAI_BASE_URL: 'ftp://x' }).problems, [
      'OPENAI_BASE_URL must be an http:// or https:// URL such as http://localhost:11434/v1',
    ]);
  });

  it('never shows a bad value that holds a secret (a token pasted into a URL)', () => {
    const error = configError({
      DISCORD_API_URL: `https//${TOKEN}@discord.com/api`,
      DISCORD_TOKEN: TOKEN,
    });
    assert.ok(!error.message.includes(TOKEN));
    assert.ok(!error.problems.join('\n').includes(TOKEN));
  });

  it('never shows a token pasted into the application id', () => {
    const error = configError({ DISCORD_APPLICATION_ID: TOKEN });
    assert.ok(error.message.includes('DISCORD_APPLICATION_ID'));
    assert.ok(!error.message.includes(TOKEN));
  });

  it('never shows the secrets set alongside a bad value', () => {
    const error = configError({ ...malformed, DISCORD_TOKEN: TOKEN, OPENAI_API_KEY: API_KEY });
    assert.ok(!error.message.includes(TOKEN) && !error.message.includes(API_KEY));
  });
});

describe('createLogger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperbot-log-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;

  /** Runs `write` against a logger on a temp file and returns what it wrote. */
  function logged(
    write: (log: ReturnType<typeof createLogger>) => void,
    secrets: readonly string[] = [TOKEN, API_KEY],
  ): string {
    const file = join(dir, `log-${(files += 1)}.jsonl`);
    const fd = openSync(file, 'w');
    try {
      write(createLogger('info', secrets, fd));
    } finally {
      closeSync(fd);
    }
    return readFileSync(file, 'utf8');
  }
  const leaks = (out: string) => [TOKEN, API_KEY].filter((s) => out.includes(s));

  it('writes JSON lines', () => {
    const line = JSON.parse(logged((log) => log.info({ papers: 50 }, 'corpus loaded'))) as Record<
      string,
      unknown
    >;
    assert.deepEqual([line.msg, line.papers, line.level], ['corpus loaded', 50, 30]);
  });

  it('redacts token, apiKey and authorization headers by name, even when not listed as secrets', () => {
    const out = logged(
      (log) =>
        log.info(
          {
            token: 'tok-123456',
            apiKey: 'key-123456',
            headers: { authorization: 'Bot auth-123456' },
            request: { headers: { authorization: 'Bot nested-123456' } },
          },
          'request',
        ),
      [],
    );
    assert.doesNotMatch(out, /tok-123456|key-123456|auth-123456|nested-123456/);
    assert.match(out, /\[redacted\]/);
  });

  it('leaves text alone for a placeholder key too short to be a secret (a local server takes "x")', () => {
    assert.equal(scrub('extra text, exactly', ['x', 'none']), 'extra text, exactly');
    assert.equal(scrub(`key ${API_KEY}`, ['x', API_KEY]), 'key [redacted]');
  });

  it('scrubs secrets from the message', () => {
    const out = logged((log) => log.info(`connecting with ${TOKEN} and ${API_KEY}`));
    assert.deepEqual(leaks(out), []);
    assert.match(out, /connecting with \[redacted\]/);
  });

  it('scrubs secrets from format arguments', () => {
    assert.deepEqual(leaks(logged((log) => log.warn('calling %s with %s', TOKEN, API_KEY))), []);
  });

  it('scrubs secrets wherever they sit in an object', () => {
    const out = logged((log) =>
      log.info({ url: `https://x.example/?key=${API_KEY}`, deep: { a: { b: [TOKEN] } } }, 'deep'),
    );
    assert.deepEqual(leaks(out), []);
  });

  it('redacts a whole config logged by mistake', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, OPENAI_API_KEY: API_KEY });
    assert.deepEqual(leaks(logged((log) => log.info({ config }, 'config'), [])), []);
  });

  it('scrubs secrets from an Error logged directly', () => {
    assert.deepEqual(
      leaks(logged((log) => log.error(new Error(`request failed for ${TOKEN}`)))),
      [],
    );
  });

  it('scrubs secrets from child logger bindings', () => {
    assert.deepEqual(
      leaks(logged((log) => log.child({ url: `https://x.example/?key=${API_KEY}` }).info('child'))),
      [],
    );
  });

  it('keeps an error’s message and stack under err when secrets are configured', () => {
    const out = logged((log) => log.error({ err: new Error('index is corrupt') }, 'failed'));
    assert.match(out, /index is corrupt/);
  });
});

describe('the documented settings', () => {
  const documented = (file: string, pattern: RegExp) =>
    [...readFileSync(join(PACKAGE_ROOT, file), 'utf8').matchAll(pattern)].map((m) => m[1]);

  it('.env.example lists every variable the configuration reads, and nothing else', () => {
    assert.deepEqual(
      documented('.env.example', /^([A-Z][A-Z0-9_]*)=/gm).sort(),
      [...SETTINGS].sort(),
    );
  });

  it("the README's configuration table has a row for each of them", () => {
    assert.deepEqual(
      documented('README.md', /^\| `([A-Z][A-Z0-9_]*)` +\|/gm).sort(),
      [...SETTINGS].sort(),
    );
  });
});
