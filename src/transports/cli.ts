#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { registry } from '../../commands/index.js';
import { ConfigError } from '../config.js';
import { CorpusError } from '../corpus/errors.js';
import { commandContext, runCommand } from '../dispatch.js';
import { loadDotenv } from '../env.js';
import { DatabaseError } from '../library/db/connect.js';
import { renderText } from '../render/text.js';
import type { Reply } from '../reply.js';
import { parseInvocation, usageOf, UsageError, type ParsedInvocation } from './cli-args.js';
import type { App } from '../app.js';
import { appFor, EXIT_ANSWERED_ERROR, EXIT_OK, EXIT_USAGE } from './program.js';

/**
 * `paperbot <command>`: the scriptable face of the same commands the chat and Discord run,
 * plus the program's own commands (ingest, bot, serve…), all from the one registry.
 */

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
    "Run `paperbot <command> --help` for a command's options.",
  ].join('\n');
}

async function runDomainCommand(name: string, invocation: ParsedInvocation): Promise<number> {
  const app = await appFor(invocation.flags.corpus);
  try {
    return await answerInvocation(name, invocation, app);
  } finally {
    await app.close();
  }
}

async function answerInvocation(
  name: string,
  invocation: ParsedInvocation,
  app: App,
): Promise<number> {
  const ctx = commandContext(app, 'cli', {
    user: { id: 'cli', name: 'cli' },
    ...(invocation.flags.conversation ? { conversation: [] } : {}),
  });
  if (invocation.flags.stdin) {
    const slot = invocation.lineOption;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      const raw = slot === undefined ? invocation.raw : { ...invocation.raw, [slot]: line };
      const reply = await runCommand(name, raw, ctx);
      const data =
        reply.tone === 'error' && slot !== undefined
          ? { [slot]: line, ...(reply.data as object) }
          : reply.data;
      process.stdout.write(`${JSON.stringify(data)}\n`);
    }
    return EXIT_OK;
  }
  const reply = await runCommand(name, invocation.raw, ctx);
  if (invocation.flags.png !== undefined) writeImage(name, reply, invocation.flags.png);
  const output = invocation.flags.json
    ? JSON.stringify(reply.data, null, 2)
    : renderText(reply, { color: invocation.flags.color && process.stdout.isTTY === true });
  process.stdout.write(`${output}\n`);
  return reply.tone === 'error' ? EXIT_ANSWERED_ERROR : EXIT_OK;
}

function writeImage(command: string, reply: Reply, file: string): void {
  if (reply.tone === 'error') return;
  if (!reply.image)
    throw new UsageError(`paperbot ${command} draws no picture; --png is for stats.`);
  try {
    writeFileSync(file, reply.image.png);
  } catch (error) {
    throw new UsageError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

async function main(argv: readonly string[]): Promise<number> {
  loadDotenv();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  try {
    const command = registry.find(name, 'cli');
    if (command) {
      const invocation = parseInvocation(command, rest);
      if (invocation.flags.help) {
        process.stdout.write(`${usageOf(command)}\n`);
        return EXIT_OK;
      }
      return await runDomainCommand(name, invocation);
    }
    const program = registry.findProgram(name);
    if (program) return await program.run(rest);
    const names = [...registry.on('cli'), ...registry.programs].map((c) => c.name);
    throw new UsageError(`Unknown command "${name}". Commands: ${names.join(', ')}.`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`paperbot: ${error.message}\nRun \`paperbot --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (
      error instanceof ConfigError ||
      error instanceof CorpusError ||
      error instanceof DatabaseError
    ) {
      process.stderr.write(`paperbot: ${error.message}\n`);
      return error instanceof CorpusError ? EXIT_ANSWERED_ERROR : EXIT_USAGE;
    }
    throw error;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
