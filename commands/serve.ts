import { defineProgram } from '../src/command.js';
import { EXIT_OK, serviceApp } from '../src/transports/program.js';

export default defineProgram({
  name: 'serve',
  usage: 'paperbot serve',
  description: 'HTTP interactions endpoint (needs DISCORD_PUBLIC_KEY)',
  async run(_argv, io) {
    const { runHttpServer } = await import('../src/transports/http.js');
    await runHttpServer(await serviceApp(io.env));
    return EXIT_OK;
  },
});
