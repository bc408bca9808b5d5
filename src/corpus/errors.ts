import { truncate } from '../truncate.js';

/** A problem in a corpus file, located so a person can fix it: `file:line: expected …`. */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly expected: string,
    readonly found?: string,
    /** 'as-is' for a value already written as it reads (a JSON value: 2300, "2020", []). */
    readonly foundWritten: 'quoted' | 'as-is' = 'quoted',
  ) {
    const where = line === undefined ? file : `${file}:${line}`;
    const value = found === undefined ? '' : truncate(found, 80);
    const shown =
      found === undefined
        ? ''
        : ` but found ${foundWritten === 'quoted' ? JSON.stringify(value) : value}`;
    super(`${where}: expected ${expected}${shown}`);
    this.name = 'CorpusError';
  }

  /**
   * The first of several problems, its message listing the next few and counting the rest:
   * someone fixing a pasted list of 500 papers wants every bad entry at once, not one a run.
   * `problems` makes the error of each; only those shown are made.
   */
  static several(problems: readonly (() => CorpusError)[]): CorpusError {
    const shown = problems.slice(0, LISTED_PROBLEMS).map((make) => make());
    const [first, ...others] = shown;
    if (!first) throw new Error('no problem to report');
    if (others.length === 0) return first;
    const unlisted = problems.length - shown.length;
    const error = new CorpusError(
      first.file,
      first.line,
      first.expected,
      first.found,
      first.foundWritten,
    );
    error.message += others.map((p) => `\n  ${p.message}`).join('');
    if (unlisted > 0) error.message += `\n  and ${unlisted} more`;
    return error;
  }
}

/** How many problems one error shows. */
const LISTED_PROBLEMS = 5;
