import { defineProgram } from '../src/command.js';
import { parseFlags } from '../src/transports/cli-args.js';
import { appFor, PROGRAM_FLAGS } from '../src/transports/program.js';

export default defineProgram({
  name: 'chat',
  usage: 'paperbot chat',
  description: 'the terminal chat (what `npm start` opens without a Discord token)',
  async run(argv, io) {
    const { values } = parseFlags(argv, PROGRAM_FLAGS);
    const { runTerminalChat } = await import('../src/transports/terminal.js');
    const app = await appFor(values.corpus, io.env, (config) => config.chatLogFile);
    try {
      return await runTerminalChat(app, io.stdin, io.stdout, io.env);
    } finally {
      await app.close();
    }
  },
});
