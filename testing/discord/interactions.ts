/**
 * What users do on the Discord stand-in, delivered to the bot over the gateway as Discord would:
 * slash commands, autocomplete, button clicks, message context menus (INTERACTION_CREATE) and
 * plain messages (MESSAGE_CREATE). Each builder stores what it creates and returns the payload sent.
 */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageReferenceType,
  MessageType,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIAutocompleteApplicationCommandInteractionData,
  type APIBaseInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  type APIUser,
  type GatewayMessageCreateDispatchData,
} from 'discord.js';
import type { Gateway } from './gateway.js';
import {
  botUser,
  dmChannel,
  guildMember,
  humanUser,
  MEMBER_PERMISSIONS,
  newMessage,
} from './payloads.js';
import type { AnyInteraction, DiscordStore, InteractionState } from './store.js';

/** Who triggers an interaction or sends a message, and where. `guildId: null` means a DM with the bot. */
export interface Origin {
  userId?: string;
  guildId?: string | null;
  channelId?: string;
  /** The member's permissions in the channel (a bitfield string); an ordinary member's by default. */
  permissions?: string;
  /** The ids of the member's roles; none by default. */
  roles?: string[];
}

export interface ChatInputInit extends Origin {
  name: string;
  options?: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[];
  resolved?: APIInteractionDataResolved;
}

export interface AutocompleteInit extends Origin {
  name: string;
  /** Must contain the option being typed, marked `focused: true`. */
  options: NonNullable<APIAutocompleteApplicationCommandInteractionData['options']>;
}

export interface ButtonInit extends Origin {
  customId: string;
  /** The message carrying the button; defaults to a bot message in the channel with just this button. */
  message?: APIMessage;
}

export interface MessageContextMenuInit extends Origin {
  name: string;
  /** Fields of the message the command was used on; a user message in the channel is filled in around them. */
  targetMessage?: Partial<APIMessage>;
}

export interface MessageInit extends Origin {
  content: string;
  /** Mention the bot: prefixes `<@bot>` to the content if absent, since Discord derives mentions from content. */
  mentionsBot?: boolean;
  /** Make the message a reply to this one. */
  referencedMessageId?: string;
}

