import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import { autoIncrementKey } from './columns.js';

/**
 * What the team learns from using the bot: every question asked (so abstentions and usage can
 * be counted), and 👍/👎 tied to the answer they judge, one vote per person and answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await autoIncrementKey(db.schema.createTable('questions'), db, 'id')
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('guild_id', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('llm', 'extractive')`))
    .addColumn('abstained', 'integer', (c) => c.notNull())
    .addColumn('cited', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('questions_asked_at').on('questions').column('asked_at').execute();

  // SQLite adds one column per statement.
  for (const column of ['kind', 'mode', 'cited'])
    await db.schema.alterTable('feedback').addColumn(column, 'text').execute();
  await db.schema.alterTable('feedback').addColumn('question_id', 'integer').execute();
  await db.schema
    .createIndex('feedback_one_vote')
    .on('feedback')
    .columns(['question_id', 'user_id'])
    .unique()
    .execute();
}
