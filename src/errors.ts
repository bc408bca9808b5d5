/**
 * Errors a person caused and can fix, kept apart from the words they read: the code is for
 * programs and logs, the message for people, the suggestions for "did you mean".
 */
type UserErrorCode =
  | 'empty-query'
  | 'query-too-long'
  | 'unknown-paper'
  | 'unknown-author'
  | 'unknown-category'
  | 'bad-year'
  | 'bad-option'
  | 'unknown-command'
  | 'rate-limited'
  | 'budget-exhausted'
  | 'expired'
  | 'corpus'
  | 'read-only-corpus'
  | 'source'
  | 'forbidden'
  | 'server-only';

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly suggestions: readonly string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * An error nobody expected (a bug, a failing service) as a log line wants it, whatever was
 * thrown: name, message and the stack that finds where it came from. For logs only: the
 * stack never goes into a reply (the logger scrubs configured secrets from every line).
 */
export function describeError(error: unknown): { name: string; message: string; stack?: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
    : { name: 'Error', message: String(error) };
}

/**
 * A language model that is down, slow or answered unusably. Expected, and handled by
 * answering without it: a warning to log, with no stack to chase.
 */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** A model call that failed the way model calls do: the model's fault, a deadline, a cancel. */
export function isExpectedModelFailure(error: unknown): boolean {
  return (
    error instanceof ModelError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
  );
}

/**
 * A server transport that could not start (Discord's API answering HTML or a 500, a timeout):
 * said in one line, the cause's code kept so a known one (ENOTFOUND, TokenInvalid) reads as such.
 */
export class StartFailure extends Error {
  readonly code: unknown;

  constructor(cause: unknown) {
    const { name, message } = describeError(cause);
    super(`could not start: ${name}: ${message.split('\n')[0] ?? ''}`, { cause });
    this.name = 'StartFailure';
    this.code = (cause as { code?: unknown } | undefined)?.code;
  }
}
