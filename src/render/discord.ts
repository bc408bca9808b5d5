import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord-api-types/v10';
import type { Reply } from '../reply.js';
import { charCount, truncate } from '../truncate.js';
import type { ButtonCodec } from './custom-id.js';

/**
 * The one place that knows Discord's limits and safety rules. Everything the bot sends
 * is built here: text escaped (markdown and mentions), every length cut to its limit,
 * and allowed_mentions parsing nothing, so an echoed "@everyone" never pings anyone.
 */

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  embedUrl: 2048,
} as const;

export const NO_MENTIONS = { parse: [] as [] };

const TONE_COLORS: Record<Reply['tone'], number> = {
  result: 0x5865f2,
  empty: 0xfee75c,
  error: 0xed4245,
  info: 0x57f287,
};

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
  files?: { name: string; data: Buffer; contentType: string }[];
}

/** Overrides and isolates reorder what follows them: a title could be shown reversed or spoofed. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/**
 * Terminal escape sequences and C0/C1 controls (BEL, ESC, NUL…) an abstract may carry: Discord
 * shows them as boxes or garbage. Newline and tab are layout and stay.
 */
const ESCAPE_SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text with nothing that reorders or controls what follows it: for every string sent, code blocks too. */
function plain(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '').replace(BIDI_CONTROLS, '');
}

/**
 * Text from users or the corpus, made inert: control characters removed, every character
 * markdown could read is backslash-escaped (Discord drops the backslash when it shows the
 * text), brackets included so no masked link forms, a zero-width space after `<` so no
 * mention, channel, emoji or timestamp tag forms, and the line starts that begin headings, lists and quotes. One linear pass: no regex
 * backtracking on long lines.
 */
export function safeText(text: string): string {
  return plain(text)
    .replace(/[\\*_~|`[\]]/g, '\\$&')
    .replace(/^(\s*)(#|>|-|\+|\d+\.)/gm, '$1\\$2')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(?=[@#:/]|a:|t:)/g, '<\u200b');
}

/** An http(s) URL within Discord's limit for where it goes (2048 in embeds, 512 on buttons). */
function safeUrl(url: string | undefined, max: number = LIMITS.embedUrl): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    const href = parsed.toString();
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && href.length <= max
      ? href
      : undefined;
  } catch {
    return undefined;
  }
}

const link = (label: string, url: string | undefined) => {
  const safe = safeUrl(url);
  return safe ? `[${label}](${safe.replace(/\)/g, '%29')})` : label;
};

function describe(reply: Reply): string {
  const parts: string[] = [];
  if (reply.body) parts.push(safeText(reply.body));
  if (reply.answer) {
    parts.push(
      reply.answer
        .map((s) => {
          const cites = s.citations.map((n) => `[${n}]`).join('');
          return s.kind === 'quote'
            ? `> “${safeText(s.text)}” ${cites}`.trimEnd()
            : `${safeText(s.text)} ${cites}`.trimEnd();
        })
        .join('\n'),
    );
  }
  reply.items?.forEach((item, i) => {
    const snippet = item.snippet ? `\n${safeText(truncate(item.snippet, 300))}` : '';
    parts.push(
      `**${(reply.firstItemNumber ?? 1) + i}. ${link(safeText(truncate(item.title, 200)), item.url)}**\n*${safeText(item.meta)}*${snippet}`,
    );
  });
  if (reply.code) {
    // Cut the code, not the block: a lost closing fence would turn the rest into markdown.
    const open = `\`\`\`${reply.code.language}\n`;
    const used = parts.reduce((n, p) => n + charCount(p) + 2, 0);
    const room = LIMITS.embedDescription - used - open.length - 4;
    if (room > 20)
      parts.push(`${open}${truncate(plain(reply.code.text).replace(/```/g, 'ʹʹʹ'), room)}\n\`\`\``);
  }
  return parts.join('\n\n');
}

