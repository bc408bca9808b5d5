import { defineCommand } from '../src/command.js';
import { UserError } from '../src/errors.js';
import { editableLibrary } from './add.js';
import { paperReference } from './shared.js';

export default defineCommand({
  name: 'remove',
  description: 'Remove a paper from the library (by its id or exact title)',
  example: '/remove paper:mobilevit',
  editsLibrary: true,
  options: {
    paper: {
      schema: paperReference,
      description: 'The id or exact title of the paper',
      autocomplete: 'title',
    },
  },
  async execute(input, ctx) {
    const library = editableLibrary(ctx);
    const paper = ctx.search.resolvePaper(input.paper);
    const typed = input.paper.trim().toLowerCase();
    const exact = [paper.id, paper.title.toLowerCase(), paper.shortName?.toLowerCase()].includes(
      typed,
    );
    // Removing is not undone by a second try: a guess at the paper is not enough.
    if (!exact)
      // Every transport offers the suggestions as "Did you mean": the message does not repeat it.
      throw new UserError('unknown-paper', 'To remove a paper, give its exact id.', [paper.id]);
    const removed = await library.remove(paper.id);
    if (removed === undefined)
      throw new UserError('unknown-paper', `${paper.id} is no longer in the library.`);
    return {
      tone: 'result',
      title: `Removed “${removed.title}”`,
      body: `${removed.id} is no longer searchable.`,
      data: { removed: removed.id, title: removed.title },
    };
  },
});
