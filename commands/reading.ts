import { z } from '../src/zod.js';
import { defineCommand, type CommandContext } from '../src/command.js';
import type { Paper } from '../src/corpus/schema.js';
import { UserError } from '../src/errors.js';
import type { ReadingEntry } from '../src/library/team.js';
import type { Reply } from '../src/reply.js';
import { bibtexFile, withPublications } from './cite.js';
import { paperItem, teamRecords } from './shared.js';

const READING_EXPORT = 'reading-list.bib';

function requirePaper(
  ctx: CommandContext,
  reference: string | undefined,
  action: 'add' | 'done',
): Paper {
  if (reference === undefined || reference === '')
    throw new UserError(
      'bad-option',
      `Name the paper to ${action === 'add' ? 'add' : 'mark as read'}, by its title or id.`,
    );
  return ctx.search.resolvePaper(reference);
}

/** The list is the team's, kept by its servers: a DM may read it but not change it. */
function requireServer(ctx: CommandContext, action: string): void {
  if (ctx.directMessage === true)
    throw new UserError(
      'server-only',
      `The reading list belongs to the team's server: run /reading ${action} there. In a direct message, /reading list and export still work.`,
    );
}

function entryMeta(entry: ReadingEntry): string {
  return [
    `added by ${entry.addedBy} on ${entry.addedAt.slice(0, 10)}`,
    entry.doneAt === null ? undefined : `read ${entry.doneAt.slice(0, 10)}`,
    entry.note === null ? undefined : `“${entry.note}”`,
  ]
    .filter((p) => p !== undefined)
    .join(' · ');
}

function alreadyListed(entry: ReadingEntry, note: string | undefined): string {
  const status = entry.doneAt === null ? '' : `, and marked read ${entry.doneAt.slice(0, 10)}`;
  const lines = [
    `It is already on the reading list, added by ${entry.addedBy} on ${entry.addedAt.slice(0, 10)}${status}. Nothing changed.`,
  ];
  if (note !== undefined)
    lines.push(
      entry.note === null
        ? 'Your note was not saved: an entry keeps the note it was added with.'
        : `Your note was not saved: the entry keeps its note “${entry.note}”.`,
    );
  return lines.join('\n');
}

async function listReply(ctx: CommandContext): Promise<Reply> {
  const entries = await teamRecords(ctx).readingList();
  // Removing a paper takes its entry off the list; one this process has not heard of yet
  // (another replica's add, moments ago) is left out here as it is from the export.
  const rows = entries.flatMap((entry) => {
    const paper = ctx.search.get(entry.paperId);
    return paper === undefined ? [] : [{ entry, paper }];
  });
  if (rows.length === 0)
    return {
      tone: 'empty',
      title: 'Reading list',
      body: 'The reading list is empty. Add a paper with /reading add <paper>, or the button on a paper card.',
      data: { entries: [] },
    };
  const toRead = rows.filter((r) => r.entry.doneAt === null).length;
  return {
    tone: 'result',
    title: `Reading list: ${toRead} to read, ${rows.length - toRead} read`,
    items: rows.map(({ entry, paper }) => ({ ...paperItem(paper), snippet: entryMeta(entry) })),
    data: {
      entries: rows.map(({ entry, paper }) => ({ ...entry, title: paper.title })),
    },
  };
}

export default defineCommand({
  name: 'reading',
  description: "The team's reading list: add, list, done, export (BibTeX)",
  example: '/reading action:add paper:MobileViT note:for Friday',
  // Export attaches a file, which a deferred reply carries on every transport.
  slow: true,
  options: {
    action: {
      schema: z.enum(['add', 'list', 'done', 'export'], {
        error: 'action is one of: add, list, done, export.',
      }),
      description: 'add, list, done or export',
    },
    paper: {
      schema: z.string().trim().max(300).optional(),
      description: 'The paper (for add and done)',
      autocomplete: 'title',
    },
    note: {
      schema: z.string().trim().max(300).optional(),
      description: 'Why it is worth reading (for add)',
    },
  },
  async execute(input, ctx) {
    const team = teamRecords(ctx);
    switch (input.action) {
      case 'add': {
        requireServer(ctx, 'add');
        const paper = requirePaper(ctx, input.paper, 'add');
        const by = ctx.user?.name ?? 'someone';
        const listed = await team.addToReading(paper.id, by, input.note);
        if (listed !== undefined)
          return {
            tone: 'info',
            title: 'Already on the reading list',
            body: alreadyListed(listed, input.note),
            items: [paperItem(paper)],
            data: { alreadyListed: paper.id, entry: listed },
          };
        return {
          tone: 'result',
          title: 'Added to the reading list',
          items: [paperItem(paper)],
          data: { added: paper.id },
        };
      }
      case 'done': {
        requireServer(ctx, 'done');
        const paper = requirePaper(ctx, input.paper, 'done');
        const marked = await team.markRead(paper.id);
        if (!marked)
          throw new UserError('unknown-paper', `“${paper.title}” is not on the reading list.`);
        return {
          tone: 'result',
          title: marked.alreadyRead
            ? `Already read, on ${marked.entry.doneAt?.slice(0, 10) ?? 'an earlier day'}`
            : 'Marked as read',
          items: [paperItem(paper)],
          data: { done: paper.id },
        };
      }
      case 'list':
        return listReply(ctx);
      case 'export': {
        const papers = (await team.readingList())
          .filter((entry) => entry.doneAt === null)
          .flatMap((entry) => ctx.search.get(entry.paperId) ?? []);
        const text = bibtexFile(await withPublications(ctx, papers));
        return {
          tone: papers.length === 0 ? 'empty' : 'result',
          title: `Reading list: ${papers.length} to read, as BibTeX`,
          code: { language: 'bibtex', text },
          ...(papers.length === 0
            ? {}
            : {
                file: {
                  name: READING_EXPORT,
                  contentType: 'application/x-bibtex',
                  data: Buffer.from(`${text}\n`, 'utf8'),
                },
              }),
          data: { ids: papers.map((p) => p.id), bibtex: text },
        };
      }
    }
  },
});
