import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { CorpusError } from './errors.js';
import { parseCorpus } from './parse.js';
import type { Paper } from './schema.js';

export function loadCorpusFile(path: string): Paper[] {
  return readCorpusFile(path).papers;
}

/** The papers and the text they came from, which keys the index cache. */
export function readCorpusFile(path: string): { papers: Paper[]; text: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'a file that exists' : 'a readable file';
    throw new CorpusError(path, undefined, reason);
  }
  return { papers: parseCorpus(text, path), text };
}

/** Written beside and renamed into place, so a failed ingest never leaves half a file. */
export function writePapersFile(path: string, papers: readonly Paper[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(papers, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    // The person named `path`; an error about our temporary file beside it would puzzle them.
    if ((error as NodeJS.ErrnoException).path === temporary) {
      (error as NodeJS.ErrnoException).path = path;
    }
    throw error;
  }
}
