import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Command, OptionSpec } from '../../command.js';
import { truncate } from '../../truncate.js';

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

/** Every command takes `public`: replies are private unless the asker wants the channel to see. */
export const PUBLIC_OPTION = 'public';

function toDiscordOption(option: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: option.name,
    description: truncate(option.description, 100),
    required: option.required ?? false,
  };
  switch (option.type) {
    case 'string':
      // Discord takes either a fixed list of choices or autocomplete, never both.
      if (option.choices)
        return {
          ...base,
          type: OPTION_TYPES.string,
          choices: option.choices.map((c) => ({ name: c, value: c })),
          max_length: Math.max(...option.choices.map((c) => c.length)),
        };
      return {
        ...base,
        type: OPTION_TYPES.string,
        ...(option.autocomplete ? { autocomplete: true } : {}),
        ...(option.maxLength === undefined ? {} : { max_length: option.maxLength }),
      };
    case 'integer':
      return {
        ...base,
        type: OPTION_TYPES.integer,
        ...(option.minValue === undefined ? {} : { min_value: option.minValue }),
        ...(option.maxValue === undefined ? {} : { max_value: option.maxValue }),
      };
    case 'boolean':
      return { ...base, type: OPTION_TYPES.boolean };
    case 'attachment':
      return { ...base, type: ApplicationCommandOptionType.Attachment };
  }
}

/** The slash commands and message menu entries, as Discord's bulk-overwrite endpoint takes them. */
export function commandDefinitions(
  commands: readonly Command<unknown>[],
): RESTPutAPIApplicationCommandsJSONBody {
  const slash = commands.map((command) => {
    // Discord requires required options before optional ones.
    const options = [...command.options]
      .sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false))
      .map(toDiscordOption);
    options.push({
      type: OPTION_TYPES.boolean,
      name: PUBLIC_OPTION,
      description: 'Post the reply in the channel instead of only to you',
      required: false,
    });
    return {
      type: ApplicationCommandType.ChatInput as const,
      name: command.name,
      description: truncate(command.description, 100),
      options,
    };
  });
  const menus = commands
    .filter((c): c is Command<unknown> & { contextMenu: string } => c.contextMenu !== undefined)
    .map((c) => ({ type: ApplicationCommandType.Message as const, name: c.contextMenu }));
  return [...slash, ...menus];
}
