import { defineCommand } from '../src/command.js';

export default defineCommand({
  name: 'help',
  description: 'What paperbot can do, with examples',
  options: {},
  async execute(_input, ctx) {
    const listed = ctx.commands.filter((c) => c.name !== 'help');
    return {
      tone: 'info',
      title: 'paperbot: ask about, look up and share our papers',
      body:
        'Answers quote the abstracts and cite them as [1], [2]. Replies are private until you press “Post to channel”. ' +
        'Right-click a message → Apps → “Check against our papers” to test a claim.',
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
