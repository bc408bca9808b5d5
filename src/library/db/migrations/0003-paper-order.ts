import type { Kysely } from 'kysely';

/** Papers keep the order they were added in, so the seed reads back exactly as its file. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('papers')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
