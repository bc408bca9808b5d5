import type { Kysely } from 'kysely';

/**
 * Marks the questions declined for a reason other than the papers (a greeting, a question
 * that has yet to name its paper), so /gaps and /stats leave them out of what the papers
 * could not answer. Rows from before are taken as they were recorded: declined.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('questions')
    .addColumn('aside', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
