import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr, so stdout stays clean for `--json` output. Known secret
 * fields are redacted by path; `secrets` are also scrubbed from any message text.
 */
export function createLogger(level: string, secrets: readonly string[] = [], destination = 2): Logger {
  return pino(
    {
      level,
      base: { app: 'paperbot' },
      redact: {
        paths: ['token', 'apiKey', '*.token', '*.apiKey', 'headers.authorization', '*.headers.authorization', 'config.discord.token', 'config.llm.apiKey'],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrub(arg, secrets) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (object) => scrubObject(object, secrets),
      },
    },
    pino.destination({ fd: destination, sync: true }),
  );
}

export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

function scrubObject(object: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  if (secrets.length === 0) return object;
  return JSON.parse(scrub(JSON.stringify(object), secrets)) as Record<string, unknown>;
}
