import type { Kysely } from 'kysely';

/**
 * State that replicas must share to act as one bot: the cost guard's cooldowns and token
 * counters, and model answers already paid for. Times are epoch milliseconds, so the guard's
 * arithmetic happens inside one atomic statement on either engine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guard_claims')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('last_use_ms', 'bigint', (c) => c.notNull())
    .addColumn('expires_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('guard_spent')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tokens', 'bigint', (c) => c.notNull())
    .addColumn('expires_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('answer_cache')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_ms', 'bigint', (c) => c.notNull())
    .execute();
  for (const table of ['guard_claims', 'guard_spent', 'answer_cache']) {
    await db.schema.createIndex(`${table}_expires`).on(table).column('expires_ms').execute();
  }
}
