import { z } from '../zod.js';
import { CorpusError } from '../corpus/errors.js';
import { parseCorpus } from '../corpus/parse.js';
import { SourceError } from './fetch.js';
import { checkedItem, type RecordedProvenance, type SourceItem } from './types.js';

const ExportedEntry = z.object({
  id: z.string().min(1),
  source: z.string().trim().min(1),
  addedBy: z.string().trim().min(1),
  addedAt: z.iso.datetime({ offset: true }),
});

/** What an export says about each paper's origin, by paper id; entries without it say nothing. */
function recordedProvenance(text: string): Map<string, RecordedProvenance> {
  const recorded = new Map<string, RecordedProvenance>();
  if (!text.trimStart().startsWith('[')) return recorded;
  const entries: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (!Array.isArray(entries)) return recorded;
  for (const entry of entries) {
    const parsed = ExportedEntry.safeParse(entry);
    if (parsed.success) {
      const { id, ...provenance } = parsed.data;
      recorded.set(id, provenance);
    }
  }
  return recorded;
}

/**
 * A publication list or JSON list, read exactly as `paperbot ingest` reads it. A file that
 * `paperbot export` wrote also says who added each paper, when and from what: that is kept.
 */
export function parsePaperList(text: string, name: string): SourceItem[] {
  let papers;
  try {
    papers = parseCorpus(text, name);
  } catch (error) {
    if (error instanceof CorpusError) throw new SourceError(`${error.message}. Nothing was added.`);
    throw error;
  }
  const recorded = recordedProvenance(text);
  // Checked after cleaning: a title of only a zero-width space is no title once stored.
  return papers.map((paper, i) =>
    checkedItem(
      { label: paper.title, ok: true, paper, source: 'list', recorded: recorded.get(paper.id) },
      paper.title.trim() === '' ? `paper ${i + 1}` : paper.title,
    ),
  );
}
