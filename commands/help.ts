import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { commands } from './index.js';

const EXAMPLES: Record<string, string> = {
  search: '/search query:efficient segmentation year:2018-2019 has_code:true',
  ask: '/ask question:How much faster is CatLIP to pre-train?',
  paper: '/paper title:MobileViT',
  similar: '/similar paper:mobilevit',
  author: '/author name:Mehta',
  summarize: '/summarize paper:OpenELM',
  compare: '/compare a:DKM b:eDKM',
  cite: '/cite paper:lazyllm',
};

export default defineCommand({
  name: 'help',
  description: 'What paperbot can do, with examples',
  options: [],
  input: z.object({}),
  async execute() {
    const listed = commands.filter((c) => c.name !== 'help');
    return {
      tone: 'info',
      title: 'paperbot: ask about, look up and share our papers',
      body:
        'Answers quote the abstracts and cite them as [1], [2]. Replies are private until you press “Post to channel”. ' +
        'Right-click a message → Apps → “Check against our papers” to test a claim.',
      fields: listed.map((c) => ({
        name: `/${c.name}`,
        value: `${c.description}${EXAMPLES[c.name] ? `\ne.g. ${EXAMPLES[c.name]}` : ''}`,
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
