import { PaperSchema, type Paper } from '../corpus/schema.js';
import type { Publication } from '../library/publication.js';

/**
 * Who first added a paper, when and from what, as `paperbot export` wrote it: a restore keeps
 * it instead of crediting whoever restored.
 */
export interface RecordedProvenance {
  source: string;
  addedBy: string;
  addedAt: string;
}

/** One thing a source was asked for: the paper it became, or why it could not. */
export type SourceItem =
  | {
      label: string;
      ok: true;
      paper: Paper;
      source: SourceKind;
      recorded?: RecordedProvenance | undefined;
      /** Where its BibTeX entry said it was published. */
      publication?: Publication | undefined;
    }
  | { label: string; ok: false; error: string };

export type SourceKind = 'arxiv' | 'crossref' | 'bibtex' | 'list';

export function failed(label: string, error: string): SourceItem {
  return { label, ok: false, error };
}

/**
 * A source's paper checked as the library will read it back, after its text was cleaned: a
 * title or author made only of invisible characters is empty by then. Either the paper, or
 * what is wrong with the entry ("has no title").
 */
export function checkedPaper(paper: Paper): { paper: Paper } | { problem: string } {
  const parsed = PaperSchema.safeParse(paper);
  if (parsed.success) return { paper: parsed.data };
  if (paper.title.trim() === '') return { problem: 'has no title' };
  if (paper.authors.some((author) => author.trim() === ''))
    return { problem: 'has an empty author' };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return { problem: `could not be read as a paper${field === '' ? '' : ` (its "${field}")`}` };
}

/** Every paper item checked with `checkedPaper`: one that fails becomes that entry's failure. */
export function checkedItem(item: SourceItem, label = item.label): SourceItem {
  if (!item.ok) return item;
  const checked = checkedPaper(item.paper);
  return 'paper' in checked
    ? { ...item, label, paper: checked.paper }
    : failed(label, `the entry ${checked.problem}`);
}
