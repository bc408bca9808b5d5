// `paperbot serve` as a separate process, as production runs it, on a port of its own.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { nodeArgs } from './spawn.js';
import { freshTempDir } from '../../testing/temp-dir.js';
import { freePort } from '../../testing/free-port.js';

async function healthy(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

const SERVE_ENTRY = [...nodeArgs('src/transports/cli.ts'), 'serve'];

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown[]>;
}

/**
 * Starts `paperbot serve` with no Discord token, no model, its own cache and data directory
 * unless `env` says otherwise, and resolves once /healthz answers.
 */
export async function startServe(
  how: 'node' | 'exec',
  env: Record<string, string>,
): Promise<ServeProcess> {
  const port = await freePort();
  const childEnv = {
    ...process.env,
    PORT: String(port),
    DISCORD_TOKEN: '',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    LOG_LEVEL: 'silent',
    PAPERBOT_CACHE_DIR: freshTempDir('paperbot-serve-'),
    PAPERBOT_DATA_DIR: freshTempDir('paperbot-serve-data-'),
    ...env,
  };
  const child =
    how === 'node'
      ? spawn(process.execPath, SERVE_ENTRY, { env: childEnv, stdio: 'ignore' })
      : spawn('sh', ['-c', `exec "${process.execPath}" ${SERVE_ENTRY.join(' ')}`], {
          env: childEnv,
          stdio: 'ignore',
        });
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  assert.ok(await healthy(`${url}/healthz`, Date.now() + 30_000), 'the server came up');
  return { child, url, exited };
}
