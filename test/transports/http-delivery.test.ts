import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { RESTEvents, type RateLimitData } from 'discord.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InteractionSchema } from '../../src/transports/discord/payloads.js';
import {
  createInteractionRest,
  createRest,
  webhookResponder,
  WEBHOOK_BOUNDS,
} from '../../src/transports/discord/rest.js';
import { startHttpServer, type HttpServer } from '../../src/transports/http.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../testing/discord/standin.js';
import { APPLICATION_ID, command, interaction, keyPair, post, signed } from './http-client.js';
import { PAPERS_JSON } from '../search/corpus-fixture.js';
import { freshTempDir } from '../../testing/temp-dir.js';

/** Polls a condition that the server reaches on its own; bounded so a broken server fails the test. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (condition()) return;
    await sleep(50);
  }
  assert.fail(`never happened: ${what}`);
}

const ask = (question: string) => command('ask', [{ name: 'question', type: 3, value: question }]);
const rateLimited = (retryAfterSeconds: number) => ({
  status: 429,
  body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
  headers: { 'retry-after': String(retryAfterSeconds) },
});

describe('deferred answers when Discord pushes back', () => {
  const keys = keyPair();
  let discord: DiscordStandIn;
  let server: HttpServer;

  const send = (payload: unknown) => {
    const { body, headers } = signed(payload, keys.privateKey);
    return post(server.url, body, headers);
  };
  const editsOf = (token: string) =>
    discord.calls.filter((c) => c.method === 'PATCH' && c.path.includes(token));
  const answerTo429 = (token: string, retryAfterSeconds: number, times: number) => {
    const { status, body, headers } = rateLimited(retryAfterSeconds);
    for (let i = 0; i < times; i += 1)
      discord.failNext(
        (c) => c.method === 'PATCH' && c.path.includes(token),
        status,
        body,
        headers,
      );
  };

  before(async () => {
    discord = await startDiscordStandIn({ applicationId: APPLICATION_ID });
    const config = loadConfig({
      PAPERBOT_CORPUS: PAPERS_JSON,
      DISCORD_PUBLIC_KEY: keys.publicHex,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      PAPERBOT_CACHE_DIR: freshTempDir('paperbot-delivery-'),
      ASK_COOLDOWN_SECONDS: '0',
      SHUTDOWN_GRACE_SECONDS: '0',
    });
    server = await startHttpServer(createApp(config, createLogger('silent')), {
      port: 0,
      host: '127.0.0.1',
      backlogLimit: 1,
    });
  });
  after(async () => {
    await server.stop();
    await discord.close();
  });

  it('gives up on an answer after a bounded number of 429s', async () => {
    const payload = ask('How much does SPIN compress ConvMixer?');
    answerTo429(payload.token, 0.05, 3 * WEBHOOK_BOUNDS.attempts);
    assert.equal(((await send(payload)).json as { type: number }).type, 5);
    await until(() => server.backlog.size === 0, 'the answer was delivered or given up');
    assert.equal(editsOf(payload.token).length, WEBHOOK_BOUNDS.attempts);
  });

  it('does not start a wait that would end past its deadline', async () => {
    const payload = ask('What is MobileViT?');
    answerTo429(payload.token, 3600, 1);
    await send(payload);
    await until(() => server.backlog.size === 0, 'the answer was given up');
    assert.equal(editsOf(payload.token).length, 1);
  });

  it('answers "busy" at once when the backlog of deferred answers is full', async () => {
    const held = ask('What is CatLIP?');
    answerTo429(held.token, 20, 1);
    await send(held);
    await discord.waitForCall((c) => c.method === 'PATCH' && c.path.includes(held.token));
    assert.equal(server.backlog.size, 1);
    const refused = await send(ask('What is DKM?'));
    const body = refused.json as { type: number; data: { embeds: { description: string }[] } };
    assert.equal(body.type, 4);
    assert.match(body.data.embeds[0]?.description ?? '', /try again in a minute/);
  });

  it('stops within its grace while Discord asks it to wait, abandoning the answer', async () => {
    assert.equal(server.backlog.size, 1, 'an answer is waiting out a 429');
    await server.stop();
    assert.equal(server.backlog.size, 0);
  });
});

describe('interaction webhooks and the global rate limit', () => {
  let discord: DiscordStandIn;
  before(async () => {
    discord = await startDiscordStandIn({ applicationId: APPLICATION_ID });
  });
  after(() => discord.close());

  /** Sends 120 follow-ups at once and collects what discord.js reports as throttling. */
  async function globalThrottles(rest: ReturnType<typeof createRest>): Promise<RateLimitData[]> {
    const throttled: RateLimitData[] = [];
    rest.on(RESTEvents.RateLimited, (data) => throttled.push(data));
    const followUps = Array.from({ length: 120 }, () => {
      const responder = webhookResponder(
        rest,
        InteractionSchema.parse(interaction(2, { name: 'ask' })),
        () => Promise.resolve(),
      );
      return responder.followUp({ embeds: [], components: [], allowed_mentions: { parse: [] } });
    });
    await Promise.allSettled(followUps);
    return throttled.filter((t) => t.global);
  }

  it('are not held to the bot’s global 50 requests a second', async () => {
    const config = loadConfig({ DISCORD_API_URL: discord.apiUrl });
    assert.deepEqual(await globalThrottles(createInteractionRest(config)), []);
  });

  it('(the bot’s own client would have throttled them)', async () => {
    const config = loadConfig({ DISCORD_API_URL: discord.apiUrl, DISCORD_TOKEN: 'x'.repeat(20) });
    assert.notDeepEqual(await globalThrottles(createRest(config)), []);
  });
});
