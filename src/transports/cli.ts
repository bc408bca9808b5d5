#!/usr/bin/env node
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { commands, findCommand } from '../../commands/index.js';
import { createApp, type App } from '../app.js';
import { ConfigError, loadConfig, secretsOf } from '../config.js';
import { CorpusError } from '../corpus/errors.js';
import { loadCorpusFile, writePapersFile } from '../corpus/load.js';
import { runCommand } from '../dispatch.js';
import { loadDotenv } from '../env.js';
import { createLogger } from '../log.js';
import { renderText } from '../render/text.js';
import { parseInvocation, usageOf, UsageError, type ParsedInvocation } from './cli-args.js';

/**
 * `paperbot <command>`: the scriptable face of the same commands the chat and Discord run.
 * Exit codes: 0 answered, 1 the command answered with an error (unknown paper…),
 * 2 the invocation itself was wrong (unknown flag, missing argument).
 */

const EXIT_OK = 0;
const EXIT_ANSWERED_ERROR = 1;
const EXIT_USAGE = 2;

const PROGRAM_COMMANDS: Record<string, string> = {
  list: 'paperbot list [--json]                 every paper in the corpus',
  ingest:
    'paperbot ingest <file> [--out data/papers.json]   parse a publication list or JSON into papers.json',
  chat: 'paperbot chat                          the terminal chat (what `npm start` opens without a Discord token)',
  bot: 'paperbot bot                           connect to Discord (needs DISCORD_TOKEN)',
  serve:
    'paperbot serve                         HTTP interactions endpoint (needs DISCORD_PUBLIC_KEY)',
  'deploy-commands':
    'paperbot deploy-commands [--global]    register the slash commands with Discord',
};

function usage(): string {
  return [
    'Usage: paperbot <command> [arguments] [--json] [--corpus <file>]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.description}`),
    '',
    ...Object.values(PROGRAM_COMMANDS).map((line) => `  ${line}`),
    '',
    "Run `paperbot <command> --help` for a command's options.",
  ].join('\n');
}

function appFor(corpus: string | undefined): App {
  const config = loadConfig(
    corpus === undefined ? process.env : { ...process.env, PAPERBOT_CORPUS: corpus },
  );
  const log = createLogger(config.quietLogLevel, secretsOf(config));
  return createApp(config, log);
}

async function runDomainCommand(name: string, invocation: ParsedInvocation): Promise<number> {
  const app = appFor(invocation.flags.corpus);
  const ctx = {
    search: app.search,
    answers: app.answers,
    log: app.log,
    user: { id: 'cli', name: 'cli' },
  };
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
  const output = invocation.flags.json
    ? JSON.stringify(reply.data, null, 2)
    : renderText(reply, { color: invocation.flags.color && process.stdout.isTTY === true });
  process.stdout.write(`${output}\n`);
  return reply.tone === 'error' ? EXIT_ANSWERED_ERROR : EXIT_OK;
}

const PROGRAM_FLAGS = {
  json: { type: 'boolean' },
  corpus: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const INGEST_FLAGS = { ...PROGRAM_FLAGS, out: { type: 'string' } } as const;
const DEPLOY_FLAGS = { ...PROGRAM_FLAGS, global: { type: 'boolean' } } as const;

function programFlags<const Options extends typeof PROGRAM_FLAGS>(
  argv: readonly string[],
  options: Options,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'),
    );
  }
}

async function runProgramCommand(name: string, argv: readonly string[]): Promise<number> {
  switch (name) {
    case 'list': {
      const { values } = programFlags(argv, PROGRAM_FLAGS);
      const papers = appFor(values.corpus).search.papers;
      const text = values.json
        ? JSON.stringify(papers, null, 2)
        : papers
            .map((p) => `${p.id.padEnd(42)} ${p.year} ${p.category.code.padEnd(3)} ${p.title}`)
            .join('\n');
      process.stdout.write(`${text}\n`);
      return EXIT_OK;
    }
    case 'ingest': {
      const { values, positionals } = programFlags(argv, INGEST_FLAGS);
      const [file, ...rest] = positionals;
      if (file === undefined || rest.length > 0)
        throw new UsageError(
          'ingest takes one file: paperbot ingest <file> [--out data/papers.json]',
        );
      const papers = loadCorpusFile(file);
      const out = values.out ?? 'data/papers.json';
      writePapersFile(out, papers);
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ file, out, papers: papers.length })}\n`
          : `Wrote ${papers.length} papers from ${file} to ${out}\n`,
      );
      return EXIT_OK;
    }
    case 'chat': {
      const { values } = programFlags(argv, PROGRAM_FLAGS);
      const { runTerminalChat } = await import('./terminal.js');
      await runTerminalChat(appFor(values.corpus));
      return EXIT_OK;
    }
    case 'deploy-commands': {
      const { values } = programFlags(argv, DEPLOY_FLAGS);
      const { deployCommands } = await import('./deploy.js');
      const result = await deployCommands(loadConfig(), { global: values.global === true });
      const where =
        result.scope === 'guild'
          ? `to guild ${result.guildId ?? ''}`
          : 'globally (allow up to an hour to appear)';
      process.stdout.write(
        values.json
          ? `${JSON.stringify(result)}\n`
          : `Registered ${result.names.length} commands ${where}: ${result.names.join(', ')}\n`,
      );
      return EXIT_OK;
    }
    case 'bot': {
      const config = loadConfig();
      if (!config.discord.token)
        throw new ConfigError([
          'DISCORD_TOKEN is required to connect to Discord (see README, "Connect to Discord")',
        ]);
      const { runGatewayBot } = await import('./gateway.js');
      await runGatewayBot(createApp(config, createLogger(config.logLevel, secretsOf(config))));
      return EXIT_OK;
    }
    case 'serve': {
      const config = loadConfig();
      const { runHttpServer } = await import('./http.js');
      await runHttpServer(createApp(config, createLogger(config.logLevel, secretsOf(config))));
      return EXIT_OK;
    }
    default:
      throw new UsageError(`Unknown command "${name}".`);
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
    const command = findCommand(name);
    if (command) {
      const invocation = parseInvocation(command, rest);
      if (invocation.flags.help) {
        process.stdout.write(`${usageOf(command)}\n`);
        return EXIT_OK;
      }
      return await runDomainCommand(name, invocation);
    }
    if (name in PROGRAM_COMMANDS) return await runProgramCommand(name, rest);
    throw new UsageError(
      `Unknown command "${name}". Commands: ${[...commands.map((c) => c.name), ...Object.keys(PROGRAM_COMMANDS)].join(', ')}.`,
    );
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`paperbot: ${error.message}\nRun \`paperbot --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError || error instanceof CorpusError) {
      process.stderr.write(`paperbot: ${error.message}\n`);
      return error instanceof ConfigError ? EXIT_USAGE : EXIT_ANSWERED_ERROR;
    }
    throw error;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
