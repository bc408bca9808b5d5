import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { defineProgram, type CliIo } from '../src/command.js';
import type { ImportProgress } from '../src/library/import.js';
import { progressBar } from '../src/progress-bar.js';
import { renderText } from '../src/render/text.js';
import { decodeText, MAX_SOURCE_BYTES, tooLarge } from '../src/sources/fetch.js';
import { LOCAL_FILE_NAME, type SourceInput } from '../src/sources/index.js';
import { parseFlags, UsageError } from '../src/transports/cli-args.js';
import { appFor, EXIT_ANSWERED_ERROR, EXIT_OK, PROGRAM_FLAGS } from '../src/transports/program.js';
import { importReply, progressText } from './library-replies.js';

const USAGE = 'paperbot add <arXiv id|DOI|file.bib|papers.json|list.txt>… [--json]';

/**
 * A word on the command line that names a file is the file's contents; any other word is
 * typed text. A name ending .bib, .json or .txt can only be meant as a file (no DOI or arXiv
 * id ends so), and a directory is never an id either.
 */
function inputsOf(words: readonly string[]): SourceInput[] {
  const files: SourceInput[] = [];
  const typed: string[] = [];
  for (const word of words) {
    let size: number | undefined;
    try {
      const stat = statSync(word);
      if (stat.isDirectory())
        throw new UsageError(
          `${word} is a folder: name the files in it (paperbot add ${word}/*.bib)`,
        );
      if (stat.isFile()) size = stat.size;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      size = undefined;
    }
    if (size === undefined && LOCAL_FILE_NAME.test(word))
      throw new UsageError(`no such file: ${word}`);
    if (size === undefined) typed.push(word);
    else if (size > MAX_SOURCE_BYTES) throw new UsageError(tooLarge(word, size).message);
    else files.push({ text: decodeText(readFileSync(word)), fileName: basename(word) });
  }
  return typed.length === 0 ? files : [...files, { text: typed.join(' ') }];
}

/** A bar on a terminal; otherwise a log line per phase step, so CI logs show progress too. */
function progressReporter(stderr: CliIo['stderr']): {
  update(p: ImportProgress): void;
  stop(): void;
} {
  if (stderr.isTTY === true) {
    const bar = progressBar({
      format: '{phase} [{bar}] {value}/{total}',
      stream: stderr,
      hideCursor: true,
    });
    let phase: ImportProgress['phase'] | undefined;
    return {
      update(p) {
        const label = p.phase === 'reading' ? 'Reading' : 'Storing';
        if (phase !== p.phase) {
          if (phase !== undefined) bar.stop();
          bar.start(p.total, p.done, { phase: label });
          phase = p.phase;
        } else bar.update(p.done, { phase: label });
      },
      stop: () => bar.stop(),
    };
  }
  let last = '';
  return {
    update(p) {
      const line = progressText(p);
      if (p.total >= 20 && line !== last && (p.done === p.total || p.done % 100 === 0)) {
        stderr.write(`${line}\n`);
        last = line;
      }
    },
    stop: () => undefined,
  };
}

export default defineProgram({
  name: 'add',
  usage: USAGE,
  description: 'add papers to the library from arXiv, Crossref, BibTeX or a paper list',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, PROGRAM_FLAGS);
    if (positionals.length === 0) throw new UsageError(`add needs at least one source: ${USAGE}`);
    if (values.corpus !== undefined)
      throw new UsageError('add changes the library; --corpus selects a read-only file.');
    const inputs = inputsOf(positionals);
    const app = await appFor(undefined, io.env);
    const progress = progressReporter(io.stderr);
    try {
      const results = await app.library!.add(inputs, {
        addedBy: 'cli',
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      const reply = importReply(results);
      io.stdout.write(
        `${values.json ? JSON.stringify(reply.data, null, 2) : renderText(reply, { color: io.stdout.hasColors?.(io.env) === true })}\n`,
      );
      return results.some((r) => r.status === 'failed') ? EXIT_ANSWERED_ERROR : EXIT_OK;
    } finally {
      progress.stop();
      await app.close();
    }
  },
});
