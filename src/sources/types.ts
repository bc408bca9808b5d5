import type { Paper } from '../corpus/schema.js';

/** One thing a source was asked for: the paper it became, or why it could not. */
export type SourceItem =
  | { label: string; ok: true; paper: Paper; source: SourceKind }
  | { label: string; ok: false; error: string };

export type SourceKind = 'arxiv' | 'crossref' | 'bibtex' | 'list';

export function failed(label: string, error: string): SourceItem {
  return { label, ok: false, error };
}
