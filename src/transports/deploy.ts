import { Routes } from 'discord.js';
import { registry } from '../../commands/index.js';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { commandDefinitions } from './discord/definitions.js';
import { createRest } from './discord/rest.js';

interface DeployResult {
  scope: 'guild' | 'global';
  guildId: string | undefined;
  names: string[];
}

/**
 * Registers every command with one bulk overwrite: running it twice changes nothing, and
 * a command removed from the code disappears from Discord. A guild registration is
 * instant (for development); a global one reaches every server within about an hour.
 */
export async function deployCommands(
  config: Config,
  options: { global: boolean },
): Promise<DeployResult> {
  const { token, applicationId, guildId } = config.discord;
  const missing = [
    token ? undefined : 'DISCORD_TOKEN is required',
    applicationId ? undefined : 'DISCORD_APPLICATION_ID is required',
  ];
  if (!options.global && !guildId)
    missing.push('DISCORD_GUILD_ID is required (or pass --global to register everywhere)');
  const problems = missing.filter((m): m is string => m !== undefined);
  if (problems.length > 0 || !applicationId) throw new ConfigError(problems);
  const rest = createRest(config);
  const route =
    options.global || !guildId
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  const registered = (await rest.put(route, {
    body: commandDefinitions(registry.on('discord')),
  })) as {
    name: string;
  }[];
  return {
    scope: options.global || !guildId ? 'global' : 'guild',
    guildId: options.global ? undefined : guildId,
    names: registered.map((c) => c.name),
  };
}
