import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { AnswerCache } from '../answer/cache.js';
import type { GuardStore } from '../guard.js';
import type { Database } from './db/tables.js';

const DAY_MS = 86_400_000;
/** A budget key names its day; two days on, no clock skew can still be counting on it. */
const SPENT_KEPT_MS = 2 * DAY_MS;
/** Cache keys carry the corpus and model, so an old entry is never wrong, only unused. */
const ANSWER_KEPT_MS = 30 * DAY_MS;

/**
 * The cost guard's counters in the database, so every replica enforces one cooldown and one
 * budget. Each check-and-record is a single statement (an upsert whose update is conditional),
 * so two replicas cannot both pass on the same stale read.
 */
export class DatabaseGuardStore implements GuardStore {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(key: string, windowMs: number, now: number): Promise<number> {
    const claimed = await this.db
      .insertInto('guard_claims')
      .values({ key, last_use_ms: now, expires_ms: now + windowMs })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({
            last_use_ms: eb.ref('excluded.last_use_ms'),
            expires_ms: eb.ref('excluded.expires_ms'),
          }))
          .where('guard_claims.last_use_ms', '<=', now - windowMs),
      )
      .returning('last_use_ms')
      .executeTakeFirst();
    if (claimed !== undefined) return 0;
    const held = await this.db
      .selectFrom('guard_claims')
      .select('last_use_ms')
      .where('key', '=', key)
      .executeTakeFirst();
    // The holder's row may have been replaced in between; a wait of at least 1 ms still refuses.
    return Math.max(1, Number(held?.last_use_ms ?? now) + windowMs - now);
  }

  async spent(key: string): Promise<number> {
    const row = await this.db
      .selectFrom('guard_spent')
      .select('tokens')
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(row?.tokens ?? 0);
  }

  async addSpent(key: string, tokens: number): Promise<void> {
    const now = Date.now();
    await this.db
      .insertInto('guard_spent')
      .values({ key, tokens, expires_ms: now + SPENT_KEPT_MS })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          tokens: eb('guard_spent.tokens', '+', eb.ref('excluded.tokens')),
        })),
      )
      .execute();
    // Spending is rare (once per model call), so it also clears what no longer counts.
    await this.db.deleteFrom('guard_spent').where('expires_ms', '<', now).execute();
    await this.db.deleteFrom('guard_claims').where('expires_ms', '<', now).execute();
  }
}

/**
 * What the model already wrote, in the database: an answer paid for on one replica is free on
 * all of them. A small memory in front saves the round trip for this replica's own repeats.
 */
export class DatabaseAnswerCache implements AnswerCache {
  readonly #recent = new LRUCache<string, { value: unknown }>({ max: 500 });

  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<unknown> {
    const local = this.#recent.get(key);
    if (local !== undefined) return local.value;
    const row = await this.db
      .selectFrom('answer_cache')
      .select('value')
      .where('key', '=', hashed(key))
      .where('expires_ms', '>=', Date.now())
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const value: unknown = JSON.parse(row.value);
    this.#recent.set(key, { value });
    return value;
  }

  async set(key: string, value: unknown): Promise<void> {
    const now = Date.now();
    this.#recent.set(key, { value });
    const row = {
      key: hashed(key),
      value: JSON.stringify(value),
      expires_ms: now + ANSWER_KEPT_MS,
    };
    await this.db
      .insertInto('answer_cache')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: row.value, expires_ms: row.expires_ms }),
      )
      .execute();
    await this.db.deleteFrom('answer_cache').where('expires_ms', '<', now).execute();
  }
}

/** Keys hold whole questions and conversations; a digest keeps the primary key short. */
function hashed(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
