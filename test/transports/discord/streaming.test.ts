import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { startGatewayBot, type RunningBot } from '../../../src/transports/gateway.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../../testing/discord/standin.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../../../testing/openai/standin.js';
import { PAPERS_JSON } from '../../search/corpus-fixture.js';
import { freshTempDir } from '../../../testing/temp-dir.js';

const STRING = 3;

describe('/ask on Discord with a language model', () => {
  let discord: DiscordStandIn;
  let llm: OpenAIStandIn;
  let bot: RunningBot;

  before(async () => {
    discord = await startDiscordStandIn();
    llm = await startOpenAIStandIn();
    const config = loadConfig({
      PAPERBOT_CORPUS: PAPERS_JSON,
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_URL: discord.apiUrl,
      OPENAI_BASE_URL: llm.baseURL,
      PAPERBOT_CACHE_DIR: freshTempDir('paperbot-stream-'),
      ASK_COOLDOWN_SECONDS: '60',
      GUILD_DAILY_TOKEN_BUDGET: '1',
    });
    bot = await startGatewayBot(createApp(config, createLogger('silent')), {
      progressIntervalMs: 50,
    });
  });
  after(async () => {
    await bot.stop();
    await llm.close();
    await discord.close();
  });

  const ask = (question: string, userId: string) =>
    discord.interaction.chatInput({
      name: 'ask',
      userId,
      options: [{ name: 'question', type: STRING, value: question }],
    });
  const editsOf = (token: string) =>
    discord.calls.filter(
      (c) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`),
    );
  const lastEdit = async (token: string, pattern: RegExp) => {
    await discord.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path.endsWith(`/${token}/messages/@original`) &&
        pattern.test(JSON.stringify(c.body)),
    );
    return editsOf(token).at(-1);
  };

  it('streams the answer into the deferred reply, then ends with the cited answer', async () => {
    llm.enqueue({
      kind: 'reply',
      content:
        'SPIN compresses ConvMixer by 1.9x while improving accuracy on ImageNet [1]. It formalizes weight sharing design decisions [1].',
      chunkDelayMs: 30,
    });
    const interaction = ask('How much does SPIN compress ConvMixer?', '1200000000000000101');
    const final = await lastEdit(interaction.token, /Sources/);
    const edits = editsOf(interaction.token);
    assert.ok(
      edits.length >= 2,
      `expected partial edits before the final one, saw ${edits.length}`,
    );
    assert.match(JSON.stringify(final?.body), /Written by a language model/);
    assert.deepEqual(discord.schemaErrors(), []);
  });

  it('answers with the built-in answerer, saying so, once the server’s daily budget is spent', async () => {
    const interaction = ask('How much does DeFINE reduce perplexity?', '1200000000000000102');
    const final = await lastEdit(interaction.token, /budget/);
    assert.match(JSON.stringify(final?.body), /6% to 20%/);
  });

  it('asks the same user to wait before the next question', async () => {
    const interaction = ask('What is LazyLLM?', '1200000000000000101');
    const reply = await lastEdit(interaction.token, /wait/);
    assert.match(JSON.stringify(reply?.body), /please wait \d+ s/);
  });
});
