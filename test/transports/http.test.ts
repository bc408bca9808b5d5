import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startHttpServer, type HttpServer } from '../../src/transports/http.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../testing/discord/standin.js';
import { validateRequestBody } from '../../testing/discord/schemas.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../../testing/openai/standin.js';
import {
  APPLICATION_ID,
  command,
  interaction,
  keyPair,
  post,
  send as sendTo,
  signed as signedBy,
} from './http-client.js';
import { PAPERS_JSON } from '../search/corpus-fixture.js';
import { freshTempDir } from '../../testing/temp-dir.js';

describe('the HTTP interactions endpoint', () => {
  const keys = keyPair();
  const stranger = keyPair();
  let discord: DiscordStandIn;
  let llm: OpenAIStandIn;
  let server: HttpServer;

  const signed = (payload: unknown, key = keys.privateKey, timestamp?: string) =>
    signedBy(payload, key, timestamp);
  const send = (payload: unknown) => {
    const { body, headers } = signed(payload);
    return post(server.url, body, headers);
  };

  before(async () => {
    discord = await startDiscordStandIn({ applicationId: APPLICATION_ID });
    llm = await startOpenAIStandIn();
    const config = loadConfig({
      PAPERBOT_CORPUS: PAPERS_JSON,
      DISCORD_PUBLIC_KEY: keys.publicHex,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      OPENAI_BASE_URL: llm.baseURL,
      PAPERBOT_CACHE_DIR: freshTempDir('paperbot-http-'),
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
    assert.equal(sent.status, 200);
    assert.deepEqual(sent.json, { type: 1 });
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
      const signature = headers['x-signature-ed25519'] ?? '';
      assert.equal(
        (await post(server.url, body, { 'x-signature-ed25519': signature })).status,
        401,
      );
    });
    it('with a timestamp from too far in the future', async () => {
      const future = String(Math.floor(Date.now() / 1000) + 3600);
      const { body, headers } = signed(ping, keys.privateKey, future);
      assert.equal((await post(server.url, body, headers)).status, 401);
    });
    for (const [type, name] of [
      [1, 'ping'],
      [2, 'slash command'],
      [3, 'button press'],
      [4, 'autocomplete'],
      [5, 'modal submit'],
    ] as const) {
      it(`of type ${type} (${name}) when unsigned or signed by another key`, async () => {
        const payload = JSON.stringify(
          interaction(type, { id: '1', name: 'search', type: 1, custom_id: 'pb1:x', options: [] }),
        );
        assert.equal((await post(server.url, payload, {})).status, 401);
        const forged = signed(payload, stranger.privateKey);
        assert.equal((await post(server.url, forged.body, forged.headers)).status, 401);
      });
    }
    it('with a body changed after signing', async () => {
      const { headers } = signed(ping);
      assert.equal(
        (await post(server.url, ping.replace('"type":1', '"type":2'), headers)).status,
        401,
      );
    });
  });

  it('accepts a timestamp a little ahead of its clock (clock skew)', async () => {
    const ahead = String(Math.floor(Date.now() / 1000) + 60);
    const { body, headers } = signed(interaction(1), keys.privateKey, ahead);
    assert.equal((await post(server.url, body, headers)).status, 200);
  });

  it('refuses a chunked body past 64 KiB with 413 while it is still arriving', async () => {
    const response = new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        // The rest of a 5 MiB body, which the server discards rather than holds.
        for (let i = 0; i < 19; i += 1) req.write(Buffer.alloc(256 * 1024, 0x20));
        req.end();
      });
      req.on('error', reject);
      // A quarter of a MiB, then nothing more until the server answers: a server that
      // buffered the body until its end would never answer.
      req.write(Buffer.alloc(256 * 1024, 0x20));
    });
    assert.equal(await response, 413);
  });

  it('answers HEAD /healthz like GET, without a body', async () => {
    const get = await sendTo(server.url, { method: 'GET', path: '/healthz' });
    const head = await sendTo(server.url, { method: 'HEAD', path: '/healthz' });
    assert.equal(head.status, 200);
    assert.equal(head.json, undefined);
    assert.equal(head.headers['content-length'], get.headers['content-length']);
  });

  it('answers a request exactly once when writing its response throws', async (t) => {
    const failing = t.mock.method(
      ServerResponse.prototype,
      'writeHead',
      () => {
        throw new Error('the socket went away mid-write');
      },
      { times: 1 },
    );
    const sent = await send(command('stats'));
    assert.equal(failing.mock.callCount(), 1, 'writing the answer threw');
    assert.equal(sent.status, 500);
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

  it('defers /stats and uploads its PNG chart with the webhook edit', async () => {
    const stats = command('stats');
    assert.deepEqual((await send(stats)).json, { type: 5, data: { flags: 64 } });
    const edit = await discord.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/webhooks/${APPLICATION_ID}/${stats.token}/messages/@original`,
      60_000,
    );
    assert.deepEqual(edit.schemaErrors, []);
    assert.deepEqual(
      edit.files?.map((f) => [f.name, f.contentType]),
      [['paperbot-stats.png', 'image/png']],
    );
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

describe('the HTTP interactions endpoint and a client too slow to send its request', () => {
  it('cuts it off with 408 and logs that as information, not as an error with a stack', async () => {
    const dir = freshTempDir('paperbot-http-slow-');
    const logFile = join(dir, 'log.jsonl');
    const config = loadConfig({
      PAPERBOT_CORPUS: PAPERS_JSON,
      DISCORD_PUBLIC_KEY: keyPair().publicHex,
      PAPERBOT_CACHE_DIR: dir,
    });
    const slow = await startHttpServer(createApp(config, createLogger('info', [], logFile)), {
      port: 0,
      host: '127.0.0.1',
    });
    // Node cuts a request off after requestTimeout (10 s here); a test need not wait that long.
    slow.server.headersTimeout = 500;
    slow.server.requestTimeout = 1_000;
    try {
      const socket = connect(Number(new URL(slow.url).port), '127.0.0.1');
      socket.write(
        'POST /interactions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"type":',
      );
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      await once(socket, 'close');
      assert.match(received, /^HTTP\/1\.1 408/);
    } finally {
      await slow.stop();
    }
    const log = readFileSync(logFile, 'utf8');
    assert.doesNotMatch(log, /"level":50/);
    assert.doesNotMatch(log, /stack/);
  });
});
