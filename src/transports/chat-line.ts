import type { AnyCommand, OptionSpec, RawOptions } from '../command.js';
import { closestNames } from '../did-you-mean.js';
import { positionalOptions } from './cli-args.js';
import { PUBLIC_OPTION } from './discord/definitions.js';

interface ChatLine {
  command: string;
  raw: RawOptions;
}

/** A line that names an option the command does not have, or gives one a value it cannot take. */
interface InvalidChatLine {
  invalid: string;
  suggestions: string[];
}

const TRUE_WORDS = /^(true|yes|on|1)$/i;
const FALSE_WORDS = /^(false|no|off|0)$/i;

/**
 * `name:value` where an option is meant: a word glued to its value by a colon. A URL
 * (`https://…`) or a title's colon followed by a space ("MobileViT: light-weight") is text.
 */
const OPTION_MARK = /(?:^|\s)([a-z][a-z0-9_-]*):(?!\/\/)(?=\S)/gi;

/**
 * A chat line as Discord users type slash commands: `/search segmentation year:2019
 * has_code:true`. Text before the first `option:` fills the command's main option.
 * Anything that is not a slash command is a question for /ask. An option the command does
 * not take, or a value its type cannot hold, is reported rather than read as search words.
 */
export function parseChatLine(
  line: string,
  commands: readonly AnyCommand[],
): ChatLine | InvalidChatLine | { unknown: string } {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return { command: 'ask', raw: { question: trimmed } };
  const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(trimmed) ?? [];
  const command = commands.find((c) => c.name === name.toLowerCase());
  if (!command) return { unknown: name };
  const known = new RegExp(
    `(?:^|\\s)(${command.options.map((o) => o.name).join('|') || '(?!)'}):`,
    'gi',
  );
  const marks = [...rest.matchAll(known)];
  for (const mark of rest.matchAll(OPTION_MARK)) {
    const typed = mark[1] ?? '';
    if (!command.options.some((o) => o.name === typed.toLowerCase()))
      return unknownOption(typed, command);
  }
  const leading = rest.slice(0, marks[0]?.index ?? rest.length).trim();
  const raw: RawOptions = {};
  for (const [i, mark] of marks.entries()) {
    const option = command.options.find((o) => o.name === mark[1]?.toLowerCase());
    if (!option) continue;
    // Only one value would be used: which one the person meant is theirs to say.
    if (raw[option.name] !== undefined) return givenTwice(option.name, command);
    const start = (mark.index ?? 0) + mark[0].length;
    const value = rest
      .slice(start, marks[i + 1]?.index ?? rest.length)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const read = readValue(option, value, command);
    if ('invalid' in read) return read;
    raw[option.name] = read.value;
  }
  const slots = positionalOptions(command);
  if (leading !== '' && slots.length > 0) {
    const words = slots.length > 1 ? leading.split(/\s+/) : [leading];
    for (const [i, slot] of slots.entries()) {
      const value = i === slots.length - 1 ? words.slice(i).join(' ') : words[i];
      if (value === undefined || value === '') continue;
      if (raw[slot] !== undefined) return givenTwice(slot, command, value);
      raw[slot] = value;
    }
  }
  return { command: command.name, raw };
}

function givenTwice(name: string, command: AnyCommand, asWords?: string): InvalidChatLine {
  const how = asWords === undefined ? '' : ` (as the words “${asWords}” and as ${name}:)`;
  return {
    invalid: `${name}: was given twice${how}; /${command.name} takes it once.`,
    suggestions: [],
  };
}

function unknownOption(typed: string, command: AnyCommand): InvalidChatLine {
  const names = command.options.map((o) => o.name);
  const list = names.length > 0 ? names.map((n) => `${n}:`).join(', ') : 'none';
  if (typed.toLowerCase() === PUBLIC_OPTION) {
    return {
      invalid: `${PUBLIC_OPTION}: is a Discord option (post the reply in the channel); the chat's replies are already only yours. /${command.name} takes: ${list}.`,
      suggestions: [],
    };
  }
  return {
    invalid: `/${command.name} has no option ${typed}:. It takes: ${list}.`,
    suggestions: closestNames(typed, names).map((n) => `${n}:`),
  };
}

function readValue(
  option: OptionSpec,
  value: string,
  command: AnyCommand,
): { value: string | number | boolean } | InvalidChatLine {
  const got = `(got “${value}”)`;
  // Words after a number or a yes/no belong before the options, as the main text.
  const hint = /\s/.test(value)
    ? ` Put the words before the options: /${command.name} ${value.split(/\s+/).slice(1).join(' ')} ${option.name}:${value.split(/\s+/)[0] ?? ''}.`
    : '';
  if (option.type === 'integer') {
    if (/^-?\d+$/.test(value)) return { value: Number(value) };
    const range =
      option.minValue !== undefined && option.maxValue !== undefined
        ? ` from ${option.minValue} to ${option.maxValue}`
        : '';
    return {
      invalid: `${option.name}: takes a whole number${range} ${got}.${hint}`,
      suggestions: [],
    };
  }
  if (option.type === 'boolean') {
    if (TRUE_WORDS.test(value)) return { value: true };
    if (FALSE_WORDS.test(value)) return { value: false };
    return { invalid: `${option.name}: takes true or false ${got}.${hint}`, suggestions: [] };
  }
  return { value };
}
