import { ApplicationCommandType, ChannelType, InteractionType } from 'discord-api-types/v10';
import { z } from '../../zod.js';
/**
 * The parts of Discord's interaction and message payloads paperbot reads, validated at
 * the door: both transports (gateway and HTTP) hand raw JSON here, so the handler never
 * trusts a shape it has not checked.
 */

const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
});

const EmbedSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  footer: z.looseObject({ text: z.string() }).optional(),
});

const MessageSchema = z.object({
  id: z.string(),
  channel_id: z.string(),
  content: z.string().default(''),
  author: UserSchema,
  embeds: z.array(EmbedSchema).default([]),
});

/** One of Discord's numbered kinds; a kind newer than discord-api-types still parses, and is answered as unhandled. */
const kind = <Kind extends number>() => z.custom<Kind>((value) => Number.isInteger(value));

const OptionSchema = z.object({
  name: z.string(),
  type: z.number(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
});

export const InteractionSchema = z.object({
  id: z.string(),
  application_id: z.string(),
  type: kind<InteractionType>(),
  token: z.string(),
  guild_id: z.string().optional(),
  channel_id: z.string().optional(),
  member: z
    .object({
      user: UserSchema,
      nick: z.string().nullish(),
      /** The member's permissions in the channel, a decimal bit set. */
      permissions: z.string().optional(),
      roles: z.array(z.string()).default([]),
    })
    .optional(),
  user: UserSchema.optional(),
  data: z
    .object({
      name: z.string().optional(),
      type: kind<ApplicationCommandType>().optional(),
      options: z.array(OptionSchema).optional(),
      custom_id: z.string().optional(),
      target_id: z.string().optional(),
      resolved: z
        .object({
          messages: z.record(z.string(), MessageSchema).optional(),
          attachments: z
            .record(
              z.string(),
              z.object({ id: z.string(), filename: z.string(), size: z.number(), url: z.string() }),
            )
            .optional(),
        })
        .optional(),
    })
    .optional(),
  // A message we cannot read only disables Share and Discuss; the interaction is still answered.
  message: MessageSchema.optional().catch(undefined),
});

export type Interaction = z.infer<typeof InteractionSchema>;
export type DiscordEmbed = z.infer<typeof EmbedSchema>;

export const MessageCreateSchema = z.object({
  id: z.string(),
  channel_id: z.string(),
  guild_id: z.string().optional(),
  content: z.string().default(''),
  author: UserSchema,
  mentions: z.array(z.object({ id: z.string() })).default([]),
  referenced_message: z.object({ author: UserSchema }).nullish(),
});

export type MessageCreate = z.infer<typeof MessageCreateSchema>;

export const ChannelSchema = z.object({
  id: z.string(),
  type: kind<ChannelType>(),
  owner_id: z.string().optional(),
  parent_id: z.string().nullish(),
});
export const MessagesSchema = z.array(MessageSchema);

export function invokerOf(interaction: Interaction): { id: string; name: string } {
  const user = interaction.member?.user ?? interaction.user;
  return {
    id: user?.id ?? 'unknown',
    name: interaction.member?.nick ?? user?.global_name ?? user?.username ?? 'someone',
  };
}
export type DiscordMessageRecord = z.infer<typeof MessageSchema>;
