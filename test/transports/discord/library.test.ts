import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PermissionFlagsBits } from 'discord.js';
import { MEMBER_PERMISSIONS } from '../../../testing/discord/payloads.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../../testing/discord/standin.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../../e2e/scholarly/standin.js';
import type { App } from '../../../src/app.js';
import {
  callbackOf as callbackIn,
  finalEditOf,
  startLibraryBot,
  type MessageBody,
} from './calls.js';
import { seedPapers } from '../../library/fixtures.js';

/**
 * /add and /remove end to end through the real discord.js Client: Discord and arXiv are
 * stand-ins on loopback, the library a fresh SQLite file holding the fixture papers, and
 * every body the bot sends is checked against Discord's OpenAPI schema.
 */

const STRING = 3;
const EDITOR_ROLE = '1400000000000000001';

/** The arXiv stand-in as the library's arXiv, unthrottled. */
const arxivAt = (scholarly: ScholarlyStandIn) => ({
  ARXIV_API_URL: scholarly.arxivUrl,
  ARXIV_REQUEST_INTERVAL_MS: '0',
});

/** An /add's edits say how far it got before the one that says what was added. */
const isAddOutcome = (body: MessageBody) =>
  !/^(Reading sources|Storing papers)/.test(body.embeds?.[0]?.description ?? '');

describe('/add and /remove against a local Discord and arXiv', () => {
  let discord: DiscordStandIn;
  let scholarly: ScholarlyStandIn;
  let app: App;
  let stop: () => Promise<void>;

  before(async () => {
    [discord, scholarly] = await Promise.all([startDiscordStandIn(), startScholarlyStandIn()]);
    ({ app, stop } = await startLibraryBot(discord, {
      PAPERBOT_EDITOR_ROLE: EDITOR_ROLE,
      ...arxivAt(scholarly),
    }));
  });
  after(async () => {
    await stop();
    await Promise.all([discord.close(), scholarly.close()]);
  });

  const callbackOf = (interaction: { id: string; token: string }) =>
    callbackIn(discord, interaction);
  const addOutcome = async (interaction: { token: string }) =>
    (await finalEditOf(discord, interaction, isAddOutcome)).body as MessageBody;
  const manageServer = String(BigInt(MEMBER_PERMISSIONS) | PermissionFlagsBits.ManageGuild);

  const add = (source: string, who: { permissions?: string; roles?: string[] }) =>
    discord.interaction.chatInput({
      name: 'add',
      options: [{ name: 'source', type: STRING, value: source }],
      ...who,
    });
  const search = async (query: string) =>
    (
      await callbackOf(
        discord.interaction.chatInput({
          name: 'search',
          options: [{ name: 'query', type: STRING, value: query }],
        }),
      )
    ).data?.embeds?.[0]?.description ?? '';

  it('refuses /add to a member without Manage Server or the editor role, and writes nothing', async () => {
    const changesBefore = await app.library!.library.latestChange();
    const asked = scholarly.requests.length;
    const interaction = add('2402.00002', {});
    assert.equal((await callbackOf(interaction)).type, 5);
    const reply = await addOutcome(interaction);
    assert.match(
      reply.embeds?.[0]?.description ?? '',
      /Only members with Manage Server or the editor role can change the library/,
    );
    assert.equal(scholarly.requests.length, asked, 'arXiv was not asked');
    assert.equal(await app.library!.library.latestChange(), changesBefore);
    assert.equal(await app.library!.library.get('ripple-distillation-speech-models'), undefined);
  });

  it('adds an arXiv paper for a member with Manage Server, listed in the reply and found by /search', async () => {
    const interaction = add('arXiv:2401.00001', { permissions: manageServer });
    assert.equal((await callbackOf(interaction)).type, 5);
    const reply = await addOutcome(interaction);
    assert.match(reply.embeds?.[0]?.title ?? '', /1 added/);
    assert.match(reply.embeds?.[0]?.description ?? '', /GlimmerNet.*\(glimmernet\) added/);
    assert.match(await search('sparse attention microcontrollers'), /GlimmerNet/);
    const provenance = await app.library!.library.provenanceOf('glimmernet');
    assert.equal(provenance?.source, 'arxiv');
    assert.match(provenance?.addedBy ?? '', /\(\d+\)$/);
  });

  it('removes a paper for a member with the editor role, and /search no longer finds it', async () => {
    await app.library!.add([{ text: '2402.00002' }], { addedBy: 'test' });
    const body = await callbackOf(
      discord.interaction.chatInput({
        name: 'remove',
        options: [{ name: 'paper', type: STRING, value: 'ripple-distillation-speech-models' }],
        roles: [EDITOR_ROLE],
      }),
    );
    assert.equal(body.type, 4);
    assert.match(body.data?.embeds?.[0]?.title ?? '', /Removed “Ripple Distillation/);
    assert.equal(await app.library!.library.get('ripple-distillation-speech-models'), undefined);
    assert.doesNotMatch(await search('ripple distillation speech'), /Ripple Distillation/);
  });

  it('refuses /remove to a member without the right, and keeps the paper', async () => {
    const [seeded] = seedPapers();
    const body = await callbackOf(
      discord.interaction.chatInput({
        name: 'remove',
        options: [{ name: 'paper', type: STRING, value: seeded!.id }],
      }),
    );
    assert.match(body.data?.embeds?.[0]?.description ?? '', /Only members with Manage Server/);
    assert.ok(await app.library!.library.get(seeded!.id));
  });
});

describe('the editor role named in PAPERBOT_EDITOR_ROLE, against a local Discord and arXiv', () => {
  let discord: DiscordStandIn;
  let scholarly: ScholarlyStandIn;
  let app: App;
  let stop: () => Promise<void>;
  let editors: string;
  let readers: string;

  before(async () => {
    [discord, scholarly] = await Promise.all([startDiscordStandIn(), startScholarlyStandIn()]);
    editors = discord.createRole('Paper Editors').id;
    readers = discord.createRole('Readers').id;
    ({ app, stop } = await startLibraryBot(discord, {
      // Typed as an admin might: another case than the role's, and the @ Discord shows.
      PAPERBOT_EDITOR_ROLE: '@paper editors',
      ...arxivAt(scholarly),
    }));
  });
  after(async () => {
    await stop();
    await Promise.all([discord.close(), scholarly.close()]);
  });

  const addAs = async (roles: string[]) => {
    const interaction = discord.interaction.chatInput({
      name: 'add',
      options: [{ name: 'source', type: STRING, value: '2401.00001' }],
      roles,
    });
    const final = await finalEditOf(discord, interaction, isAddOutcome);
    return (final.body as MessageBody).embeds?.[0] ?? {};
  };

  it('refuses a member whose roles do not include it, clearly, and writes nothing', async () => {
    const reply = await addAs([readers]);
    assert.equal(
      reply.description,
      'Only members with Manage Server or the editor role can change the library.',
    );
    assert.equal(scholarly.requests.length, 0, 'arXiv was not asked');
    assert.equal(await app.library!.library.get('glimmernet'), undefined);
  });

  it("lets a member with the role add, matching the role's name whatever its case", async () => {
    const reply = await addAs([readers, editors]);
    assert.match(reply.title ?? '', /1 added/);
    assert.ok(await app.library!.library.get('glimmernet'));
    const lookup = await discord.waitForCall(
      (c) => c.route === 'GET /guilds/{guild_id}/roles' && c.status === 200,
    );
    assert.equal(lookup.params.guild_id, discord.guildId);
  });
});
