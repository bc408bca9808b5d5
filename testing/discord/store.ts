/**
 * What the Discord stand-in remembers between requests: its small world of ids, the channels and
 * messages in it, the interactions it has delivered and the commands the bot registered. The REST
 * routes, the gateway and the interaction builders all read and write this one store.
 */
import {
  MessageType,
  type APIApplicationCommand,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIDMChannel,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  type APIRole,
  type APITextChannel,
  type APIThreadChannel,
} from 'discord.js';
import { guildRole, Snowflakes, textChannel, type World } from './payloads.js';

export type JsonRecord = Record<string, unknown>;
type StoredChannel = APITextChannel | APIThreadChannel | APIDMChannel;
export type AnyInteraction =
  | APIChatInputApplicationCommandInteraction
  | APIApplicationCommandAutocompleteInteraction
  | APIMessageComponentButtonInteraction
  | APIMessageApplicationCommandInteraction;

export interface InteractionState {
  payload: AnyInteraction;
  channelId: string;
  /** The message type Discord gives a reply to this kind of interaction. */
  replyType: MessageType;
  acknowledged: boolean;
  /** The message `@original` refers to: the reply once there is one, or the clicked message for components. */
  originalMessageId: string | null;
}

/** An error answered the way Discord answers errors: `{ message, code }` with an HTTP status. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function asRecord(value: unknown): JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : {};
}

export class DiscordStore {
  readonly ids = new Snowflakes();
  readonly channels = new Map<string, StoredChannel>();
  readonly messages = new Map<string, APIMessage>();
  /** Which interaction token each webhook message belongs to, since webhook routes only reach their own messages. */
  readonly webhookMessageTokens = new Map<string, string>();
  readonly interactionsById = new Map<string, InteractionState>();
  readonly interactionsByToken = new Map<string, InteractionState>();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  /** The guild's roles, lowest first: @everyone, then those a test creates. */
  readonly roles: APIRole[];

  constructor(readonly world: World) {
    this.channels.set(world.channelId, textChannel(world));
    this.roles = [guildRole({ id: world.guildId, name: '@everyone', position: 0 })];
  }

  channel(id: string | undefined): StoredChannel {
    const channel = this.channels.get(id ?? '');
    if (!channel) throw new DiscordError(404, 10003, 'Unknown Channel');
    return channel;
  }

  channelMessage(channelId: string | undefined, messageId: string | undefined): APIMessage {
    this.channel(channelId);
    const message = this.messages.get(messageId ?? '');
    if (!message || message.channel_id !== channelId)
      throw new DiscordError(404, 10008, 'Unknown Message');
    return message;
  }
}
