import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import { autoIncrementKey } from './columns.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_key', 'text', (c) => c.notNull())
    .addColumn('arxiv_id', 'text', (c) => c.unique())
    .addColumn('arxiv_version', 'integer')
    .addColumn('doi', 'text', (c) => c.unique())
    .addColumn('paper', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('papers_title_key').on('papers').column('title_key').execute();

  await autoIncrementKey(db.schema.createTable('paper_changes'), db, 'seq')
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('put', 'remove')`))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
}
