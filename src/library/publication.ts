import { z } from '../zod.js';

const text = z.string().trim().min(1);

/**
 * Where a paper was published, as the BibTeX entry it came from said: what `cite` and the
 * exports write back. A paper from arXiv, Crossref or a paper list has none, and is cited
 * as the @misc its source makes of it.
 */
export const PublicationSchema = z.object({
  /** The entry type, lower case: article, inproceedings, misc… */
  type: z.string().regex(/^[a-z]+$/),
  journal: text.optional(),
  booktitle: text.optional(),
  publisher: text.optional(),
  volume: text.optional(),
  number: text.optional(),
  pages: text.optional(),
  /** The entry's own link, for a paper with neither an arXiv id nor a DOI to link to. */
  url: z.url().optional(),
});

export type Publication = z.infer<typeof PublicationSchema>;

/**
 * A stored publication, or undefined for none, or for one that is not valid: the paper is
 * then cited as a @misc, which beats failing to cite it.
 */
export function readPublication(json: string | null): Publication | undefined {
  if (json === null) return undefined;
  try {
    const parsed = PublicationSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
