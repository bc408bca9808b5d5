import { defineProgram } from '../src/command.js';
import { loadCorpusFile, writePapersFile } from '../src/corpus/load.js';
import { BUNDLED_CORPUS } from '../src/paths.js';
import { parseFlags, UsageError } from '../src/transports/cli-args.js';
import { EXIT_OK, PROGRAM_FLAGS } from '../src/transports/program.js';

const USAGE = 'paperbot ingest <file> [--out data/papers.json]';

export default defineProgram({
  name: 'ingest',
  usage: USAGE,
  description: 'parse a publication list or JSON into papers.json',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      ...PROGRAM_FLAGS,
      out: { type: 'string' },
    });
    const [file, ...rest] = positionals;
    if (file === undefined || rest.length > 0)
      throw new UsageError(`ingest takes one file: ${USAGE}`);
    const papers = loadCorpusFile(file);
    const out = values.out ?? BUNDLED_CORPUS;
    writePapersFile(out, papers);
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ file, out, papers: papers.length })}\n`
        : `Wrote ${papers.length} papers from ${file} to ${out}\n`,
    );
    return EXIT_OK;
  },
});
