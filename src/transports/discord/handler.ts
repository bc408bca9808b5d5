import {
  ApplicationCommandType,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import { registry } from '../../../commands/index.js';
import type { App } from '../../app.js';
import type {
  AttachedFile,
  AutocompleteSource,
  CommandContext,
  RawOptions,
  Surface,
} from '../../command.js';
import { commandContext, failureReply, runCommand, type Invocation } from '../../dispatch.js';
import { describeError } from '../../errors.js';
import { clampTyped } from '../../search/text.js';
import { UsageGuard } from '../../guard.js';
import { ButtonCodec } from '../../render/custom-id.js';
import {
  LIMITS,
  NO_MENTIONS,
  renderChoices,
  renderError,
  renderMessage,
  type DiscordMessage,
} from '../../render/discord.js';
import type { Reply } from '../../reply.js';
import { truncate } from '../../truncate.js';
import { PUBLIC_OPTION } from './definitions.js';
import { paperChoiceValue, paperIdOfChoice } from './choices.js';
import { invokerOf, type DiscordEmbed, type Interaction, type MessageCreate } from './payloads.js';
import type { DeferredBacklog } from './backlog.js';
import type { ChannelApi, InteractionResponder, InteractionResponse } from './rest.js';

/**
 * Everything paperbot does on Discord, for both transports: the gateway and the HTTP
 * endpoint turn their input into a validated Interaction and a responder, and call this.
 */

export interface DiscordDeps {
  app: App;
  codec: ButtonCodec;
  guard: UsageGuard;
  channels: ChannelApi;
  botUserId: string;
  /** How often a streaming answer may edit its message. */
  progressIntervalMs?: number;
  /** Deferred work in flight; past its limit new slow work gets an immediate "busy". */
  backlog: DeferredBacklog;
  /** Aborted when the process shuts down: slow work stops instead of holding it up. */
  shutdown?: AbortSignal;
}

/** The state both Discord transports keep: one button codec and one cost guard per process. */
export function createDiscordDeps(
  app: App,
  transport: Pick<
    DiscordDeps,
    'channels' | 'botUserId' | 'progressIntervalMs' | 'backlog' | 'shutdown'
  >,
): DiscordDeps {
  return {
    app,
    codec: new ButtonCodec(),
    guard: new UsageGuard({
      cooldownSeconds: app.config.askCooldownSeconds,
      dailyTokenBudget: app.config.guildDailyTokenBudget,
      store: app.guardStore,
    }),
    ...transport,
  };
}

/** An interaction token lives 15 minutes; stop working on an answer before it dies. */
const INTERACTION_DEADLINE_MS = 14 * 60_000;
const THREAD_HISTORY = 50;
const BUSY = 'I am answering a lot of questions right now. Please try again in a minute.';
const EXPIRED_BUTTON = 'This button has expired. Run the command again to get fresh buttons.';

const AUTOCOMPLETE_LIMIT = LIMITS.choices;

function optionsOf(interaction: Interaction): RawOptions {
  return Object.fromEntries((interaction.data?.options ?? []).map((o) => [o.name, o.value]));
}

function context(
  deps: DiscordDeps,
  interaction: Interaction,
  extra: Invocation = {},
  surface: Surface = 'discord',
): CommandContext {
  return commandContext(deps.app, surface, {
    guard: deps.guard,
    user: invokerOf(interaction),
    guildId: interaction.guild_id,
    directMessage: interaction.guild_id === undefined,
    ...extra,
  });
}

export function autocompleteChoices(
  deps: DiscordDeps,
  source: AutocompleteSource,
  typed: string,
): { name: string; value: string }[] {
  const { search } = deps.app;
  switch (source) {
    case 'title':
      return search
        .autocompleteTitles(typed, AUTOCOMPLETE_LIMIT)
        .map((t) => ({ name: t.title, value: paperChoiceValue(t.id) }));
    case 'author':
      return search
        .authorSuggestions(typed, AUTOCOMPLETE_LIMIT)
        .map((name) => ({ name, value: name }));
    case 'category': {
      const q = clampTyped(typed).trim().toLowerCase();
      return search
        .categories()
        .filter(
          (c) => q === '' || c.code.toLowerCase().startsWith(q) || c.name.toLowerCase().includes(q),
        )
        .map((c) => ({ name: `${c.code} · ${c.name}`, value: c.code }));
    }
  }
}

async function handleAutocomplete(
  interaction: Interaction,
  responder: InteractionResponder,
  deps: DiscordDeps,
): Promise<void> {
  const command = registry.find(interaction.data?.name ?? '', 'discord');
  const focused = interaction.data?.options?.find((o) => o.focused);
  const source = command?.options.find((o) => o.name === focused?.name)?.autocomplete;
  const choices = source ? autocompleteChoices(deps, source, String(focused?.value ?? '')) : [];
  await responder.respond({
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices: renderChoices(choices) },
  });
}

