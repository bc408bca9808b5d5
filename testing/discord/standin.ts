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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIMessage,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIRole,
  GatewayMessageCreateDispatchData,
} from 'discord.js';
import { Gateway, type IdentifyRecord } from './gateway.js';
import { guildRole } from './payloads.js';
import {
  Interactions,
  type AutocompleteInit,
  type ButtonInit,
  type ChatInputInit,
  type MessageContextMenuInit,
  type MessageInit,
} from './interactions.js';
import { RestApi, type RecordedCall, type SchemaErrorReport } from './rest.js';
import { compileSchemas } from './schemas.js';
import { DiscordStore } from './store.js';

export type { IdentifyRecord } from './gateway.js';
export type {
  AutocompleteInit,
  ButtonInit,
  ChatInputInit,
  MessageContextMenuInit,
  MessageInit,
  Origin,
} from './interactions.js';
export type { CallMatcher, RecordedCall, RecordedFile, SchemaErrorReport } from './rest.js';

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
  /**
   * The gateway address `GET /gateway/bot` announces instead of the stand-in's own: one where
   * nothing listens plays a Discord whose REST API answers and whose gateway cannot be reached.
   */
  gatewayUrl?: string;
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

  readonly #server: Server;
  readonly #store: DiscordStore;
  readonly #rest: RestApi;
  readonly #gateway: Gateway;
  readonly #interactions: Interactions;

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
    this.#store = new DiscordStore({
      applicationId: this.applicationId,
      botUserId: this.botUserId,
      guildId: this.guildId,
      channelId: this.channelId,
      userId: this.userId,
    });
    this.#rest = new RestApi(this.#store, {
      apiUrl: this.apiUrl,
      gatewayUrl: options.gatewayUrl ?? this.gatewayUrl,
      rejectInvalidBodies: options.rejectInvalidBodies ?? false,
    });
    this.#gateway = new Gateway(server, this.gatewayUrl, this.#store);
    this.#interactions = new Interactions(this.#store, this.#gateway);
    this.identify = this.#gateway.identify;
    this.interaction = {
      chatInput: (init) => this.#interactions.chatInput(init),
      autocomplete: (init) => this.#interactions.autocomplete(init),
      button: (init) => this.#interactions.button(init),
      messageContextMenu: (init) => this.#interactions.messageContextMenu(init),
    };
    server.on('request', (request, response) => void this.#rest.serve(request, response));
  }

  /** Every REST call in arrival order. */
  get calls(): readonly RecordedCall[] {
    return this.#rest.calls;
  }

  /** Every IDENTIFY the bot sent, one per gateway session. */
  get identifies(): readonly IdentifyRecord[] {
    return this.#gateway.identifies;
  }

  static async start(options: StandInOptions = {}): Promise<DiscordStandIn> {
    // Compiling up front keeps the first validated request as fast as the rest.
    compileSchemas();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new DiscordStandIn(server, (server.address() as AddressInfo).port, options);
  }

  /** {@link RestApi.failNext}: the next matching call fails as given, once. */
  failNext(...injection: Parameters<RestApi['failNext']>): void {
    this.#rest.failNext(...injection);
  }

  /** Resolves with the first call, past or future, that satisfies `predicate`; the timeout is generous because tests share a loaded machine. */
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 20_000,
  ): Promise<RecordedCall> {
    return this.#rest.waitForCall(predicate, timeoutMs);
  }

  /** Every schema violation across all calls so far; a bot that only sends valid bodies leaves this empty. */
  schemaErrors(): SchemaErrorReport[] {
    return this.#rest.schemaErrors();
  }

  /** A message as Discord currently holds it: sent by the bot, edited, or dispatched by a test. */
  getMessage(id: string): APIMessage | undefined {
    return this.#store.messages.get(id);
  }

  /** Creates a role in the guild, as a server admin would; give its id to an interaction's `roles`. */
  createRole(name: string): APIRole {
    const role = guildRole({
      id: this.#store.ids.next(),
      name,
      position: this.#store.roles.length,
    });
    this.#store.roles.push(role);
    return role;
  }

  /** The reply an interaction has received so far (what `GET .../messages/@original` returns). */
  originalResponse(interactionToken: string): APIMessage | undefined {
    const id = this.#store.interactionsByToken.get(interactionToken)?.originalMessageId;
    return id ? this.#store.messages.get(id) : undefined;
  }

  /** Sends a gateway dispatch (op 0) to every identified session, each with its next sequence number. */
  dispatch(event: string, data: unknown): void {
    this.#gateway.dispatch(event, data);
  }

  /**
   * Dispatches MESSAGE_CREATE from a user and returns the payload. As on Discord, the bot only gets it
   * with the GuildMessages (or DirectMessages) intent, so without it this throws rather than letting a
   * test wait for nothing; and without MessageContent the content arrives empty unless the message
   * mentions the bot or is a DM.
   */
  message(init: MessageInit): GatewayMessageCreateDispatchData {
    return this.#interactions.message(init);
  }

  /** Closes sockets and servers. Destroy the client first: a client that loses its gateway tries to reconnect. */
  async close(): Promise<void> {
    this.#rest.close();
    await this.#gateway.close();
    // Keep-alive sockets from discord.js's HTTP agent would otherwise hold server.close() open.
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export function startDiscordStandIn(options?: StandInOptions): Promise<DiscordStandIn> {
  return DiscordStandIn.start(options);
}
