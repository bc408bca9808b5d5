import { defineProgram } from '../src/command.js';
import { parseFlags } from '../src/transports/cli-args.js';
import { appFor, EXIT_OK, PROGRAM_FLAGS } from '../src/transports/program.js';

export default defineProgram({
  name: 'list',
  usage: 'paperbot list [--json]',
  description: 'every paper in the corpus',
  async run(argv, io) {
    const { values } = parseFlags(argv, PROGRAM_FLAGS);
    const app = await appFor(values.corpus, io.env);
    const papers = app.search.papers;
    await app.close();
    const text = values.json
      ? JSON.stringify(papers, null, 2)
      : papers
          .map((p) => `${p.id.padEnd(42)} ${p.year} ${p.category.code.padEnd(3)} ${p.title}`)
          .join('\n');
    io.stdout.write(`${text}\n`);
    return EXIT_OK;
  },
});
