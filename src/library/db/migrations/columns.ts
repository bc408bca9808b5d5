import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter } from '../kysely.js';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The one column type the two engines spell differently: an increasing integer key. */
export function autoIncrementKey<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  db: Kysely<unknown>,
  column: string,
): CreateTableBuilder<T, C | string> {
  return isPostgres(db)
    ? table.addColumn(column, 'serial', (c) => c.primaryKey())
    : table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement());
}
