// What paperbot's e2e tests rely on the Discord stand-in for, proved against the real discord.js:
// that a body Discord would accept passes the OpenAPI check and one it would refuse is caught
// (recorded, or refused with Discord's 400), that a second answer to an interaction fails as on
// Discord, that message content follows the intents, and that the guild's roles come in Discord's
// shape. Everything else the stand-in does is exercised through paperbot in test/transports; a
// test of a stand-in is not a test of paperbot.
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApplicationCommandOptionType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type Interaction,
  type Message,
} from 'discord.js';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type RecordedCall,
  type StandInOptions,
} from '../../../testing/discord/standin.js';
import { validateResponse } from '../../../testing/discord/schemas.js';

async function connectedClient(
  standIn: DiscordStandIn,
  intents: GatewayIntentBits[],
): Promise<Client> {
  const client = new Client({ intents, rest: { api: standIn.apiUrl } });
  await Promise.all([once(client, Events.ClientReady), client.login('test-token')]);
  return client;
}

/** For tests that need a stand-in of their own: different options, intents, or deliberate schema violations. */
async function withOwnBot(
  options: StandInOptions,
  intents: GatewayIntentBits[],
  run: (standIn: DiscordStandIn, client: Client) => Promise<void>,
): Promise<void> {
  const standIn = await startDiscordStandIn(options);
  const client = await connectedClient(standIn, intents);
  try {
    await run(standIn, client);
  } finally {
    await client.destroy();
    await standIn.close();
  }
}

/**
 * Runs `handler` on the next interaction the client receives and settles with it, so a failure in
 * the bot's handler fails the test instead of vanishing as an unhandled rejection.
 */
function handleNext(
  client: Client,
  handler: (interaction: Interaction) => Promise<unknown>,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(resolve, reject);
    });
  });
}

const callbackOf = (interaction: { id: string; token: string }) => (call: RecordedCall) =>
  call.method === 'POST' &&
  call.path === `/interactions/${interaction.id}/${interaction.token}/callback`;

let standIn: DiscordStandIn;
let client: Client;

before(async () => {
  standIn = await startDiscordStandIn();
  client = await connectedClient(standIn, [GatewayIntentBits.Guilds]);
});

after(async () => {
  await client.destroy();
  await standIn.close();
});

test("an ephemeral reply arrives as a type 4 callback that matches Discord's schema", async () => {
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.options.getString('question'), 'what is new?');
    await interaction.reply({
      content: 'hi',
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  });
  const interaction = standIn.interaction.chatInput({
    name: 'ask',
    options: [
      { name: 'question', type: ApplicationCommandOptionType.String, value: 'what is new?' },
    ],
  });
  await handled;

  const call = await standIn.waitForCall(callbackOf(interaction));
  const body = call.body as {
    type: number;
    data: { content: string; flags: number; allowed_mentions: unknown };
  };
  assert.equal(call.status, 204);
  assert.equal(body.type, 4);
  assert.equal(body.data.content, 'hi');
  assert.equal(body.data.flags, 64);
  assert.deepEqual(body.data.allowed_mentions, { parse: [] });
  assert.equal(standIn.originalResponse(interaction.token)?.content, 'hi');
  assert.deepEqual(standIn.schemaErrors(), []);
});

test('answering an interaction twice fails as it does on Discord', async () => {
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    await interaction.reply({ content: 'once' });
    // discord.js guards reply() itself, so go around it the way a confused bot could.
    await client.rest.post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
      body: { type: 4, data: { content: 'twice' } },
      auth: false,
    });
  });
  standIn.interaction.chatInput({ name: 'ask' });

  await assert.rejects(
    handled,
    (error: unknown) => error instanceof DiscordAPIError && error.code === 40060,
  );
});

test('MESSAGE_CREATE needs the intent the bot did not ask for', () => {
  assert.throws(
    () => standIn.message({ content: 'hello bot', mentionsBot: true }),
    /GuildMessages intent/,
  );
});

test('without MessageContent the bot sees the content of messages that mention it, and only those', async () => {
  await withOwnBot(
    {},
    [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    async (ownStandIn, ownClient) => {
      const received = (): Promise<Message> =>
        once(ownClient, Events.MessageCreate).then(([message]) => message as Message);

      const plain = received();
      ownStandIn.message({ content: 'just chatting' });
      assert.equal((await plain).content, '');

      const mention = received();
      ownStandIn.message({ content: 'what is new?', mentionsBot: true });
      const question = await mention;
      assert.equal(question.content, `<@${ownStandIn.botUserId}> what is new?`);
      assert.ok(question.mentions.has(ownStandIn.botUserId));

      await question.reply('Two new papers.');
      const reply = await ownStandIn.waitForCall(
        (call) => call.route === 'POST /channels/{channel_id}/messages',
      );
      assert.equal(
        (reply.body as { message_reference: { message_id: string } }).message_reference.message_id,
        question.id,
      );
      assert.deepEqual(ownStandIn.schemaErrors(), []);
    },
  );
});

test('a reply longer than Discord allows is reported as a schema error', async () => {
  await withOwnBot({}, [GatewayIntentBits.Guilds], async (ownStandIn, ownClient) => {
    const handled = handleNext(ownClient, async (interaction) => {
      assert.ok(interaction.isChatInputCommand());
      await interaction.reply({ content: 'x'.repeat(2001) });
    });
    const interaction = ownStandIn.interaction.chatInput({ name: 'ask' });
    await handled;

    const call = await ownStandIn.waitForCall(callbackOf(interaction));
    assert.deepEqual(call.schemaErrors, ['/data/content must NOT have more than 2000 characters']);
    assert.deepEqual(ownStandIn.schemaErrors(), [
      {
        route: 'POST /interactions/{interaction_id}/{interaction_token}/callback',
        path: call.path,
        error: '/data/content must NOT have more than 2000 characters',
      },
    ]);
  });
});

test('with rejectInvalidBodies the bot sees the 400 Invalid Form Body Discord would send', async () => {
  await withOwnBot(
    { rejectInvalidBodies: true },
    [GatewayIntentBits.Guilds],
    async (ownStandIn, ownClient) => {
      const handled = handleNext(ownClient, async (interaction) => {
        assert.ok(interaction.isChatInputCommand());
        await interaction.reply({ content: 'x'.repeat(2001) });
      });
      ownStandIn.interaction.chatInput({ name: 'ask' });

      await assert.rejects(handled, (error: unknown) => {
        assert.ok(error instanceof DiscordAPIError);
        assert.equal(error.code, 50035);
        assert.match(
          error.message,
          /data\.content\[SCHEMA_VALIDATION\]: must NOT have more than 2000 characters/,
        );
        return true;
      });
    },
  );
});

test("lists the guild's roles, @everyone and those a test creates, in Discord's response schema", async () => {
  const editors = standIn.createRole('Paper Editors');
  const roles = await client.rest.get(`/guilds/${standIn.guildId}/roles`);
  assert.ok(Array.isArray(roles));
  assert.deepEqual(
    roles.map((r: { id: string; name: string }) => [r.id, r.name]),
    [
      [standIn.guildId, '@everyone'],
      [editors.id, 'Paper Editors'],
    ],
  );
  for (const role of roles) assert.deepEqual(validateResponse('GuildRoleResponse', role), []);
  await assert.rejects(client.rest.get('/guilds/1300000000000000999/roles'), /Unknown Guild/);
});
