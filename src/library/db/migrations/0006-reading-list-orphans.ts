import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';

/**
 * Removing a paper now takes it off the reading list too. Entries left behind by papers
 * removed before that showed as a bare id counted "to read" that no export could include.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from reading_list where paper_id not in (select id from papers)`.execute(db);
}
