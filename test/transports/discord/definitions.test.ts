// The commands as Discord's bulk overwrite takes them: valid for its schema and its rules on
// names, descriptions and option order; a `public` switch on every slash command; the
// message menu entry; autocomplete where a paper, author or category is asked for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { registry } from '../../../commands/index.js';
import type { Command } from '../../../src/command.js';
import { commandDefinitions, PUBLIC_OPTION } from '../../../src/transports/discord/definitions.js';
import { validateRequestBody } from '../../../testing/discord/schemas.js';

const CHAT_INPUT = ApplicationCommandType.ChatInput;
const MESSAGE = ApplicationCommandType.Message;
const STRING = ApplicationCommandOptionType.String;
const BOOLEAN = ApplicationCommandOptionType.Boolean;

type Definition = RESTPutAPIApplicationCommandsJSONBody[number];
const definitions = commandDefinitions(registry.on('discord'));
const chat = definitions.filter((d) => (d.type ?? CHAT_INPUT) === CHAT_INPUT);
const menus = definitions.filter((d) => d.type === MESSAGE);
const optionsOf = (d: Definition): APIApplicationCommandOption[] =>
  'options' in d ? (d.options ?? []) : [];
const chars = (text: string) => [...text].length;

/** Discord's rule for slash command and option names. */
const CHAT_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

