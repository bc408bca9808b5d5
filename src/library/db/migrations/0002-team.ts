import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import { autoIncrementKey } from './columns.js';

/** The team's tables, minimal on purpose: the features that fill them add columns later. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await autoIncrementKey(db.schema.createTable('feedback'), db, 'id')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('guild_id', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('up', 'down')`))
    .execute();

  await db.schema
    .createTable('reading_list')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('done_at', 'text')
    .addPrimaryKeyConstraint('reading_list_pk', ['guild_id', 'paper_id'])
    .execute();
}