/** Discord's documented attachment limit for unboosted guilds, which interactions report. */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export class Interactions {
  readonly #store: DiscordStore;
  readonly #gateway: Gateway;

  constructor(store: DiscordStore, gateway: Gateway) {
    this.#store = store;
    this.#gateway = gateway;
  }

  /**
   * Dispatches MESSAGE_CREATE from a user and returns the payload. As on Discord, the bot only gets it
   * with the GuildMessages (or DirectMessages) intent, so without it this throws rather than letting a
   * test wait for nothing; and without MessageContent the content arrives empty unless the message
   * mentions the bot or is a DM.
   */
  message(init: MessageInit): GatewayMessageCreateDispatchData {
    const { guildId, channelId, user } = this.#origin(init);
    const intents = this.#gateway.identifiedIntents();
    const needed = guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    if ((intents & needed) === 0) {
      throw new Error(
        `The bot identified without the ${GatewayIntentBits[needed]} intent, so Discord would not send it this MESSAGE_CREATE`,
      );
    }

    const bot = botUser(this.#store.world);
    const mention = `<@${this.#store.world.botUserId}>`;
    const content =
      init.mentionsBot && !init.content.includes(mention)
        ? `${mention} ${init.content}`
        : init.content;
    const referenced = init.referencedMessageId
      ? this.#store.messages.get(init.referencedMessageId)
      : undefined;
    const stored = newMessage({
      id: this.#store.ids.next(),
      channelId,
      author: user,
      type: init.referencedMessageId ? MessageType.Reply : MessageType.Default,
      fields: { content },
      extra: {
        mentions: init.mentionsBot ? [bot] : [],
        ...(init.referencedMessageId && {
          message_reference: {
            type: MessageReferenceType.Default,
            message_id: init.referencedMessageId,
            channel_id: channelId,
            ...(guildId && { guild_id: guildId }),
          },
          referenced_message: referenced ?? null,
        }),
      },
    });
    this.#store.messages.set(stored.id, stored);

    const contentVisible =
      (intents & GatewayIntentBits.MessageContent) !== 0 || !guildId || init.mentionsBot === true;
    const payload: GatewayMessageCreateDispatchData = {
      ...stored,
      ...(!contentVisible && { content: '', embeds: [], attachments: [], components: [] }),
      channel_type: guildId ? ChannelType.GuildText : ChannelType.DM,
      mentions:
        guildId && init.mentionsBot
          ? [{ ...bot, member: withoutUser(guildMember(bot)) }]
          : stored.mentions,
      ...(guildId && { guild_id: guildId, member: withoutUser(guildMember(user)) }),
    };
    this.#gateway.dispatch(GatewayDispatchEvents.MessageCreate, payload);
    return payload;
  }

  /** Resolves who and where, creating the DM channel for `guildId: null` the way Discord opens one on first use. */
  #origin(origin: Origin): { guildId: string | null; channelId: string; user: APIUser } {
    const user = humanUser(origin.userId ?? this.#store.world.userId);
    const guildId = origin.guildId === undefined ? this.#store.world.guildId : origin.guildId;
    if (guildId)
      return { guildId, channelId: origin.channelId ?? this.#store.world.channelId, user };
    const opened = [...this.#store.channels.values()].find(
      (channel) => channel.type === ChannelType.DM && channel.recipients?.[0]?.id === user.id,
    );
    const channelId = origin.channelId ?? opened?.id ?? this.#store.ids.next();
    if (!this.#store.channels.has(channelId))
      this.#store.channels.set(channelId, dmChannel(channelId, user));
    return { guildId: null, channelId, user };
  }

  #interactionBase(origin: Origin) {
    const { guildId, channelId, user } = this.#origin(origin);
    const id = this.#store.ids.next();
    const channel = this.#store.channel(channelId);
    const base = {
      id,
      application_id: this.#store.world.applicationId,
      token: `standin-token-${id}`,
      version: 1 as const,
      app_permissions: MEMBER_PERMISSIONS,
      locale: Locale.EnglishUS,
      entitlements: [],
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
      channel,
      channel_id: channelId,
    } satisfies Partial<APIBaseInteraction<InteractionType, unknown>>;
    // A guild-installed app reports its guild as the owner; in the bot's DMs Discord reports "0".
    return guildId
      ? {
          ...base,
          guild_id: guildId,
          guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
          guild_locale: Locale.EnglishUS,
          member: {
            ...guildMember(user),
            roles: origin.roles ?? [],
            permissions: origin.permissions ?? MEMBER_PERMISSIONS,
          },
          authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
          context: InteractionContextType.Guild,
        }
      : {
          ...base,
          user,
          authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
          context: InteractionContextType.BotDM,
        };
  }

  #commandId(name: string, type: ApplicationCommandType): string {
    const registered = [
      ...this.#store.globalCommands,
      ...[...this.#store.guildCommands.values()].flat(),
    ];
    return (
      registered.find((command) => command.name === name && command.type === type)?.id ??
      this.#store.ids.next()
    );
  }

  #deliver<T extends AnyInteraction>(
    payload: T & { channel_id: string },
    replyType: MessageType,
  ): T {
    const state: InteractionState = {
      payload,
      channelId: payload.channel_id,
      replyType,
      acknowledged: false,
      originalMessageId: null,
    };
    this.#store.interactionsById.set(payload.id, state);
    this.#store.interactionsByToken.set(payload.token, state);
    this.#gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return payload;
  }

  chatInput(init: ChatInputInit): APIChatInputApplicationCommandInteraction {
    return this.#deliver<APIChatInputApplicationCommandInteraction>(
      {
        ...this.#interactionBase(init),
        type: InteractionType.ApplicationCommand,
        data: {
          id: this.#commandId(init.name, ApplicationCommandType.ChatInput),
          name: init.name,
          type: ApplicationCommandType.ChatInput,
          ...(init.options && { options: init.options }),
          ...(init.resolved && { resolved: init.resolved }),
        },
      },
      MessageType.ChatInputCommand,
    );
  }

  autocomplete(init: AutocompleteInit): APIApplicationCommandAutocompleteInteraction {
    return this.#deliver<APIApplicationCommandAutocompleteInteraction>(
      {
        ...this.#interactionBase(init),
        type: InteractionType.ApplicationCommandAutocomplete,
        data: {
          id: this.#commandId(init.name, ApplicationCommandType.ChatInput),
          name: init.name,
          type: ApplicationCommandType.ChatInput,
          options: init.options,
        },
      },
      MessageType.Default,
    );
  }

  button(init: ButtonInit): APIMessageComponentButtonInteraction {
    const base = this.#interactionBase(init);
    const message =
      init.message ??
      newMessage({
        id: this.#store.ids.next(),
        channelId: base.channel_id,
        author: botUser(this.#store.world),
        fields: {
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Primary,
                  custom_id: init.customId,
                  label: init.customId,
                },
              ],
            },
          ],
        },
      });
    if (!this.#store.messages.has(message.id)) this.#store.messages.set(message.id, message);
    return this.#deliver<APIMessageComponentButtonInteraction>(
      {
        ...base,
        type: InteractionType.MessageComponent,
        message,
        data: { custom_id: init.customId, component_type: ComponentType.Button },
      },
      MessageType.Default,
    );
  }

  messageContextMenu(init: MessageContextMenuInit): APIMessageApplicationCommandInteraction {
    const base = this.#interactionBase(init);
    const target = newMessage({
      id: init.targetMessage?.id ?? this.#store.ids.next(),
      channelId: base.channel_id,
      author: humanUser(this.#store.world.userId),
      extra: init.targetMessage,
    });
    if (!this.#store.messages.has(target.id)) this.#store.messages.set(target.id, target);
    return this.#deliver<APIMessageApplicationCommandInteraction>(
      {
        ...base,
        type: InteractionType.ApplicationCommand,
        data: {
          id: this.#commandId(init.name, ApplicationCommandType.Message),
          name: init.name,
          type: ApplicationCommandType.Message,
          target_id: target.id,
          resolved: { messages: { [target.id]: target } },
        },
      },
      MessageType.ContextMenuCommand,
    );
  }
}

function withoutUser<T extends { user: APIUser }>(member: T): Omit<T, 'user'> {
  const { user: _user, ...rest } = member;
  return rest;
}