/** Edits at most once per interval while streaming, never two at once, and the final edit last. */
function progressEditor(
  responder: InteractionResponder,
  render: (reply: Reply) => DiscordMessage,
  intervalMs: number,
) {
  let chain: Promise<void> = Promise.resolve();
  let lastEdit = 0;
  let pending: Reply | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const reply = pending;
    pending = undefined;
    if (!reply) return;
    lastEdit = Date.now();
    chain = chain.then(() => responder.editOriginal(render(reply))).catch(() => undefined);
  };
  return {
    progress(reply: Reply) {
      pending = reply;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, lastEdit + intervalMs - Date.now()));
    },
    async finish(reply: Reply) {
      if (timer) clearTimeout(timer);
      pending = undefined;
      await chain;
      await responder.editOriginal(render(reply));
    },
  };
}

async function runSlashCommand(
  interaction: Interaction,
  name: string,
  raw: RawOptions,
  responder: InteractionResponder,
  deps: DiscordDeps,
): Promise<void> {
  const { [PUBLIC_OPTION]: isPublic, ...typed } = raw;
  const ephemeral = isPublic !== true;
  const command = registry.find(name, 'discord');
  const options = Object.fromEntries(
    Object.entries(typed).map(([option, value]) => [
      option,
      typeof value === 'string' &&
      command?.options.find((o) => o.name === option)?.autocomplete === 'title'
        ? paperIdOfChoice(value, deps.app.search.papers)
        : value,
    ]),
  );
  const render = (reply: Reply) =>
    reply.tone === 'error'
      ? renderError(reply.body ?? 'Something went wrong.')
      : renderMessage(reply, { ephemeral, codec: deps.codec });
  const access: Invocation = {
    attachments: attachmentsOf(interaction),
    ...(command?.editsLibrary ? { canEdit: await mayEditLibrary(interaction, deps) } : {}),
  };
  if (!command?.slow) {
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: render(await runCommand(name, options, context(deps, interaction, access))),
    });
    return;
  }
  await deferred(
    responder,
    deps,
    {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
    },
    async (signal) => {
      const editor = progressEditor(responder, render, deps.progressIntervalMs ?? 1000);
      const reply = await runCommand(
        name,
        options,
        context(deps, interaction, {
          ...access,
          signal,
          onProgress: (partial) => editor.progress(partial),
        }),
      );
      await editor.finish(reply);
    },
  );
}

/**
 * Slow work (a model call) is acknowledged at once with `ack`, within Discord's 3 s, then done
 * and delivered by `work`; while the backlog is full it is refused with "busy" instead.
 */
async function deferred(
  responder: InteractionResponder,
  deps: DiscordDeps,
  ack: InteractionResponse,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (!deps.backlog.tryEnter()) {
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: renderError(BUSY),
    });
    return;
  }
  try {
    await responder.respond(ack);
    await work(workSignal(deps));
  } finally {
    deps.backlog.leave();
  }
}

/** Slow work stops when the interaction token is about to die, or when the process shuts down. */
function workSignal(deps: DiscordDeps): AbortSignal {
  const deadline = AbortSignal.timeout(INTERACTION_DEADLINE_MS);
  return deps.shutdown ? AbortSignal.any([deadline, deps.shutdown]) : deadline;
}

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

/**
 * A role name as an admin types it into the settings: any case, with or without the @ Discord
 * shows before it. Discord itself lets two roles differ only in case; either one then counts.
 */
