import { createRequire } from 'node:module';

// Every process that opens the library loads Kysely, a CLI search included. Its ES module
// build is some 260 files that the ESM loader resolves and links one by one (about 0.2 s of
// a 0.7 s start); its CommonJS build of the same version loads in half that. Every runtime
// use of Kysely goes through this module so that one process never loads both builds, whose
// classes would not recognise each other's objects. Types still come from 'kysely' itself.
const kysely = createRequire(import.meta.url)('kysely') as typeof import('kysely');

export const { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } = kysely;
export type Kysely<DB> = import('kysely').Kysely<DB>;
export type PostgresDialect = import('kysely').PostgresDialect;
