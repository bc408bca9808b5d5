import { defineProgram } from '../src/command.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { EXIT_OK, serviceApp } from '../src/transports/program.js';

export default defineProgram({
  name: 'bot',
  usage: 'paperbot bot',
  description: 'connect to Discord (needs DISCORD_TOKEN)',
  async run(_argv, io) {
    if (!loadConfig(io.env).discord.token)
      throw new ConfigError([
        'DISCORD_TOKEN is required to connect to Discord (see README, "Connect to Discord")',
      ]);
    const { runGatewayBot } = await import('../src/transports/gateway.js');
    await runGatewayBot(await serviceApp(io.env));
    return EXIT_OK;
  },
});
