import { openApp, type App } from '../app.js';
import { loadConfig, secretsOf } from '../config.js';
import { createLogger } from '../log.js';

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

/** The app for a one-shot command: quiet logs, the library or another corpus file. Close it when done. */
export function appFor(corpus: string | undefined): Promise<App> {
  const config = loadConfig(
    corpus === undefined ? process.env : { ...process.env, PAPERBOT_CORPUS: corpus },
  );
  const log = createLogger(config.quietLogLevel, secretsOf(config));
  return openApp(config, log);
}

/** The app for a long-running transport: the configured log level. */
export function serviceApp(): Promise<App> {
  const config = loadConfig();
  return openApp(config, createLogger(config.logLevel, secretsOf(config)));
}
