import { defineProgram } from '../src/command.js';
import { loadConfig } from '../src/config.js';
import { parseFlags } from '../src/transports/cli-args.js';
import { EXIT_OK, PROGRAM_FLAGS } from '../src/transports/program.js';

export default defineProgram({
  name: 'deploy-commands',
  usage: 'paperbot deploy-commands [--global]',
  description: 'register the slash commands with Discord',
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...PROGRAM_FLAGS, global: { type: 'boolean' } });
    const { deployCommands } = await import('../src/transports/deploy.js');
    const result = await deployCommands(loadConfig(io.env), { global: values.global === true });
    const where =
      result.scope === 'guild'
        ? `to guild ${result.guildId ?? ''}`
        : 'globally (allow up to an hour to appear)';
    io.stdout.write(
      values.json
        ? `${JSON.stringify(result)}\n`
        : `Registered ${result.names.length} commands ${where}: ${result.names.join(', ')}\n`,
    );
    return EXIT_OK;
  },
});
