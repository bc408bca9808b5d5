// The gateway specs' bot over a library, and what they read back from the Discord stand-in:
// paperbot's answer to an interaction, each checked against Discord's OpenAPI schema as it is read.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openApp, type App } from '../../../src/app.js';
import { loadConfig, type Config } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { startGatewayBot } from '../../../src/transports/gateway.js';
import type { DiscordStandIn, RecordedCall } from '../../../testing/discord/standin.js';
import { freshTempDir } from '../../../testing/temp-dir.js';
import { seedPapers } from '../../library/fixtures.js';

export interface MessageBody {
  flags?: number;
  embeds?: { title?: string; description?: string; footer?: { text: string } }[];
}

export interface CallbackBody {
  type: number;
  data?: MessageBody;
}

export function assertValid(call: RecordedCall): void {
  assert.deepEqual(call.schemaErrors, [], `${call.route}: ${call.schemaErrors.join('; ')}`);
}

/** The interaction response paperbot sent for `interaction`. */
export async function callbackOf(
  discord: DiscordStandIn,
  interaction: { id: string; token: string },
): Promise<CallbackBody> {
  const call = await discord.waitForCall(
    (c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  assertValid(call);
  return call.body as CallbackBody;
}

/** The first edit of `interaction`'s original response that `isFinal` accepts (not a progress line). */
export async function finalEditOf(
  discord: DiscordStandIn,
  interaction: { token: string },
  isFinal: (body: MessageBody) => boolean,
): Promise<RecordedCall> {
  const call = await discord.waitForCall(
    (c) =>
      c.method === 'PATCH' &&
      c.path === `/webhooks/${discord.applicationId}/${interaction.token}/messages/@original` &&
      isFinal(c.body as MessageBody),
  );
  assertValid(call);
  return call;
}

export interface LibraryBot {
  app: App;
  config: Config;
  /** Stops the bot, then closes the app; the stand-in is the caller's to close. */
  stop: () => Promise<void>;
}

/**
 * The gateway bot through the real discord.js Client against `discord`, over a fresh SQLite
 * library holding the fixture papers; `env` adds the settings a spec is about.
 */
export async function startLibraryBot(
  discord: DiscordStandIn,
  env: Record<string, string>,
): Promise<LibraryBot> {
  const config = loadConfig({
    DISCORD_TOKEN: 'test-token',
    DISCORD_API_URL: discord.apiUrl,
    PAPERBOT_CACHE_DIR: freshTempDir('paperbot-gw-cache-'),
    PAPERBOT_DATA_DIR: join(freshTempDir('paperbot-gw-library-'), 'data'),
    ...env,
  });
  const app = await openApp(config, createLogger('silent'), seedPapers);
  const bot = await startGatewayBot(app, { progressIntervalMs: 20 });
  return {
    app,
    config,
    stop: async () => {
      await bot.stop();
      await app.close();
    },
  };
}
