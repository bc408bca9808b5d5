import { z } from '../src/zod.js';
import { defineCommand, type AnyCommand, type OptionSpec } from '../src/command.js';
import { closestNames } from '../src/did-you-mean.js';
import { UserError } from '../src/errors.js';
import type { Reply } from '../src/reply.js';

export default defineCommand({
  name: 'help',
  description: 'What paperbot can do, with examples',
  example: '/help command:search',
  options: {
    command: {
      schema: z.string().trim().max(32, 'No command has a name that long.').optional(),
      description: 'One command to explain, with its options (e.g. search)',
    },
  },
  async execute(input, ctx) {
    const listed = ctx.commands.filter((c) => c.name !== 'help');
    const asked = input.command?.replace(/^\//, '').toLowerCase();
    if (asked !== undefined && asked !== '') {
      const command = ctx.commands.find((c) => c.name === asked);
      if (!command) {
        const names = ctx.commands.map((c) => c.name);
        throw new UserError(
          'unknown-command',
          `There is no /${asked} command.`,
          closestNames(asked, names).map((n) => `/${n}`),
        );
      }
      return commandHelp(command);
    }
    return {
      tone: 'info',
      title: 'paperbot: ask about, look up and share our papers',
      body:
        'Answers quote the abstracts and cite them as [1], [2]. Replies are private until you press “Post to channel”. ' +
        'Right-click a message → Apps → “Check against our papers” to test a claim. /help search explains one command.',
      fields: listed.map((c) => ({
        name: `/${c.name}`,
        value: `${c.description}${c.example ? `\ne.g. ${c.example}` : ''}`,
      })),
      data: {
        commands: listed.map((c) => ({
          name: c.name,
          description: c.description,
          options: c.options.map((o) => o.name),
        })),
      },
    };
  },
});

function commandHelp(command: AnyCommand): Reply {
  return {
    tone: 'info',
    title: `/${command.name}`,
    body: `${command.description}${command.example ? `\ne.g. ${command.example}` : ''}`,
    fields: [
      {
        name: 'Options',
        value:
          command.options.length === 0
            ? 'none'
            : command.options.map((o) => `• ${o.name}: ${describeOption(o)}`).join('\n'),
      },
    ],
    data: {
      commands: [
        {
          name: command.name,
          description: command.description,
          options: command.options.map((o) => o.name),
        },
      ],
    },
  };
}

function describeOption(option: OptionSpec): string {
  const kind =
    option.type === 'integer'
      ? `a whole number${option.minValue !== undefined && option.maxValue !== undefined ? ` from ${option.minValue} to ${option.maxValue}` : ''}`
      : option.type === 'boolean'
        ? 'true or false'
        : option.type === 'attachment'
          ? 'an attached file'
          : 'text';
  return `${option.description} (${kind}${option.required ? ', required' : ''})`;
}
