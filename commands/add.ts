import { z } from '../src/zod.js';
import { defineCommand, type AttachedFile, type CommandContext } from '../src/command.js';
import { getText, MAX_SOURCE_BYTES, tooLarge } from '../src/sources/fetch.js';
import type { SourceInput } from '../src/sources/index.js';
import { UserError } from '../src/errors.js';
import type { LiveLibrary } from '../src/library/live.js';
import { importReply, progressText } from './library-replies.js';

/** The library, if this person may change it; a clear refusal otherwise. */
export function editableLibrary(ctx: CommandContext): LiveLibrary {
  if (ctx.library === undefined)
    throw new UserError(
      'read-only-corpus',
      'Papers here come from a read-only file (--corpus / PAPERBOT_CORPUS); unset it to use the library.',
    );
  if (ctx.canEdit === false)
    throw new UserError(
      'forbidden',
      'Only members with Manage Server or the editor role can change the library.',
    );
  return ctx.library;
}

/** An attachment's text, refused by its reported size before a byte is downloaded. */
async function downloaded(
  file: AttachedFile | undefined,
  signal?: AbortSignal,
): Promise<SourceInput> {
  if (file === undefined)
    throw new UserError('bad-option', 'Attach the file in Discord to add from it.');
  if (file.size > MAX_SOURCE_BYTES) throw tooLarge(file.name, file.size);
  const { status, text } = await getText(file.url, { service: 'Discord (the attachment)', signal });
  if (status !== 200)
    throw new UserError('source', `The attachment could not be downloaded (HTTP ${status}).`);
  return { text, fileName: file.name };
}

export default defineCommand({
  name: 'add',
  description: 'Add papers to the library: arXiv ids or URLs, DOIs, or BibTeX',
  example: '/add source:2407.14057 10.1109/CVPR.2016.90',
  slow: true,
  editsLibrary: true,
  options: {
    source: {
      schema: z.string().trim().max(6000).optional(),
      description: 'arXiv ids or URLs, DOIs, or pasted BibTeX',
    },
    file: {
      schema: z.string().optional(),
      description: 'A .bib file, a papers JSON list or a publication list',
      attachment: true,
    },
  },
  async execute(input, ctx) {
    const library = editableLibrary(ctx);
    const inputs: SourceInput[] = [];
    if (input.file !== undefined)
      inputs.push(await downloaded(ctx.attachments?.['file'], ctx.signal));
    if (input.source !== undefined && input.source !== '') inputs.push({ text: input.source });
    if (inputs.length === 0)
      throw new UserError(
        'bad-option',
        'Give a source (arXiv ids, DOIs or BibTeX) or attach a file.',
      );
    const results = await library.add(inputs, {
      addedBy: ctx.user ? `${ctx.user.name} (${ctx.user.id})` : 'someone',
      onProgress: (progress) =>
        ctx.onProgress?.({ tone: 'info', body: progressText(progress), data: progress }),
      signal: ctx.signal,
    });
    // Discord shows 4096 characters of a description, fewer once markdown is escaped.
    return importReply(results, { maxChars: 3000 });
  },
});
