import { z } from './zod.js';
import { join } from 'node:path';
import type { DatabaseTarget } from './library/db/connect.js';
import { MIN_SECRET_LENGTH } from './log.js';
import { DEFAULT_CACHE_DIR, DEFAULT_DATA_DIR } from './paths.js';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const snowflake = optionalText.pipe(
  z
    .string()
    .regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)')
    .optional(),
);

/** A URL the HTTP clients can call: `ftp://x` or `file:` would only fail later, obscurely. */
const webUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http:// or https:// URL such as ${example}` });

const blankAsUnset = (v: unknown) => (v === '' || v === undefined ? undefined : v);

const positiveInt = (fallback: number) => {
  const message = `must be a whole number above 0, e.g. ${fallback}`;
  return z.preprocess(
    blankAsUnset,
    z.coerce.number({ error: message }).int(message).positive(message).default(fallback),
  );
};

/** Node fires a timer of more than 2^31−1 ms at once (TimeoutOverflowWarning): every wait would be none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const milliseconds = (fallback: number, min: 0 | 1 = 1) => {
  const message = `must be a whole number of milliseconds${min === 1 ? ' above 0' : ''}, e.g. ${fallback}`;
  return z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ error: message })
      .int(message)
      .min(min, message)
      .max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} milliseconds (about 24 days)`)
      .default(fallback),
  );
};

/** Seconds to wait, 0 for none, said in words when the value is not one. */
const seconds = (fallback: number, max?: number) => {
  const range = max === undefined ? '0 or more' : `from 0 to ${max}`;
  const message = `must be a whole number of seconds, ${range}, e.g. ${fallback}`;
  const number = z.coerce.number({ error: message }).int(message).min(0, message);
  return z.preprocess(
    blankAsUnset,
    (max === undefined ? number : number.max(max, message)).default(fallback),
  );
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_PUBLIC_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters')
      .optional(),
  ),
  DISCORD_API_URL: optionalText.pipe(
    webUrl('https://discord.com/api').default('https://discord.com/api'),
  ),
  DISCORD_CONNECT_TIMEOUT_MS: milliseconds(30_000),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(webUrl('http://localhost:11434/v1').optional()),
  OPENAI_MODEL: optionalText.pipe(z.string().default('gpt-4o-mini')),
  OPENAI_ATTEMPT_TIMEOUT_MS: milliseconds(30_000),
  OPENAI_TOTAL_TIMEOUT_MS: milliseconds(90_000),
  PAPERBOT_CORPUS: optionalText,
  PAPERBOT_CACHE_DIR: optionalText.pipe(z.string().default(DEFAULT_CACHE_DIR)),
  PAPERBOT_DATA_DIR: optionalText.pipe(z.string().default(DEFAULT_DATA_DIR)),
  ARXIV_API_URL: optionalText.pipe(
    webUrl('https://export.arxiv.org/api/query').default('https://export.arxiv.org/api/query'),
  ),
  ARXIV_REQUEST_INTERVAL_MS: milliseconds(3000, 0),
  CROSSREF_API_URL: optionalText.pipe(
    webUrl('https://api.crossref.org').default('https://api.crossref.org'),
  ),
  PAPERBOT_EDITOR_ROLE: optionalText,
  PAPERBOT_LIBRARY_POLL_MS: milliseconds(500),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://user@host/db')
      .refine(
        readableAsUrl,
        'is not a readable URL: in the user name and password, write / as %2F, # as %23, ? as %3F and @ as %40',
      )
      .optional(),
  ),
  ASK_COOLDOWN_SECONDS: seconds(10),
  GUILD_DAILY_TOKEN_BUDGET: positiveInt(200_000),
  PORT: positiveInt(8080).pipe(z.number().max(65_535, 'must be a port number, at most 65535')),
  SHUTDOWN_GRACE_SECONDS: seconds(20, 600),
  // "INFO" is as clear as "info": the case is not what the setting means.
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? blankAsUnset(v.trim().toLowerCase()) : v),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
});

/** Every environment variable the configuration reads: what .env.example and the README list. */
export const SETTINGS = Object.keys(EnvSchema.shape);

export const SQLITE_FILE_NAME = 'paperbot.sqlite';
const CHAT_LOG_FILE_NAME = 'chat.log';

type Env = z.infer<typeof EnvSchema>;
type LogLevel = NonNullable<Env['LOG_LEVEL']>;

export interface LlmConfig {
  apiKey: string;
  baseURL: string | undefined;
  model: string;
  attemptTimeoutMs: number;
  totalTimeoutMs: number;
}

