import type { AnyCommand, RawOptions } from '../command.js';
import { positionalOptions } from './cli-args.js';

export interface ChatLine {
  command: string;
  raw: RawOptions;
}

/**
 * A chat line as Discord users type slash commands: `/search segmentation year:2019
 * has_code:true`. Text before the first `option:` fills the command's main option.
 * Anything that is not a slash command is a question for /ask.
 */
export function parseChatLine(
  line: string,
  commands: readonly AnyCommand[],
): ChatLine | { unknown: string } {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return { command: 'ask', raw: { question: trimmed } };
  const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(trimmed) ?? [];
  const command = commands.find((c) => c.name === name.toLowerCase());
  if (!command) return { unknown: name };
  const names = command.options.map((o) => o.name).join('|');
  const raw: RawOptions = {};
  const pattern = names === '' ? undefined : new RegExp(`(?:^|\\s)(${names}):`, 'g');
  const marks = pattern ? [...rest.matchAll(pattern)] : [];
  const leading =
    (marks[0]?.index ?? rest.length) > 0
      ? rest.slice(0, marks[0]?.index ?? rest.length).trim()
      : '';
  marks.forEach((mark, i) => {
    const option = command.options.find((o) => o.name === mark[1]);
    const start = (mark.index ?? 0) + mark[0].length;
    const value = rest
      .slice(start, marks[i + 1]?.index ?? rest.length)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!option) return;
    raw[option.name] =
      option.type === 'boolean'
        ? /^(true|yes|1|on)$/i.test(value)
        : option.type === 'integer'
          ? Number(value)
          : value;
  });
  const slots = positionalOptions(command);
  if (leading !== '' && slots.length > 0) {
    const words = slots.length > 1 ? leading.split(/\s+/) : [leading];
    slots.forEach((slot, i) => {
      const value = i === slots.length - 1 ? words.slice(i).join(' ') : words[i];
      if (value !== undefined && value !== '' && raw[slot] === undefined) raw[slot] = value;
    });
  }
  return { command: command.name, raw };
}
