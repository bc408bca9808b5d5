import type { AnyCommand } from '../src/command.js';
import ask from './ask.js';
import author from './author.js';
import check from './check.js';
import cite from './cite.js';
import compare from './compare.js';
import help from './help.js';
import paper from './paper.js';
import search from './search.js';
import similar from './similar.js';
import stats from './stats.js';
import summarize from './summarize.js';

/** Every slash command, in the order /help lists them. */
export const commands: readonly AnyCommand[] = [
  search,
  ask,
  paper,
  similar,
  author,
  summarize,
  compare,
  check,
  cite,
  stats,
  help,
];

export function findCommand(name: string): AnyCommand | undefined {
  return commands.find((c) => c.name === name);
}
