import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

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

describe('paperbot serve as a process', () => {
  it('serves /healthz, then exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/transports/cli.ts', 'serve'], {
      env: {
        ...process.env,
        PORT: String(port),
        DISCORD_PUBLIC_KEY: Buffer.from(jwk.x ?? '', 'base64url').toString('hex'),
        DISCORD_TOKEN: '',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        LOG_LEVEL: 'silent',
        PAPERBOT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'paperbot-serve-')),
      },
      stdio: 'ignore',
    });
    try {
      assert.ok(
        await healthy(`http://127.0.0.1:${port}/healthz`, Date.now() + 15_000),
        'the server came up',
      );
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
