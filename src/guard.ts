import { LRUCache } from 'lru-cache';

/**
 * The cost guard in front of every model call: a per-user cooldown and a daily budget of
 * model tokens per server (in a DM, per user). Its state lives in a GuardStore: process
 * memory by default, which is right for one process; replicas share a store instead.
 */

/** Where the guard keeps its counters; every method may go to a database. */
export interface GuardStore {
  /**
   * Records a use of `key` at `now` unless the last recorded use is less than `windowMs` old.
   * Returns the milliseconds still to wait, or 0 when the use was recorded. Check and record
   * are one step, so two quick uses cannot both pass.
   */
  claim(key: string, windowMs: number, now: number): Promise<number>;
  /** Tokens spent under `key` so far. */
  spent(key: string): Promise<number>;
  addSpent(key: string, tokens: number): Promise<void>;
}

class MemoryGuardStore implements GuardStore {
  readonly #lastUse = new LRUCache<string, number>({ max: 50_000 });
  readonly #spent = new LRUCache<string, number>({ max: 50_000 });

  claim(key: string, windowMs: number, now: number): Promise<number> {
    const last = this.#lastUse.get(key);
    const wait = last === undefined ? 0 : last + windowMs - now;
    if (wait > 0) return Promise.resolve(wait);
    this.#lastUse.set(key, now);
    return Promise.resolve(0);
  }

  spent(key: string): Promise<number> {
    return Promise.resolve(this.#spent.get(key) ?? 0);
  }

  addSpent(key: string, tokens: number): Promise<void> {
    this.#spent.set(key, (this.#spent.get(key) ?? 0) + tokens);
    return Promise.resolve();
  }
}

interface GuardOptions {
  cooldownSeconds: number;
  dailyTokenBudget: number;
  store?: GuardStore;
  now?: () => number;
}

/** Who pays for a model call: the server it was asked in, or the user in a DM. */
interface Payer {
  userId: string;
  guildId?: string | undefined;
}

type CooldownCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

const DAY_MS = 86_400_000;

export class UsageGuard {
  private readonly store: GuardStore;
  private readonly now: () => number;

  constructor(private readonly options: GuardOptions) {
    this.store = options.store ?? new MemoryGuardStore();
    this.now = options.now ?? Date.now;
  }

  async takeCooldown(userId: string): Promise<CooldownCheck> {
    const wait = await this.store.claim(
      `cooldown:${userId}`,
      this.options.cooldownSeconds * 1000,
      this.now(),
    );
    return wait > 0 ? { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { ok: true };
  }

  private budgetKey(payer: Payer): string {
    const day = Math.floor(this.now() / DAY_MS);
    return payer.guildId === undefined
      ? `budget:user:${payer.userId}:${day}`
      : `budget:guild:${payer.guildId}:${day}`;
  }

  async hasBudget(payer: Payer): Promise<boolean> {
    return (await this.store.spent(this.budgetKey(payer))) < this.options.dailyTokenBudget;
  }

  async spend(payer: Payer, tokens: number): Promise<void> {
    if (tokens > 0) await this.store.addSpent(this.budgetKey(payer), tokens);
  }
}
