import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command, RawOptions } from '../command.js';
import { closestNames } from '../did-you-mean.js';

const GLOBAL_FLAGS = {
  json: { type: 'boolean' },
  stdin: { type: 'boolean' },
  conversation: { type: 'boolean' },
  corpus: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'no-color': { type: 'boolean' },
  png: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A flag's value the command cannot use (`--page 1.5`, `--year ""`): the same kind of mistake
 * as `--limit 99`, which the command finds, so with --json it is also printed as an error object.
 */
export class ValueError extends UsageError {
  override name = 'ValueError';
}

export interface ParsedInvocation {
  raw: RawOptions;
  /** The options each stdin line fills: search's query, ask's question, compare's a and b. */
  lineOptions: string[];
  flags: {
    json: boolean;
    stdin: boolean;
    /** With --stdin: the lines are one conversation, each a follow-up of the last. */
    conversation: boolean;
    corpus: string | undefined;
    help: boolean;
    color: boolean;
    /** Where to write the reply's picture (the /stats chart). */
    png: string | undefined;
  };
}

/**
 * parseArgs with its messages as usage errors, minus its hint about `--`. `taken` names the
 * flags already read out of `argv` (a yes/no flag's value), so that a repeat across both counts.
 */
export function parseFlags<const Options extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: Options,
  taken: readonly string[] = [],
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    const message = (error as Error).message.replace(
      /\. To specify a positional argument.*$/s,
      '.',
    );
    throw new UsageError(`${message}${didYouMeanFlag(message, Object.keys(options))}`);
  }
  const given = [...taken, ...parsed.tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []))];
  refuseRepeats(given);
  return parsed;
}

/** Unknown commands get a "did you mean", and so does a flag one typo away from a real one. */
function didYouMeanFlag(message: string, flags: readonly string[]): string {
  const [, typed] = /^Unknown option '--([^']+)'/.exec(message) ?? [];
  const close = typed === undefined ? [] : closestNames(typed, flags);
  return close.length > 0 ? ` Did you mean ${close.map((f) => `--${f}`).join(' or ')}?` : '';
}

/**
 * parseArgs keeps the last of a repeated flag, so `--year 2019 --year 2021` would quietly
 * search 2021 alone: no flag takes several values, so a repeat is a mistake to point out.
 * Asking for help twice is still asking for help.
 */
function refuseRepeats(given: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const name of given) counts.set(name, (counts.get(name) ?? 0) + 1);
  const repeated = [...counts].find(([name, count]) => count > 1 && name !== 'help');
  if (repeated) {
    const [name, count] = repeated;
    throw new UsageError(
      `--${name} was given ${count === 2 ? 'twice' : `${count} times`}; give it once.`,
    );
  }
}

/**
 * `--year -2018` ("until 2018"): a value that starts with a dash looks like a flag to
 * parseArgs, so it is attached to its flag (`--year=-2018`) first.
 */
function joinNegativeValues(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const flag = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    if (flag?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else joined.push(arg);
  }
  return joined;
}

export const flagName = (option: string) => option.replace(/_/g, '-');

const TRUE_WORDS = /^(true|yes|on|1)$/i;
const FALSE_WORDS = /^(false|no|off|0)$/i;
/** Words after a yes/no flag that read as a try at its value rather than as query words. */
const UNCLEAR_WORDS = /^(maybe|either|any|both|none|null|undefined|y|n|t|f)$/i;

/**
 * A yes/no flag given a value, as people write it: `--has-code false`, `--has-code=true`,
 * `--no-has-code`. parseArgs knows only the bare flag, so the value is taken here, before
 * `false` could become a search word. Another word after the bare flag is a query word
 * (`--has-code dkm`), unless it reads as a value we do not take (`maybe`): that is refused.
 */
function takeBooleanValues(
  argv: readonly string[],
  flags: readonly string[],
): { rest: string[]; explicit: Record<string, boolean>; taken: string[] } {
  const rest: string[] = [];
  const explicit: Record<string, boolean> = {};
  const taken: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [, name = '', attached] = /^--([^=]+)(?:=(.*))?$/.exec(arg) ?? [];
    const next = argv[i + 1] ?? '';
    if (flags.includes(name) && attached !== undefined) {
      if (!TRUE_WORDS.test(attached) && !FALSE_WORDS.test(attached))
        throw new ValueError(`--${name} takes true or false, got "${attached}".`);
      explicit[name] = TRUE_WORDS.test(attached);
      taken.push(name);
    } else if (flags.includes(name) && attached === undefined && UNCLEAR_WORDS.test(next)) {
      throw new ValueError(`--${name} takes true or false, got "${next}".`);
    } else if (flags.includes(name) && (TRUE_WORDS.test(next) || FALSE_WORDS.test(next))) {
      explicit[name] = TRUE_WORDS.test(next);
      taken.push(name);
      i += 1;
    } else if (name.startsWith('no-') && flags.includes(name.slice(3)) && attached === undefined) {
      explicit[name.slice(3)] = false;
      taken.push(name.slice(3));
    } else rest.push(arg);
  }
  return { rest, explicit, taken };
}

