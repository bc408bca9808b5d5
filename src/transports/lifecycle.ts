import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../app.js';
import { describeError, StartFailure } from '../errors.js';

/** How long a failed start waits for the process to end by itself before ending it. */
const FAILED_START_EXIT_MS = 1_000;

/**
 * Runs a long-lived transport until SIGINT or SIGTERM, then stops it cleanly. One bad
 * promise must not take down every other conversation: it is logged, not fatal.
 */
export async function runUntilSignalled(
  app: App,
  start: () => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  process.on('unhandledRejection', (reason) =>
    app.log.error({ err: describeError(reason) }, 'unhandled rejection'),
  );
  // Thrown from a library's own callback (Discord's gateway reading a malformed answer): the
  // process cannot go on. The log keeps the stack; the terminal gets one line.
  process.on('uncaughtException', (error) => {
    app.log.error({ err: describeError(error) }, 'uncaught exception: stopping');
    process.stderr.write(
      `paperbot: stopped on an unexpected error: ${error.name}: ${error.message.split('\n')[0] ?? ''}\n`,
    );
    process.exit(1);
  });
  let running: { stop(): Promise<void> };
  try {
    running = await start();
  } catch (error) {
    app.log.debug({ err: describeError(error) }, 'could not start');
    await app
      .close()
      .catch((closing: unknown) =>
        app.log.debug({ err: describeError(closing) }, 'could not close after a failed start'),
      );
    // discord.js goes on reconnecting to a gateway it could not reach after its client is
    // destroyed (a shard destroyed while it waits to retry is not stopped): once the caller
    // has said why and set the exit code, nothing left running may keep the process alive.
    setTimeout(() => process.exit(), FAILED_START_EXIT_MS).unref();
    throw new StartFailure(error);
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  app.log.info({ signal }, 'shutting down: finishing in-flight work');
  // A second signal means now: whoever sends it has stopped waiting for the grace period.
  const now = (again: NodeJS.Signals) => {
    app.log.warn({ signal: again }, 'second signal: exiting without finishing');
    process.exit(1);
  };
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  await running.stop();
  // The database's connections would otherwise keep the process alive after the server stopped.
  await app.close();
}

/** After abandoning work, how long its aborted deliveries get to notice before sockets close. */
const ABANDON_MS = 1_000;

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const settled = await Promise.race([
    work.then(() => true),
    sleep(ms, false, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  return settled;
}

/**
 * Work a server has accepted and not finished (answers being written and delivered), so that
 * stopping can wait for it, but only for a grace period: then it is aborted, and stopping
 * stays bounded whatever Discord or the model are doing.
 */
export class InFlightWork {
  readonly #work = new Set<Promise<unknown>>();
  readonly #abandon = new AbortController();

  /** Aborted once the grace period is over. */
  get signal(): AbortSignal {
    return this.#abandon.signal;
  }

  get size(): number {
    return this.#work.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.#work.add(work);
    const forget = () => this.#work.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once every tracked work settled, or shortly after the grace ran out and it was aborted. */
  async drain(graceMs: number, log: App['log']): Promise<void> {
    if (await settlesWithin(Promise.allSettled([...this.#work]), graceMs)) return;
    log.warn({ unfinished: this.#work.size }, 'shutdown grace is over: abandoning unfinished work');
    this.#abandon.abort();
    await settlesWithin(Promise.allSettled([...this.#work]), ABANDON_MS);
  }
}
