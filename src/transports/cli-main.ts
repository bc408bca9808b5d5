import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from '../zod.js';
import { registry } from '../../commands/index.js';
import { closestNames } from '../did-you-mean.js';
import { ConfigError } from '../config.js';
import { CorpusError } from '../corpus/errors.js';
import { commandContext, runCommand } from '../dispatch.js';
import { loadDotenv } from '../env.js';
import { DatabaseError, DatabaseUnreachableError } from '../library/db/connect.js';
import { renderText } from '../render/text.js';
import type { Reply } from '../reply.js';
import { truncate } from '../truncate.js';
import { stripControl } from '../answer/grounding.js';
import {
  parseFlags,
  parseInvocation,
  usageOf,
  UsageError,
  ValueError,
  type ParsedInvocation,
} from './cli-args.js';
import type { App } from '../app.js';
import type { CliIo } from '../command.js';
import { PACKAGE_ROOT } from '../paths.js';
import { appFor, describeFailure, EXIT_ANSWERED_ERROR, EXIT_OK, EXIT_USAGE } from './program.js';

/**
 * `paperbot <command>`: the scriptable face of the same commands the chat and Discord run,
 * plus the program's own commands (ingest, bot, serve…), all from the one registry.
 */

const PROCESS_IO: CliIo = {
  // A getter: touching process.stdin opens it, which a command without --stdin never needs.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

function usage(): string {
  const programs = registry.programs;
  const width = Math.max(...programs.map((p) => p.usage.length));
  return [
    'Usage: paperbot <command> [arguments] [--json] [--corpus <file>]',
    '',
    ...registry.on('cli').map((c) => `  ${c.name.padEnd(10)} ${c.description}`),
    '',
    ...programs.map((p) => `  ${p.usage.padEnd(width)}  ${p.description}`),
    '',
    "Run `paperbot <command> --help` for a command's options, `paperbot --version` for the version.",
  ].join('\n');
}

/** The version in the package.json of the paperbot being run. */
function version(): string {
  const manifest = z
    .object({ version: z.string() })
    .parse(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')));
  return `paperbot ${manifest.version}`;
}

async function runDomainCommand(
  name: string,
  invocation: ParsedInvocation,
  io: CliIo,
): Promise<number> {
  const app = await appFor(invocation.flags.corpus, io.env);
  try {
    return await answerInvocation(name, invocation, app, io);
  } finally {
    await app.close();
  }
}

async function answerInvocation(
  name: string,
  invocation: ParsedInvocation,
  app: App,
  io: CliIo,
): Promise<number> {
  const ctx = commandContext(app, 'cli', {
    user: { id: 'cli', name: 'cli' },
    ...(invocation.flags.conversation ? { conversation: [] } : {}),
  });
  if (invocation.flags.stdin) {
    const slots = invocation.lineOptions;
    for await (const line of inputLines(io.stdin)) {
      const fields = lineInput(slots, line);
      if (fields === undefined) {
        io.stdout.write(`${JSON.stringify(misfieldedLine(name, slots, line))}\n`);
        continue;
      }
      const reply = await runCommand(name, { ...invocation.raw, ...fields }, ctx);
      const data =
        reply.tone === 'error' ? { query: echoed(line), ...(reply.data as object) } : reply.data;
      io.stdout.write(`${JSON.stringify(data)}\n`);
    }
    return EXIT_OK;
  }
  const reply = await runCommand(name, invocation.raw, ctx);
  if (invocation.flags.png !== undefined) writeImage(name, reply, invocation.flags.png);
  const code = errorCodeOf(reply);
  // A script reading --json gets the error as data, whichever exit code it comes with.
  if (reply.tone === 'error' && invocation.flags.json)
    io.stdout.write(`${JSON.stringify(reply.data, null, 2)}\n`);
  if (code !== undefined && WRONG_INVOCATION.has(code)) {
    io.stderr.write(
      `paperbot: ${oneLine(reply)}\nRun \`paperbot ${name} --help\` for its options.\n`,
    );
    return EXIT_USAGE;
  }
  if (reply.tone === 'error') {
    io.stderr.write(`paperbot: ${oneLine(reply)}\n`);
    return EXIT_ANSWERED_ERROR;
  }
  // BibTeX is redirected into a .bib file: stdout carries the entries alone, and what the reply
  // says about them (its heading: which paper, how many) goes to stderr, still shown on a terminal.
  if (reply.code?.language === 'bibtex' && !invocation.flags.json) {
    const about = renderText(
      { ...reply, code: undefined },
      { color: invocation.flags.color && io.stderr.hasColors?.(io.env) === true },
    );
    if (about !== '') io.stderr.write(`${about}\n`);
    const bibtex = stripControl(reply.code.text);
    io.stdout.write(bibtex === '' ? '' : `${bibtex}\n`);
    return EXIT_OK;
  }
  const output = invocation.flags.json
    ? JSON.stringify(reply.data, null, 2)
    : renderText(reply, {
        color: invocation.flags.color && io.stdout.hasColors?.(io.env) === true,
      });
  io.stdout.write(`${output}\n`);
  return EXIT_OK;
}

/**
 * Errors in what the invocation gave (an empty or overlong query, a bad year, an option out
 * of range, a category or command that does not exist) rather than a lookup with no result.
 */
const WRONG_INVOCATION: ReadonlySet<string> = new Set([
  'read-only-corpus',
  'empty-query',
  'query-too-long',
  'bad-year',
  'bad-option',
  'unknown-category',
  'unknown-command',
]);

/** An error reply as the one line the CLI prints on stderr, "did you mean" included. */
function oneLine(reply: Reply): string {
  const data = reply.data as { error?: { suggestions?: unknown } } | null;
  const suggestions = Array.isArray(data?.error?.suggestions)
    ? (data.error.suggestions as unknown[]).map(String)
    : [];
  const message = stripControl(reply.body ?? 'Error').replace(/\s*\n\s*/g, ' ');
  return suggestions.length > 0
    ? `${message} Did you mean: ${suggestions.map(stripControl).join('; ')}?`
    : message;
}

function writeImage(command: string, reply: Reply, file: string): void {
  if (reply.tone === 'error') return;
  if (!reply.image)
    throw new UsageError(`paperbot ${command} draws no picture; --png is for stats.`);
  try {
    writeFileSync(file, reply.image.png);
  } catch (error) {
    throw new UsageError(`--png: ${describeFailure(error)?.message ?? `cannot write ${file}.`}`);
  }
}

function errorCodeOf(reply: Reply): string | undefined {
  const data = reply.data as { error?: { code?: unknown } } | null;
  return reply.tone === 'error' && typeof data?.error?.code === 'string'
    ? data.error.code
    : undefined;
}

/**
 * The lines of the input, split at \n only (a CRLF's \r dropped): readline also ends a line at
 * a bare \r, which would give one input line two answers and break the line-for-line promise.
 */
async function* inputLines(input: Readable): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of input.setEncoding('utf8') as AsyncIterable<string>) {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) yield line.replace(/\r$/, '');
  }
  if (pending !== '') yield pending.replace(/\r$/, '');
}

