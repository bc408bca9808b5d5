/** The parent's side of the forked servers (server.ts): start one, ask it for memory and profiles, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromServer, ServerMode, ToServer } from './server.js';
import { STOP_TIMEOUT_MS } from './settings.js';

export interface Memory {
  rss: number;
  heapUsed: number;
}

export interface ServerProcess {
  url: string;
  headersTimeout: number;
  requestTimeout: number;
  memory(gc: boolean): Promise<Memory>;
  /** Starts the CPU profiler; the returned function stops it and writes the profile to `file`. */
  profile(): Promise<(file: string) => Promise<void>>;
  /** Null while running; the exit code or signal once the process has ended. */
  exit(): string | null;
  stop(): Promise<void>;
}

/** The server script next to this one, whether this runs as TypeScript (tsx) or compiled. */
const SERVER_SCRIPT = fileURLToPath(
  new URL(`./server${extname(import.meta.url)}`, import.meta.url),
);

export async function spawnServer(
  mode: ServerMode,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [mode, JSON.stringify(env)], {
    // Compiled, the server needs no TypeScript loader; run through tsx, it does.
    execArgv: [...(SERVER_SCRIPT.endsWith('.ts') ? ['--import', 'tsx'] : []), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exit: string | null = null;
  const replies: { resolve: (message: FromServer) => void; reject: (error: Error) => void }[] = [];
  // A crashed server must fail the run, not leave it waiting for a reply that will never come.
  child.once('exit', (code, signal) => {
    exit = signal ?? String(code);
    for (const reply of replies.splice(0))
      reply.reject(new Error(`the ${mode} server exited (${exit})`));
  });
  const listening = new Promise<Extract<FromServer, { type: 'listening' }>>((resolve, reject) => {
    child.once('exit', () => reject(new Error(`the ${mode} server exited before listening`)));
    child.on('message', (message: FromServer) => {
      if (message.type === 'listening') resolve(message);
      else replies.shift()?.resolve(message);
    });
  });
  const { url, headersTimeout, requestTimeout } = await listening;
  const call = (message: ToServer) =>
    new Promise<FromServer>((resolve, reject) => {
      if (exit !== null) return reject(new Error(`the ${mode} server exited (${exit})`));
      replies.push({ resolve, reject });
      child.send(message);
    });
  return {
    url,
    headersTimeout,
    requestTimeout,
    async memory(gc) {
      const reply = await call({ type: 'memory', gc });
      if (reply.type !== 'memory') throw new Error(`expected a memory reading, got ${reply.type}`);
      return { rss: reply.rss, heapUsed: reply.heapUsed };
    },
    async profile() {
      await call({ type: 'profile-start' });
      return async (file) => void (await call({ type: 'profile-stop', file }));
    },
    exit: () => exit,
    async stop() {
      if (exit !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' } satisfies ToServer);
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}