/** Lines packed into as few fields as fit 1024 characters each: long source lists never overflow. */
function packLines(name: string, lines: readonly string[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let current = '';
  for (const line of lines.map((l) => truncate(l, LIMITS.fieldValue))) {
    if (current !== '' && charCount(current) + 1 + charCount(line) > LIMITS.fieldValue) {
      fields.push({ name: fields.length === 0 ? name : `${name} (continued)`, value: current });
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '')
    fields.push({ name: fields.length === 0 ? name : `${name} (continued)`, value: current });
  return fields;
}

function embedFields(reply: Reply): APIEmbedField[] {
  const fields: APIEmbedField[] = (reply.fields ?? []).map((f) => ({
    name: truncate(safeText(f.name), LIMITS.fieldName) || '\u200b',
    value: truncate(safeText(f.value), LIMITS.fieldValue) || '\u200b',
    inline: f.inline ?? false,
  }));
  if (reply.citations && reply.citations.length > 0) {
    fields.push(
      ...packLines(
        'Sources',
        reply.citations.map(
          (c) => `[${c.n}] ${link(safeText(truncate(c.title, 180)), c.url)} (${c.year})`,
        ),
      ),
    );
  }
  if (reply.notes && reply.notes.length > 0)
    fields.push(
      ...packLines(
        'Note',
        reply.notes.map((n) => safeText(n)),
      ),
    );
  return fields.slice(0, LIMITS.embedFields);
}

function embedSize(embed: APIEmbed): number {
  return (
    charCount(embed.title ?? '') +
    charCount(embed.description ?? '') +
    charCount(embed.footer?.text ?? '') +
    charCount(embed.author?.name ?? '') +
    (embed.fields ?? []).reduce((n, f) => n + charCount(f.name) + charCount(f.value), 0)
  );
}

/** Fits the 6000-character total by dropping trailing fields, then shortening the description. */
function fitTotal(embed: APIEmbed): APIEmbed {
  const fitted = { ...embed, fields: [...(embed.fields ?? [])] };
  while (embedSize(fitted) > LIMITS.embedTotal && fitted.fields.length > 0) fitted.fields.pop();
  const excess = embedSize(fitted) - LIMITS.embedTotal;
  if (excess > 0 && fitted.description)
    fitted.description = truncate(fitted.description, charCount(fitted.description) - excess);
  return fitted;
}

function renderEmbed(reply: Reply, sharedBy?: string): APIEmbed {
  const footer = [reply.footer, sharedBy ? `Shared by ${sharedBy}` : undefined]
    .filter((p) => p !== undefined)
    .join(' · ');
  const description = describe(reply);
  const embed: APIEmbed = {
    color: TONE_COLORS[reply.tone],
    ...(reply.title ? { title: truncate(safeText(reply.title), LIMITS.embedTitle) } : {}),
    ...(safeUrl(reply.url) && reply.title ? { url: safeUrl(reply.url) } : {}),
    ...(description ? { description: truncate(description, LIMITS.embedDescription) } : {}),
    fields: embedFields(reply),
    ...(footer ? { footer: { text: truncate(plain(footer), LIMITS.footer) } } : {}),
  };
  return fitTotal(embed);
}

/** The buttons whose custom_id is their kind alone: what each says, and how prominently. */
const FIXED_BUTTONS = {
  share: { style: ButtonStyle.Primary, label: 'Post to channel' },
  thread: { style: ButtonStyle.Secondary, label: 'Discuss in thread' },
} as const;

function buttonsFor(reply: Reply, codec: ButtonCodec): APIButtonComponent[] {
  return (reply.actions ?? []).flatMap((action): APIButtonComponent[] => {
    switch (action.kind) {
      case 'command':
        return [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: truncate(plain(action.label), LIMITS.buttonLabel),
            custom_id: codec.encode({
              kind: 'run',
              command: action.command,
              args: action.args,
              update: action.command === 'search',
            }),
          },
        ];
      case 'share':
      case 'thread':
        return [
          {
            type: ComponentType.Button,
            ...FIXED_BUTTONS[action.kind],
            custom_id: codec.encode({ kind: action.kind }),
          },
        ];
    }
  });
}

function renderComponents(
  reply: Reply,
  codec: ButtonCodec,
  options: { shareable: boolean },
): APIActionRowComponent<APIButtonComponent>[] {
  const buttons = buttonsFor(reply, codec).filter(
    (b) => options.shareable || !('custom_id' in b) || !/^pb1:(share|thread)$/.test(b.custom_id),
  );
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.rows; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

interface RenderOptions {
  ephemeral: boolean;
  codec: ButtonCodec;
  /** A display name for "Shared by …": shown as text, never as a ping. */
  sharedBy?: string | undefined;
}

function filesOf(reply: Reply): NonNullable<DiscordMessage['files']> {
  return [
    ...(reply.image
      ? [{ name: reply.image.name, data: reply.image.png, contentType: 'image/png' }]
      : []),
    ...(reply.file ? [reply.file] : []),
  ];
}

/** The embed shows the attached picture in place of the text it draws, or the file in place of its text. */
function embedWithImage(reply: Reply, sharedBy: string | undefined): APIEmbed {
  if (reply.file && !reply.image) return renderEmbed({ ...reply, code: undefined }, sharedBy);
  if (!reply.image) return renderEmbed(reply, sharedBy);
  return {
    ...renderEmbed({ ...reply, code: undefined }, sharedBy),
    image: { url: `attachment://${reply.image.name}` },
  };
}

export function renderMessage(reply: Reply, options: RenderOptions): DiscordMessage {
  const files = filesOf(reply);
  return {
    embeds: [embedWithImage(reply, options.sharedBy)],
    // Share and thread buttons only make sense on a private reply; a shared one is already public.
    components: renderComponents(reply, options.codec, { shareable: options.ephemeral }),
    allowed_mentions: NO_MENTIONS,
    ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
}

export function renderChoices(
  choices: readonly { name: string; value: string }[],
): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  return choices
    .map((c) => ({
      name: truncate(plain(c.name), LIMITS.choiceName) || '…',
      value: [...c.value].slice(0, LIMITS.choiceValue).join(''),
    }))
    .filter((c) => c.value !== '' && !seen.has(c.value) && seen.add(c.value))
    .slice(0, LIMITS.choices);
}

/** A friendly private error: what went wrong in words, never a stack trace. */
export function renderError(message: string): DiscordMessage {
  return {
    embeds: [
      {
        color: TONE_COLORS.error,
        description: truncate(safeText(message), LIMITS.embedDescription),
      },
    ],
    components: [],
    allowed_mentions: NO_MENTIONS,
    flags: MessageFlags.Ephemeral,
  };
}
