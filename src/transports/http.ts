import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import { describeError } from '../errors.js';
import { InFlightWork, runUntilSignalled } from './lifecycle.js';
import { ConfigError } from '../config.js';
import { createDiscordDeps, handleInteraction } from './discord/handler.js';
import { DEFAULT_BACKLOG_LIMIT, DeferredBacklog } from './discord/backlog.js';
import { InteractionSchema } from './discord/payloads.js';
import {
  channelApi,
  createInteractionRest,
  createRest,
  splitFiles,
  webhookResponder,
  type InteractionResponse,
} from './discord/rest.js';

/**
 * The HTTP interactions endpoint: stateless, so any number of replicas can serve it.
 * Every request is verified (Ed25519 over timestamp + raw body) before anything is
 * parsed; Discord itself probes with bad signatures and drops endpoints that accept one.
 */

const MAX_BODY_BYTES = 64 * 1024;
/** A signed request older than this is a replay, not a delivery. */
const MAX_CLOCK_SKEW_SECONDS = 300;

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });
}

export function isValidSignature(
  key: KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowSeconds: number,
): boolean {
  if (
    !signatureHex ||
    !timestamp ||
    !/^[0-9a-f]{128}$/i.test(signatureHex) ||
    !/^\d{1,12}$/.test(timestamp)
  )
    return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp), body]),
    key,
    Buffer.from(signatureHex, 'hex'),
  );
}

class BodyTooLarge extends Error {}

/**
 * Collects the body up to the limit. Listeners rather than `for await`, because leaving a
 * `for await` early destroys the socket before the 413 can be written.
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.off('end', onEnd);
      reject(new BodyTooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', reject);
  });
}

// Discarding costs no memory; the bounds only stop a client from keeping the connection busy.
const DISCARD_BYTES = 32 * 1024 * 1024;
const DISCARD_MS = 1_000;

/**
 * The 413 is written at once, but the response is only ended once the client has stopped
 * sending (its bytes discarded, never buffered) or after a bound: ending it closes the
 * connection, and a client cut off mid-write may never read the answer.
 */
function refuseOversized(request: IncomingMessage, response: ServerResponse): void {
  const text = JSON.stringify({ error: `request bodies are limited to ${MAX_BODY_BYTES} bytes` });
  response.writeHead(413, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  response.write(text);
  let discarded = 0;
  const finish = (cut: boolean) => {
    clearTimeout(timer);
    if (!response.writableEnded) response.end();
    if (cut) request.socket.destroy();
  };
  const timer = setTimeout(() => finish(true), DISCARD_MS);
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) finish(true);
  });
  request.once('end', () => finish(false));
  request.once('close', () => finish(false));
  request.resume();
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * Every request gets exactly one response, even when writing the real one threw: a 500 if
 * nothing went out yet, otherwise the connection is cut so the client is not left waiting.
 */
function ensureAnswered(response: ServerResponse): void {
  if (response.writableEnded) return;
  if (!response.headersSent) {
    try {
      sendJson(response, 500, { error: 'internal error' });
      return;
    } catch {
      // Nothing more can be written; cutting the connection is the answer left.
    }
  }
  response.destroy();
}

export interface HttpServer {
  url: string;
  server: Server;
  /** Deferred answers in flight. */
  backlog: DeferredBacklog;
  /**
   * Stops accepting and waits for in-flight work (deferred answers included) for the shutdown
   * grace; what is still running then is abandoned, so stopping is bounded.
   */
  stop(): Promise<void>;
}

interface HttpServerOptions {
  port?: number;
  host?: string;
  now?: () => number;
  /** Deferred answers carried at once before new ones are refused as busy. */
  backlogLimit?: number;
}

export async function startHttpServer(
  app: App,
  options: HttpServerOptions = {},
): Promise<HttpServer> {
  const { config, log } = app;
  if (!config.discord.publicKey)
    throw new ConfigError([
      'DISCORD_PUBLIC_KEY is required to verify requests (Developer Portal → General Information → Public Key)',
    ]);
  const key = publicKeyFromHex(config.discord.publicKey);
  const now = options.now ?? (() => Date.now() / 1000);
  const interactionRest = createInteractionRest(config);
  const inFlight = new InFlightWork();
  const backlog = new DeferredBacklog(options.backlogLimit ?? DEFAULT_BACKLOG_LIMIT);
  const deps = createDiscordDeps(app, {
    channels: channelApi(createRest(config)),
    botUserId: config.discord.applicationId ?? '',
    backlog,
    shutdown: inFlight.signal,
  });

  async function onInteraction(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        refuseOversized(request, response);
        return;
      }
      // A slow client cut off (Node answers 408) or one that hung up: ordinary on the internet.
      if (request.destroyed) {
        log.info(
          { reason: describeError(error).message },
          'a client left before sending its request',
        );
        return;
      }
      throw error;
    }
    const signature = request.headers['x-signature-ed25519'];
    const timestamp = request.headers['x-signature-timestamp'];
    if (
      !isValidSignature(
        key,
        typeof signature === 'string' ? signature : undefined,
        typeof timestamp === 'string' ? timestamp : undefined,
        body,
        now(),
      )
    ) {
      sendJson(response, 401, { error: 'invalid request signature' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(response, 400, { error: 'the body is not valid JSON' });
      return;
    }
    const parsed = InteractionSchema.safeParse(json);
    if (!parsed.success) {
      sendJson(response, 400, { error: 'not an interaction paperbot can read' });
      return;
    }
    const interaction = parsed.data;
    if (interaction.type === InteractionType.Ping) {
      sendJson(response, 200, { type: InteractionResponseType.Pong });
      return;
    }
    let answered = false;
    const responder = webhookResponder(
      interactionRest,
      interaction,
      async (reply: InteractionResponse) => {
        if (answered) throw new Error('this interaction was already answered');
        answered = true;
        // The first answer is the HTTP response; files can only follow through the webhook.
        const data =
          'data' in reply && 'embeds' in reply.data
            ? splitFiles(reply.data).body
            : 'data' in reply
              ? reply.data
              : undefined;
        sendJson(
          response,
          200,
          data === undefined ? { type: reply.type } : { type: reply.type, data },
        );
      },
      inFlight.signal,
    );
    await inFlight.track(
      handleInteraction(interaction, responder, deps).finally(() => {
        if (!response.writableEnded)
          log.error({ interaction: interaction.id }, 'an interaction produced no response');
        ensureAnswered(response);
      }),
    );
  }

  // Timeouts are enforced by a periodic sweep (30 s by default); sweep every second so they hold.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if ((request.method === 'GET' || request.method === 'HEAD') && path === '/healthz') {
      sendJson(response, 200, { ok: true, papers: app.search.papers.length });
      return;
    }
    if (path !== '/interactions') return sendJson(response, 404, { error: 'not found' });
    if (request.method !== 'POST')
      return sendJson(response, 405, { error: 'use POST' }, { allow: 'POST' });
    onInteraction(request, response).catch((error: unknown) => {
      log.error({ err: describeError(error) }, 'interaction request failed');
      ensureAnswered(response);
    });
  });
  // Slow clients cannot hold a connection open: headers within 5 s, the whole request within 10 s.
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.listen(options.port ?? config.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  log.info({ port }, 'interactions endpoint listening');
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    backlog,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await inFlight.drain(config.shutdownGraceSeconds * 1000, log);
      server.closeAllConnections();
      await closed;
    },
  };
}

/** `paperbot serve`: runs until SIGTERM or SIGINT, then finishes in-flight work and exits. */
export function runHttpServer(app: App): Promise<void> {
  return runUntilSignalled(app, () => startHttpServer(app));
}
