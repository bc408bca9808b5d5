import { openApp } from './app.js';
import { ConfigError, loadConfig, secretsOf } from './config.js';
import { CorpusError } from './corpus/errors.js';
import { loadDotenv } from './env.js';
import { DatabaseError, DatabaseUnreachableError } from './library/db/connect.js';
import { createLogger } from './log.js';
import { describeFailure } from './transports/program.js';

/** `npm start`: the Discord bot when a token is configured, the terminal chat otherwise. */
async function start(): Promise<number> {
  loadDotenv();
  try {
    const config = loadConfig();
    const log = config.discord.token
      ? createLogger(config.logLevel, secretsOf(config))
      : createLogger(config.quietLogLevel, secretsOf(config), config.chatLogFile);
    const app = await openApp(config, log);
    if (config.discord.token) {
      const { runGatewayBot } = await import('./transports/gateway.js');
      await runGatewayBot(app);
      return 0;
    }
    const { runTerminalChat } = await import('./transports/terminal.js');
    try {
      return await runTerminalChat(app);
    } finally {
      // A PostgreSQL library holds a pool and a LISTEN connection open: the chat's end is the process's.
      await app.close();
    }
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof CorpusError ||
      error instanceof DatabaseError
    ) {
      process.stderr.write(`paperbot: ${error.message}\n`);
      // A database that does not answer is the environment's failure, as an unreachable Discord is.
      return error instanceof DatabaseUnreachableError ? 1 : 2;
    }
    // Discord unreachable or refusing the token: one line, as `paperbot bot` says it.
    const failure = describeFailure(error);
    if (failure) {
      process.stderr.write(`paperbot: ${failure.message}\n`);
      return failure.exitCode;
    }
    throw error;
  }
}

process.exitCode = await start();
