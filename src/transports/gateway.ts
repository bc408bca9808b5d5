import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { App } from '../app.js';
import { describeError } from '../errors.js';
import { InFlightWork, runUntilSignalled } from './lifecycle.js';
import {
  createDiscordDeps,
  handleInteraction,
  handleThreadMessage,
  type DiscordDeps,
} from './discord/handler.js';
import { InteractionSchema, MessageCreateSchema } from './discord/payloads.js';
import { DEFAULT_BACKLOG_LIMIT, DeferredBacklog } from './discord/backlog.js';
import { channelApi, createInteractionRest, restResponder } from './discord/rest.js';

/**
 * The gateway transport: discord.js keeps the connection and the REST client; raw
 * INTERACTION_CREATE and MESSAGE_CREATE payloads go through the same validation and
 * handler as the HTTP endpoint. Guilds and GuildMessages only: no privileged intent,
 * because messages that mention the bot carry their text without MessageContent.
 */

export interface RunningBot {
  client: Client;
  stop(): Promise<void>;
}

export async function startGatewayBot(
  app: App,
  options: { progressIntervalMs?: number; backlogLimit?: number; connectTimeoutMs?: number } = {},
): Promise<RunningBot> {
  const { config, log } = app;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: config.discord.apiUrl },
  });
  const interactionRest = createInteractionRest(config);
  const inFlight = new InFlightWork();
  // Filled once the bot knows its own user id; events before that are ignored.
  const session: { deps?: DiscordDeps } = {};

  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: unknown) => {
    const parsed = InteractionSchema.safeParse(raw);
    if (!parsed.success || !session.deps) {
      log.warn(
        { issues: parsed.error?.issues.slice(0, 3) },
        'ignored an interaction paperbot could not read',
      );
      return;
    }
    void inFlight.track(
      handleInteraction(
        parsed.data,
        restResponder(interactionRest, parsed.data, inFlight.signal),
        session.deps,
      ),
    );
  });
  client.ws.on(GatewayDispatchEvents.MessageCreate, (raw: unknown) => {
    const parsed = MessageCreateSchema.safeParse(raw);
    if (parsed.success && session.deps)
      void inFlight.track(handleThreadMessage(parsed.data, session.deps));
  });
  client.on(Events.Error, (error) =>
    log.error({ err: describeError(error) }, 'discord client error'),
  );

  const ready = once(client, Events.ClientReady);
  await connectedWithin(
    client,
    Promise.all([client.login(config.discord.token), ready]),
    options.connectTimeoutMs ?? config.discord.connectTimeoutMs,
  );
  const botUserId = client.user?.id ?? '';
  session.deps = createDiscordDeps(app, {
    channels: channelApi(client.rest),
    botUserId,
    progressIntervalMs: options.progressIntervalMs,
    backlog: new DeferredBacklog(options.backlogLimit ?? DEFAULT_BACKLOG_LIMIT),
    shutdown: inFlight.signal,
  });
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
  return {
    client,
    // Stop receiving first, so the grace is spent on the answers already accepted.
    stop: async () => {
      await client.destroy();
      await inFlight.drain(config.shutdownGraceSeconds * 1000, log);
    },
  };
}

/** The bot did not get a gateway session in time: Discord (or what stands for it) is unreachable. */
class ConnectTimeout extends Error {
  constructor(ms: number) {
    super(
      `Discord's gateway did not accept a session within ${ms / 1000} s (DISCORD_CONNECT_TIMEOUT_MS)`,
    );
    this.name = 'ConnectTimeout';
  }
}

/**
 * discord.js takes a gateway it cannot reach (a refused connection, a dropped handshake) for
 * a passing network error and reconnects forever: without a bound, a bot pointed at an
 * unreachable gateway would wait in silence.
 */
async function connectedWithin(
  client: Client,
  connecting: Promise<unknown>,
  ms: number,
): Promise<void> {
  const timer = new AbortController();
  const timedOut = sleep(ms, 'timed out' as const, { signal: timer.signal }).catch(() => undefined);
  try {
    if ((await Promise.race([connecting, timedOut])) === 'timed out') throw new ConnectTimeout(ms);
  } catch (error) {
    // Its rejection, once the client is destroyed, says nothing the failure did not.
    connecting.catch(() => undefined);
    await client.destroy();
    throw error;
  } finally {
    timer.abort();
  }
}

/** `npm start` with a token: runs until SIGINT or SIGTERM, then disconnects cleanly. */
export function runGatewayBot(app: App): Promise<void> {
  return runUntilSignalled(app, () => startGatewayBot(app));
}
