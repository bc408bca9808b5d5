import { CommandRegistry, EVERYWHERE } from '../src/command.js';
import add from './add.js';
import addCli from './add-cli.js';
import ask from './ask.js';
import author from './author.js';
import bot from './bot.js';
import chat from './chat.js';
import check from './check.js';
import cite from './cite.js';
import compare from './compare.js';
import deployCommands from './deploy-commands.js';
import exportLibrary from './export.js';
import feedback from './feedback.js';
import gaps from './gaps.js';
import help from './help.js';
import ingest from './ingest.js';
import list from './list.js';
import paper from './paper.js';
import reading from './reading.js';
import remove from './remove.js';
import search from './search.js';
import serve from './serve.js';
import similar from './similar.js';
import stats from './stats.js';
import summarize from './summarize.js';

/**
 * Every command and where it is offered, in the order help and usage list them.
 * Adding a command: one file in commands/, one line here.
 */
export const registry = new CommandRegistry([
  [search, EVERYWHERE],
  [ask, EVERYWHERE],
  [paper, EVERYWHERE],
  [similar, EVERYWHERE],
  [author, EVERYWHERE],
  [summarize, EVERYWHERE],
  [compare, EVERYWHERE],
  [check, EVERYWHERE],
  [cite, EVERYWHERE],
  [stats, EVERYWHERE],
  [add, ['discord', 'chat']],
  [remove, EVERYWHERE],
  [reading, EVERYWHERE],
  [gaps, EVERYWHERE],
  [feedback, ['button']],
  [help, EVERYWHERE],
  // Program commands: the command line only.
  [list],
  [ingest],
  [addCli],
  [exportLibrary],
  [chat],
  [bot],
  [serve],
  [deployCommands],
]);
