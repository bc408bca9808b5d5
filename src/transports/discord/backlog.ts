/**
 * Counts deferred work (answers being written and delivered) so that a flood is refused at the
 * door with a "busy" reply instead of queued without end: memory stays bounded by `limit`.
 */
export class DeferredBacklog {
  #running = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#running;
  }

  /** Takes a place when one is free; the caller must `leave()` once the work is delivered. */
  tryEnter(): boolean {
    if (this.#running >= this.limit) return false;
    this.#running += 1;
    return true;
  }

  leave(): void {
    this.#running = Math.max(0, this.#running - 1);
  }
}

/** Deferred answers one process carries at once; each holds a model call and its deliveries. */
export const DEFAULT_BACKLOG_LIMIT = 200;
