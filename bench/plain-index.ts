/**
 * The baseline every search bench compares paperbot with: plain MiniSearch, default options,
 * over a paper's title, authors and abstract.
 */
import MiniSearch from 'minisearch';

export interface PlainDoc {
  id: string;
  title: string;
  authors: string;
  abstractText: string;
}

export const PLAIN_OPTIONS = { fields: ['title', 'authors', 'abstractText'] };

export function plainIndex(
  papers: readonly {
    id: string;
    title: string;
    authors: readonly string[];
    abstractText: string;
  }[],
): MiniSearch<PlainDoc> {
  const index = new MiniSearch<PlainDoc>(PLAIN_OPTIONS);
  index.addAll(
    papers.map((p) => ({
      id: p.id,
      title: p.title,
      authors: p.authors.join(', '),
      abstractText: p.abstractText,
    })),
  );
  return index;
}
