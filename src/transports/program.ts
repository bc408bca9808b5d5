import { statSync } from 'node:fs';
import { openApp, type App } from '../app.js';
import { loadConfig, secretsOf, type Config } from '../config.js';
import { CorpusError } from '../corpus/errors.js';
import { createLogger } from '../log.js';
import { UsageError } from './cli-args.js';
import { StartFailure } from '../errors.js';

/**
 * What the program commands (`paperbot list`, `ingest`, `bot`…) share. Exit codes:
 * 0 answered, 1 the command answered with an error (unknown paper…), 2 the invocation
 * itself was wrong (unknown flag, missing argument).
 */
export const EXIT_OK = 0;
export const EXIT_ANSWERED_ERROR = 1;
export const EXIT_USAGE = 2;

export const PROGRAM_FLAGS = {
  json: { type: 'boolean' },
  corpus: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The app for a one-shot command: configured from `env`, quiet logs (on stderr, or in `logTo`
 * a file), the library or another corpus file. Close it when done.
 */
export function appFor(
  corpus: string | undefined,
  env: NodeJS.ProcessEnv,
  logTo: (config: Config) => number | string = () => 2,
): Promise<App> {
  if (corpus !== undefined) checkCorpusFlag(corpus);
  const config = loadConfig(corpus === undefined ? env : { ...env, PAPERBOT_CORPUS: corpus });
  const log = createLogger(config.quietLogLevel, secretsOf(config), logTo(config));
  // The papers file the invocation named (or configured) cannot be used: a wrong invocation.
  return openApp(config, log).catch((error: unknown) => {
    throw error instanceof CorpusError ? new UsageError(error.message) : error;
  });
}

/** A `--corpus` that names no file is the flag's fault, said as such (not as bad configuration). */
function checkCorpusFlag(file: string): void {
  if (file.trim() === '') throw new UsageError('--corpus needs a file name.');
  let found: ReturnType<typeof statSync>;
  try {
    found = statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    // A symbolic link loop, a path through a file, a name too long: the path leads nowhere.
    throw new UsageError(
      `--corpus: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  if (!found) throw new UsageError(`--corpus: no such file ${file}`);
  if (found.isDirectory())
    throw new UsageError(`--corpus: ${file} is a directory; name a papers file.`);
}

/** The app for a long-running transport: configured from `env`, at the configured log level. */
export function serviceApp(env: NodeJS.ProcessEnv): Promise<App> {
  const config = loadConfig(env);
  return openApp(config, createLogger(config.logLevel, secretsOf(config)));
}

/**
 * What went wrong outside paperbot (a file, a port, Discord), said in one line with the
 * documented exit code instead of a stack trace; undefined for a failure that is our bug.
 */
export function describeFailure(error: unknown): { message: string; exitCode: number } | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const where = (error as { path?: unknown }).path;
  const path = typeof where === 'string' ? where : 'the file';
  switch (code) {
    case 'ENOENT':
      return { message: `${path}: no such file or directory.`, exitCode: EXIT_USAGE };
    case 'EISDIR':
      return { message: `${path} is a directory; name a file.`, exitCode: EXIT_USAGE };
    case 'EACCES':
      return { message: `${path}: permission denied.`, exitCode: EXIT_USAGE };
    case 'EADDRINUSE':
      return {
        message: 'That port is already in use: set PORT to a free one, or stop the other server.',
        exitCode: EXIT_USAGE,
      };
    case 'TokenInvalid':
      return {
        message:
          'Discord refused DISCORD_TOKEN: reset the bot token in the Developer Portal (Bot → Reset Token) and set it again.',
        exitCode: EXIT_USAGE,
      };
    case 'ENOTFOUND':
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
      return {
        message: `Could not reach ${typeof (error as { hostname?: unknown }).hostname === 'string' ? String((error as { hostname?: unknown }).hostname) : 'the server'} (${code}): check the network and DISCORD_API_URL.`,
        exitCode: EXIT_ANSWERED_ERROR,
      };
    default:
      return error instanceof StartFailure
        ? {
            message: `${error.message}. Check DISCORD_API_URL and the network.`,
            exitCode: EXIT_ANSWERED_ERROR,
          }
        : undefined;
  }
}