function roleKey(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

/** Manage Server (or Administrator), or the role PAPERBOT_EDITOR_ROLE names (by id or name). */
async function mayEditLibrary(interaction: Interaction, deps: DiscordDeps): Promise<boolean> {
  const member = interaction.member;
  if (member === undefined || interaction.guild_id === undefined) return false;
  const permissions = /^\d+$/.test(member.permissions ?? '') ? BigInt(member.permissions!) : 0n;
  if ((permissions & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n) return true;
  const role = deps.app.config.library.editorRole;
  if (role === undefined) return false;
  if (member.roles.includes(role)) return true;
  if (/^\d+$/.test(role)) return false;
  try {
    const roles = await deps.channels.guildRoles(interaction.guild_id);
    return roles.some((r) => roleKey(r.name) === roleKey(role) && member.roles.includes(r.id));
  } catch (error) {
    deps.app.log.warn({ err: describeError(error) }, 'could not read the server roles');
    return false;
  }
}

/** Attached files by option name, with the size Discord reports before any download. */
function attachmentsOf(interaction: Interaction): Record<string, AttachedFile> {
  const resolved = interaction.data?.resolved?.attachments ?? {};
  const files: Record<string, AttachedFile> = {};
  for (const option of interaction.data?.options ?? []) {
    const file = typeof option.value === 'string' ? resolved[option.value] : undefined;
    if (file) files[option.name] = { name: file.filename, url: file.url, size: file.size };
  }
  return files;
}

function sharedEmbeds(embeds: readonly DiscordEmbed[], sharedBy: string): DiscordEmbed[] {
  return embeds.slice(0, LIMITS.embeds).map((embed) => {
    const footer = [embed.footer?.text, `Shared by ${sharedBy}`]
      .filter((t) => t !== undefined && t !== '')
      .join(' · ');
    return { ...embed, footer: { text: truncate(footer, LIMITS.footer) } };
  });
}

async function handleButton(
  interaction: Interaction,
  responder: InteractionResponder,
  deps: DiscordDeps,
): Promise<void> {
  const decoded = deps.codec.decode(interaction.data?.custom_id ?? '');
  if (!decoded.ok) {
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: renderError(
        decoded.reason === 'expired' ? EXPIRED_BUTTON : 'I do not recognise this button.',
      ),
    });
    return;
  }
  const { state } = decoded;
  const source = interaction.message;
  const invoker = invokerOf(interaction);
  if (state.kind === 'share') {
    if (!source || source.embeds.length === 0) {
      await responder.respond({
        type: InteractionResponseType.ChannelMessageWithSource,
        data: renderError('There is nothing to share in that message any more.'),
      });
      return;
    }
    // The same embeds, in public, credited by name: allowed_mentions keeps "shared by" from pinging.
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        embeds: sharedEmbeds(source.embeds, invoker.name),
        components: [],
        allowed_mentions: NO_MENTIONS,
      },
    });
    return;
  }
  if (state.kind === 'thread') {
    await openThread(interaction, responder, deps);
    return;
  }
  const render = (reply: Reply) =>
    reply.tone === 'error'
      ? renderError(reply.body ?? '')
      : renderMessage(reply, { ephemeral: true, codec: deps.codec });
  if (!registry.find(state.command, 'button')?.slow) {
    const reply = await runCommand(
      state.command,
      state.args,
      context(deps, interaction, {}, 'button'),
    );
    await responder.respond(
      state.update && reply.tone !== 'error'
        ? { type: InteractionResponseType.UpdateMessage, data: render(reply) }
        : { type: InteractionResponseType.ChannelMessageWithSource, data: render(reply) },
    );
    return;
  }
  // Like a slow slash command: acknowledged now, answered when the work is done.
  await deferred(
    responder,
    deps,
    state.update
      ? { type: InteractionResponseType.DeferredMessageUpdate }
      : {
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          data: { flags: MessageFlags.Ephemeral },
        },
    async (signal) => {
      const reply = await runCommand(
        state.command,
        state.args,
        context(deps, interaction, { signal }, 'button'),
      );
      // An error must not replace the message the button is on: it comes as a private follow-up.
      if (state.update && reply.tone === 'error') await responder.followUp(render(reply));
      else await responder.editOriginal(render(reply));
    },
  );
}

async function openThread(
  interaction: Interaction,
  responder: InteractionResponder,
  deps: DiscordDeps,
): Promise<void> {
  const source = interaction.message;
  const channelId = interaction.channel_id;
  if (!source || !channelId || interaction.guild_id === undefined) {
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: renderError('Threads can only be opened in a server channel.'),
    });
    return;
  }
  const title = source.embeds[0]?.title ?? 'paperbot discussion';
  try {
    const threadId = await deps.channels.createThread(channelId, truncate(title, 100));
    await deps.channels.postMessage(threadId, {
      content:
        'Mention me or reply to me here with a follow-up; I will answer with this thread as context.',
      embeds: sharedEmbeds(source.embeds, invokerOf(interaction).name),
      components: [],
      allowed_mentions: NO_MENTIONS,
    });
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        content: `Opened a thread: <#${threadId}>`,
        embeds: [],
        components: [],
        allowed_mentions: NO_MENTIONS,
        flags: MessageFlags.Ephemeral,
      },
    });
  } catch (error) {
    deps.app.log.warn({ err: describeError(error), channel: channelId }, 'could not open a thread');
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: renderError(
        'I could not open a thread here. I need the “Create Public Threads” and “Send Messages in Threads” permissions in this channel.',
      ),
    });
  }
}