/** Options a bare word on the command line fills, in order: `compare dkm edkm` → a, b; `reading add dkm` → action, paper. */
export function positionalOptions(command: Command<unknown>): string[] {
  const required = command.options.filter((o) => o.required && o.type === 'string');
  // An action word (`reading add mobilevit`) is followed by what it acts on.
  const object = required.at(-1)?.choices
    ? command.options.find((o) => !o.required && o.type === 'string')
    : undefined;
  if (required.length > 0) return [...required, ...(object ? [object] : [])].map((o) => o.name);
  const firstText = command.options.find((o) => o.type === 'string');
  return firstText ? [firstText.name] : [];
}

/**
 * Flags come from the same option specs as the slash commands, so the CLI cannot drift
 * from Discord: `has_code` is `--has-code`, `limit` is `--limit N`.
 */
export function parseInvocation(
  command: Command<unknown>,
  argv: readonly string[],
): ParsedInvocation {
  const options: NonNullable<ParseArgsConfig['options']> = { ...GLOBAL_FLAGS };
  for (const option of command.options)
    options[flagName(option.name)] = { type: option.type === 'boolean' ? 'boolean' : 'string' };
  const yesNo = command.options.filter((o) => o.type === 'boolean').map((o) => flagName(o.name));
  const { rest, explicit, taken } = takeBooleanValues(argv, yesNo);
  const parsed = parseFlags(rest, options, taken);
  const values = {
    ...(parsed.values as Record<string, string | boolean | undefined>),
    ...explicit,
  };
  const slots = positionalOptions(command);
  const raw: RawOptions = {};
  for (const option of command.options) {
    const value = values[flagName(option.name)];
    if (value === undefined) continue;
    // An empty main argument is the command's to refuse in its own words ("Give me something
    // to search for"); an empty filter would otherwise quietly filter nothing.
    if (typeof value === 'string' && value.trim() === '' && !slots.includes(option.name))
      throw new ValueError(`--${flagName(option.name)} needs a value.`);
    if (option.type === 'integer') {
      if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim()))
        throw new ValueError(
          `--${flagName(option.name)} expects a whole number, got "${String(value)}".`,
        );
      raw[option.name] = Number(value);
    } else {
      raw[option.name] = value;
    }
  }
  const stdin = values.stdin === true;
  if (stdin && slots.length === 0)
    throw new UsageError(`${command.name} takes no input to read from --stdin.`);
  // Each --stdin line fills the main argument, which would quietly replace one given here.
  const fromStdin = `With --stdin each line is the ${slots.map((s) => `<${s}>`).join(' and ')}`;
  const positionals = [...parsed.positionals];
  slots.forEach((slot, i) => {
    const isLast = i === slots.length - 1;
    const words = isLast ? positionals.splice(0) : positionals.splice(0, 1);
    if (words.length === 0) return;
    if (stdin)
      throw new UsageError(`${fromStdin}: drop the words "${words.join(' ')}", or drop --stdin.`);
    if (raw[slot] !== undefined)
      throw new UsageError(
        `${slot} was given twice: as the words "${words.join(' ')}" and as --${flagName(slot)}; give it once.`,
      );
    raw[slot] = words.join(' ');
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const flagged = stdin ? slots.find((slot) => raw[slot] !== undefined) : undefined;
  if (flagged !== undefined)
    throw new UsageError(`${fromStdin}: drop --${flagName(flagged)}, or drop --stdin.`);
  if (typeof values.png === 'string' && values.png.trim() === '')
    throw new UsageError('--png needs a file name.');
  return {
    raw,
    lineOptions: slots,
    flags: {
      json: values.json === true,
      stdin,
      conversation: values.conversation === true,
      corpus: typeof values.corpus === 'string' ? values.corpus : undefined,
      help: values.help === true,
      color: values['no-color'] !== true,
      png: typeof values.png === 'string' ? values.png : undefined,
    },
  };
}

export function usageOf(command: Command<unknown>): string {
  const slots = positionalOptions(command);
  const own = command.options
    .filter((o) => !slots.includes(o.name))
    .map((o) => [
      `--${flagName(o.name)}${o.type === 'boolean' ? ' [true|false]' : ' <value>'}`,
      o.description,
    ]);
  const shared = [
    ['--json', 'print JSON'],
    ...(slots.length > 0
      ? [
          [
            '--stdin',
            'one input per line, JSONL out (--conversation: the lines are one conversation)',
          ],
        ]
      : []),
    ['--corpus <file>', 'another papers file'],
    ...(command.drawsChart ? [['--png <file>', "save the reply's chart as a PNG image"]] : []),
  ];
  const rows = [...own, ...shared];
  const width = Math.max(...rows.map(([flag = '']) => flag.length));
  return [
    `paperbot ${command.name} ${slots.map((s) => `<${s}>`).join(' ')}`.trimEnd(),
    `  ${command.description}`,
    ...rows.map(([flag = '', what = '']) => `  ${flag.padEnd(width)}  ${what}`),
  ].join('\n');
}
