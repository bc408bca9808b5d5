import { z } from '../zod.js';
import { CorpusError } from '../corpus/errors.js';
import { parseCorpus } from '../corpus/parse.js';
import { PublicationSchema, type Publication } from '../library/publication.js';
import { SourceError } from './fetch.js';
import { checkedItem, type RecordedProvenance, type SourceItem } from './types.js';

const ExportedEntry = z.object({
  id: z.string().min(1),
  source: z.string().trim().min(1),
  addedBy: z.string().trim().min(1),
  addedAt: z.iso.datetime({ offset: true }),
  // A publication that cannot be read costs the paper its entry type, not its provenance.
  publication: PublicationSchema.optional().catch(undefined),
});

interface Exported {
  provenance: RecordedProvenance;
  publication: Publication | undefined;
}

/**
 * What an export says about each paper's origin, and where its BibTeX entry said it was
 * published, by paper id; entries without them say nothing.
 */
function exportedEntries(text: string): Map<string, Exported> {
  const exported = new Map<string, Exported>();
  if (!text.trimStart().startsWith('[')) return exported;
  const entries: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (!Array.isArray(entries)) return exported;
  for (const entry of entries) {
    const parsed = ExportedEntry.safeParse(entry);
    if (parsed.success) {
      const { id, publication, ...provenance } = parsed.data;
      exported.set(id, { provenance, publication });
    }
  }
  return exported;
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
  const exported = exportedEntries(text);
  // Checked after cleaning: a title of only a zero-width space is no title once stored.
  return papers.map((paper, i) => {
    const entry = exported.get(paper.id);
    return checkedItem(
      {
        label: paper.title,
        ok: true,
        paper,
        source: 'list',
        recorded: entry?.provenance,
        publication: entry?.publication,
      },
      paper.title.trim() === '' ? `paper ${i + 1}` : paper.title,
    );
  });
}
