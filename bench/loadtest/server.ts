/**
 * The server half of `npm run loadtest`, forked into its own process so the server and
 * autocannon each get one of the two cores, and so its memory is measured apart from the
 * load generator's. `baseline` is a bare node:http server that only verifies the Ed25519
 * signature and answers PONG; `paperbot` is the real interactions endpoint.
 *
 * processes.ts forks it as
 *
 *   node --import tsx --expose-gc bench/loadtest/server.ts <baseline|paperbot> '<env as JSON>'
 *
 * and it reports its URL over IPC once listening, then answers memory and profiler requests
 * until told to stop.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { isValidSignature, publicKeyFromHex, startHttpServer } from '../../src/transports/http.js';

export type ServerMode = 'baseline' | 'paperbot';
/** Each request but `stop` gets exactly one reply, in order. */
export type ToServer =
  | { type: 'memory'; gc: boolean }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };
/** The timeouts let the parent judge how fast slow clients should have been closed. */
export type FromServer =
  | { type: 'listening'; url: string; headersTimeout: number; requestTimeout: number }
  | { type: 'memory'; rss: number; heapUsed: number }
  | { type: 'done' };

function send(message: FromServer): void {
  process.send?.(message);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Uses paperbot's own verification so the ratio to the baseline isolates everything after it. */
interface Running {
  url: string;
  server: Server;
  stop: () => Promise<void>;
}

async function startBaseline(publicKeyHex: string): Promise<Running> {
  const key = publicKeyFromHex(publicKeyHex);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const valid = isValidSignature(
        key,
        header(request, 'x-signature-ed25519'),
        header(request, 'x-signature-timestamp'),
        Buffer.concat(chunks),
        Date.now() / 1000,
      );
      if (valid) reply(response, 200, '{"type":1}');
      else reply(response, 401, '{"error":"invalid request signature"}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function startPaperbot(env: Record<string, string>): Promise<Running> {
  const running = await startHttpServer(createApp(loadConfig(env), createLogger('silent')), {
    port: 0,
    host: '127.0.0.1',
  });
  return { url: running.url, server: running.server, stop: () => running.stop() };
}

async function main(): Promise<void> {
  const [mode, envJson] = process.argv.slice(2);
  if ((mode !== 'baseline' && mode !== 'paperbot') || envJson === undefined || !process.send) {
    throw new Error(
      'Usage: forked by bench/loadtest/main.ts with <baseline|paperbot> and the environment as JSON',
    );
  }
  const env = JSON.parse(envJson) as Record<string, string>;
  const server =
    mode === 'baseline'
      ? await startBaseline(env.DISCORD_PUBLIC_KEY ?? '')
      : await startPaperbot(env);
  const collect = (globalThis as { gc?: () => void }).gc;
  // Orphaned by a crashed or interrupted parent, the server would otherwise hold its port forever.
  process.on('disconnect', () => process.exit(1));
  // Profiling through the inspector rather than --cpu-prof gives one profile per scenario instead of one per process.
  const profiler = new Session();
  profiler.connect();
  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'memory': {
        if (message.gc) collect?.();
        const { rss, heapUsed } = process.memoryUsage();
        return send({ type: 'memory', rss, heapUsed });
      }
      case 'profile-start':
        return void (async () => {
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
          await profiler.post('Profiler.start');
          send({ type: 'done' });
        })();
      case 'profile-stop':
        return void (async () => {
          const { profile } = await profiler.post('Profiler.stop');
          writeFileSync(message.file, JSON.stringify(profile));
          send({ type: 'done' });
        })();
      case 'stop':
        // The IPC channel would keep the process alive after the server has closed.
        return void server.stop().then(() => process.exit(0));
    }
  });
  send({
    type: 'listening',
    url: server.url,
    headersTimeout: server.server.headersTimeout,
    requestTimeout: server.server.requestTimeout,
  });
}

await main();
