import { once } from 'node:events';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
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

test('the client logs in over the stand-in gateway with the intents and token it was given', async () => {
  const identify = await standIn.identify;
  assert.equal(identify.intents, GatewayIntentBits.Guilds);
  assert.equal(identify.token, 'test-token');
  assert.deepEqual(
    { v: identify.query.v, encoding: identify.query.encoding },
    { v: '10', encoding: 'json' },
  );
  assert.equal(client.user?.id, standIn.botUserId);
  assert.ok(client.guilds.cache.get(standIn.guildId)?.channels.cache.has(standIn.channelId));
  assert.ok(standIn.calls.some((call) => call.route === 'GET /gateway/bot'));
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

test('a deferred reply is completed by a PATCH of @original', async () => {
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    await interaction.deferReply();
    await interaction.editReply({ content: 'done' });
  });
  const interaction = standIn.interaction.chatInput({ name: 'ask' });
  await handled;

  const defer = await standIn.waitForCall(callbackOf(interaction));
  assert.deepEqual(defer.body, { type: 5, data: { flags: 0 } });
  const edit = await standIn.waitForCall(
    (call) =>
      call.method === 'PATCH' &&
      call.path === `/webhooks/${standIn.applicationId}/${interaction.token}/messages/@original`,
  );
  assert.equal((edit.body as { content: string }).content, 'done');
  const original = standIn.originalResponse(interaction.token);
  assert.equal(original?.content, 'done');
  assert.equal((original?.flags ?? 0) & MessageFlags.Loading, 0);
  assert.deepEqual(standIn.schemaErrors(), []);
});

test('a reply fetched with withResponse and a follow-up both come back as messages', async () => {
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    const response = await interaction.reply({ content: 'first', withResponse: true });
    assert.equal(response.resource?.message?.content, 'first');
    const followUp = await interaction.followUp({ content: 'second' });
    assert.equal(followUp.content, 'second');
  });
  standIn.interaction.chatInput({ name: 'ask' });
  await handled;
  assert.deepEqual(standIn.schemaErrors(), []);
});

test('files go out as multipart, and the stand-in reads payload_json and the file parts', async () => {
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    await interaction.deferReply();
    const message = await interaction.editReply({
      content: 'see attached',
      files: [{ attachment: Buffer.from('hello'), name: 'notes.txt' }],
    });
    assert.equal(message.attachments.first()?.name, 'notes.txt');
  });
  const interaction = standIn.interaction.chatInput({ name: 'ask' });
  await handled;

  const edit = await standIn.waitForCall(
    (call) => call.method === 'PATCH' && call.path.includes(interaction.token),
  );
  assert.equal((edit.body as { content: string }).content, 'see attached');
  assert.deepEqual(
    edit.files?.map(({ field, name, size }) => ({ field, name, size })),
    [{ field: 'files[0]', name: 'notes.txt', size: 5 }],
  );
  assert.deepEqual(standIn.schemaErrors(), []);
});

test("an injected failure reaches the bot as Discord's error", async () => {
  standIn.failNext('POST /interactions/{interaction_id}/{interaction_token}/callback', 404, {
    message: 'Unknown interaction',
    code: 10062,
  });
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    await interaction.reply({ content: 'too late' });
  });
  standIn.interaction.chatInput({ name: 'ask' });

  await assert.rejects(
    handled,
    (error: unknown) => error instanceof DiscordAPIError && error.code === 10062,
  );
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

test('registered commands get ids that later interactions carry', async () => {
  assert.ok(client.application);
  const commands = await client.application.commands.set([
    {
      name: 'ask',
      description: 'Ask about the papers',
      options: [
        {
          name: 'question',
          description: 'What to ask',
          type: ApplicationCommandOptionType.String,
          required: true,
        },
      ],
    },
  ]);
  const registered = commands.first();
  assert.ok(registered);

  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.commandId, registered.id);
    await interaction.reply({ content: 'ok' });
  });
  standIn.interaction.chatInput({ name: 'ask' });
  await handled;
  assert.deepEqual(standIn.schemaErrors(), []);
});

test('autocomplete, button and message context menu interactions reach the bot and can be answered', async () => {
  const autocompleted = handleNext(client, async (interaction) => {
    assert.ok(interaction.isAutocomplete());
    assert.equal(interaction.options.getFocused(), 'transf');
    await interaction.respond([{ name: 'Transformers', value: 'transformers' }]);
  });
  const autocomplete = standIn.interaction.autocomplete({
    name: 'ask',
    options: [
      {
        name: 'question',
        type: ApplicationCommandOptionType.String,
        value: 'transf',
        focused: true,
      },
    ],
  });
  await autocompleted;
  assert.equal((await standIn.waitForCall(callbackOf(autocomplete))).status, 204);

  const clicked = handleNext(client, async (interaction) => {
    assert.ok(interaction.isButton());
    assert.equal(interaction.customId, 'more');
    await interaction.update({ content: 'expanded', components: [] });
  });
  const button = standIn.interaction.button({ customId: 'more' });
  await clicked;
  assert.equal(standIn.getMessage(button.message.id)?.content, 'expanded');

  const summarised = handleNext(client, async (interaction) => {
    assert.ok(interaction.isMessageContextMenuCommand());
    assert.equal(interaction.targetMessage.content, 'a long abstract');
    await interaction.reply({
      content: 'summary',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
  });
  standIn.interaction.messageContextMenu({
    name: 'Summarise',
    targetMessage: { content: 'a long abstract' },
  });
  await summarised;
  assert.deepEqual(standIn.schemaErrors(), []);
});

test('an interaction in a DM with the bot has a user and no guild', async () => {
  const handled = handleNext(client, async (interaction) => {
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.inGuild(), false);
    assert.equal(interaction.user.id, standIn.userId);
    await interaction.reply({ content: 'private answer' });
  });
  standIn.interaction.chatInput({ name: 'ask', guildId: null });
  await handled;
  assert.deepEqual(standIn.schemaErrors(), []);
});

test('the bot can post in the channel, open a thread on its message and post there', async () => {
  const channel = client.channels.cache.get(standIn.channelId);
  assert.ok(channel?.isSendable() && channel.isTextBased() && !channel.isDMBased());
  const message = await channel.send({ content: 'Paper of the week' });
  const thread = await message.startThread({ name: 'Discussion' });
  await thread.send('First!');

  assert.equal(thread.id, message.id);
  const threadCall = await standIn.waitForCall(
    (call) => call.route === 'POST /channels/{channel_id}/messages/{message_id}/threads',
  );
  assert.equal(threadCall.status, 201);
  assert.equal((threadCall.response as { type: number }).type, 11);
  assert.ok(
    standIn.calls.some(
      (call) => call.method === 'POST' && call.path === `/channels/${thread.id}/messages`,
    ),
  );
  const history = await channel.messages.fetch({ limit: 10 });
  assert.ok(history.has(message.id));
  assert.deepEqual(standIn.schemaErrors(), []);
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

test('waitForCall names the calls it saw when nothing matches', async () => {
  await assert.rejects(
    standIn.waitForCall((call) => call.path === '/nowhere', 50),
    /No matching Discord API call within 50 ms[\s\S]*GET \/gateway\/bot -> 200/,
  );
});
