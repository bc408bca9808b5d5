import { LRUCache } from 'lru-cache';

/**
 * Where the answer engine keeps what a model already wrote (answers, summaries, verdicts),
 * so asking again costs nothing. Process memory by default; replicas share one in the
 * database. Keys are the engine's, values plain JSON-able data.
 */
export interface AnswerCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export class MemoryAnswerCache implements AnswerCache {
  readonly #entries: LRUCache<string, { value: unknown }>;

  constructor(max = 1500) {
    this.#entries = new LRUCache({ max });
  }

  get(key: string): Promise<unknown> {
    return Promise.resolve(this.#entries.get(key)?.value);
  }

  set(key: string, value: unknown): Promise<void> {
    this.#entries.set(key, { value });
    return Promise.resolve();
  }
}
