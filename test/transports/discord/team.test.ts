import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import type { APIMessage } from 'discord.js';
import { openDatabase, type LibraryDatabase } from '../../../src/library/db/connect.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../../testing/discord/standin.js';
import type { App } from '../../../src/app.js';
import { seedPapers } from '../../library/fixtures.js';
import {
  assertValid,
  callbackOf as callbackIn,
  finalEditOf as finalEditIn,
  startLibraryBot,
  type MessageBody,
} from './calls.js';

/**
 * What the team records from Discord, end to end through the real discord.js Client against
 * the Discord stand-in, on a fresh SQLite library holding the fixture papers: 👍/👎 under
 * answers (in the channel and in a discussion thread) and the reading list's button and
 * BibTeX export. Every body the bot sends is checked against Discord's OpenAPI schema.
 */

const STRING = 3;
const EPHEMERAL = 64;
const OTHER_USER = '1300000000000000099';

describe('feedback and the reading list against a local Discord', () => {
  let discord: DiscordStandIn;
  let app: App;
  let stop: () => Promise<void>;
  let records: LibraryDatabase;

  before(async () => {
    discord = await startDiscordStandIn();
    const started = await startLibraryBot(discord, { ASK_COOLDOWN_SECONDS: '0' });
    ({ app, stop } = started);
    records = await openDatabase(started.config.database);
  });
  after(async () => {
    await records.close();
    await stop();
    await discord.close();
  });

  const callbackOf = (interaction: { id: string; token: string }) =>
    callbackIn(discord, interaction);
  const finalEditOf = (interaction: { token: string }) =>
    finalEditIn(discord, interaction, (body) => body.embeds?.[0]?.footer?.text !== 'Writing…');
  const buttonOn = (message: APIMessage, label: string): string => {
    const buttons = (message.components ?? []).flatMap(
      (row) => (row as { components?: { label?: string; custom_id?: string }[] }).components ?? [],
    );
    const customId = buttons.find((b) => b.label === label)?.custom_id;
    assert.ok(customId, `no “${label}” button on the message`);
    return customId;
  };
  const click = (message: APIMessage, label: string, origin: { userId?: string } = {}) =>
    discord.interaction.button({
      customId: buttonOn(message, label),
      message,
      channelId: message.channel_id,
      ...origin,
    });
  const votes = () =>
    records.db
      .selectFrom('feedback')
      .select(['question', 'user_id', 'verdict', 'kind', 'mode', 'cited'])
      .orderBy('id')
      .execute();
  const ask = async (question: string): Promise<APIMessage> => {
    const interaction = discord.interaction.chatInput({
      name: 'ask',
      options: [{ name: 'question', type: STRING, value: question }],
    });
    assert.equal((await callbackOf(interaction)).type, 5);
    await finalEditOf(interaction);
    const answer = discord.originalResponse(interaction.token);
    assert.ok(answer);
    return answer;
  };

  describe('👍/👎 under an answer', () => {
    let answer: APIMessage;
    before(async () => {
      answer = await ask('How much faster is Lantern?');
    });

    it('records a 👍 with the question, answer kind, mode and citations, and confirms it privately', async () => {
      const reply = await callbackOf(click(answer, '👍'));
      assert.equal(reply.type, 4);
      assert.equal(reply.data?.flags, EPHEMERAL);
      assert.equal(reply.data?.embeds?.[0]?.description, 'Thanks! Noted as helpful.');
      const [vote] = await votes();
      assert.equal(vote?.question, 'How much faster is Lantern?');
      assert.equal(vote?.user_id, discord.userId);
      assert.equal(vote?.verdict, 'up');
      assert.equal(vote?.mode, 'extractive');
      assert.notEqual(vote?.kind, '');
      assert.deepEqual(JSON.parse(vote?.cited ?? '[]'), ['lantern']);
    });

    it('counts a second 👍 from the same person once, and says the vote is already in', async () => {
      const reply = await callbackOf(click(answer, '👍'));
      assert.equal(
        reply.data?.embeds?.[0]?.description,
        'You already marked this answer helpful; your vote counts once.',
      );
      assert.deepEqual(
        (await votes()).map((v) => v.verdict),
        ['up'],
      );
    });

    it('lets the person change their mind: 👎 replaces their 👍, and the answer shows in /gaps', async () => {
      const reply = await callbackOf(click(answer, '👎'));
      assert.match(
        reply.data?.embeds?.[0]?.description ?? '',
        /^Changed your vote: noted as not helpful/,
      );
      assert.deepEqual(
        (await votes()).map((v) => v.verdict),
        ['down'],
      );
      const gaps = await callbackOf(discord.interaction.chatInput({ name: 'gaps', options: [] }));
      assert.match(JSON.stringify(gaps.data?.embeds), /How much faster is Lantern\?/);
    });

    it("counts another member's vote on the same answer as theirs", async () => {
      const reply = await callbackOf(click(answer, '👍', { userId: OTHER_USER }));
      assert.equal(reply.data?.embeds?.[0]?.description, 'Thanks! Noted as helpful.');
      assert.deepEqual(
        (await votes()).map((v) => [v.user_id, v.verdict]),
        [
          [discord.userId, 'down'],
          [OTHER_USER, 'up'],
        ],
      );
    });
  });

  it('puts 👍/👎 under answers to follow-ups in a discussion thread, and records them', async () => {
    const answer = await ask('How much faster is Lantern?');
    const opened = click(answer, 'Discuss in thread');
    const created = await discord.waitForCall(
      (c) => c.route === 'POST /channels/{channel_id}/threads' && c.status === 201,
    );
    const threadId = (created.response as { id: string }).id;
    await callbackOf(opened);
    discord.message({
      content: 'does Quiet Gradients halve the traffic?',
      channelId: threadId,
      mentionsBot: true,
    });
    const posted = await discord.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${threadId}/messages` &&
        JSON.stringify(c.body).includes('message_reference'),
    );
    assertValid(posted);
    const followUp = discord.getMessage((posted.response as { id: string }).id);
    assert.ok(followUp);
    const before = (await votes()).length;
    const reply = await callbackOf(click(followUp, '👎'));
    assert.equal(reply.data?.flags, EPHEMERAL);
    assert.match(reply.data?.embeds?.[0]?.description ?? '', /^Thanks! Noted as not helpful/);
    const recorded = (await votes()).slice(before);
    assert.deepEqual(
      recorded.map((v) => [v.question, v.verdict]),
      [['does Quiet Gradients halve the traffic?', 'down']],
    );
  });

  describe('the reading list', () => {
    const [lantern] = seedPapers();

    it('adds a paper from the button on its card, once however often it is clicked', async () => {
      const card = discord.interaction.chatInput({
        name: 'paper',
        options: [{ name: 'title', type: STRING, value: lantern!.id }],
      });
      assert.equal((await callbackOf(card)).type, 4);
      const message = discord.originalResponse(card.token);
      assert.ok(message);
      const titles = [];
      for (let i = 0; i < 2; i += 1) {
        const added = click(message, 'Add to reading list');
        const ack = await callbackOf(added);
        assert.equal(ack.type, 5);
        assert.equal(ack.data?.flags, EPHEMERAL);
        const edit = (await finalEditOf(added)).body as MessageBody;
        titles.push(edit.embeds?.[0]?.title);
      }
      assert.deepEqual(titles, ['Added to the reading list', 'Already on the reading list']);
      const entries = await app.library!.team.readingList();
      assert.deepEqual(
        entries.map((e) => e.paperId),
        [lantern!.id],
      );
      assert.match(entries[0]?.addedBy ?? '', /\S/);
    });

    it('changes the list only from a server: in a DM, add and done are refused and list still works', async () => {
      const before = await app.library!.team.readingList();
      const inDm = (action: string) =>
        discord.interaction.chatInput({
          name: 'reading',
          guildId: null,
          options: [
            { name: 'action', type: STRING, value: action },
            { name: 'paper', type: STRING, value: seedPapers()[1]!.id },
          ],
        });
      for (const action of ['add', 'done']) {
        const interaction = inDm(action);
        await callbackOf(interaction);
        const edit = (await finalEditOf(interaction)).body as MessageBody;
        assert.match(
          edit.embeds?.[0]?.description ?? '',
          new RegExp(`belongs to the team's server: run /reading ${action} there`),
        );
      }
      assert.deepEqual(await app.library!.team.readingList(), before);

      const listed = inDm('list');
      await callbackOf(listed);
      const edit = (await finalEditOf(listed)).body as MessageBody;
      assert.match(edit.embeds?.[0]?.title ?? '', /^Reading list: 1 to read/);
    });

    it('exports the papers to read as a .bib file uploaded with the reply, which parses as BibTeX', async () => {
      const interaction = discord.interaction.chatInput({
        name: 'reading',
        options: [{ name: 'action', type: STRING, value: 'export' }],
      });
      assert.equal((await callbackOf(interaction)).type, 5);
      const edit = await finalEditOf(interaction);
      assert.equal(edit.headers['content-type']?.split(';')[0], 'multipart/form-data');
      assert.deepEqual(
        edit.files?.map((f) => [f.field, f.name]),
        [['files[0]', 'reading-list.bib']],
      );
      const [file] = edit.files ?? [];
      assert.ok(file);
      const bib = parseBibtex(file.data.toString('utf8'), {
        caseProtection: false,
        sentenceCase: false,
      });
      assert.deepEqual(bib.errors, []);
      assert.deepEqual(
        bib.entries.map((e) => e.fields['title']),
        [lantern!.title],
      );
      assert.equal(
        discord.originalResponse(interaction.token)?.attachments[0]?.filename,
        'reading-list.bib',
      );
    });
  });

  it('sent nothing Discord would reject', () => {
    assert.deepEqual(discord.schemaErrors(), []);
  });
});
