// Two `paperbot serve` processes on one PostgreSQL act as one bot: one cooldown per user, one
// daily budget per server, one cache of what the model already wrote. Real processes, each on
// its own port, driven by signed interactions; answers are delivered to the Discord stand-in.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/library/db/connect.js';
import { Library } from '../../src/library/library.js';
import { startDiscordStandIn, type DiscordStandIn } from '../../testing/discord/standin.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../../testing/openai/standin.js';
import { dropSchema, POSTGRES_SKIPPED, POSTGRES_URL } from '../library/databases.js';
import { seedPapers } from '../library/fixtures.js';
import { APPLICATION_ID, command, keyPair, post, signed } from './http-client.js';
import { startServe, type ServeProcess } from './serve-process.js';

const LANTERN_ANSWER = 'Lantern brightens night images 3x faster than prior work [1].';
/** Less than any one model call costs: the first answer a server gets spends its day. */
const BUDGET = '50';

let nextId = 1400000000000000000n;
const newId = () => String((nextId += 1n));

describe(
  'two paperbot serve replicas on one PostgreSQL',
  { skip: POSTGRES_URL ? false : POSTGRES_SKIPPED },
  () => {
    const keys = keyPair();
    const schema = `test_replicas_${process.pid}_${randomBytes(4).toString('hex')}`;
    /** Names both replicas' connections, so a spec can find them in pg_stat_activity. */
    const applicationName = `${schema}_serve`;
    let discord: DiscordStandIn;
    let llm: OpenAIStandIn;
    let replicas: ServeProcess[] = [];

    before(async () => {
      const url = POSTGRES_URL ?? '';
      const database = await openDatabase({ engine: 'postgres', url, schema });
      await new Library(database).seedIfEmpty(seedPapers);
      await database.close();
      discord = await startDiscordStandIn({ applicationId: APPLICATION_ID });
      llm = await startOpenAIStandIn();
      const databaseUrl = new URL(url);
      databaseUrl.searchParams.set('schema', schema);
      databaseUrl.searchParams.set('application_name', applicationName);
      const env = {
        DATABASE_URL: databaseUrl.toString(),
        DISCORD_PUBLIC_KEY: keys.publicHex,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        OPENAI_BASE_URL: llm.baseURL,
        ASK_COOLDOWN_SECONDS: '60',
        GUILD_DAILY_TOKEN_BUDGET: BUDGET,
      };
      replicas = await Promise.all([startServe('node', env), startServe('node', env)]);
    });

    after(async () => {
      for (const { child, exited } of replicas) {
        child.kill('SIGTERM');
        await exited;
      }
      await llm?.close();
      await discord?.close();
      await dropSchema(POSTGRES_URL ?? '', schema);
    });

    /** Asks on one replica as a user of a server; resolves with the edit that matches `final`. */
    async function ask(
      replica: ServeProcess,
      question: string,
      who: { userId: string; guildId: string },
      final: RegExp,
    ): Promise<string> {
      const interaction = command('ask', [{ name: 'question', type: 3, value: question }], {
        guild_id: who.guildId,
        member: {
          user: { id: who.userId, username: `user${who.userId}` },
          roles: [],
          permissions: '0',
        },
      });
      const { body, headers } = signed(interaction, keys.privateKey);
      const response = await post(replica.url, body, headers);
      assert.equal((response.json as { type: number }).type, 5, 'the question was deferred');
      const edit = await discord.waitForCall(
        (c) =>
          c.method === 'PATCH' &&
          c.path.includes(interaction.token) &&
          final.test(JSON.stringify(c.body)),
      );
      return JSON.stringify(edit.body);
    }

    it('holds a user who asked on one replica to the cooldown on the other', async () => {
      const who = { userId: newId(), guildId: newId() };
      const [a, b] = replicas as [ServeProcess, ServeProcess];
      llm.enqueue({ kind: 'reply', content: LANTERN_ANSWER });
      await ask(a, 'How much faster is Lantern?', who, /Written by a language model/);
      const calls = llm.requests.length;
      const refused = await ask(b, 'What do quiet gradients cut?', who, /wait/);
      assert.match(refused, /please wait \d+ s before the next question/);
      assert.equal(llm.requests.length, calls, 'no model call for the refused question');
    });

    it('spends one daily budget per server across both replicas', async () => {
      const guildId = newId();
      const [a, b] = replicas as [ServeProcess, ServeProcess];
      llm.enqueue({ kind: 'reply', content: LANTERN_ANSWER });
      await ask(
        a,
        'How much faster is Lantern than prior work?',
        { userId: newId(), guildId },
        /Written by a language model/,
      );
      const calls = llm.requests.length;
      const builtIn = await ask(
        b,
        'What do quiet gradients cut?',
        { userId: newId(), guildId },
        /budget/,
      );
      assert.match(builtIn, /daily language-model budget/);
      assert.match(builtIn, /Quoted from the cited abstracts/);
      assert.equal(llm.requests.length, calls, 'the spent budget kept B from the model');
    });

    it('answers on one replica what the model already wrote on the other, for free', async () => {
      const [a, b] = replicas as [ServeProcess, ServeProcess];
      llm.enqueue({ kind: 'reply', content: LANTERN_ANSWER });
      const question = 'Is Lantern faster than prior work?';
      await ask(a, question, { userId: newId(), guildId: newId() }, /Written by a language model/);
      const calls = llm.requests.length;
      const cached = await ask(
        b,
        question,
        { userId: newId(), guildId: newId() },
        /Written by a language model/,
      );
      assert.match(cached, /3x faster than prior work/);
      assert.equal(llm.requests.length, calls, 'no second model call for the same question');
    });

    it('keeps both replicas serving after the database cut every connection of theirs', async () => {
      const admin = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
      await admin.connect();
      try {
        const cut = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
          [applicationName],
        );
        assert.ok(cut.rows.length >= 2, `only ${cut.rows.length} connections to cut`);
        // Once both listen again, each replica has long heard its pooled connections end.
        for (let waited = 0; ; waited += 50) {
          const listening = await admin.query(
            `select pid from pg_stat_activity
              where application_name = $1 and query = 'listen paperbot_library'`,
            [applicationName],
          );
          if (listening.rows.length === replicas.length) break;
          assert.ok(waited < 5000, 'the replicas did not listen again within 5 s');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await admin.end();
      }
      for (const replica of replicas) {
        llm.enqueue({ kind: 'reply', content: LANTERN_ANSWER });
        const answer = await ask(
          replica,
          'How much faster is Lantern than earlier methods?',
          { userId: newId(), guildId: newId() },
          /Written by a language model|Quoted from/,
        );
        assert.match(answer, /3x faster/);
        assert.equal(replica.child.exitCode, null, 'the replica is still running');
      }
    });
  },
);
