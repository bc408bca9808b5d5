/**
 * The Discord stand-in's REST API v10: the routes paperbot and discord.js use, each request body
 * checked against Discord's OpenAPI schema and recorded, with failures a test can inject.
 */
import {
  STATUS_CODES,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  ApplicationCommandType,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  type APIApplicationCommand,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIThreadChannel,
} from 'discord.js';
import { botUser, humanUser, newMessage, threadChannel, type MessageFields } from './payloads.js';
import { validateRequestBody, type OperationId, type SchemaViolation } from './schemas.js';
import {
  asRecord,
  DiscordError,
  type DiscordStore,
  type InteractionState,
  type JsonRecord,
} from './store.js';

export interface RecordedFile {
  /** The multipart field, `files[0]` and so on. */
  field: string;
  name: string;
  size: number;
  contentType: string;
  /** The bytes uploaded, so a test can read the file as a user would download it. */
  data: Buffer;
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

/** Matches a call by its route (`POST /channels/{channel_id}/messages`), by a RegExp tested on `METHOD /path`, or by a predicate. */
export type CallMatcher =
  | string
  | RegExp
  | ((call: Pick<RecordedCall, 'method' | 'path' | 'route' | 'query' | 'body'>) => boolean);

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

const API_PREFIX = '/api/v10';

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
      files.push({
        field,
        name: value.name,
        size: value.size,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
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

interface RestOptions {
  apiUrl: string;
  gatewayUrl: string;
  rejectInvalidBodies: boolean;
}

export class RestApi {
  /** Every REST call in arrival order. */
  readonly calls: RecordedCall[] = [];

  readonly #store: DiscordStore;
  readonly #apiUrl: string;
  readonly #gatewayUrl: string;
  readonly #rejectInvalidBodies: boolean;
  readonly #routes: Route[];
  readonly #injections: Injection[] = [];
  readonly #waiters = new Set<Waiter>();

  constructor(store: DiscordStore, options: RestOptions) {
    this.#store = store;
    this.#apiUrl = options.apiUrl;
    this.#gatewayUrl = options.gatewayUrl;
    this.#rejectInvalidBodies = options.rejectInvalidBodies;
    this.#routes = this.#buildRoutes();
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
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 20_000,
  ): Promise<RecordedCall> {
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

  /** Fails whoever still waits for a call, so a closing stand-in leaves no test hanging. */
  close(): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('Discord stand-in closed while waiting for a call'));
    }
    this.#waiters.clear();
  }

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
      route('GET', '/gateway', () => ({ status: 200, body: { url: this.#gatewayUrl } })),
      route('GET', '/gateway/bot', () => ({
        status: 200,
        body: {
          url: this.#gatewayUrl,
          shards: 1,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 14_400_000,
            max_concurrency: 1,
          },
        },
      })),
      route('GET', '/users/@me', () => ({ status: 200, body: botUser(this.#store.world) })),
      route('GET', '/applications/@me', () => ({ status: 200, body: this.#application() })),
      route('GET', '/applications/{application_id}/commands', () => ({
        status: 200,
        body: this.#store.globalCommands,
      })),
      route(
        'PUT',
        '/applications/{application_id}/commands',
        (r) => this.#overwriteCommands(r),
        'bulk_set_application_commands',
      ),
      route('GET', '/applications/{application_id}/guilds/{guild_id}/commands', (r) => ({
        status: 200,
        body: this.#store.guildCommands.get(r.params.guild_id ?? '') ?? [],
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
      route('GET', '/guilds/{guild_id}/roles', (r) => {
        if (r.params.guild_id !== this.#store.world.guildId)
          throw new DiscordError(404, 10004, 'Unknown Guild');
        return { status: 200, body: this.#store.roles };
      }),
      route('GET', '/channels/{channel_id}', (r) => ({
        status: 200,
        body: this.#store.channel(r.params.channel_id),
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
        body: this.#store.channelMessage(r.params.channel_id, r.params.message_id),
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
        this.#store.channel(r.params.channel_id);
        return { status: 204 };
      }),
    ];
  }

  /** Answers one HTTP request to the stand-in, as Discord would. */
  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.#apiUrl);
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
    this.calls.push(call);
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
      id: this.#store.world.applicationId,
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
      owner: humanUser(this.#store.world.userId),
      bot: botUser(this.#store.world),
      approximate_guild_count: 1,
      integration_types_config: { '0': {} },
    };
  }

  #overwriteCommands({ params, rawBody }: RouteRequest): Reply {
    const guildId = params.guild_id;
    const previous = guildId
      ? (this.#store.guildCommands.get(guildId) ?? [])
      : this.#store.globalCommands;
    const requested = Array.isArray(rawBody) ? rawBody.map(asRecord) : [];
    const commands = requested.map((command) => {
      const type =
        typeof command.type === 'number'
          ? (command.type as ApplicationCommandType)
          : ApplicationCommandType.ChatInput;
      // A bulk overwrite keeps the id of a command whose name and type are unchanged, as Discord does.
      const kept = previous.find((old) => old.name === command.name && old.type === type);
      return {
        ...command,
        id: kept?.id ?? this.#store.ids.next(),
        application_id: this.#store.world.applicationId,
        version: this.#store.ids.next(),
        type,
        description: command.description ?? '',
        default_member_permissions: command.default_member_permissions ?? null,
        nsfw: command.nsfw ?? false,
        ...(guildId && { guild_id: guildId }),
      } as APIApplicationCommand;
    });
    if (guildId) this.#store.guildCommands.set(guildId, commands);
    else this.#store.globalCommands.splice(0, this.#store.globalCommands.length, ...commands);
    return { status: 200, body: commands };
  }

  #interactionCallback({ params, query, body, files }: RouteRequest): Reply {
    const state = this.#store.interactionsById.get(params.interaction_id ?? '');
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
        const target = this.#store.messages.get(payload.message.id);
        if (!target) throw new DiscordError(404, 10008, 'Unknown Message');
        if (body.type === InteractionResponseType.UpdateMessage) {
          Object.assign(target, this.#messageFields(data, files, channelId, target.attachments), {
            edited_timestamp: new Date().toISOString(),
          });
        }
        state.originalMessageId = target.id;
        this.#store.webhookMessageTokens.set(target.id, payload.token);
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
    const state = this.#store.interactionsByToken.get(params.webhook_token ?? '');
    if (params.webhook_id !== this.#store.world.applicationId || !state?.acknowledged)
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
      id && this.#store.webhookMessageTokens.get(id) === state.payload.token
        ? this.#store.messages.get(id)
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
    this.#store.messages.delete(message.id);
    this.#store.webhookMessageTokens.delete(message.id);
    return { status: 204 };
  }

  #listMessages({ params, query }: RouteRequest): Reply {
    const channel = this.#store.channel(params.channel_id);
    const limit = Math.min(Math.max(Number(query.limit ?? 50), 1), 100);
    const { before, after } = query;
    const messages = [...this.#store.messages.values()]
      .filter((message) => message.channel_id === channel.id)
      .filter((message) => !before || compareSnowflakes(message.id, before) < 0)
      .filter((message) => !after || compareSnowflakes(message.id, after) > 0)
      .sort((a, b) => compareSnowflakes(b.id, a.id));
    // Paging forward with `after` takes the oldest messages after the cursor, still answered newest first.
    return { status: 200, body: after ? messages.slice(-limit) : messages.slice(0, limit) };
  }

  #createMessage({ params, body, files }: RouteRequest): Reply {
    const channel = this.#store.channel(params.channel_id);
    const reference = asRecord(body.message_reference);
    const referencedId =
      typeof reference.message_id === 'string' ? reference.message_id : undefined;
    const message = newMessage({
      id: this.#store.ids.next(),
      channelId: channel.id,
      author: botUser(this.#store.world),
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
            referenced_message: this.#store.messages.get(referencedId) ?? null,
          }
        : {},
    });
    this.#store.messages.set(message.id, message);
    return { status: 200, body: message };
  }

  #threadFromMessage({ params, body }: RouteRequest): Reply {
    const message = this.#store.channelMessage(params.channel_id, params.message_id);
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
    const parent = this.#store.channel(params.channel_id);
    // Discord's API still defaults a thread without a starter message to private.
    const type =
      body.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
    return { status: 201, body: this.#createThread(this.#store.ids.next(), parent.id, body, type) };
  }

  #createThread(
    id: string,
    parentId: string,
    body: JsonRecord,
    type: ChannelType.PublicThread | ChannelType.PrivateThread,
  ): APIThreadChannel {
    const thread = threadChannel({
      id,
      world: this.#store.world,
      parentId,
      name: typeof body.name === 'string' ? body.name : 'thread',
      type,
      autoArchiveDuration:
        typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
    });
    this.#store.channels.set(thread.id, thread);
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
      const id = this.#store.ids.next();
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
      id: this.#store.ids.next(),
      channelId,
      author: botUser(this.#store.world),
      type,
      fields,
      extra: {
        webhook_id: this.#store.world.applicationId,
        application_id: this.#store.world.applicationId,
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
    this.#store.messages.set(message.id, message);
    this.#store.webhookMessageTokens.set(message.id, payload.token);
    return message;
  }
}