describe('commandDefinitions', () => {
  it('is a body Discord’s global bulk overwrite accepts', () => {
    assert.deepEqual(validateRequestBody('bulk_set_application_commands', definitions), []);
  });

  it('is a body Discord’s guild bulk overwrite accepts', () => {
    assert.deepEqual(validateRequestBody('bulk_set_guild_application_commands', definitions), []);
  });

  it('defines every command once, and no more than Discord allows (100 slash, 5 message)', () => {
    assert.deepEqual(
      chat.map((d) => d.name),
      registry.on('discord').map((c) => c.name),
    );
    assert.ok(chat.length <= 100 && menus.length <= 5);
  });

  it('gives slash commands unique lowercase names of at most 32 characters', () => {
    for (const d of chat) {
      assert.match(d.name, CHAT_NAME);
      assert.equal(d.name, d.name.toLowerCase());
    }
    assert.equal(new Set(chat.map((d) => d.name)).size, chat.length);
  });

  it('gives every string option a max_length, so Discord stops the typing there', () => {
    for (const d of chat)
      for (const option of optionsOf(d).filter((o) => o.type === STRING))
        assert.ok(
          'max_length' in option && typeof option.max_length === 'number',
          `/${d.name} ${option.name} has no max_length`,
        );
  });

  it('gives menu entries unique names of 1 to 32 characters', () => {
    for (const d of menus) assert.ok(chars(d.name) >= 1 && chars(d.name) <= 32, d.name);
    assert.equal(new Set(menus.map((d) => d.name)).size, menus.length);
  });

  it('describes every slash command and option in 1 to 100 characters', () => {
    for (const d of chat) {
      const description = 'description' in d ? (d.description ?? '') : '';
      assert.ok(chars(description) >= 1 && chars(description) <= 100, `${d.name}: ${description}`);
      for (const o of optionsOf(d))
        assert.ok(chars(o.description) >= 1 && chars(o.description) <= 100, `${d.name}.${o.name}`);
    }
  });

  it('names options uniquely within a command, lowercase, at most 32 characters, at most 25 of them', () => {
    for (const d of chat) {
      const names = optionsOf(d).map((o) => o.name);
      assert.ok(names.length <= 25, d.name);
      assert.equal(new Set(names).size, names.length, `${d.name}: ${names.join(', ')}`);
      for (const name of names) {
        assert.match(name, CHAT_NAME);
        assert.equal(name, name.toLowerCase());
      }
    }
  });

  it('puts required options before optional ones', () => {
    for (const d of chat) {
      const required = optionsOf(d).map((o) => ('required' in o && o.required === true ? 1 : 0));
      assert.deepEqual(
        required,
        [...required].sort((a, b) => b - a),
        d.name,
      );
    }
  });

  it('gives every slash command an optional boolean `public` option, last', () => {
    for (const d of chat) {
      const last = optionsOf(d).at(-1);
      assert.deepEqual(
        last && {
          name: last.name,
          type: last.type,
          required: 'required' in last ? last.required : undefined,
        },
        { name: PUBLIC_OPTION, type: BOOLEAN, required: false },
        d.name,
      );
    }
  });

  it('offers “Check against our papers” on a message’s Apps menu, with no description or options', () => {
    const entry = menus.find((d) => d.name === 'Check against our papers');
    assert.ok(entry);
    assert.equal('description' in entry ? entry.description : undefined, undefined);
    assert.deepEqual(optionsOf(entry), []);
  });

  it('marks for autocomplete exactly the options that have a source (title, author, category)', () => {
    for (const command of registry.on('discord')) {
      const defined = optionsOf(
        chat.find((d) => d.name === command.name) ?? { name: '', description: '' },
      );
      for (const spec of command.options) {
        const option = defined.find((o) => o.name === spec.name);
        assert.ok(option, `${command.name}.${spec.name}`);
        const autocomplete = 'autocomplete' in option ? option.autocomplete : undefined;
        assert.equal(
          autocomplete,
          spec.autocomplete ? true : undefined,
          `${command.name}.${spec.name}`,
        );
      }
    }
  });

  for (const [command, option] of [
    ['paper', 'title'],
    ['cite', 'paper'],
    ['similar', 'paper'],
    ['summarize', 'paper'],
    ['compare', 'a'],
    ['compare', 'b'],
    ['author', 'name'],
    ['search', 'author'],
    ['search', 'category'],
    ['ask', 'author'],
    ['ask', 'category'],
  ] as const) {
    it(`autocompletes /${command} ${option}`, () => {
      const defined = optionsOf(
        chat.find((d) => d.name === command) ?? { name: '', description: '' },
      ).find((o) => o.name === option);
      assert.deepEqual(
        defined && {
          type: defined.type,
          autocomplete: 'autocomplete' in defined ? defined.autocomplete : undefined,
        },
        { type: STRING, autocomplete: true },
      );
    });
  }

  describe('for a command written out of order', () => {
    const unordered: Command<unknown> = {
      name: 'probe',
      description: `A command whose description runs on ${'and on '.repeat(30)}`,
      options: [
        {
          name: 'limit',
          description: 'Optional first',
          type: 'integer',
          minValue: 1,
          maxValue: 10,
        },
        {
          name: 'query',
          description: 'Required second',
          type: 'string',
          required: true,
          maxLength: 200,
        },
        { name: 'exact', description: 'Optional third', type: 'boolean' },
      ],
      input: undefined as never,
      execute: () => Promise.reject(new Error('not run')),
    };
    const [probe] = commandDefinitions([unordered]);

    it('moves required options first, keeping the rest in order', () => {
      assert.deepEqual(
        optionsOf(probe ?? { name: '', description: '' }).map((o) => o.name),
        ['query', 'limit', 'exact', PUBLIC_OPTION],
      );
    });

    it('cuts a long description to at most 100 characters, with an ellipsis', () => {
      const description = probe && 'description' in probe ? (probe.description ?? '') : '';
      assert.ok(chars(description) <= 100 && chars(description) > 80, description);
      assert.ok(description.endsWith('…'));
    });

    it('carries integer bounds and string length limits', () => {
      const options = optionsOf(probe ?? { name: '', description: '' });
      const limit = options.find((o) => o.name === 'limit');
      const query = options.find((o) => o.name === 'query');
      assert.deepEqual(
        limit && 'min_value' in limit ? [limit.min_value, limit.max_value] : undefined,
        [1, 10],
      );
      assert.equal(query && 'max_length' in query ? query.max_length : undefined, 200);
    });

    it('is still schema-valid', () => {
      assert.deepEqual(validateRequestBody('bulk_set_application_commands', [probe]), []);
    });
  });
});