/**
 * A stdin line fills the command's main option; `compare` takes its two papers tab-separated,
 * one of each, or undefined: a field missing or one too many is no pair to compare.
 */
function lineInput(slots: readonly string[], line: string): Record<string, string> | undefined {
  const parts = slots.length === 1 ? [line] : line.split('\t').map((part) => part.trim());
  if (parts.length !== slots.length || (slots.length > 1 && parts.includes(''))) return undefined;
  return Object.fromEntries(slots.map((slot, i) => [slot, parts[i] ?? '']));
}

/** "MobileViT OpenELM" could be one title or two: only a tab says where one paper ends. */
function misfieldedLine(name: string, slots: readonly string[], line: string): object {
  const fields = line.split('\t').length;
  return {
    query: echoed(line),
    error: {
      code: 'bad-option',
      message: `paperbot ${name} --stdin wants ${slots.map((slot) => `<${slot}>`).join(' and ')} on each line, separated by a tab${fields > slots.length ? `, not ${fields} fields` : ''}.`,
      suggestions: [],
    },
  };
}

/** An error line repeats its input so it can be matched up, but not a huge one in full. */
const ECHO_LIMIT = 200;
function echoed(line: string): string {
  return truncate(line, ECHO_LIMIT);
}

/** `paperbot help [command]`: the command line's own syntax (flags), not the chat's. */
function cliHelp(argv: readonly string[], io: CliIo): number {
  const { positionals } = parseFlags(argv, { help: { type: 'boolean', short: 'h' } });
  const [topic, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
  const name = topic?.replace(/^\//, '').toLowerCase();
  if (name === undefined) {
    io.stdout.write(`${usage()}\n`);
    return EXIT_OK;
  }
  const command = registry.find(name, 'cli');
  const program = registry.findProgram(name);
  if (!command && !program) throw unknownCommand(name);
  io.stdout.write(
    `${command ? usageOf(command) : `${program?.usage ?? ''}\n  ${program?.description ?? ''}`}\n`,
  );
  return EXIT_OK;
}

function unknownCommand(name: string): UsageError {
  const names = [...registry.on('cli'), ...registry.programs].map((c) => c.name);
  const close = closestNames(name, names);
  return new UsageError(
    close.length > 0
      ? `Unknown command "${name}". Did you mean ${close.map((n) => `\`paperbot ${n}\``).join(' or ')}?`
      : `Unknown command "${name}". Commands: ${names.join(', ')}.`,
  );
}

/** Whether one of `flags` stands among the arguments before a `--`. */
function flagGiven(args: readonly string[], ...flags: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => flags.includes(arg));
}

/**
 * `paperbot bot --help` must not connect, nor `deploy-commands --help` register commands:
 * a program's arguments ask for help wherever --help or -h stands before a `--`.
 */
const asksForHelp = (args: readonly string[]) => flagGiven(args, '--help', '-h');

export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  loadDotenv(undefined, (message) => io.stderr.write(`paperbot: ${message}\n`), io.env);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  try {
    if (name === 'help') return cliHelp(rest, io);
    const command = registry.find(name, 'cli');
    if (command) {
      const invocation = parseInvocation(command, rest);
      if (invocation.flags.help) {
        io.stdout.write(`${usageOf(command)}\n`);
        return EXIT_OK;
      }
      const missing = command.options.find(
        (o) =>
          o.required &&
          invocation.raw[o.name] === undefined &&
          !(invocation.flags.stdin && invocation.lineOptions.includes(o.name)),
      );
      if (missing)
        throw new UsageError(
          `${missing.name} is missing: ${usageOf(command).split('\n')[0] ?? ''}`,
        );
      return await runDomainCommand(name, invocation, io);
    }
    const program = registry.findProgram(name);
    if (program && asksForHelp(rest)) {
      io.stdout.write(`${program.usage}\n  ${program.description}\n`);
      return EXIT_OK;
    }
    if (program) return await program.run(rest, io);
    throw unknownCommand(name);
  } catch (error) {
    if (error instanceof UsageError) {
      // Looked for in the arguments as given: a bad value can stop parsing before --json is read.
      if (error instanceof ValueError && flagGiven(rest, '--json'))
        io.stdout.write(
          `${JSON.stringify({ error: { code: 'bad-option', message: error.message, suggestions: [] } }, null, 2)}\n`,
        );
      io.stderr.write(`paperbot: ${error.message}\nRun \`paperbot --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (
      error instanceof ConfigError ||
      error instanceof CorpusError ||
      error instanceof DatabaseError
    ) {
      io.stderr.write(`paperbot: ${error.message}\n`);
      return error instanceof CorpusError || error instanceof DatabaseUnreachableError
        ? EXIT_ANSWERED_ERROR
        : EXIT_USAGE;
    }
    const failure = describeFailure(error);
    if (failure) {
      io.stderr.write(`paperbot: ${failure.message}\n`);
      return failure.exitCode;
    }
    throw error;
  }
}
