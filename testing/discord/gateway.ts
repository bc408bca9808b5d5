/**
 * The Discord stand-in's JSON gateway: the HELLO / IDENTIFY / READY handshake discord.js expects,
 * heartbeats, and dispatches (op 0) with a sequence number per session.
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type ApplicationFlags,
  type APITextChannel,
  type GatewayReadyDispatchData,
} from 'discord.js';
import { botUser, guildCreate } from './payloads.js';
import { asRecord, type DiscordStore, type JsonRecord } from './store.js';

export interface IdentifyRecord {
  token: string;
  intents: number;
  properties: unknown;
  shard?: [number, number];
  compress?: boolean;
  /** The gateway URL's query: discord.js asks for `v` and `encoding`, and `compress` only when zlib-sync is installed. */
  query: Record<string, string>;
}

interface GatewaySession {
  socket: WebSocket;
  query: Record<string, string>;
  sequence: number;
  identify: IdentifyRecord | null;
}

/** Discord's own value; discord.js jitters its first heartbeat within it, so a test never waits on it. */
const HEARTBEAT_INTERVAL_MS = 41_250;

export class Gateway {
  /** Resolves with the bot's first IDENTIFY. */
  readonly identify: Promise<IdentifyRecord>;
  /** Every IDENTIFY the bot sent, one per gateway session. */
  readonly identifies: IdentifyRecord[] = [];

  readonly #store: DiscordStore;
  readonly #url: string;
  readonly #server: WebSocketServer;
  readonly #sessions = new Set<GatewaySession>();
  #resolveIdentify!: (record: IdentifyRecord) => void;

  constructor(server: Server, url: string, store: DiscordStore) {
    this.#store = store;
    this.#url = url;
    this.identify = new Promise((resolve) => {
      this.#resolveIdentify = resolve;
    });
    this.#server = new WebSocketServer({ server, path: '/' });
    this.#server.on('connection', (socket, request) => this.#onConnection(socket, request));
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

  /** The intents the bot identified with, which decide the events Discord sends it. */
  identifiedIntents(): number {
    const identified = [...this.#sessions].find((session) => session.identify)?.identify;
    if (!identified) throw new Error('No bot has identified on the gateway yet');
    return identified.intents;
  }

  async close(): Promise<void> {
    for (const session of this.#sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = Object.fromEntries(new URL(request.url ?? '/', this.#url).searchParams);
    const session: GatewaySession = { socket, query, sequence: 0, identify: null };
    this.#sessions.add(session);
    socket.on('close', () => this.#sessions.delete(session));
    socket.on('message', (data) => this.#onMessage(session, data));
    // Text frames only: discord.js parses text as plain JSON even when it asked for zlib-stream.
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS },
      }),
    );
  }

  #onMessage(session: GatewaySession, data: RawData): void {
    let frame: { op?: unknown; d?: unknown };
    try {
      const text = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data));
      frame = JSON.parse(text.toString('utf8')) as typeof frame;
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
    this.identifies.push(record);
    this.#resolveIdentify(record);

    const { world } = this.#store;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: botUser(world),
      // READY lists guilds as unavailable; discord.js waits for each one's GUILD_CREATE before emitting ready.
      guilds: [{ id: world.guildId, unavailable: true }],
      session_id: `standin-session-${this.#store.ids.next()}`,
      resume_gateway_url: this.#url,
      ...(shard && { shard }),
      application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.dispatch(GatewayDispatchEvents.Ready, ready);
    const channels = [...this.#store.channels.values()].filter(
      (channel): channel is APITextChannel => channel.type === ChannelType.GuildText,
    );
    this.dispatch(
      GatewayDispatchEvents.GuildCreate,
      guildCreate(world, channels, this.#store.roles),
    );
  }
}
