import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr (or in a file: the terminal chat's screen is the user's),
 * so stdout stays clean for `--json` output. Known secret
 * fields are redacted by path, and every finished line is scrubbed of the configured
 * secrets, wherever they hide: a message, an error, a child logger's bindings.
 */
export function createLogger(
  level: string,
  secrets: readonly string[] = [],
  destination: number | string = 2,
): Logger {
  return pino(
    {
      level,
      base: { app: 'paperbot' },
      redact: {
        paths: [
          'token',
          'apiKey',
          '*.token',
          '*.apiKey',
          'headers.authorization',
          '*.headers.authorization',
          'config.discord.token',
          'config.llm.apiKey',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (line) => scrub(line, secrets) },
    },
    pino.destination({ dest: destination, sync: true, mkdir: true }),
  );
}

/**
 * Shorter "secrets" are placeholders a local model server accepts ("x", "none"): scrubbing
 * them would redact every such letter or word of a log line or an answer.
 */
export const MIN_SECRET_LENGTH = 6;

export function scrub(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
