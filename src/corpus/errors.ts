import { truncate } from '../truncate.js';

/** A problem in a corpus file, located so a person can fix it: `file:line: expected …`. */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
    readonly found?: string,
  ) {
    const where = line === undefined ? file : `${file}:${line}`;
    const shown = found === undefined ? '' : ` but found ${JSON.stringify(truncate(found, 80))}`;
    super(`${where}: expected ${expected}${shown}`);
    this.name = 'CorpusError';
  }
}
