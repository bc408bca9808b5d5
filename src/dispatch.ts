import type { z } from './zod.js';
import { registry } from '../commands/index.js';
import type { App } from './app.js';
import type { CommandContext, RawOptions, Surface } from './command.js';
import { CorpusError } from './corpus/errors.js';
import { closestNames } from './did-you-mean.js';
import { describeError, isUserError } from './errors.js';
import type { Logger } from './log.js';
import { errorReply, type Reply } from './reply.js';

export const UNEXPECTED_ERROR =
  'Something went wrong on my side. It has been logged; please try again in a moment.';

/** Who runs a command and how; the app and the commands come from where it runs. */
export type Invocation = Omit<
  Partial<CommandContext>,
  'search' | 'answers' | 'log' | 'commands' | 'library'
>;

/** The one way a transport builds the context a command runs in. */
export function commandContext(
  app: Pick<App, 'search' | 'answers' | 'log'> & Partial<Pick<App, 'library'>>,
  surface: Surface,
  invocation: Invocation = {},
): CommandContext {
  // Read through to the app: a long-lived context (the chat) sees the library's changes.
  return {
    get search() {
      return app.search;
    },
    get answers() {
      return app.answers;
    },
    log: app.log,
    library: app.library,
    commands: registry.on(surface),
    ...invocation,
  };
}

export function unknownCommandReply(name: string, ctx: Pick<CommandContext, 'commands'>): Reply {
  const names = ctx.commands.map((c) => c.name);
  const close = closestNames(name, names);
  return errorReply(
    `There is no /${name} command.${close.length > 0 ? '' : ` Commands: ${names.map((n) => `/${n}`).join(', ')}.`}`,
    close.map((n) => `/${n}`),
    'unknown-command',
  );
}

/** zod's own wording ("Too small: expected number to be >=1") is the validator's, not ours. */
const VALIDATOR_WORDING = /^(Invalid|Too (small|big)|Expected|Unrecognized)/;

function describeIssue(issue: z.core.$ZodIssue): string {
  const option = issue.path[0] === undefined ? 'the input' : String(issue.path[0]);
  if (!VALIDATOR_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves `input` out of issues; a missing value is the one it reports as undefined.
      return /received undefined$/.test(issue.message)
        ? `${option} is missing.`
        : `${option} must be ${issue.expected === 'number' ? 'a whole number' : `a ${issue.expected}`}.`;
    case 'too_small':
      return NUMERIC_ORIGINS.has(issue.origin)
        ? `${option} must be at least ${String(issue.minimum)}.`
        : `${option} must not be empty.`;
    case 'too_big':
      return NUMERIC_ORIGINS.has(issue.origin)
        ? `${option} must be at most ${String(issue.maximum)}.`
        : `${option} must be at most ${String(issue.maximum)} characters.`;
    case 'invalid_value':
      return `${option} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    default:
      return `${option} is not valid.`;
  }
}

const NUMERIC_ORIGINS: ReadonlySet<string> = new Set(['number', 'int', 'bigint']);

/**
 * A number past 2^53 breaks two bounds, the safe-integer one zod adds to whole numbers and the
 * option's own: only the tighter says what to type.
 */
function tightestBounds(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.filter(
    (issue) =>
      issue.code !== 'too_big' ||
      !issues.some(
        (other) =>
          other !== issue &&
          other.code === 'too_big' &&
          String(other.path[0]) === String(issue.path[0]) &&
          Number(other.maximum) < Number(issue.maximum),
      ),
  );
}

function describeInputError(error: z.ZodError): string {
  return tightestBounds(error.issues).map(describeIssue).join(' ');
}

/**
 * Runs one command for any transport: validates its options, executes it, and turns every
 * failure into a Reply. A person's mistake gets its message and suggestions; our bug gets
 * a log line with the stack and a generic apology, never the internals.
 */
export async function runCommand(
  name: string,
  raw: RawOptions,
  ctx: CommandContext,
): Promise<Reply> {
  const command = ctx.commands.find((c) => c.name === name);
  if (!command) return unknownCommandReply(name, ctx);
  const parsed = command.input.safeParse(withoutUndefined(raw));
  if (!parsed.success) return errorReply(describeInputError(parsed.error), [], 'bad-option');
  try {
    return await command.execute(parsed.data, ctx);
  } catch (error) {
    return failureReply(error, ctx.log, { command: name, user: ctx.user?.id });
  }
}

/**
 * A failure as the person sees it: their mistake in words, our bug as an apology, logged
 * with its stack and `context` (never shown to them).
 */
export function failureReply(error: unknown, log: Logger, context: Record<string, unknown>): Reply {
  if (isUserError(error)) return errorReply(error.message, error.suggestions, error.code);
  if (error instanceof CorpusError) return errorReply(error.message, [], 'corpus');
  log.error({ err: describeError(error), ...context }, 'command failed');
  return errorReply(UNEXPECTED_ERROR, [], 'internal');
}

function withoutUndefined(raw: RawOptions): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, string | number | boolean] => e[1] !== undefined),
  );
}
