// Every model call on Discord goes through one guard: the user's cooldown, the daily budget
// of the server (in a DM, of the user), and the answer cache. Slow work behind buttons is
// deferred like slash commands.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { ButtonCodec } from '../../../src/render/custom-id.js';
import { startGatewayBot, type RunningBot } from '../../../src/transports/gateway.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../../testing/discord/standin.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../../../testing/openai/standin.js';
import { PAPERS_JSON } from '../../search/corpus-fixture.js';
import { freshTempDir } from '../../../testing/temp-dir.js';

const STRING = 3;
const DIGEST = JSON.stringify({
  tldr: 'A light-weight vision transformer.',
  problem: null,
  method: 'Combines convolutions and transformers.',
  result: 'It reaches 78.4% top-1 accuracy.',
});

let nextId = 1200000000000000100n;
const newId = () => String((nextId += 1n));

interface Harness {
  discord: DiscordStandIn;
  llm: OpenAIStandIn;
  bot: RunningBot;
}

async function start(env: Record<string, string>): Promise<Harness> {
  const discord = await startDiscordStandIn();
  const llm = await startOpenAIStandIn();
  const config = loadConfig({
    PAPERBOT_CORPUS: PAPERS_JSON,
    DISCORD_TOKEN: 'test-token',
    DISCORD_API_URL: discord.apiUrl,
    OPENAI_BASE_URL: llm.baseURL,
    PAPERBOT_CACHE_DIR: freshTempDir('paperbot-guard-'),
    ...env,
  });
  const bot = await startGatewayBot(createApp(config, createLogger('silent')));
  return { discord, llm, bot };
}

async function stop({ discord, llm, bot }: Harness): Promise<void> {
  await bot.stop();
  await llm.close();
  await discord.close();
}

/** What the interaction finally shows: the last edit of its deferred reply matching `pattern`. */
async function finalReply(h: Harness, token: string, pattern: RegExp): Promise<string> {
  const call = await h.discord.waitForCall(
    (c) =>
      c.method === 'PATCH' &&
      c.path.endsWith(`/${token}/messages/@original`) &&
      pattern.test(JSON.stringify(c.body)),
    15_000,
  );
  return JSON.stringify(call.body);
}

function firstResponseType(h: Harness, token: string): Promise<unknown> {
  return h.discord
    .waitForCall((c) => c.method === 'POST' && c.path.includes(`/${token}/callback`), 15_000)
    .then((call) => (call.body as { type: number }).type);
}

function slash(
  h: Harness,
  name: string,
  options: Record<string, string>,
  origin: { userId: string; guildId?: string | null },
) {
  return h.discord.interaction.chatInput({
    name,
    ...origin,
    options: Object.entries(options).map(([n, value]) => ({ name: n, type: STRING, value })),
  });
}