export interface Config {
  discord: {
    token: string | undefined;
    applicationId: string | undefined;
    guildId: string | undefined;
    publicKey: string | undefined;
    apiUrl: string;
    /** How long the bot may take to log in and open its gateway session before giving up. */
    connectTimeoutMs: number;
  };
  /** Undefined when no endpoint is configured: answers are then extractive. */
  llm: LlmConfig | undefined;
  /** A read-only papers file instead of the library; undefined: the library in the database. */
  corpusPath: string | undefined;
  cacheDir: string;
  /** PostgreSQL when DATABASE_URL is set, otherwise a SQLite file in the data directory. */
  database: DatabaseTarget;
  library: {
    arxivApiUrl: string;
    /** Wait between arXiv API calls (arXiv asks for 3 s). */
    arxivIntervalMs: number;
    crossrefApiUrl: string;
    /** Besides Manage Server, members with this role (name or id) may add and remove papers. */
    editorRole: string | undefined;
    /** How often a process looks for papers other processes added or removed. */
    pollMs: number;
  };
  askCooldownSeconds: number;
  guildDailyTokenBudget: number;
  port: number;
  /** How long a stopping server waits for in-flight answers before abandoning them. */
  shutdownGraceSeconds: number;
  /** For servers (bot, endpoint): `info` unless LOG_LEVEL says otherwise. */
  logLevel: LogLevel;
  /** For the CLI and the chat, whose output is the user's screen: `warn` unless LOG_LEVEL says otherwise. */
  quietLogLevel: LogLevel;
  /** The terminal chat logs here, so log lines never land among its replies. */
  chatLogFile: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads the environment once. Values never appear in errors: a secret may be the bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  const e = parsed.data;
  const llmConfigured = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      guildId: e.DISCORD_GUILD_ID,
      publicKey: e.DISCORD_PUBLIC_KEY,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
      connectTimeoutMs: e.DISCORD_CONNECT_TIMEOUT_MS,
    },
    llm: llmConfigured
      ? {
          // Local servers (Ollama, llama.cpp) ignore the key, but the SDK insists on one.
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          attemptTimeoutMs: e.OPENAI_ATTEMPT_TIMEOUT_MS,
          totalTimeoutMs: e.OPENAI_TOTAL_TIMEOUT_MS,
        }
      : undefined,
    corpusPath: e.PAPERBOT_CORPUS,
    cacheDir: e.PAPERBOT_CACHE_DIR,
    database:
      e.DATABASE_URL === undefined
        ? { engine: 'sqlite', file: join(e.PAPERBOT_DATA_DIR, SQLITE_FILE_NAME) }
        : postgresTarget(e.DATABASE_URL),
    library: {
      arxivApiUrl: e.ARXIV_API_URL,
      arxivIntervalMs: e.ARXIV_REQUEST_INTERVAL_MS,
      crossrefApiUrl: e.CROSSREF_API_URL.replace(/\/+$/, ''),
      editorRole: e.PAPERBOT_EDITOR_ROLE,
      pollMs: e.PAPERBOT_LIBRARY_POLL_MS,
    },
    askCooldownSeconds: e.ASK_COOLDOWN_SECONDS,
    guildDailyTokenBudget: e.GUILD_DAILY_TOKEN_BUDGET,
    port: e.PORT,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    logLevel: e.LOG_LEVEL ?? 'info',
    quietLogLevel: e.LOG_LEVEL ?? 'warn',
    chatLogFile: join(e.PAPERBOT_DATA_DIR, CHAT_LOG_FILE_NAME),
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * `?schema=name` (as Prisma spells it) puts paperbot's tables in that schema, so one database
 * can hold several deployments; PostgreSQL itself does not know the parameter.
 */
/**
 * A password holding /, # or ? ends the URL's host part early: the URL does not parse, or
 * parses as another host with the rest of the password in its path. Either way the password
 * would end up in an error message, so such a URL is refused without being repeated.
 */
function readableAsUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const authority = url.slice(url.indexOf('//') + 2);
  const hostEnd = authority.search(/[/?#]/);
  return !(hostEnd >= 0 ? authority.slice(hostEnd) : '').includes('@');
}

function postgresTarget(url: string): DatabaseTarget {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { engine: 'postgres', url };
  if (!SCHEMA_NAME.test(schema)) {
    throw new ConfigError([
      'DATABASE_URL ?schema= must be a plain lower-case name (letters, digits, _)',
    ]);
  }
  parsed.searchParams.delete('schema');
  return { engine: 'postgres', url: parsed.toString(), schema };
}

/** Every secret the process knows, so logs and replies can be scrubbed of them. */
export function secretsOf(config: Config): string[] {
  return [config.discord.token, config.llm?.apiKey, ...databasePasswords(config.database)].filter(
    (s): s is string => s !== undefined && s !== 'not-needed' && s.length >= MIN_SECRET_LENGTH,
  );
}

/** Query parameters of a database URL that carry a password: libpq's password, sslpassword. */
export const PASSWORD_PARAMETER = /pass/i;

/** The password in the URL's user part, and those given as `?password=` or `?sslpassword=`. */
function databasePasswords(target: DatabaseTarget): string[] {
  if (target.engine !== 'postgres' || !URL.canParse(target.url)) return [];
  const parsed = new URL(target.url);
  let password = parsed.password;
  try {
    password = decodeURIComponent(password);
  } catch {
    // A lone % is part of the password as written, and must be redacted like any other.
  }
  const inQuery = [...parsed.searchParams]
    .filter(([name]) => PASSWORD_PARAMETER.test(name))
    .map(([, value]) => value);
  return [password, ...inQuery].filter((p) => p !== '');
}
