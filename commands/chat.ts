import { defineProgram } from '../src/command.js';
import { parseFlags } from '../src/transports/cli-args.js';
import { appFor, EXIT_OK, PROGRAM_FLAGS } from '../src/transports/program.js';

export default defineProgram({
  name: 'chat',
  usage: 'paperbot chat',
  description: 'the terminal chat (what `npm start` opens without a Discord token)',
  async run(argv) {
    const { values } = parseFlags(argv, PROGRAM_FLAGS);
    const { runTerminalChat } = await import('../src/transports/terminal.js');
    await runTerminalChat(await appFor(values.corpus, (config) => config.chatLogFile));
    return EXIT_OK;
  },
});
