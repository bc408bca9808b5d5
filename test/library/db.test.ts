// The database under the library: one schema on both engines, brought up to date at start,
// and kept across restarts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { DatabaseError, openDatabase, type LibraryDatabase } from '../../src/library/db/connect.js';
import { MIGRATIONS } from '../../src/library/db/migrations/index.js';
import type { PapersTable } from '../../src/library/db/tables.js';
import { freshTempDir } from '../../testing/temp-dir.js';
import { describeEachEngine, dropSchema, POSTGRES_URL } from './databases.js';

const NOW = '2026-12-02T05:00:00.000Z';

function paperRow(id: string, overrides: Partial<PapersTable> = {}): PapersTable {
  return {
    id,
    title_key: id.replace(/-/g, ' '),
    arxiv_id: null,
    arxiv_version: null,
    doi: null,
    paper: JSON.stringify({ id }),
    source: 'seed',
    added_by: 'test',
    added_at: NOW,
    updated_at: NOW,
    position: 0,
    publication: null,
    ...overrides,
  };
}

describeEachEngine('the library database', (engine) => {
  it('creates every table of the schema on first open', async (t) => {
    const { db } = await engine.freshDatabase(t);
    const tables = (await db.introspection.getTables()).map((table) => table.name);
    for (const name of ['papers', 'paper_changes', 'feedback', 'reading_list']) {
      assert.ok(tables.includes(name), `missing table ${name} in ${tables.join(', ')}`);
    }
  });

  it('records every migration once, however often it is opened', async (t) => {
    const target = engine.freshTarget(t);
    await (await openDatabase(target)).close();
    const reopened = await openDatabase(target);
    t.after(() => reopened.close());
    const applied = await reopened.db
      .selectFrom('kysely_migration' as 'papers')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(applied.count, Object.keys(MIGRATIONS).length);
  });

  it('migrates once when several connections open a fresh database at the same moment', async (t) => {
    const target = engine.freshTarget(t);
    const opened = await Promise.allSettled([1, 2, 3].map(() => openDatabase(target)));
    t.after(async () => {
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    });
    assert.deepEqual(
      opened.map((o) => (o.status === 'fulfilled' ? 'opened' : String(o.reason))),
      ['opened', 'opened', 'opened'],
    );
    const [first] = opened as PromiseFulfilledResult<LibraryDatabase>[];
    const applied = await first!.value.db
      .selectFrom('kysely_migration' as 'papers')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(applied.count, Object.keys(MIGRATIONS).length);
  });

  it('keeps papers across a restart', async (t) => {
    const target = engine.freshTarget(t);
    const first = await openDatabase(target);
    await first.db.insertInto('papers').values(paperRow('mobilevit')).execute();
    await first.close();

    const second = await openDatabase(target);
    t.after(() => second.close());
    const ids = await second.db.selectFrom('papers').select('id').execute();
    assert.deepEqual(ids, [{ id: 'mobilevit' }]);
  });

  it('drops reading-list entries whose paper was removed before removal took them along', async (t) => {
    const { db } = await engine.freshDatabase(t);
    await db.insertInto('papers').values(paperRow('mobilevit')).execute();
    const entry = { guild_id: '', added_by: 'ada', added_at: NOW, note: null, done_at: null };
    await db
      .insertInto('reading_list')
      .values([
        { ...entry, paper_id: 'mobilevit' },
        { ...entry, paper_id: 'removed-earlier' },
      ])
      .execute();

    await MIGRATIONS['0006-reading-list-orphans']!.up(db as Kysely<unknown>);

    const left = await db.selectFrom('reading_list').select('paper_id').execute();
    assert.deepEqual(left, [{ paper_id: 'mobilevit' }]);
  });

  it('refuses a second paper with the same arXiv id or DOI', async (t) => {
    const { db } = await engine.freshDatabase(t);
    await db
      .insertInto('papers')
      .values(paperRow('a', { arxiv_id: '2407.14057', doi: '10.1/x' }))
      .execute();
    await assert.rejects(
      db
        .insertInto('papers')
        .values(paperRow('b', { arxiv_id: '2407.14057' }))
        .execute(),
    );
    await assert.rejects(
      db
        .insertInto('papers')
        .values(paperRow('c', { doi: '10.1/x' }))
        .execute(),
    );
    await db
      .insertInto('papers')
      .values([paperRow('d'), paperRow('e')])
      .execute();
  });

  it('numbers changes in increasing order and counts as numbers', async (t) => {
    const { db } = await engine.freshDatabase(t);
    const seqs = await db
      .insertInto('paper_changes')
      .values([
        { paper_id: 'a', change: 'put', changed_at: NOW },
        { paper_id: 'a', change: 'remove', changed_at: NOW },
      ])
      .returning('seq')
      .execute();
    assert.ok(seqs[0]!.seq < seqs[1]!.seq);
    const { count } = await db
      .selectFrom('paper_changes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(count, 2);
  });

  it('rolls a failed transaction back whole', async (t) => {
    const { db } = await engine.freshDatabase(t);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('papers')
          .values(paperRow('a', { doi: '10.1/x' }))
          .execute();
        await trx
          .insertInto('papers')
          .values(paperRow('b', { doi: '10.1/x' }))
          .execute();
      }),
    );
    assert.deepEqual(await db.selectFrom('papers').select('id').execute(), []);
  });
});

it(
  'migrates while other schemas of the same PostgreSQL are dropped around it',
  {
    skip:
      POSTGRES_URL === undefined || POSTGRES_URL === '' ? 'TEST_DATABASE_URL is not set' : false,
  },
  async () => {
    const url = POSTGRES_URL!;
    const prefix = `test_${process.pid}_churn`;
    let churning = true;
    const churners = [0, 1, 2].map(async (churner) => {
      for (let i = 0; churning; i++) {
        const target = { engine: 'postgres' as const, url, schema: `${prefix}_${churner}_${i}` };
        await (await openDatabase(target)).close();
        await dropSchema(url, target.schema);
      }
    });
    try {
      for (let i = 0; i < 6; i++) {
        const schema = `${prefix}_opened_${i}`;
        try {
          await (await openDatabase({ engine: 'postgres', url, schema })).close();
        } finally {
          await dropSchema(url, schema);
        }
      }
    } finally {
      churning = false;
      await Promise.all(churners);
    }
  },
);

describe('a library file paperbot cannot use', () => {
  const open = (file: string) => openDatabase({ engine: 'sqlite', file });

  it('that is not a database is named in one DatabaseError saying to move it aside', async () => {
    const file = join(freshTempDir('paperbot-db-'), 'paperbot.sqlite');
    writeFileSync(file, 'junk\n'.repeat(400));
    await assert.rejects(open(file), (error: unknown) => {
      assert.ok(error instanceof DatabaseError, String(error));
      assert.match(error.message, /paperbot\.sqlite is not an SQLite database or is damaged/);
      assert.match(error.message, /move it aside/);
      return true;
    });
  });

  it('under a path that cannot be a folder is named in one DatabaseError', async () => {
    const notAFolder = join(freshTempDir('paperbot-db-'), 'papers.json');
    writeFileSync(notAFolder, '[]');
    await assert.rejects(open(join(notAFolder, 'paperbot.sqlite')), (error: unknown) => {
      assert.ok(error instanceof DatabaseError, String(error));
      assert.match(error.message, /cannot open the library file .*papers\.json\/paperbot\.sqlite/);
      return true;
    });
  });
});
