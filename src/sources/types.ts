import type { Paper } from '../corpus/schema.js';

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
    }
  | { label: string; ok: false; error: string };

export type SourceKind = 'arxiv' | 'crossref' | 'bibtex' | 'list';

export function failed(label: string, error: string): SourceItem {
  return { label, ok: false, error };
}
