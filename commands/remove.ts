import { defineCommand, type CommandContext } from '../src/command.js';
import type { LiveLibrary } from '../src/library/live.js';
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
    const typed = input.paper.trim().toLowerCase();
    const id = (await unreadableRow(library, ctx, typed)) ?? exactPaper(ctx, input.paper, typed);
    const removed = await library.remove(id);
    if (removed === undefined)
      throw new UserError('unknown-paper', `${id} is no longer in the library.`);
    return {
      tone: 'result',
      title: `Removed “${removed.title}”`,
      body: `${removed.id} is no longer searchable.`,
      data: { removed: removed.id, title: removed.title },
    };
  },
});

/**
 * A stored row the library could not read is in no search, so only its exact id names it:
 * the library skips it when loading and says so in the log, and this takes it out.
 */
async function unreadableRow(
  library: LiveLibrary,
  ctx: CommandContext,
  typed: string,
): Promise<string | undefined> {
  if (typed === '' || ctx.search.get(typed) !== undefined) return undefined;
  return (await library.library.isUnreadable(typed)) ? typed : undefined;
}

function exactPaper(ctx: CommandContext, reference: string, typed: string): string {
  const paper = ctx.search.resolvePaper(reference);
  const exact = [paper.id, paper.title.toLowerCase(), paper.shortName?.toLowerCase()].includes(
    typed,
  );
  // Removing is not undone by a second try: a guess at the paper is not enough.
  if (!exact)
    // Every transport offers the suggestions as "Did you mean": the message does not repeat it.
    throw new UserError('unknown-paper', 'To remove a paper, give its exact id.', [paper.id]);
  return paper.id;
}