describe('the model guard: cooldown and cache', () => {
  let h: Harness;
  before(async () => {
    h = await start({ ASK_COOLDOWN_SECONDS: '60', GUILD_DAILY_TOKEN_BUDGET: '1000000' });
  });
  after(() => stop(h));

  it('makes a user wait between /summarize calls instead of calling the model again', async () => {
    const userId = newId();
    h.llm.enqueue({ kind: 'reply', content: DIGEST });
    const first = slash(h, 'summarize', { paper: 'mobilevit' }, { userId });
    assert.match(await finalReply(h, first.token, /TL;DR/), /Summarized by a language model/);
    const calls = h.llm.requests.length;
    const second = slash(h, 'summarize', { paper: 'catlip' }, { userId });
    assert.match(await finalReply(h, second.token, /wait/), /please wait \d+ s/);
    assert.equal(h.llm.requests.length, calls, 'no model call for the refused /summarize');
  });

  it('makes a user wait between /compare calls too', async () => {
    const userId = newId();
    h.llm.enqueue({ kind: 'reply', content: DIGEST }, { kind: 'reply', content: DIGEST });
    const first = slash(h, 'compare', { a: 'dkm', b: 'edkm' }, { userId });
    await finalReply(h, first.token, /vs/);
    const calls = h.llm.requests.length;
    const second = slash(h, 'compare', { a: 'mobilevit', b: 'catlip' }, { userId });
    assert.match(await finalReply(h, second.token, /wait/), /please wait \d+ s/);
    assert.equal(h.llm.requests.length, calls);
  });

  it('answers a summary it already has from the cache, without a model call', async () => {
    h.llm.enqueue({ kind: 'reply', content: DIGEST });
    const first = slash(h, 'summarize', { paper: 'llm-in-a-flash' }, { userId: newId() });
    await finalReply(h, first.token, /TL;DR/);
    const calls = h.llm.requests.length;
    const again = slash(h, 'summarize', { paper: 'llm-in-a-flash' }, { userId: newId() });
    assert.match(await finalReply(h, again.token, /TL;DR/), /light-weight vision transformer/);
    assert.equal(h.llm.requests.length, calls);
  });

  it('defers the Summarize button like /summarize, then shows the model’s digest', async () => {
    h.llm.enqueue({ kind: 'reply', content: DIGEST });
    const press = h.discord.interaction.button({
      userId: newId(),
      customId: new ButtonCodec().encode({
        kind: 'run',
        command: 'summarize',
        args: { paper: 'catlip' },
        update: false,
      }),
    });
    assert.equal(await firstResponseType(h, press.token), 5);
    assert.match(await finalReply(h, press.token, /TL;DR/), /Summarized by a language model/);
  });

  it('holds a button carrying /ask arguments to the asker’s cooldown, deferred', async () => {
    const userId = newId();
    const question = slash(h, 'ask', { question: 'What is MobileViT?' }, { userId });
    await finalReply(h, question.token, /Sources|cover/);
    const press = h.discord.interaction.button({
      userId,
      customId: new ButtonCodec().encode({
        kind: 'run',
        command: 'ask',
        args: { question: 'What is CatLIP?' },
        update: false,
      }),
    });
    assert.equal(await firstResponseType(h, press.token), 5);
    assert.match(await finalReply(h, press.token, /wait/), /please wait \d+ s/);
  });
});

describe('the model guard: daily budgets', () => {
  let h: Harness;
  before(async () => {
    h = await start({ ASK_COOLDOWN_SECONDS: '0', GUILD_DAILY_TOKEN_BUDGET: '1' });
  });
  after(() => stop(h));

  it('stops calling the model for /summarize once the server’s budget is spent', async () => {
    const guildId = h.discord.guildId;
    h.llm.enqueue({ kind: 'reply', content: DIGEST }, { kind: 'reply', content: DIGEST });
    const compare = slash(h, 'compare', { a: 'dkm', b: 'edkm' }, { userId: newId(), guildId });
    await finalReply(h, compare.token, /vs/);
    const calls = h.llm.requests.length;
    const summary = slash(h, 'summarize', { paper: 'mobilevit' }, { userId: newId(), guildId });
    const text = await finalReply(h, summary.token, /TL;DR/);
    assert.match(text, /budget/);
    assert.match(text, /Quoted from the abstract/);
    assert.equal(h.llm.requests.length, calls, 'no model call past the budget');
  });

  it('charges /ask in a DM to the user’s own budget', async () => {
    const userId = newId();
    const dm = { userId, guildId: null };
    h.llm.enqueue({ kind: 'reply', content: 'CatLIP pre-trains 2.7x faster [1].' });
    const before = h.llm.requests.length;
    const first = slash(h, 'ask', { question: 'How much faster is CatLIP to pre-train?' }, dm);
    assert.match(await finalReply(h, first.token, /Sources|cover/), /Written by a language model/);
    assert.equal(h.llm.requests.length, before + 1, 'the model answered the first question');
    const calls = h.llm.requests.length;
    const second = slash(h, 'ask', { question: 'What does SPIN do to ConvMixer?' }, dm);
    assert.match(await finalReply(h, second.token, /budget/), /built-in answerer/);
    assert.equal(h.llm.requests.length, calls, 'no model call past the user’s budget');
    const other = slash(h, 'ask', { question: 'What is DKM?' }, { userId: newId(), guildId: null });
    await finalReply(h, other.token, /Sources|cover/);
    assert.equal(
      h.llm.requests.length,
      calls + 1,
      'another user in a DM has a budget of their own',
    );
  });
});
