/**
 * A local stand-in for Discord that a real discord.js Client can log in to over loopback: REST v10
 * under `apiUrl` and a JSON gateway on the same port. It records every REST call, checks each request
 * body against Discord's OpenAPI schemas, and lets tests dispatch gateway events such as interactions.
 *
 *   const standIn = await startDiscordStandIn();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
 *   await client.login('test-token');
 *   const interaction = standIn.interaction.chatInput({ name: 'ask', options: [...] });
 *   const call = await standIn.waitForCall((c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
 *   ...
 *   await client.destroy();
 *   await standIn.close();
 */
import {
  createServer,
  STATUS_CODES,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  type APIApplicationCommand,
  type ApplicationFlags,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIAutocompleteApplicationCommandInteractionData,
  type APIBaseInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIDMChannel,
  type APIEmbed,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentButtonInteraction,
  type APIMessageTopLevelComponent,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  type GatewayMessageCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord.js';
import {
  botUser,
  dmChannel,
  guildCreate,
  guildMember,
  humanUser,
  MEMBER_PERMISSIONS,
  newMessage,
  Snowflakes,
  textChannel,
  threadChannel,
  type MessageFields,
  type World,
} from './payloads.js';
import {
  compileSchemas,
  validateRequestBody,
  type OperationId,
  type SchemaViolation,
} from './schemas.js';

export interface StandInOptions {
  applicationId?: string;
  /** Defaults to the application id: Discord gives a bot user the id of its application. */
  botUserId?: string;
  guildId?: string;
  /** The guild's text channel, where interactions and messages happen unless a test says otherwise. */
  channelId?: string;
  /** The human who triggers interactions and sends messages unless a test says otherwise. */
  userId?: string;
  /**
   * Answer bodies that break Discord's schema with 400 Invalid Form Body (code 50035), as Discord
   * would. By default they are only recorded in `schemaErrors`, so one bad field does not derail a test.
   */
  rejectInvalidBodies?: boolean;
}

export interface RecordedFile {
  /** The multipart field, `files[0]` and so on. */
  field: string;
  name: string;
  size: number;
  contentType: string;
}

export interface RecordedCall {
  method: string;
  /** The path after `/api/v10`, e.g. `/interactions/123/abc/callback`. */
  path: string;
  /** Method and Discord's path template, e.g. `POST /interactions/{interaction_id}/{interaction_token}/callback`; null when no route matched. */
  route: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the parsed `payload_json` part of a multipart body. */
  body: unknown;
  files?: RecordedFile[];
  /** Where the body breaks Discord's OpenAPI schema for the route, as `<json pointer> <problem>`. */
  schemaErrors: string[];
  status: number;
  /** What the stand-in answered, undefined for 204. */
  response: unknown;
}

export interface SchemaErrorReport {
  route: string;
  path: string;
  error: string;
}

export interface IdentifyRecord {
  token: string;
  intents: number;
  properties: unknown;
  shard?: [number, number];
  compress?: boolean;
  /** The gateway URL's query: discord.js asks for `v` and `encoding`, and `compress` only when zlib-sync is installed. */
  query: Record<string, string>;
}

/** Matches a call by its route (`POST /channels/{channel_id}/messages`), by a RegExp tested on `METHOD /path`, or by a predicate. */
export type CallMatcher =
  | string
  | RegExp
  | ((call: Pick<RecordedCall, 'method' | 'path' | 'route' | 'query' | 'body'>) => boolean);

/** Who triggers an interaction or sends a message, and where. `guildId: null` means a DM with the bot. */
export interface Origin {
  userId?: string;
  guildId?: string | null;
  channelId?: string;
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

type JsonRecord = Record<string, unknown>;
type StoredChannel = APITextChannel | APIThreadChannel | APIDMChannel;
type AnyInteraction =
  | APIChatInputApplicationCommandInteraction
  | APIApplicationCommandAutocompleteInteraction
  | APIMessageComponentButtonInteraction
  | APIMessageApplicationCommandInteraction;

interface InteractionState {
  payload: AnyInteraction;
  channelId: string;
  /** The message type Discord gives a reply to this kind of interaction. */
  replyType: MessageType;
  acknowledged: boolean;
  /** The message `@original` refers to: the reply once there is one, or the clicked message for components. */
  originalMessageId: string | null;
}

interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: JsonRecord;
  rawBody: unknown;
  files: RecordedFile[];
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  operationId?: OperationId;
  handle: (request: RouteRequest) => Reply;
}

interface Injection {
  match: CallMatcher;
  reply: Reply;
}

interface Waiter {
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface GatewaySession {
  socket: WebSocket;
  query: Record<string, string>;
  sequence: number;
  identify: IdentifyRecord | null;
}

/** An error answered the way Discord answers errors: `{ message, code }` with an HTTP status. */
class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const API_PREFIX = '/api/v10';
/** Discord's own value; discord.js jitters its first heartbeat within it, so a test never waits on it. */
const HEARTBEAT_INTERVAL_MS = 41_250;
/** Discord's documented attachment limit for unboosted guilds, which interactions report. */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

function asRecord(value: unknown): JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : {};
}

function compareSnowflakes(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** discord.js sends files as multipart/form-data: the JSON in `payload_json`, each file in `files[n]`. */
async function parseMultipart(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
    } else {
      files.push({ field, name: value.name, size: value.size, contentType: value.type });
    }
  }
  return { body, files };
}

