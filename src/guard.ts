import { LRUCache } from 'lru-cache';

/**
 * The cost guard: a per-user cooldown on questions and a per-guild daily budget of LLM
 * tokens. Kept in process memory, which is right for one gateway process; several
 * replicas must share it instead (see README, "Scaling out").
 */
export interface GuardOptions {
  cooldownSeconds: number;
  dailyTokenBudget: number;
  now?: () => number;
}

export type CooldownCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

const DAY_MS = 86_400_000;

export class UsageGuard {
  private readonly lastAsk = new LRUCache<string, number>({ max: 50_000 });
  private readonly spent = new LRUCache<string, number>({ max: 50_000 });
  private readonly now: () => number;

  constructor(private readonly options: GuardOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records the ask when allowed, so two quick asks cannot both pass. */
  takeCooldown(userId: string): CooldownCheck {
    const now = this.now();
    const last = this.lastAsk.get(userId);
    const wait = last === undefined ? 0 : last + this.options.cooldownSeconds * 1000 - now;
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    this.lastAsk.set(userId, now);
    return { ok: true };
  }

  private budgetKey(guildId: string): string {
    return `${guildId}:${Math.floor(this.now() / DAY_MS)}`;
  }

  hasBudget(guildId: string): boolean {
    return (this.spent.get(this.budgetKey(guildId)) ?? 0) < this.options.dailyTokenBudget;
  }

  spend(guildId: string, tokens: number): void {
    if (tokens <= 0) return;
    const key = this.budgetKey(guildId);
    this.spent.set(key, (this.spent.get(key) ?? 0) + tokens);
  }
}
