import { z } from '../../zod.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, RateLimitError, REST, Routes, type RawFile } from 'discord.js';
import {
  ChannelType,
  InteractionResponseType,
  ThreadAutoArchiveDuration,
  type MessageFlags,
} from 'discord-api-types/v10';
import type { Config } from '../../config.js';
import type { DiscordMessage } from '../../render/discord.js';
import {
  ChannelSchema,
  MessagesSchema,
  type DiscordMessageRecord,
  type Interaction,
} from './payloads.js';

/**
 * Discord's REST API through discord.js's own client (rate limits, retries), pointed at
 * DISCORD_API_URL: discord.com by default, or a REST proxy, or a test stand-in.
 */
export function createRest(config: Config): REST {
  const rest = new REST({ api: config.discord.apiUrl });
  if (config.discord.token) rest.setToken(config.discord.token);
  return rest;
}

/**
 * The client for interaction callbacks and webhooks. Discord does not count them against the
 * bot's global 50/s limit, so this client does not either; and a 429 is handed back to
 * `deliver` (bounded) instead of being waited out by discord.js again and again.
 */
export function createInteractionRest(config: Config): REST {
  return new REST({
    api: config.discord.apiUrl,
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    rejectOnRateLimit: () => true,
    retries: 0,
    timeout: 10_000,
  });
}

interface DeliveryBounds {
  attempts: number;
  /** From the first attempt; a wait that would end past it is not started. */
  deadlineMs: number;
}

/** The first response must reach Discord within its 3 s window. */
const CALLBACK_BOUNDS: DeliveryBounds = { attempts: 2, deadlineMs: 2_500 };
/** Edits and follow-ups: a few tries over half a minute, then the answer is given up. */
export const WEBHOOK_BOUNDS: DeliveryBounds = { attempts: 4, deadlineMs: 30_000 };

class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryFailed';
  }
}

const BACKOFF_MS = 500;

function retryDelay(error: unknown, attempt: number): number | undefined {
  if (error instanceof RateLimitError) return Math.max(error.retryAfter, error.timeToReset, 0);
  // Discord refused the request itself (4xx): sending it again gets the same answer.
  if (error instanceof DiscordAPIError) return undefined;
  return BACKOFF_MS * 2 ** (attempt - 1);
}

/**
 * One request to Discord with bounded retries: 429s and server or network failures are tried
 * again after the wait Discord asks for, while attempts and the deadline last. `signal` (a
 * shutdown) stops both the request and the waiting.
 */
export async function deliver<T>(
  send: (signal: AbortSignal) => Promise<T>,
  bounds: DeliveryBounds,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = AbortSignal.timeout(bounds.deadlineMs);
  const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send(stop);
    } catch (error) {
      const wait = retryDelay(error, attempt);
      if (wait === undefined) throw error;
      if (
        stop.aborted ||
        attempt >= bounds.attempts ||
        Date.now() + wait > started + bounds.deadlineMs
      ) {
        throw new DeliveryFailed(`gave up after ${attempt} attempt(s)`, attempt, { cause: error });
      }
      await sleep(wait, undefined, { signal: stop }).catch(() => undefined);
    }
  }
}

export type InteractionResponse =
  | {
      type:
        InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage;
      data: DiscordMessage;
    }
  | {
      type: InteractionResponseType.DeferredChannelMessageWithSource;
      data: { flags?: MessageFlags };
    }
  | { type: InteractionResponseType.DeferredMessageUpdate }
  | {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult;
      data: { choices: { name: string; value: string }[] };
    };

/** How a handler answers one interaction; the gateway and HTTP transports differ only in `respond`. */
export interface InteractionResponder {
  respond(response: InteractionResponse): Promise<void>;
  editOriginal(message: DiscordMessage): Promise<void>;
  followUp(message: DiscordMessage): Promise<void>;
}

export function splitFiles(message: DiscordMessage): {
  body: Omit<DiscordMessage, 'files'>;
  files: RawFile[] | undefined;
} {
  const { files, ...body } = message;
  return {
    body,
    files: files?.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
  };
}

/**
 * Follow-ups go to the interaction's webhook, authorised by its token, not the bot's; each is
 * bounded, and `signal` (shutdown) abandons them.
 */
export function webhookResponder(
  rest: REST,
  interaction: Interaction,
  respond: InteractionResponder['respond'],
  signal?: AbortSignal,
): InteractionResponder {
  const send = async (
    method: 'patch' | 'post',
    route: `/${string}`,
    message: DiscordMessage,
  ): Promise<void> => {
    const { body, files } = splitFiles(message);
    await deliver(
      (stop) => rest[method](route, { body, files, auth: false, signal: stop }),
      WEBHOOK_BOUNDS,
      signal,
    );
  };
  return {
    respond,
    editOriginal: (message) =>
      send('patch', Routes.webhookMessage(interaction.application_id, interaction.token), message),
    followUp: (message) =>
      send('post', Routes.webhook(interaction.application_id, interaction.token), message),
  };
}

/** The gateway answers the first time over REST too: the callback endpoint. */
export function restResponder(
  rest: REST,
  interaction: Interaction,
  signal?: AbortSignal,
): InteractionResponder {
  return webhookResponder(
    rest,
    interaction,
    async (response) => {
      const data =
        'data' in response && 'embeds' in response.data ? splitFiles(response.data) : undefined;
      const body = data ? { type: response.type, data: data.body } : response;
      await deliver(
        (stop) =>
          rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
            body,
            files: data?.files,
            auth: false,
            signal: stop,
          }),
        CALLBACK_BOUNDS,
        signal,
      );
    },
    signal,
  );
}

const RolesSchema = z.array(z.object({ id: z.string(), name: z.string() }));

export interface ChannelApi {
  createThread(channelId: string, name: string): Promise<string>;
  postMessage(
    channelId: string,
    message: DiscordMessage & {
      message_reference?: { message_id: string; fail_if_not_exists: false };
    },
  ): Promise<void>;
  channel(channelId: string): Promise<{ type: ChannelType; ownerId: string | undefined }>;
  recentMessages(channelId: string, limit: number): Promise<DiscordMessageRecord[]>;
  guildRoles(guildId: string): Promise<{ id: string; name: string }[]>;
}

export function channelApi(rest: REST): ChannelApi {
  return {
    async guildRoles(guildId) {
      return RolesSchema.parse(await rest.get(Routes.guildRoles(guildId)));
    },
    async createThread(channelId, name) {
      const thread = ChannelSchema.parse(
        await rest.post(Routes.threads(channelId), {
          body: {
            name,
            type: ChannelType.PublicThread,
            auto_archive_duration: ThreadAutoArchiveDuration.OneDay,
          },
        }),
      );
      return thread.id;
    },
    async postMessage(channelId, message) {
      const { body, files } = splitFiles(message);
      await rest.post(Routes.channelMessages(channelId), {
        body: { ...body, allowed_mentions: { ...body.allowed_mentions, replied_user: false } },
        files,
      });
    },
    async channel(channelId) {
      const channel = ChannelSchema.parse(await rest.get(Routes.channel(channelId)));
      return { type: channel.type, ownerId: channel.owner_id };
    },
    async recentMessages(channelId, limit) {
      return MessagesSchema.parse(
        await rest.get(Routes.channelMessages(channelId), {
          query: new URLSearchParams({ limit: String(limit) }),
        }),
      );
    },
  };
}
