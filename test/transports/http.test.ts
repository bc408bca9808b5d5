import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startHttpServer, type HttpServer } from '../../src/transports/http.js';
import { startDiscordStandIn, type DiscordStandIn } from '../e2e/discord/standin.js';
import { validateRequestBody } from '../e2e/discord/schemas.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../e2e/openai/standin.js';

const APPLICATION_ID = '1100000000000000001';

function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return { publicHex: Buffer.from(x, 'base64url').toString('hex'), privateKey };
}

interface Sent {
  status: number;
  json: unknown;
}

function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/interactions`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            json: text === '' ? undefined : JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let counter = 0;
function interaction(type: number, data?: unknown, extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    id: `13000000000000${String(counter).padStart(5, '0')}`,
    application_id: APPLICATION_ID,
    type,
    token: `token-${counter}`,
    version: 1,
    guild_id: '1200000000000000001',
    channel_id: '1200000000000000002',
    member: {
      user: { id: '1200000000000000003', username: 'ada', global_name: 'Ada' },
      roles: [],
      permissions: '0',
    },
    ...(data === undefined ? {} : { data }),
    ...extra,
  };
}

const command = (
  name: string,
  options: { name: string; type: number; value: string | boolean }[] = [],
) => interaction(2, { id: '1', name, type: 1, options });

describe('the HTTP interactions endpoint', () => {
  const keys = keyPair();
  const stranger = keyPair();
  let discord: DiscordStandIn;
  let llm: OpenAIStandIn;
  let server: HttpServer;

  const signed = (
    payload: unknown,
    key = keys.privateKey,
    timestamp = String(Math.floor(Date.now() / 1000)),
  ) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    return {
      body,
      headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    };
  };
  const send = (payload: unknown) => {
    const { body, headers } = signed(payload);
    return post(server.url, body, headers);
  };

  before(async () => {
    discord = await startDiscordStandIn({ applicationId: APPLICATION_ID });
    llm = await startOpenAIStandIn();
    const config = loadConfig({
      DISCORD_PUBLIC_KEY: keys.publicHex,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      OPENAI_BASE_URL: llm.baseURL,
      PAPERBOT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'paperbot-http-')),
      ASK_COOLDOWN_SECONDS: '0',
    });
    server = await startHttpServer(createApp(config, createLogger('silent')), {
      port: 0,
      host: '127.0.0.1',
    });
  });
  after(async () => {
    await server.stop();
    await llm.close();
    await discord.close();
  });

  it('answers PING with PONG', async () => {
    const sent = await send({ ...interaction(1), member: undefined });
    assert.deepEqual(sent, { status: 200, json: { type: 1 } });
  });

  describe('refuses requests it cannot verify, before reading them', () => {
    const ping = JSON.stringify(interaction(1));
    it('without a signature', async () => {
      assert.equal((await post(server.url, ping, {})).status, 401);
    });
    it('signed by another key', async () => {
      const { body, headers } = signed(ping, stranger.privateKey);
      assert.equal((await post(server.url, body, headers)).status, 401);
    });
    it('with a stale timestamp', async () => {
      const { body, headers } = signed(
        ping,
        keys.privateKey,
        String(Math.floor(Date.now() / 1000) - 3600),
      );
      assert.equal((await post(server.url, body, headers)).status, 401);
    });
    it('without a timestamp', async () => {
      const { body, headers } = signed(ping);
      assert.equal(
        (await post(server.url, body, { 'x-signature-ed25519': headers['x-signature-ed25519'] }))
          .status,
        401,
      );
    });
    it('with a body changed after signing', async () => {
      const { headers } = signed(ping);
      assert.equal(
        (await post(server.url, ping.replace('"type":1', '"type":2'), headers)).status,
        401,
      );
    });
  });

  it('rejects a body over 64 KiB with 413', async () => {
    const { body, headers } = signed(JSON.stringify({ padding: 'x'.repeat(70 * 1024) }));
    assert.equal((await post(server.url, body, headers)).status, 413);
  });

  it('rejects signed malformed JSON with 400', async () => {
    const { body, headers } = signed('{"type": 1,');
    assert.equal((await post(server.url, body, headers)).status, 400);
  });

  it('answers a command in the response body, in a shape Discord accepts', async () => {
    const sent = await send(
      command('search', [{ name: 'query', type: 3, value: 'butterfly fft' }]),
    );
    assert.equal(sent.status, 200);
    assert.deepEqual(validateRequestBody('create_interaction_response', sent.json), []);
    const body = sent.json as {
      type: number;
      data: { flags: number; embeds: { description: string }[] };
    };
    assert.equal(body.type, 4);
    assert.equal(body.data.flags, 64);
    assert.match(body.data.embeds[0]?.description ?? '', /Butterfly Transform/);
  });

  it('answers autocomplete with choices', async () => {
    const sent = await send(
      interaction(4, {
        id: '1',
        name: 'author',
        type: 1,
        options: [{ name: 'name', type: 3, value: 'meh', focused: true }],
      }),
    );
    const body = sent.json as { type: number; data: { choices: { value: string }[] } };
    assert.equal(body.type, 8);
    assert.ok(body.data.choices.some((c) => c.value === 'Sachin Mehta'));
  });

  it('dispatches buttons to the same handlers as the gateway', async () => {
    const sent = await send(interaction(3, { custom_id: 'pb1:nonsense', component_type: 2 }));
    const body = sent.json as { type: number; data: { flags: number } };
    assert.equal(body.type, 4);
    assert.equal(body.data.flags, 64);
  });

  it('answers an interaction type it does not handle with a clear error', async () => {
    const sent = await send(interaction(5, { custom_id: 'modal', components: [] }));
    const body = sent.json as { type: number; data: { embeds: { description: string }[] } };
    assert.equal(body.type, 4);
    assert.match(body.data.embeds[0]?.description ?? '', /does not handle/);
  });

  it('defers /ask and delivers the answer through the webhook', async () => {
    llm.enqueue({ kind: 'reply', content: 'SPIN compresses ConvMixer by 1.9x [1].' });
    const ask = command('ask', [
      { name: 'question', type: 3, value: 'How much does SPIN compress ConvMixer?' },
    ]);
    const sent = await send(ask);
    assert.deepEqual(sent.json, { type: 5, data: { flags: 64 } });
    const edit = await discord.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/webhooks/${APPLICATION_ID}/${ask.token}/messages/@original`,
    );
    assert.deepEqual(edit.schemaErrors, []);
    assert.match(JSON.stringify(edit.body), /1\.9x/);
  });

  it('finishes an in-flight answer before shutting down', async () => {
    llm.enqueue({
      kind: 'reply',
      content: 'SPIN compresses ConvMixer by 1.9x while improving accuracy on ImageNet [1].',
      chunkDelayMs: 40,
    });
    const ask = command('ask', [
      { name: 'question', type: 3, value: 'What does SPIN do to ConvMixer?' },
    ]);
    assert.equal(((await send(ask)).json as { type: number }).type, 5);
    await server.stop();
    const edits = discord.calls.filter((c) => c.method === 'PATCH' && c.path.includes(ask.token));
    assert.ok(edits.length > 0, 'the deferred answer landed before stop() resolved');
    assert.match(JSON.stringify(edits.at(-1)?.body), /1\.9x/);
  });
});
