import type { Kysely } from 'kysely';

/**
 * Where a BibTeX entry said its paper was published (its type, journal, pages…, as JSON), so
 * citing it gives back the entry it came from. Null for papers from other sources, and for
 * those added before: they were stored without it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('papers').addColumn('publication', 'text').execute();
}
