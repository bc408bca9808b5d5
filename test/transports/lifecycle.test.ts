import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDiscordStandIn } from '../../testing/discord/standin.js';
import { APPLICATION_ID, command, keyPair, post, signed } from './http-client.js';
import { startServe } from './serve-process.js';

/** `paperbot serve` as production runs it: node itself, or `exec` from a shell script. */
function serve(how: 'node' | 'exec', env: Record<string, string> = {}) {
  return startServe(how, { DISCORD_PUBLIC_KEY: keyPair().publicHex, ...env });
}

describe('paperbot serve as a process', () => {
  // Run with node itself, serve exits 0 on SIGTERM in the grace-period spec below: a process
  // of its own just for that would cost a start-up and prove nothing more.
  it('started with exec from a shell script (as the README says), stops on SIGTERM to that pid', async () => {
    const { child, url, exited } = await serve('exec');
    try {
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null]);
      await assert.rejects(fetch(`${url}/healthz`), 'nothing is left serving the port');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exits after its grace period while Discord keeps asking it to wait', async () => {
    const discord = await startDiscordStandIn({ applicationId: APPLICATION_ID });
    const keys = keyPair();
    const { child, url, exited } = await serve('node', {
      DISCORD_PUBLIC_KEY: keys.publicHex,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      SHUTDOWN_GRACE_SECONDS: '1',
    });
    try {
      const ask = command('ask', [{ name: 'question', type: 3, value: 'What is MobileViT?' }]);
      const isEdit = (c: { method: string; path: string }) =>
        c.method === 'PATCH' && c.path.includes(ask.token);
      discord.failNext(
        isEdit,
        429,
        { message: 'rate limited', retry_after: 25 },
        {
          'retry-after': '25',
        },
      );
      const { body, headers } = signed(ask, keys.privateKey);
      assert.equal(((await post(url, body, headers)).json as { type: number }).type, 5);
      await discord.waitForCall(isEdit, 15_000);
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null]);
      assert.equal(discord.calls.filter(isEdit).length, 1, 'the 25 s wait was abandoned');
    } finally {
      child.kill('SIGKILL');
      await discord.close();
    }
  });
});