async function handleMessageCommand(
  interaction: Interaction,
  responder: InteractionResponder,
  deps: DiscordDeps,
): Promise<void> {
  const command = registry.on('discord').find((c) => c.contextMenu === interaction.data?.name);
  const target = interaction.data?.target_id
    ? interaction.data.resolved?.messages?.[interaction.data.target_id]
    : undefined;
  if (!command || !target) {
    await responder.respond({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: renderError('I do not know that menu entry.'),
    });
    return;
  }
  const firstOption = command.options[0]?.name ?? 'text';
  await runSlashCommand(
    interaction,
    command.name,
    { [firstOption]: target.content },
    responder,
    deps,
  );
}

export async function handleInteraction(
  interaction: Interaction,
  responder: InteractionResponder,
  deps: DiscordDeps,
): Promise<void> {
  try {
    switch (interaction.type) {
      case InteractionType.ApplicationCommandAutocomplete:
        return await handleAutocomplete(interaction, responder, deps);
      case InteractionType.MessageComponent:
        return await handleButton(interaction, responder, deps);
      case InteractionType.ApplicationCommand:
        if (interaction.data?.type === ApplicationCommandType.Message)
          return await handleMessageCommand(interaction, responder, deps);
        return await runSlashCommand(
          interaction,
          interaction.data?.name ?? '',
          optionsOf(interaction),
          responder,
          deps,
        );
      default:
        await responder.respond({
          type: InteractionResponseType.ChannelMessageWithSource,
          data: renderError('paperbot does not handle this kind of interaction.'),
        });
    }
  } catch (error) {
    logInteractionFailure(deps, interaction, error);
  }
}

/** Discord's codes for an interaction or token that can no longer be answered. */
const GONE_CODES = new Set<number>([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  RESTJSONErrorCodes.InvalidWebhookToken,
]);

function logInteractionFailure(deps: DiscordDeps, interaction: Interaction, error: unknown): void {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? Number(error.code) : undefined;
  const fields = {
    interaction: interaction.id,
    command: interaction.data?.name ?? interaction.data?.custom_id,
    code,
    err: describeError(error),
  };
  if (code !== undefined && GONE_CODES.has(code))
    deps.app.log.info(fields, 'interaction expired before it was answered');
  else deps.app.log.error(fields, 'interaction failed');
}

/** Earlier questions and answers in a thread, from the bot's own replies, oldest first. */
async function threadHistory(
  deps: DiscordDeps,
  channelId: string,
): Promise<{ question: string; answer: string }[]> {
  const messages = await deps.channels.recentMessages(channelId, THREAD_HISTORY);
  return messages
    .filter((m) => m.author.id === deps.botUserId)
    .flatMap((m) =>
      m.embeds
        .filter((e) => e.title && e.description)
        .map((e) => ({ question: e.title ?? '', answer: e.description ?? '' })),
    )
    .reverse()
    .slice(-5);
}

/** A follow-up in a thread the bot opened: answered when it mentions the bot or replies to it. */
export async function handleThreadMessage(
  message: MessageCreate,
  deps: DiscordDeps,
): Promise<void> {
  if (message.author.bot || message.guild_id === undefined) return;
  const addressed =
    message.mentions.some((m) => m.id === deps.botUserId) ||
    message.referenced_message?.author.id === deps.botUserId;
  if (!addressed) return;
  let reply: Reply;
  try {
    const channel = await deps.channels.channel(message.channel_id);
    const isThread =
      channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread;
    if (!isThread || channel.ownerId !== deps.botUserId) return;
    reply = await threadReply(message, deps);
  } catch (error) {
    reply = failureReply(error, deps.app.log, {
      channel: message.channel_id,
      user: message.author.id,
    });
  }
  // A public reply: the share and thread buttons are left off, 👍/👎 stay.
  const rendered = renderMessage(reply, { ephemeral: false, codec: deps.codec });
  try {
    await deps.channels.postMessage(message.channel_id, {
      ...rendered,
      message_reference: { message_id: message.id, fail_if_not_exists: false },
    });
  } catch (error) {
    deps.app.log.error(
      { err: describeError(error), channel: message.channel_id },
      'could not post a thread follow-up',
    );
  }
}

/** A follow-up is /ask with the thread so far as its conversation. */
async function threadReply(message: MessageCreate, deps: DiscordDeps): Promise<Reply> {
  const question = message.content.replace(/<@!?\d+>/g, ' ').trim();
  if (question === '') {
    return {
      tone: 'info',
      body: 'Ask me a question about the papers, for example: how much faster is it?',
      data: null,
    };
  }
  const ctx = commandContext(deps.app, 'discord', {
    guard: deps.guard,
    user: { id: message.author.id, name: message.author.global_name ?? message.author.username },
    guildId: message.guild_id,
    conversation: await threadHistory(deps, message.channel_id),
  });
  return runCommand('ask', { question }, ctx);
}
