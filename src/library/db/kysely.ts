// Kysely for the whole program, from one module: the package is some 260 files, which Node
// resolves, reads and compiles one by one, 70–90 ms of a half-second CLI search that opens the
// library. The build bundles this module with Kysely into one file (`npm run
// bundle:dependencies`, part of `npm run build` and of the test build), which loads in about
// 20 ms. Every runtime use of Kysely goes through here, so no process loads two copies, whose
// classes would not recognise each other's objects; types may come from 'kysely' itself.
export { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
