import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr, so stdout stays clean for `--json` output. Known secret
 * fields are redacted by path, and every finished line is scrubbed of the configured
 * secrets, wherever they hide: a message, an error, a child logger's bindings.
 */
export function createLogger(
  level: string,
  secrets: readonly string[] = [],
  destination = 2,
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
    pino.destination({ fd: destination, sync: true }),
  );
}

export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
