/**
 * Builders for the objects Discord sends: users, the test guild and its channel, messages, threads.
 * Shapes follow Discord's v10 payloads closely enough that discord.js parses them as it would real ones.
 */
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildMemberFlags,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageType,
  PermissionFlagsBits,
  RoleFlags,
  type APIAttachment,
  type APIDMChannel,
  type APIEmbed,
  type APIGuildMember,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIRole,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord.js';

/** The ids that make up the stand-in's small world. */
export interface World {
  applicationId: string;
  botUserId: string;
  guildId: string;
  channelId: string;
  userId: string;
}

const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Ids increase with time like real snowflakes, so sorting and `before`/`after` paging behave as on Discord,
 * and the low bits count up so ids minted in the same millisecond stay unique.
 */
export class Snowflakes {
  #increment = 0n;

  next(): string {
    const timestamp = BigInt(Date.now()) - DISCORD_EPOCH;
    this.#increment = (this.#increment + 1n) & 0xfffn;
    return ((timestamp << 22n) | this.#increment).toString();
  }
}

/** What a member of the test guild may do: enough to talk, embed, attach and open threads, as a typical bot role grants. */
export const MEMBER_PERMISSIONS = String(
  PermissionFlagsBits.ViewChannel |
    PermissionFlagsBits.SendMessages |
    PermissionFlagsBits.SendMessagesInThreads |
    PermissionFlagsBits.CreatePublicThreads |
    PermissionFlagsBits.EmbedLinks |
    PermissionFlagsBits.AttachFiles |
    PermissionFlagsBits.ReadMessageHistory |
    PermissionFlagsBits.AddReactions |
    PermissionFlagsBits.UseApplicationCommands,
);

const JOINED_AT = '2024-01-01T00:00:00.000000+00:00';

export function botUser(world: World): APIUser {
  return {
    id: world.botUserId,
    username: 'paperbot',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
}

export function humanUser(id: string): APIUser {
  return {
    id,
    username: `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: `Test User ${id.slice(-4)}`,
    avatar: null,
  };
}

export function guildMember(user: APIUser): APIGuildMember & { user: APIUser } {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    // Discord's flag enums have no zero member, yet zero is what it sends when no flag is set.
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function textChannel(world: World): APITextChannel {
  return {
    id: world.channelId,
    type: ChannelType.GuildText,
    guild_id: world.guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function dmChannel(id: string, recipient: APIUser): APIDMChannel {
  return { id, type: ChannelType.DM, name: null, recipients: [recipient], last_message_id: null };
}

export function threadChannel(options: {
  id: string;
  world: World;
  parentId: string;
  name: string;
  type: ChannelType.PublicThread | ChannelType.PrivateThread;
  autoArchiveDuration: number;
}): APIThreadChannel {
  const now = new Date().toISOString();
  return {
    id: options.id,
    type: options.type,
    guild_id: options.world.guildId,
    parent_id: options.parentId,
    owner_id: options.world.botUserId,
    name: options.name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: options.autoArchiveDuration as 60 | 1440 | 4320 | 10080,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
    },
  };
}

/**
 * A role as `GET /guilds/{guild.id}/roles` and GUILD_CREATE list it (Discord's GuildRoleResponse:
 * every field required there is here). The @everyone role's id is the guild's.
 */
export function guildRole(init: { id: string; name: string; position: number }): APIRole {
  return {
    ...init,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    permissions: init.position === 0 ? MEMBER_PERMISSIONS : '0',
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

/** GUILD_CREATE for the one guild the bot is in. The @everyone role id equals the guild id, as on Discord. */
export function guildCreate(
  world: World,
  channels: APITextChannel[],
  roles: APIRole[],
): GatewayGuildCreateDispatchData {
  return {
    id: world.guildId,
    name: 'Paperbot Test Guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: world.userId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: world.channelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: Locale.EnglishUS,
    nsfw_level: GuildNSFWLevel.Default,
    hub_type: null,
    incidents_data: null,
    max_members: 500_000,
    joined_at: JOINED_AT,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [guildMember(botUser(world))],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The parts of a request body (create/edit message, webhook execute, interaction data) that shape a message. */
export interface MessageFields {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  attachments?: APIAttachment[];
}

export function newMessage(init: {
  id: string;
  channelId: string;
  author: APIUser;
  type?: MessageType;
  fields?: MessageFields;
  extra?: Partial<APIMessage>;
}): APIMessage {
  return {
    id: init.id,
    channel_id: init.channelId,
    author: init.author,
    type: init.type ?? MessageType.Default,
    content: init.fields?.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: init.fields?.attachments ?? [],
    embeds: init.fields?.embeds ?? [],
    components: init.fields?.components ?? [],
    pinned: false,
    flags: init.fields?.flags ?? 0,
    ...init.extra,
  };
}
