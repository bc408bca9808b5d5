import { defineProgram } from '../src/command.js';
import { parseFlags, UsageError } from '../src/transports/cli-args.js';
import { appFor, EXIT_OK, PROGRAM_FLAGS } from '../src/transports/program.js';
import { bibtexFile } from './cite.js';

const USAGE = 'paperbot export [--format json|bibtex] > backup';

export default defineProgram({
  name: 'export',
  usage: USAGE,
  description: 'every paper of the library, as papers.json (restore with add) or BibTeX',
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, {
      ...PROGRAM_FLAGS,
      format: { type: 'string' },
    });
    const format = values.format ?? 'json';
    if (positionals.length > 0 || (format !== 'json' && format !== 'bibtex'))
      throw new UsageError(`export takes --format json or bibtex: ${USAGE}`);
    const app = await appFor(values.corpus, io.env);
    try {
      // From the library, each paper says who added it, when and from what; a papers file cannot.
      const papers = (await app.library?.library.entries()) ?? app.search.papers;
      io.stdout.write(
        format === 'json' ? `${JSON.stringify(papers, null, 2)}\n` : `${bibtexFile(papers)}\n`,
      );
    } finally {
      await app.close();
    }
    return EXIT_OK;
  },
});
