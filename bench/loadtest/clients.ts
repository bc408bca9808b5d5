/**
 * What `npm run loadtest` sends: signed interactions as Discord would deliver them, and the
 * misbehaving clients of the abuse scenarios, written on raw sockets because node:http's own
 * client would neither trickle headers nor keep writing a body the server has refused.
 */
import { sign, type KeyObject } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export { keyPair, type KeyPair } from '../../testing/signing.js';

export interface SignedRequest {
  method: 'POST';
  path: '/interactions';
  headers: Record<string, string>;
  body: string;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function signed(
  body: string,
  key: KeyObject,
  timestamp = String(nowSeconds()),
): SignedRequest {
  const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
  return {
    method: 'POST',
    path: '/interactions',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
    body,
  };
}

export const APPLICATION_ID = '1100000000000000001';
const GUILD_ID = '1200000000000000001';
const CHANNEL_ID = '1200000000000000002';

export interface CommandOption {
  name: string;
  type: number;
  value: string | number | boolean;
  focused?: boolean;
}

/** Ids and tokens differ per request, as Discord's do; users rotate over a small team. */
export function interaction(
  serial: number,
  type: number,
  data?: { name: string; options: CommandOption[] },
): string {
  const user = String(1200000000000000100n + BigInt(serial % 25));
  return JSON.stringify({
    id: String(1300000000000000000n + BigInt(serial)),
    application_id: APPLICATION_ID,
    type,
    token: `loadtest-token-${serial}`,
    version: 1,
    ...(type === 1
      ? {}
      : {
          guild_id: GUILD_ID,
          channel_id: CHANNEL_ID,
          member: {
            user: { id: user, username: `member${serial % 25}`, global_name: null },
            roles: [],
            permissions: '0',
          },
          data: { id: '1', type: 1, ...data },
        }),
  });
}

export interface Sent {
  status: number;
  json: unknown;
  ms: number;
}

/** One request through node:http; `agent: false` gives it a socket of its own, for concurrency tests. */
export function post(
  url: string,
  req: SignedRequest | { body: string | Buffer; headers: Record<string, string> },
  agent: Agent | false,
): Promise<Sent> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/interactions`,
      { method: 'POST', headers: req.headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: response.statusCode ?? 0, json, ms: performance.now() - started });
        });
      },
    );
    outgoing.setTimeout(15_000, () => outgoing.destroy(new Error('no answer within 15 s')));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** The status code of the first response line seen on a raw socket, once it has arrived. */
function statusWatcher(socket: Socket): () => number | undefined {
  let head = '';
  socket.on('data', (chunk: Buffer) => {
    if (head.length < 64) head += chunk.toString('latin1');
  });
  return () => {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
    return match ? Number(match[1]) : undefined;
  };
}

export type SlowKind = 'idle' | 'trickled-headers' | 'stalled-body';

export interface SlowOutcome {
  kind: SlowKind;
  /** How long the server let the socket live; undefined when it was still open at the deadline. */
  closedAfterMs: number | undefined;
  status: number | undefined;
}

/**
 * A client that never completes its request: it connects and says nothing, or sends a header
 * line every half second forever, or sends complete signed headers and a fraction of the body.
 */
export function slowClient(
  url: string,
  kind: SlowKind,
  body: SignedRequest,
  deadlineMs: number,
): Promise<SlowOutcome> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const started = performance.now();
  const status = statusWatcher(socket);
  let trickle: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    if (kind === 'trickled-headers') {
      socket.write(`POST /interactions HTTP/1.1\r\nHost: ${hostname}\r\n`);
      let line = 0;
      trickle = setInterval(() => socket.write(`x-slow-${line++}: still typing\r\n`), 500);
    } else if (kind === 'stalled-body') {
      const head = Object.entries(body.headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(
        `POST /interactions HTTP/1.1\r\nHost: ${hostname}\r\n${head}content-length: ${Buffer.byteLength(body.body)}\r\n\r\n`,
      );
      socket.write(body.body.slice(0, Math.floor(body.body.length / 3)));
    }
  });
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      clearInterval(trickle);
      socket.removeAllListeners('close');
      socket.destroy();
      resolve({ kind, closedAfterMs: undefined, status: status() });
    }, deadlineMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(deadline);
      clearInterval(trickle);
      resolve({ kind, closedAfterMs: performance.now() - started, status: status() });
    });
  });
}

interface OversizedOptions {
  bytes: number;
  /** Without content-length, so the server only learns the size by reading. */
  chunked: boolean;
  /** As curl and undici do on an early response; an attacker keeps writing regardless. */
  stopOnResponse: boolean;
  timeoutMs: number;
}

export interface OversizedOutcome {
  options: OversizedOptions;
  status: number | undefined;
  /** False when the socket was still open at the timeout and we closed it ourselves. */
  closedByServer: boolean;
  /** Bytes that left for the server (headers included) before the connection closed. */
  written: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** Streams a body far over the limit and records how the server got rid of it. */
export function oversizedClient(url: string, options: OversizedOptions): Promise<OversizedOutcome> {
  const { bytes, chunked, stopOnResponse, timeoutMs } = options;
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const status = statusWatcher(socket);
  let written = 0;
  let closed = false;
  let timedOut = false;
  const framing = chunked ? 'transfer-encoding: chunked' : `content-length: ${bytes}`;
  const pump = () => {
    while (!closed && written < bytes && !(stopOnResponse && status() !== undefined)) {
      const piece = CHUNK.subarray(0, Math.min(CHUNK.length, bytes - written));
      written += piece.length;
      const more = chunked
        ? socket.write(`${piece.length.toString(16)}\r\n`) &&
          socket.write(piece) &&
          socket.write('\r\n')
        : socket.write(piece);
      if (!more) return void socket.once('drain', pump);
    }
    if (!closed && chunked && written >= bytes) socket.write('0\r\n\r\n');
  };
  socket.on('connect', () => {
    socket.write(
      `POST /interactions HTTP/1.1\r\nHost: ${hostname}\r\ncontent-type: application/json\r\n${framing}\r\n\r\n`,
    );
    pump();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, timeoutMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      // bytesWritten counts what is still queued in the socket too; that part never left.
      resolve({
        options,
        status: status(),
        closedByServer: !timedOut,
        written: socket.bytesWritten - socket.writableLength,
      });
    });
  });
}
