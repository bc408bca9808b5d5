import { CorpusError } from '../corpus/errors.js';
import { parseCorpus } from '../corpus/parse.js';
import { SourceError } from './fetch.js';
import type { SourceItem } from './types.js';

/** A publication list or JSON list, read exactly as `paperbot ingest` reads it. */
export function parsePaperList(text: string, name: string): SourceItem[] {
  try {
    return parseCorpus(text, name).map((paper) => ({
      label: paper.title,
      ok: true,
      paper,
      source: 'list',
    }));
  } catch (error) {
    if (error instanceof CorpusError) throw new SourceError(`${error.message}. Nothing was added.`);
    throw error;
  }
}
