// Autocomplete over a library whose ids and titles are longer than a Discord choice may be,
// through the real discord.js client against the local Discord, which refuses (400) any body
// its schema, with the documented 100-character choice values, refuses.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import type { Paper } from '../../../src/corpus/schema.js';
import { createLogger } from '../../../src/log.js';
import { startGatewayBot, type RunningBot } from '../../../src/transports/gateway.js';
import { charCount } from '../../../src/truncate.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../../testing/discord/standin.js';
import { freshTempDir } from '../../../testing/temp-dir.js';
import { bundledPapers } from '../../search/corpus-fixture.js';

const STRING = 3;

/** Two ids of 150 characters that agree on their first 120, one of exactly 100, one short. */
const SHARED = 'zebrafish-'.repeat(12);
const LONG_A = `${SHARED}${'a'.repeat(29)}1`;
const LONG_B = `${SHARED}${'b'.repeat(29)}2`;
const EXACTLY_100 = `zebrafish-${'c'.repeat(90)}`;
const SHORT = 'zebrafish-short';

function zebrafishPapers(): Paper[] {
  const [template] = bundledPapers();
  assert.ok(template);
  const titled = (id: string, title: string): Paper => ({ ...template, id, title });
  return [
    titled(LONG_A, `Zebrafish ${'Regeneration '.repeat(12)}Atlas`),
    titled(LONG_B, 'Zebrafish Fin Regrowth Under Cold Stress'),
    titled(EXACTLY_100, 'Zebrafish Heart Repair'),
    titled(SHORT, 'Zebrafish Short Paper'),
  ];
}

interface Choice {
  name: string;
  value: string;
}

describe('autocomplete over ids and titles longer than a choice may be', () => {
  let standIn: DiscordStandIn;
  let bot: RunningBot;

  before(async () => {
    standIn = await startDiscordStandIn({ rejectInvalidBodies: true });
    const corpus = join(freshTempDir('paperbot-long-ids-'), 'papers.json');
    writeFileSync(corpus, JSON.stringify(zebrafishPapers()));
    const config = loadConfig({
      PAPERBOT_CORPUS: corpus,
      DISCORD_TOKEN: 'test-token',
      DISCORD_API_URL: standIn.apiUrl,
      PAPERBOT_CACHE_DIR: freshTempDir('paperbot-long-ids-cache-'),
    });
    bot = await startGatewayBot(createApp(config, createLogger('silent')));
  });
  after(async () => {
    await bot.stop();
    await standIn.close();
  });

  async function choicesFor(typed: string): Promise<Choice[]> {
    const interaction = standIn.interaction.autocomplete({
      name: 'paper',
      options: [{ name: 'title', type: STRING, value: typed, focused: true }],
    });
    const call = await standIn.waitForCall(
      (c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    assert.equal(call.status, 204, JSON.stringify(call.response));
    return (call.body as { data: { choices: Choice[] } }).data.choices;
  }

  async function paperCardFor(value: string): Promise<string> {
    const interaction = standIn.interaction.chatInput({
      name: 'paper',
      options: [{ name: 'title', type: STRING, value }],
    });
    const call = await standIn.waitForCall(
      (c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    return JSON.stringify(call.body);
  }

  it('offers every paper, each choice within 100 characters, and Discord accepts the answer', async () => {
    const choices = await choicesFor('zebrafish');
    assert.equal(choices.length, 4);
    for (const choice of choices) {
      assert.ok(charCount(choice.name) <= 100, choice.name);
      assert.ok(charCount(choice.value) <= 100, choice.value);
    }
    assert.deepEqual(standIn.schemaErrors(), []);
  });

  it('keeps ids that fit as they are, the one of exactly 100 characters too', async () => {
    const values = (await choicesFor('zebrafish')).map((c) => c.value);
    assert.ok(values.includes(SHORT));
    assert.ok(values.includes(EXACTLY_100));
  });

  it('gives each long id a value of its own, however much of them is shared', async () => {
    const values = (await choicesFor('zebrafish')).map((c) => c.value);
    const keys = values.filter((v) => v !== SHORT && v !== EXACTLY_100);
    assert.equal(new Set(keys).size, 2);
    assert.deepEqual(await choicesFor('zebrafish'), await choicesFor('zebrafish'), 'stable');
  });

  it('opens the very paper a long id’s choice stands for', async () => {
    const choices = await choicesFor('zebrafish');
    for (const [id, title] of [
      [LONG_A, 'Regeneration'],
      [LONG_B, 'Fin Regrowth Under Cold Stress'],
    ] as const) {
      const choice = choices.find((c) => c.name.includes(title.split(' ')[0] ?? ''));
      assert.ok(choice, `no choice for ${id}`);
      const card = await paperCardFor(choice.value);
      assert.match(card, new RegExp(title));
      assert.doesNotMatch(card, /could not find/i);
    }
  });
});