/** Nests violations the way Discord reports Invalid Form Body: `{ data: { content: { _errors: [...] } } }`. */
function formBodyErrors(violations: SchemaViolation[]): JsonRecord {
  const root: JsonRecord = {};
  for (const violation of violations) {
    let node = root;
    for (const segment of violation.instancePath.split('/').slice(1)) {
      node = asRecord((node[segment] ??= {}));
    }
    const list = (node._errors ??= []) as unknown[];
    list.push({ code: 'SCHEMA_VALIDATION', message: violation.message });
  }
  return root;
}

export class DiscordStandIn {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** Resolves with the bot's first IDENTIFY. */
  readonly identify: Promise<IdentifyRecord>;
  /** Payload builders that dispatch INTERACTION_CREATE and return what they sent. */
  readonly interaction: {
    chatInput(init: ChatInputInit): APIChatInputApplicationCommandInteraction;
    autocomplete(init: AutocompleteInit): APIApplicationCommandAutocompleteInteraction;
    button(init: ButtonInit): APIMessageComponentButtonInteraction;
    messageContextMenu(init: MessageContextMenuInit): APIMessageApplicationCommandInteraction;
  };

  readonly #calls: RecordedCall[] = [];
  readonly #identifies: IdentifyRecord[] = [];
  readonly #world: World;
  readonly #rejectInvalidBodies: boolean;
  readonly #server: Server;
  readonly #gateway: WebSocketServer;
  readonly #ids = new Snowflakes();
  readonly #routes: Route[];
  readonly #injections: Injection[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #sessions = new Set<GatewaySession>();
  readonly #channels = new Map<string, StoredChannel>();
  readonly #messages = new Map<string, APIMessage>();
  /** Which interaction token each webhook message belongs to, since webhook routes only reach their own messages. */
  readonly #webhookMessageTokens = new Map<string, string>();
  readonly #interactionsById = new Map<string, InteractionState>();
  readonly #interactionsByToken = new Map<string, InteractionState>();
  readonly #globalCommands: APIApplicationCommand[] = [];
  readonly #guildCommands = new Map<string, APIApplicationCommand[]>();
  #resolveIdentify!: (record: IdentifyRecord) => void;

  private constructor(server: Server, port: number, options: StandInOptions) {
    this.#server = server;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    // Like Discord's `wss://gateway.discord.gg`, without a trailing slash: discord.js appends `?v=10&encoding=json`.
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.applicationId = options.applicationId ?? '1300000000000000001';
    this.botUserId = options.botUserId ?? this.applicationId;
    this.guildId = options.guildId ?? '1300000000000000002';
    this.channelId = options.channelId ?? '1300000000000000003';
    this.userId = options.userId ?? '1300000000000000004';
    this.#rejectInvalidBodies = options.rejectInvalidBodies ?? false;
    this.#world = {
      applicationId: this.applicationId,
      botUserId: this.botUserId,
      guildId: this.guildId,
      channelId: this.channelId,
      userId: this.userId,
    };
    this.#channels.set(this.channelId, textChannel(this.#world));
    this.identify = new Promise((resolve) => {
      this.#resolveIdentify = resolve;
    });
    this.interaction = {
      chatInput: (init) => this.#chatInput(init),
      autocomplete: (init) => this.#autocomplete(init),
      button: (init) => this.#button(init),
      messageContextMenu: (init) => this.#messageContextMenu(init),
    };
    this.#routes = this.#buildRoutes();
    server.on('request', (request, response) => void this.#onRequest(request, response));
    this.#gateway = new WebSocketServer({ server, path: '/' });
    this.#gateway.on('connection', (socket, request) => this.#onGatewayConnection(socket, request));
  }

  /** Every REST call in arrival order. */
  get calls(): readonly RecordedCall[] {
    return this.#calls;
  }

  /** Every IDENTIFY the bot sent, one per gateway session. */
  get identifies(): readonly IdentifyRecord[] {
    return this.#identifies;
  }

