import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { UNEXPECTED_ERROR } from '../../../src/dispatch.js';
import { createLogger } from '../../../src/log.js';
import { ButtonCodec } from '../../../src/render/custom-id.js';
import { startGatewayBot, type RunningBot } from '../../../src/transports/gateway.js';
import { newMessage } from '../../../testing/discord/payloads.js';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type RecordedCall,
} from '../../../testing/discord/standin.js';
import { PAPERS_JSON } from '../../search/corpus-fixture.js';
import { freshTempDir } from '../../../testing/temp-dir.js';

/**
 * End to end through the real discord.js Client: a local stand-in plays Discord (REST
 * over HTTP, gateway over WebSocket) and every body the bot sends is checked against
 * Discord's OpenAPI schema.
 */

const STRING = 3;
const BOOLEAN = 5;

interface CallbackBody {
  type: number;
  data?: {
    flags?: number;
    content?: string;
    embeds?: {
      title?: string;
      description?: string;
      footer?: { text: string };
      fields?: { name: string; value: string }[];
    }[];
    components?: { components: { custom_id?: string; label?: string }[] }[];
    allowed_mentions?: { parse: string[] };
    choices?: { name: string; value: string }[];
  };
}

describe('the gateway bot against a local Discord', () => {
  let standIn: DiscordStandIn;
  let bot: RunningBot;

  before(async () => {
    standIn = await startDiscordStandIn();
    const config = loadConfig({
      PAPERBOT_CORPUS: PAPERS_JSON,
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_URL: standIn.apiUrl,
      PAPERBOT_CACHE_DIR: freshTempDir('paperbot-gw-'),
      ASK_COOLDOWN_SECONDS: '0',
    });
    bot = await startGatewayBot(createApp(config, createLogger('silent')), {
      progressIntervalMs: 20,
    });
  });
  after(async () => {
    await bot.stop();
    await standIn.close();
  });

  const callbackOf = (interaction: { id: string; token: string }) =>
    standIn.waitForCall(
      (c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
  const editOf = (interaction: { token: string }, timeoutMs?: number) =>
    standIn.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/webhooks/${standIn.applicationId}/${interaction.token}/messages/@original`,
      timeoutMs,
    );
  const bodyOf = (call: RecordedCall) => call.body as CallbackBody;
  const botMessage = (embeds: { title: string; description: string }[]) =>
    newMessage({
      id: '1300000000000000001',
      channelId: standIn.channelId,
      author: {
        id: standIn.botUserId,
        username: 'paperbot',
        bot: true,
        discriminator: '0',
        global_name: null,
        avatar: null,
      },
      fields: { embeds },
    });
  const assertValid = (call: RecordedCall) =>
    assert.deepEqual(call.schemaErrors, [], `${call.route}: ${call.schemaErrors.join('; ')}`);

  it('identifies with Guilds and GuildMessages only, no privileged intent', async () => {
    const identify = await standIn.identify;
    assert.equal(identify.intents, (1 << 0) | (1 << 9));
  });

  it('answers /search privately with an embed, buttons, and no mentions parsed', async () => {
    const interaction = standIn.interaction.chatInput({
      name: 'search',
      options: [{ name: 'query', type: STRING, value: 'MobileViT' }],
    });
    const call = await callbackOf(interaction);
    assertValid(call);
    const body = bodyOf(call);
    assert.equal(body.type, 4);
    assert.equal(body.data?.flags, 64);
    assert.match(body.data?.embeds?.[0]?.description ?? '', /MobileViT/);
    assert.deepEqual(body.data?.allowed_mentions, { parse: [] });
    const labels = body.data?.components?.flatMap((row) => row.components.map((c) => c.label));
    assert.ok(labels?.includes('Post to channel'));
  });

  it('posts in the channel when the public option is set', async () => {
    const interaction = standIn.interaction.chatInput({
      name: 'paper',
      options: [
        { name: 'title', type: STRING, value: 'mobilevit' },
        { name: 'public', type: BOOLEAN, value: true },
      ],
    });
    const body = bodyOf(await callbackOf(interaction));
    assert.equal(body.data?.flags, undefined);
    assert.match(body.data?.embeds?.[0]?.title ?? '', /^MobileViT/);
  });

  it('defers /ask at once, then edits the reply into a cited answer', async () => {
    const interaction = standIn.interaction.chatInput({
      name: 'ask',
      options: [
        { name: 'question', type: STRING, value: 'How much does SPIN compress ConvMixer?' },
      ],
    });
    const deferred = await callbackOf(interaction);
    assert.equal(bodyOf(deferred).type, 5);
    assert.equal(bodyOf(deferred).data?.flags, 64);
    const edit = await editOf(interaction);
    assertValid(edit);
    const embed = (edit.body as CallbackBody['data'])?.embeds?.[0];
    assert.match(embed?.description ?? '', /1\.9x.*\[1\]/s);
    assert.ok(embed?.fields?.some((f) => f.name === 'Sources' && /SPIN/.test(f.value)));
  });

  it('autocompletes titles with at most 25 choices', async () => {
    const interaction = standIn.interaction.autocomplete({
      name: 'paper',
      options: [{ name: 'title', type: STRING, value: 'mob', focused: true }],
    });
    const body = bodyOf(await callbackOf(interaction));
    assert.equal(body.type, 8);
    assert.ok((body.data?.choices?.length ?? 0) <= 25);
    assert.ok(body.data?.choices?.some((c) => c.value === 'mobilevit'));
  });

  it('shares a private result publicly, credited by name without a ping', async () => {
    const interaction = standIn.interaction.button({
      customId: new ButtonCodec().encode({ kind: 'share' }),
      message: botMessage([{ title: 'Results for “ViT”', description: 'MobileViT' }]),
    });
    const call = await callbackOf(interaction);
    assertValid(call);
    const body = bodyOf(call);
    assert.equal(body.type, 4);
    assert.equal(body.data?.flags, undefined);
    assert.match(body.data?.embeds?.[0]?.footer?.text ?? '', /Shared by/);
    assert.deepEqual(body.data?.allowed_mentions, { parse: [] });
  });

  it('runs a button’s command from the state in its custom_id', async () => {
    const customId = new ButtonCodec().encode({
      kind: 'run',
      command: 'similar',
      args: { paper: 'mobilevit' },
      update: false,
    });
    const body = bodyOf(await callbackOf(standIn.interaction.button({ customId })));
    assert.equal(body.type, 4);
    assert.match(body.data?.embeds?.[0]?.title ?? '', /Papers like/);
  });

  it('says plainly when a button has expired', async () => {
    const stale = new ButtonCodec(() => Date.now() - 8 * 24 * 3_600_000).encode({
      kind: 'run',
      command: 'similar',
      args: { paper: 'mobilevit' },
      update: false,
    });
    const body = bodyOf(await callbackOf(standIn.interaction.button({ customId: stale })));
    assert.equal(body.data?.flags, 64);
    assert.match(body.data?.embeds?.[0]?.description ?? '', /expired/);
  });

  it('checks a teammate’s message against the papers from the message menu', async () => {
    const interaction = standIn.interaction.messageContextMenu({
      name: 'Check against our papers',
      targetMessage: { content: 'MobileViTv2 runs 3.2x faster than MobileViT on a phone' },
    });
    assert.equal(bodyOf(await callbackOf(interaction)).type, 5);
    // Drawing takes a fraction of a second, far longer on a loaded machine.
    const edit = await editOf(interaction, 60_000);
    assertValid(edit);
    assert.match((edit.body as CallbackBody['data'])?.embeds?.[0]?.description ?? '', /3\.2×/);
  });

  it('never lets echoed user text ping or format', async () => {
    const interaction = standIn.interaction.chatInput({
      name: 'search',
      options: [
        {
          name: 'query',
          type: STRING,
          value: '@everyone <@&123456789012345678> **bold** [x](https://evil.example)',
        },
      ],
    });
    const body = bodyOf(await callbackOf(interaction));
    const text = JSON.stringify(body.data?.embeds);
    assert.deepEqual(body.data?.allowed_mentions, { parse: [] });
    assert.ok(!text.includes('@everyone'), text);
    assert.ok(!text.includes('<@&123456789012345678>'), text);
  });

  /** Opens a thread from an answer's "Discuss in thread" button; resolves with its id. */
  async function openThread(): Promise<string> {
    const interaction = standIn.interaction.button({
      customId: new ButtonCodec().encode({ kind: 'thread' }),
      message: botMessage([
        {
          title: 'How much does SPIN compress ConvMixer?',
          description: 'compressing ConvMixer by 1.9x [1]',
        },
      ]),
    });
    const created = await standIn.waitForCall(
      (c) =>
        c.route === 'POST /channels/{channel_id}/threads' &&
        !threadsSeen.has((c.response as { id: string }).id),
    );
    assertValid(created);
    const threadId = (created.response as { id: string }).id;
    threadsSeen.add(threadId);
    const ack = bodyOf(await callbackOf(interaction));
    assert.equal(ack.data?.flags, 64);
    assert.match(ack.data?.content ?? '', new RegExp(`<#${threadId}>`));
    return threadId;
  }
  const threadsSeen = new Set<string>();
  const replyIn = (threadId: string) =>
    standIn.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${threadId}/messages` &&
        JSON.stringify(c.body).includes('message_reference'),
    );

  it('opens a thread for discussion and answers follow-ups that mention it there', async () => {
    const threadId = await openThread();
    standIn.message({
      content: 'and what does it do to accuracy?',
      channelId: threadId,
      mentionsBot: true,
    });
    const reply = await replyIn(threadId);
    assertValid(reply);
    assert.match(JSON.stringify(reply.body), /SPIN|ConvMixer/);
  });

  it('apologises in the thread, as everywhere else, when a follow-up fails on its side', async () => {
    const threadId = await openThread();
    standIn.failNext('GET /channels/{channel_id}/messages', 403, {
      message: 'Missing Access',
      code: 50001,
    });
    standIn.message({ content: 'and on mobile?', channelId: threadId, mentionsBot: true });
    const reply = await replyIn(threadId);
    assertValid(reply);
    const body = reply.body as { embeds: { description?: string }[] };
    assert.equal(body.embeds[0]?.description, UNEXPECTED_ERROR);
    assert.doesNotMatch(JSON.stringify(body), /Missing Access|at .*\.ts:\d+/);
  });

  it('survives an interaction that expired before it could be answered (10062)', async () => {
    standIn.failNext('POST /interactions/{interaction_id}/{interaction_token}/callback', 404, {
      message: 'Unknown interaction',
      code: 10062,
    });
    standIn.interaction.chatInput({ name: 'help', options: [] });
    const next = standIn.interaction.chatInput({ name: 'help', options: [] });
    const call = await standIn.waitForCall(
      (c) => c.path === `/interactions/${next.id}/${next.token}/callback` && c.status < 300,
    );
    assert.equal(bodyOf(call).type, 4);
  });

  it('shows /stats as a PNG chart, uploaded as a file in the edit of its deferred reply', async () => {
    const interaction = standIn.interaction.chatInput({ name: 'stats', options: [] });
    assert.equal(bodyOf(await callbackOf(interaction)).type, 5);
    // Drawing takes a fraction of a second, far longer on a loaded machine.
    const edit = await editOf(interaction, 60_000);
    assertValid(edit);
    assert.deepEqual(
      edit.files?.map((f) => [f.field, f.name, f.contentType]),
      [['files[0]', 'paperbot-stats.png', 'image/png']],
    );
    assert.ok((edit.files?.[0]?.size ?? 0) > 1000);
    const embed = (edit.body as { embeds: { image?: { url: string }; description?: string }[] })
      .embeds[0];
    assert.equal(embed?.image?.url, 'attachment://paperbot-stats.png');
    assert.doesNotMatch(embed?.description ?? '', /```/);
    assert.equal(
      standIn.originalResponse(interaction.token)?.attachments[0]?.filename,
      'paperbot-stats.png',
    );
  });

  it('sent nothing Discord would reject', () => {
    assert.deepEqual(standIn.schemaErrors(), []);
  });
});
