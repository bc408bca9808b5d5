import { REST, Routes, type RawFile } from 'discord.js';
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

export type InteractionResponse =
  | { type: 4 | 7; data: DiscordMessage }
  | { type: 5; data: { flags?: number } }
  | { type: 6 }
  | { type: 8; data: { choices: { name: string; value: string }[] } };

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

/** Follow-ups go to the interaction's webhook, authorised by its token, not the bot's. */
export function webhookResponder(
  rest: REST,
  interaction: Interaction,
  respond: InteractionResponder['respond'],
): InteractionResponder {
  return {
    respond,
    async editOriginal(message) {
      const { body, files } = splitFiles(message);
      await rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token), {
        body,
        files,
        auth: false,
      });
    },
    async followUp(message) {
      const { body, files } = splitFiles(message);
      await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
        body,
        files,
        auth: false,
      });
    },
  };
}

/** The gateway answers the first time over REST too: the callback endpoint. */
export function restResponder(rest: REST, interaction: Interaction): InteractionResponder {
  return webhookResponder(rest, interaction, async (response) => {
    const data =
      'data' in response && 'embeds' in response.data ? splitFiles(response.data) : undefined;
    const body = data ? { type: response.type, data: data.body } : response;
    await rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body,
      files: data?.files,
      auth: false,
    });
  });
}

export interface ChannelApi {
  createThread(channelId: string, name: string): Promise<string>;
  postMessage(
    channelId: string,
    message: DiscordMessage & {
      message_reference?: { message_id: string; fail_if_not_exists: false };
    },
  ): Promise<void>;
  channel(channelId: string): Promise<{ type: number; ownerId: string | undefined }>;
  recentMessages(channelId: string, limit: number): Promise<DiscordMessageRecord[]>;
}

export function channelApi(rest: REST): ChannelApi {
  return {
    async createThread(channelId, name) {
      const thread = ChannelSchema.parse(
        await rest.post(Routes.threads(channelId), {
          body: { name, type: 11, auto_archive_duration: 1440 },
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
