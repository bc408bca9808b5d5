import type { z } from 'zod';
import { commands, findCommand } from '../commands/index.js';
import type { CommandContext, RawOptions } from './command.js';
import { CorpusError } from './corpus/errors.js';
import { isUserError } from './errors.js';
import { errorReply, type Reply } from './reply.js';

export const UNEXPECTED_ERROR =
  'Something went wrong on my side. It has been logged; please try again in a moment.';

function describeInputError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const option = issue.path[0];
      return option === undefined ? issue.message : `${String(option)}: ${issue.message}`;
    })
    .join('; ');
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
  const command = findCommand(name);
  if (!command) {
    return errorReply(
      `There is no /${name} command.`,
      commands.map((c) => `/${c.name}`),
      'unknown-command',
    );
  }
  const parsed = command.input.safeParse(withoutUndefined(raw));
  if (!parsed.success) return errorReply(describeInputError(parsed.error), [], 'bad-option');
  try {
    return await command.execute(parsed.data, ctx);
  } catch (error) {
    if (isUserError(error)) return errorReply(error.message, error.suggestions, error.code);
    if (error instanceof CorpusError) return errorReply(error.message, [], 'corpus');
    ctx.log.error({ err: error, command: name, user: ctx.user?.id }, 'command failed');
    return errorReply(UNEXPECTED_ERROR, [], 'internal');
  }
}

function withoutUndefined(raw: RawOptions): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, string | number | boolean] => e[1] !== undefined),
  );
}
