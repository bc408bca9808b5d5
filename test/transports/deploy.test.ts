// `deploy-commands` against a local Discord: one bulk overwrite to the guild route while
// developing or to the global route with --global, a body Discord accepts, and the same
// set of commands however often it runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { deployCommands } from '../../src/transports/deploy.js';
import { commandDefinitions } from '../../src/transports/discord/definitions.js';
import { registry } from '../../commands/index.js';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type RecordedCall,
} from '../../testing/discord/standin.js';

const TOKEN = 'deploy-test-token';
const GUILD_ROUTE = 'PUT /applications/{application_id}/guilds/{guild_id}/commands';
const GLOBAL_ROUTE = 'PUT /applications/{application_id}/commands';
const expectedNames = commandDefinitions(registry.on('discord')).map((d) => d.name);

describe('deployCommands', () => {
  let standIn: DiscordStandIn;
  let config: Config;

  before(async () => {
    standIn = await startDiscordStandIn();
    config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: standIn.applicationId,
      DISCORD_GUILD_ID: standIn.guildId,
      DISCORD_API_URL: standIn.apiUrl,
    });
  });
  after(() => standIn.close());

  const putsTo = (route: string) => standIn.calls.filter((c) => c.route === route);
  const lastPut = (route: string): RecordedCall => {
    const call = putsTo(route).at(-1);
    assert.ok(call, `no ${route}`);
    return call;
  };
  const registered = async (path: string) => {
    const response = await fetch(`${standIn.apiUrl}/v10${path}`, {
      headers: { authorization: `Bot ${TOKEN}` },
    });
    return (await response.json()) as { id: string; name: string; type: number }[];
  };

  it('registers in the configured guild, as the bot', async () => {
    const result = await deployCommands(config, { global: false });
    assert.deepEqual(result, { scope: 'guild', guildId: standIn.guildId, names: expectedNames });
    const call = lastPut(GUILD_ROUTE);
    assert.equal(
      call.path,
      `/applications/${standIn.applicationId}/guilds/${standIn.guildId}/commands`,
    );
    assert.equal(call.headers.authorization, `Bot ${TOKEN}`);
  });

  it('sends a guild body Discord’s schema accepts', () => {
    assert.deepEqual(lastPut(GUILD_ROUTE).schemaErrors, []);
  });

  it('leaves the guild with the same commands, under the same ids, when run again', async () => {
    const before = await registered(
      `/applications/${standIn.applicationId}/guilds/${standIn.guildId}/commands`,
    );
    await deployCommands(config, { global: false });
    const again = await registered(
      `/applications/${standIn.applicationId}/guilds/${standIn.guildId}/commands`,
    );
    assert.deepEqual(
      again.map((c) => [c.type, c.name, c.id]),
      before.map((c) => [c.type, c.name, c.id]),
    );
    assert.deepEqual(
      again.map((c) => c.name),
      expectedNames,
    );
  });

  it('sends the same body each time', () => {
    const [first, second] = putsTo(GUILD_ROUTE);
    assert.deepEqual(second?.body, first?.body);
  });

  it('registers globally with --global, even when a guild is configured', async () => {
    const result = await deployCommands(config, { global: true });
    assert.deepEqual(result, { scope: 'global', guildId: undefined, names: expectedNames });
    assert.equal(lastPut(GLOBAL_ROUTE).path, `/applications/${standIn.applicationId}/commands`);
  });

  it('sends a global body Discord’s schema accepts', () => {
    assert.deepEqual(lastPut(GLOBAL_ROUTE).schemaErrors, []);
  });

  it('leaves the global set unchanged when run again with --global', async () => {
    const before = await registered(`/applications/${standIn.applicationId}/commands`);
    await deployCommands(config, { global: true });
    const again = await registered(`/applications/${standIn.applicationId}/commands`);
    assert.deepEqual(
      again.map((c) => [c.type, c.name, c.id]),
      before.map((c) => [c.type, c.name, c.id]),
    );
    assert.equal(again.length, expectedNames.length);
  });

  it('registers globally when no guild is configured', async () => {
    const withoutGuild = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: standIn.applicationId,
      DISCORD_API_URL: standIn.apiUrl,
    });
    const puts = putsTo(GLOBAL_ROUTE).length;
    const result = await deployCommands(withoutGuild, { global: true });
    assert.equal(result.scope, 'global');
    assert.equal(putsTo(GLOBAL_ROUTE).length, puts + 1);
  });

  it('refuses, listing both, when the token and application id are missing, and calls nothing', async () => {
    const calls = standIn.calls.length;
    const error = await deployCommands(
      loadConfig({ DISCORD_GUILD_ID: standIn.guildId, DISCORD_API_URL: standIn.apiUrl }),
      { global: false },
    ).then(
      () => assert.fail('deployed without credentials'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigError);
    assert.ok(error.problems.some((p) => p.includes('DISCORD_TOKEN')));
    assert.ok(error.problems.some((p) => p.includes('DISCORD_APPLICATION_ID')));
    assert.equal(standIn.calls.length, calls);
  });

  it('asks for a guild or --global when neither is given', async () => {
    const error = await deployCommands(
      loadConfig({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: standIn.applicationId,
        DISCORD_API_URL: standIn.apiUrl,
      }),
      { global: false },
    ).then(
      () => assert.fail('deployed without a guild'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(
      error.problems.map((p) => p.split(' ')[0]),
      ['DISCORD_GUILD_ID'],
    );
  });

  it('sent nothing Discord would reject', () => {
    assert.deepEqual(standIn.schemaErrors(), []);
  });
});