  static async start(options: StandInOptions = {}): Promise<DiscordStandIn> {
    // Compiling up front keeps the first validated request as fast as the rest, which matters to tests about timing.
    compileSchemas();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new DiscordStandIn(server, (server.address() as AddressInfo).port, options);
  }

  /**
   * Makes the next call matching `match` fail with `status` and `body` (Discord's `{ message, code }`
   * shape; defaults to the generic one) instead of being handled. Each injection fires once.
   * discord.js retries 5xx answers and waits out 429s, so those need one injection per attempt.
   */
  failNext(
    match: CallMatcher,
    status: number,
    body?: unknown,
    headers?: Record<string, string>,
  ): void {
    this.#injections.push({
      match,
      reply: {
        status,
        body: body ?? { message: `${status}: ${STATUS_CODES[status] ?? 'Error'}`, code: 0 },
        headers,
      },
    });
  }

  /** Resolves with the first call, past or future, that satisfies `predicate`. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(
            new Error(
              `No matching Discord API call within ${timeoutMs} ms. Calls seen:\n${this.#describeCalls()}`,
            ),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Every schema violation across all calls so far; a bot that only sends valid bodies leaves this empty. */
  schemaErrors(): SchemaErrorReport[] {
    return this.calls.flatMap((call) =>
      call.schemaErrors.map((error) => ({
        route: call.route ?? `${call.method} ${call.path}`,
        path: call.path,
        error,
      })),
    );
  }

  /** A message as Discord currently holds it: sent by the bot, edited, or dispatched by a test. */
  getMessage(id: string): APIMessage | undefined {
    return this.#messages.get(id);
  }

  /** The reply an interaction has received so far (what `GET .../messages/@original` returns). */
  originalResponse(interactionToken: string): APIMessage | undefined {
    const id = this.#interactionsByToken.get(interactionToken)?.originalMessageId;
    return id ? this.#messages.get(id) : undefined;
  }

  /** Sends a gateway dispatch (op 0) to every identified session, each with its next sequence number. */
  dispatch(event: string, data: unknown): void {
    const sessions = [...this.#sessions].filter((session) => session.identify);
    if (sessions.length === 0) {
      throw new Error(
        `Cannot dispatch ${event}: no bot has identified on the gateway yet (await standIn.identify or the client's ready event)`,
      );
    }
    for (const session of sessions) {
      session.sequence += 1;
      session.socket.send(
        JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: session.sequence, d: data }),
      );
    }
  }

  /**
   * Dispatches MESSAGE_CREATE from a user and returns the payload. As on Discord, the bot only gets it
   * with the GuildMessages (or DirectMessages) intent, so without it this throws rather than letting a
   * test wait for nothing; and without MessageContent the content arrives empty unless the message
   * mentions the bot or is a DM.
   */
  message(init: MessageInit): GatewayMessageCreateDispatchData {
    const { guildId, channelId, user } = this.#origin(init);
    const intents = this.#identifiedIntents();
    const needed = guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    if ((intents & needed) === 0) {
      throw new Error(
        `The bot identified without the ${GatewayIntentBits[needed]} intent, so Discord would not send it this MESSAGE_CREATE`,
      );
    }

    const bot = botUser(this.#world);
    const mention = `<@${this.botUserId}>`;
    const content =
      init.mentionsBot && !init.content.includes(mention)
        ? `${mention} ${init.content}`
        : init.content;
    const referenced = init.referencedMessageId
      ? this.#messages.get(init.referencedMessageId)
      : undefined;
    const stored = newMessage({
      id: this.#ids.next(),
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
    this.#messages.set(stored.id, stored);

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
    this.dispatch(GatewayDispatchEvents.MessageCreate, payload);
    return payload;
  }

  /** Closes sockets and servers. Destroy the client first: a client that loses its gateway tries to reconnect. */
  async close(): Promise<void> {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('Discord stand-in closed while waiting for a call'));
    }
    this.#waiters.clear();
    for (const session of this.#sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.#gateway.close(() => resolve()));
    // Keep-alive sockets from discord.js's HTTP agent would otherwise hold server.close() open.
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---- REST ----------------------------------------------------------------------------------

  #buildRoutes(): Route[] {
    const route = (
      method: string,
      template: string,
      handle: Route['handle'],
      operationId?: OperationId,
    ): Route => {
      const keys: string[] = [];
      const source = template.replace(/\{(\w+)\}/g, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      });
      return { method, template, pattern: new RegExp(`^${source}$`), keys, handle, operationId };
    };
    const webhook = '/webhooks/{webhook_id}/{webhook_token}';
    // Literal segments come before parameters that could swallow them (`@original` before `{message_id}`).
    return [
      route('GET', '/gateway', () => ({ status: 200, body: { url: this.gatewayUrl } })),
      route('GET', '/gateway/bot', () => ({
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 14_400_000,
            max_concurrency: 1,
          },
        },
      })),
      route('GET', '/users/@me', () => ({ status: 200, body: botUser(this.#world) })),
      route('GET', '/applications/@me', () => ({ status: 200, body: this.#application() })),
      route('GET', '/applications/{application_id}/commands', () => ({
        status: 200,
        body: this.#globalCommands,
      })),
      route(
        'PUT',
        '/applications/{application_id}/commands',
        (r) => this.#overwriteCommands(r),
        'bulk_set_application_commands',
      ),
      route('GET', '/applications/{application_id}/guilds/{guild_id}/commands', (r) => ({
        status: 200,
        body: this.#guildCommands.get(r.params.guild_id ?? '') ?? [],
      })),
      route(
        'PUT',
        '/applications/{application_id}/guilds/{guild_id}/commands',
        (r) => this.#overwriteCommands(r),
        'bulk_set_guild_application_commands',
      ),
      route(
        'POST',
        '/interactions/{interaction_id}/{interaction_token}/callback',
        (r) => this.#interactionCallback(r),
        'create_interaction_response',
      ),
      route('POST', webhook, (r) => this.#followUp(r), 'execute_webhook'),
      route('GET', `${webhook}/messages/@original`, (r) => ({
        status: 200,
        body: this.#webhookMessage(r, true),
      })),
      route(
        'PATCH',
        `${webhook}/messages/@original`,
        (r) => this.#editWebhookMessage(r, true),
        'update_original_webhook_message',
      ),
      route('DELETE', `${webhook}/messages/@original`, (r) => this.#deleteWebhookMessage(r, true)),
      route('GET', `${webhook}/messages/{message_id}`, (r) => ({
        status: 200,
        body: this.#webhookMessage(r, false),
      })),
      route(
        'PATCH',
        `${webhook}/messages/{message_id}`,
        (r) => this.#editWebhookMessage(r, false),
        'update_webhook_message',
      ),
      route('DELETE', `${webhook}/messages/{message_id}`, (r) =>
        this.#deleteWebhookMessage(r, false),
      ),
      route('GET', '/channels/{channel_id}', (r) => ({
        status: 200,
        body: this.#channel(r.params.channel_id),
      })),
      route('GET', '/channels/{channel_id}/messages', (r) => this.#listMessages(r)),
      route(
        'POST',
        '/channels/{channel_id}/messages',
        (r) => this.#createMessage(r),
        'create_message',
      ),
      route('GET', '/channels/{channel_id}/messages/{message_id}', (r) => ({
        status: 200,
        body: this.#channelMessage(r.params.channel_id, r.params.message_id),
      })),
      route(
        'POST',
        '/channels/{channel_id}/messages/{message_id}/threads',
        (r) => this.#threadFromMessage(r),
        'create_thread_from_message',
      ),
      route(
        'POST',
        '/channels/{channel_id}/threads',
        (r) => this.#threadWithoutMessage(r),
        'create_thread',
      ),
      route('POST', '/channels/{channel_id}/typing', (r) => {
        this.#channel(r.params.channel_id);
        return { status: 204 };
      }),
    ];
  }

  async #onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.apiUrl);
    const method = request.method ?? 'GET';
    const versioned = url.pathname.startsWith(API_PREFIX);
    // discord.js percent-encodes segments (`@original` arrives as `%40original`); match and record them decoded.
    const path = (versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname)
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';

    let body: unknown;
    let files: RecordedFile[] | undefined;
    let reply: Reply | undefined;
    try {
      if (contentType.startsWith('multipart/form-data'))
        ({ body, files } = await parseMultipart(raw, contentType));
      else if (raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    } catch {
      reply = {
        status: 400,
        body: { message: 'The request body contains invalid JSON.', code: 50109 },
      };
    }

    const matched = versioned ? this.#match(method, path) : undefined;
    const call: RecordedCall = {
      method,
      path,
      route: matched ? `${method} ${matched.route.template}` : null,
      params: matched?.params ?? {},
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
      ...(files && { files }),
      schemaErrors: [],
      status: 0,
      response: undefined,
    };

    // A body that did not parse has nothing to validate; its 400 already says what is wrong.
    const violations =
      !reply && matched?.route.operationId
        ? validateRequestBody(matched.route.operationId, body)
        : [];
    call.schemaErrors = violations.map(
      (violation) => `${violation.instancePath || '(body)'} ${violation.message}`,
    );

    reply ??= this.#takeInjection(call);
    if (!reply && violations.length > 0 && this.#rejectInvalidBodies) {
      reply = {
        status: 400,
        body: { message: 'Invalid Form Body', code: 50035, errors: formBodyErrors(violations) },
      };
    }
    reply ??= matched
      ? this.#handle(matched.route, {
          params: matched.params,
          query: call.query,
          body: asRecord(body),
          rawBody: body,
          files: files ?? [],
        })
      : { status: 404, body: { message: '404: Not Found', code: 0 } };

    call.status = reply.status;
    call.response = reply.body;
    this.#record(call);

    if (reply.status === 204 || reply.body === undefined) {
      response.writeHead(reply.status, reply.headers).end();
    } else {
      response
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(JSON.stringify(reply.body));
    }
  }

  #match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params = Object.fromEntries(
        route.keys.map((key, index) => [key, found[index + 1] ?? '']),
      );
      return { route, params };
    }
    return undefined;
  }

  #takeInjection(call: RecordedCall): Reply | undefined {
    const index = this.#injections.findIndex(({ match }) => {
      if (typeof match === 'string') return match === call.route;
      if (match instanceof RegExp) return match.test(`${call.method} ${call.path}`);
      return match(call);
    });
    if (index === -1) return undefined;
    const [injection] = this.#injections.splice(index, 1);
    return injection?.reply;
  }

  #handle(route: Route, request: RouteRequest): Reply {
    try {
      return route.handle(request);
    } catch (error) {
      if (!(error instanceof DiscordError)) throw error;
      return { status: error.status, body: { message: error.message, code: error.code } };
    }
  }

  #record(call: RecordedCall): void {
    this.#calls.push(call);
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(call)) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(call);
    }
  }

  #describeCalls(): string {
    if (this.calls.length === 0) return '  (none)';
    return this.calls.map((call) => `  ${call.method} ${call.path} -> ${call.status}`).join('\n');
  }

  #application(): JsonRecord {
    return {
      id: this.applicationId,
      name: 'paperbot',
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      hook: true,
      is_monetized: false,
      team: null,
      owner: humanUser(this.userId),
      bot: botUser(this.#world),
      approximate_guild_count: 1,
      integration_types_config: { '0': {} },
    };
  }

  #overwriteCommands({ params, rawBody }: RouteRequest): Reply {
    const guildId = params.guild_id;
    const previous = guildId ? (this.#guildCommands.get(guildId) ?? []) : this.#globalCommands;
    const requested = Array.isArray(rawBody) ? rawBody.map(asRecord) : [];
    const commands = requested.map((command) => {
      const type =
        typeof command.type === 'number' ? command.type : ApplicationCommandType.ChatInput;
      // A bulk overwrite keeps the id of a command whose name and type are unchanged, as Discord does.
      const kept = previous.find((old) => old.name === command.name && old.type === type);
      return {
        ...command,
        id: kept?.id ?? this.#ids.next(),
        application_id: this.applicationId,
        version: this.#ids.next(),
        type,
        description: command.description ?? '',
        default_member_permissions: command.default_member_permissions ?? null,
        nsfw: command.nsfw ?? false,
        ...(guildId && { guild_id: guildId }),
      } as APIApplicationCommand;
    });
    if (guildId) this.#guildCommands.set(guildId, commands);
    else this.#globalCommands.splice(0, this.#globalCommands.length, ...commands);
    return { status: 200, body: commands };
  }

  #interactionCallback({ params, query, body, files }: RouteRequest): Reply {
    const state = this.#interactionsById.get(params.interaction_id ?? '');
    if (!state || state.payload.token !== params.interaction_token)
      throw new DiscordError(404, 10062, 'Unknown interaction');
    if (state.acknowledged)
      throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
    const { payload, channelId } = state;
    const updatesMessage =
      body.type === InteractionResponseType.DeferredMessageUpdate ||
      body.type === InteractionResponseType.UpdateMessage;
    // Only component interactions have a message of their own to update.
    if (updatesMessage && payload.type !== InteractionType.MessageComponent)
      throw new DiscordError(400, 50035, 'Invalid Form Body');
    state.acknowledged = true;

    const data = asRecord(body.data);
    let message: APIMessage | undefined;
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const deferred = body.type === InteractionResponseType.DeferredChannelMessageWithSource;
        const fields = this.#messageFields(data, files, channelId, []);
        const ephemeral = (fields.flags ?? 0) & MessageFlags.Ephemeral;
        // A deferred reply is a placeholder ("Bot is thinking...") that keeps only the ephemeral choice.
        if (deferred) fields.flags = MessageFlags.Loading | ephemeral;
        message = this.#storeWebhookMessage(
          state,
          state.replyType,
          deferred ? { flags: fields.flags } : fields,
        );
        state.originalMessageId = message.id;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        // Already rejected above; repeated so TypeScript knows the payload has a message.
        if (payload.type !== InteractionType.MessageComponent) break;
        const target = this.#messages.get(payload.message.id);
        if (!target) throw new DiscordError(404, 10008, 'Unknown Message');
        if (body.type === InteractionResponseType.UpdateMessage) {
          Object.assign(target, this.#messageFields(data, files, channelId, target.attachments), {
            edited_timestamp: new Date().toISOString(),
          });
        }
        state.originalMessageId = target.id;
        this.#webhookMessageTokens.set(target.id, payload.token);
        message = target;
        break;
      }
      default:
        // Autocomplete choices, modals and the rest leave no message behind.
        break;
    }

    if (query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: payload.id,
          type: payload.type,
          ...(message && {
            response_message_id: message.id,
            response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
            response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
          }),
        },
        resource: { type: body.type, ...(message && { message }) },
      },
    };
  }

  /** Interaction webhooks answer only once the interaction is acknowledged; until then Discord does not know them. */
  #webhookInteraction(params: Record<string, string>): InteractionState {
    const state = this.#interactionsByToken.get(params.webhook_token ?? '');
    if (params.webhook_id !== this.applicationId || !state?.acknowledged)
      throw new DiscordError(404, 10015, 'Unknown Webhook');
    return state;
  }

  #followUp({ params, query, body, files }: RouteRequest): Reply {
    const state = this.#webhookInteraction(params);
    const message = this.#storeWebhookMessage(
      state,
      MessageType.Default,
      this.#messageFields(body, files, state.channelId, []),
    );
    // Without `wait=true` Discord does not say what it created; discord.js always asks.
    return query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
  }

  #webhookMessage({ params }: RouteRequest, original: boolean): APIMessage {
    const state = this.#webhookInteraction(params);
    const id = original ? state.originalMessageId : params.message_id;
    const message =
      id && this.#webhookMessageTokens.get(id) === state.payload.token
        ? this.#messages.get(id)
        : undefined;
    if (!message) throw new DiscordError(404, 10008, 'Unknown Message');
    return message;
  }

  #editWebhookMessage(request: RouteRequest, original: boolean): Reply {
    const message = this.#webhookMessage(request, original);
    const fields = this.#messageFields(
      request.body,
      request.files,
      message.channel_id,
      message.attachments,
    );
    const flags = message.flags ?? 0;
    // The first edit of a deferred reply replaces the placeholder; only later edits count as edits.
    const wasLoading = (flags & MessageFlags.Loading) !== 0;
    Object.assign(message, fields, {
      // Whether a message is ephemeral is settled when it is created; an edit cannot change it.
      flags: (flags & ~MessageFlags.Loading) | ((fields.flags ?? 0) & ~MessageFlags.Ephemeral),
      edited_timestamp: wasLoading ? null : new Date().toISOString(),
    });
    return { status: 200, body: message };
  }

  #deleteWebhookMessage(request: RouteRequest, original: boolean): Reply {
    const message = this.#webhookMessage(request, original);
    this.#messages.delete(message.id);
    this.#webhookMessageTokens.delete(message.id);
    return { status: 204 };
  }

  #channel(id: string | undefined): StoredChannel {
    const channel = this.#channels.get(id ?? '');
    if (!channel) throw new DiscordError(404, 10003, 'Unknown Channel');
    return channel;
  }

  #channelMessage(channelId: string | undefined, messageId: string | undefined): APIMessage {
    this.#channel(channelId);
    const message = this.#messages.get(messageId ?? '');
    if (!message || message.channel_id !== channelId)
      throw new DiscordError(404, 10008, 'Unknown Message');
    return message;
  }

  #listMessages({ params, query }: RouteRequest): Reply {
    const channel = this.#channel(params.channel_id);
    const limit = Math.min(Math.max(Number(query.limit ?? 50), 1), 100);
    const { before, after } = query;
    const messages = [...this.#messages.values()]
      .filter((message) => message.channel_id === channel.id)
      .filter((message) => !before || compareSnowflakes(message.id, before) < 0)
      .filter((message) => !after || compareSnowflakes(message.id, after) > 0)
      .sort((a, b) => compareSnowflakes(b.id, a.id));
    // Paging forward with `after` takes the oldest messages after the cursor, still answered newest first.
    return { status: 200, body: after ? messages.slice(-limit) : messages.slice(0, limit) };
  }

  #createMessage({ params, body, files }: RouteRequest): Reply {
    const channel = this.#channel(params.channel_id);
    const reference = asRecord(body.message_reference);
    const referencedId =
      typeof reference.message_id === 'string' ? reference.message_id : undefined;
    const message = newMessage({
      id: this.#ids.next(),
      channelId: channel.id,
      author: botUser(this.#world),
      type: referencedId ? MessageType.Reply : MessageType.Default,
      fields: this.#messageFields(body, files, channel.id, []),
      extra: referencedId
        ? {
            message_reference: {
              type: MessageReferenceType.Default,
              message_id: referencedId,
              channel_id: channel.id,
              ...('guild_id' in channel && channel.guild_id && { guild_id: channel.guild_id }),
            },
            referenced_message: this.#messages.get(referencedId) ?? null,
          }
        : {},
    });
    this.#messages.set(message.id, message);
    return { status: 200, body: message };
  }

  #threadFromMessage({ params, body }: RouteRequest): Reply {
    const message = this.#channelMessage(params.channel_id, params.message_id);
    if (message.thread)
      throw new DiscordError(400, 160004, 'A thread has already been created for this message');
    // A thread started from a message takes the message's id, which is how Discord links the two.
    const thread = this.#createThread(
      message.id,
      message.channel_id,
      body,
      ChannelType.PublicThread,
    );
    message.thread = thread;
    message.flags = (message.flags ?? 0) | MessageFlags.HasThread;
    return { status: 201, body: thread };
  }

  #threadWithoutMessage({ params, body }: RouteRequest): Reply {
    const parent = this.#channel(params.channel_id);
    // Discord's API still defaults a thread without a starter message to private.
    const type =
      body.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
    return { status: 201, body: this.#createThread(this.#ids.next(), parent.id, body, type) };
  }

  #createThread(
    id: string,
    parentId: string,
    body: JsonRecord,
    type: ChannelType.PublicThread | ChannelType.PrivateThread,
  ): APIThreadChannel {
    const thread = threadChannel({
      id,
      world: this.#world,
      parentId,
      name: typeof body.name === 'string' ? body.name : 'thread',
      type,
      autoArchiveDuration:
        typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
    });
    this.#channels.set(thread.id, thread);
    return thread;
  }

  /**
   * Reads the message-shaping fields of a request. `attachments` in the body lists the existing
   * attachments to keep and describes new uploads by their `files[n]` index.
   */
  #messageFields(
    body: JsonRecord,
    files: RecordedFile[],
    channelId: string,
    existing: APIAttachment[],
  ): MessageFields {
    const fields: MessageFields = {};
    if ('content' in body) fields.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body)
      fields.embeds = Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : [];
    if ('components' in body) {
      fields.components = Array.isArray(body.components)
        ? (body.components as APIMessageTopLevelComponent[])
        : [];
    }
    if (typeof body.flags === 'number') fields.flags = body.flags;

    const descriptors = Array.isArray(body.attachments)
      ? body.attachments.map(asRecord)
      : undefined;
    if (!descriptors && files.length === 0) return fields;
    const kept = descriptors
      ? existing.filter((old) => descriptors.some((d) => String(d.id) === old.id))
      : existing;
    const uploaded = files.map((file, index): APIAttachment => {
      const slot = /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(index);
      const descriptor = descriptors?.find((d) => String(d.id) === slot);
      const id = this.#ids.next();
      const filename = typeof descriptor?.filename === 'string' ? descriptor.filename : file.name;
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      return {
        id,
        filename,
        size: file.size,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        ...(file.contentType && { content_type: file.contentType }),
        ...(typeof descriptor?.description === 'string' && { description: descriptor.description }),
      };
    });
    fields.attachments = [...kept, ...uploaded];
    return fields;
  }

  /** Interaction replies and follow-ups are webhook messages from the application, authored by its bot user. */
  #storeWebhookMessage(
    { payload, channelId }: InteractionState,
    type: MessageType,
    fields: MessageFields,
  ): APIMessage {
    const user = payload.member?.user ?? payload.user;
    const message = newMessage({
      id: this.#ids.next(),
      channelId,
      author: botUser(this.#world),
      type,
      fields,
      extra: {
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        ...(user && {
          interaction_metadata: {
            id: payload.id,
            type: payload.type,
            user,
            authorizing_integration_owners: payload.authorizing_integration_owners,
          } as APIMessage['interaction_metadata'],
        }),
      },
    });
    this.#messages.set(message.id, message);
    this.#webhookMessageTokens.set(message.id, payload.token);
    return message;
  }

  // ---- Gateway -------------------------------------------------------------------------------

  #onGatewayConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = Object.fromEntries(new URL(request.url ?? '/', this.gatewayUrl).searchParams);
    const session: GatewaySession = { socket, query, sequence: 0, identify: null };
    this.#sessions.add(session);
    socket.on('close', () => this.#sessions.delete(session));
    socket.on('message', (data) => this.#onGatewayMessage(session, data));
    // Text frames only: discord.js parses text as plain JSON even when it asked for zlib-stream.
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS },
      }),
    );
  }

  #onGatewayMessage(session: GatewaySession, data: RawData): void {
    let frame: { op?: unknown; d?: unknown };
    try {
      frame = JSON.parse(data.toString()) as typeof frame;
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        session.socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        break;
      case GatewayOpcodes.Identify:
        this.#onIdentify(session, asRecord(frame.d));
        break;
      case GatewayOpcodes.Resume:
        // Sessions do not survive here, so tell the client to identify afresh, as Discord does for an expired session.
        session.socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
        break;
      default:
        // Presence and voice updates, member requests: nothing in the stand-in depends on them.
        break;
    }
  }

  #onIdentify(session: GatewaySession, d: JsonRecord): void {
    const shard = Array.isArray(d.shard) ? (d.shard as [number, number]) : undefined;
    const record: IdentifyRecord = {
      token: typeof d.token === 'string' ? d.token : '',
      intents: typeof d.intents === 'number' ? d.intents : 0,
      properties: d.properties,
      ...(shard && { shard }),
      ...(typeof d.compress === 'boolean' && { compress: d.compress }),
      query: session.query,
    };
    session.identify = record;
    this.#identifies.push(record);
    this.#resolveIdentify(record);

    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: botUser(this.#world),
      // READY lists guilds as unavailable; discord.js waits for each one's GUILD_CREATE before emitting ready.
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: `standin-session-${this.#ids.next()}`,
      resume_gateway_url: this.gatewayUrl,
      ...(shard && { shard }),
      application: { id: this.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.dispatch(GatewayDispatchEvents.Ready, ready);
    const channels = [...this.#channels.values()].filter(
      (channel): channel is APITextChannel => channel.type === ChannelType.GuildText,
    );
    this.dispatch(GatewayDispatchEvents.GuildCreate, guildCreate(this.#world, channels));
  }

  #identifiedIntents(): number {
    const identified = [...this.#sessions].find((session) => session.identify)?.identify;
    if (!identified) throw new Error('No bot has identified on the gateway yet');
    return identified.intents;
  }

  // ---- Interactions --------------------------------------------------------------------------

  /** Resolves who and where, creating the DM channel for `guildId: null` the way Discord opens one on first use. */
  #origin(origin: Origin): { guildId: string | null; channelId: string; user: APIUser } {
    const user = humanUser(origin.userId ?? this.userId);
    const guildId = origin.guildId === undefined ? this.guildId : origin.guildId;
    if (guildId) return { guildId, channelId: origin.channelId ?? this.channelId, user };
    const opened = [...this.#channels.values()].find(
      (channel) => channel.type === ChannelType.DM && channel.recipients?.[0]?.id === user.id,
    );
    const channelId = origin.channelId ?? opened?.id ?? this.#ids.next();
    if (!this.#channels.has(channelId)) this.#channels.set(channelId, dmChannel(channelId, user));
    return { guildId: null, channelId, user };
  }

  #interactionBase(origin: Origin) {
    const { guildId, channelId, user } = this.#origin(origin);
    const id = this.#ids.next();
    const channel = this.#channel(channelId);
    const base = {
      id,
      application_id: this.applicationId,
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
          member: { ...guildMember(user), permissions: MEMBER_PERMISSIONS },
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
    const registered = [...this.#globalCommands, ...[...this.#guildCommands.values()].flat()];
    return (
      registered.find((command) => command.name === name && command.type === type)?.id ??
      this.#ids.next()
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
    this.#interactionsById.set(payload.id, state);
    this.#interactionsByToken.set(payload.token, state);
    this.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return payload;
  }

  #chatInput(init: ChatInputInit): APIChatInputApplicationCommandInteraction {
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

  #autocomplete(init: AutocompleteInit): APIApplicationCommandAutocompleteInteraction {
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

  #button(init: ButtonInit): APIMessageComponentButtonInteraction {
    const base = this.#interactionBase(init);
    const message =
      init.message ??
      newMessage({
        id: this.#ids.next(),
        channelId: base.channel_id,
        author: botUser(this.#world),
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
    if (!this.#messages.has(message.id)) this.#messages.set(message.id, message);
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

  #messageContextMenu(init: MessageContextMenuInit): APIMessageApplicationCommandInteraction {
    const base = this.#interactionBase(init);
    const target = newMessage({
      id: init.targetMessage?.id ?? this.#ids.next(),
      channelId: base.channel_id,
      author: humanUser(this.userId),
      extra: init.targetMessage,
    });
    if (!this.#messages.has(target.id)) this.#messages.set(target.id, target);
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

export function startDiscordStandIn(options?: StandInOptions): Promise<DiscordStandIn> {
  return DiscordStandIn.start(options);
}
