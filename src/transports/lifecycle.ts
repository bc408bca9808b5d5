import { once } from 'node:events';
import type { App } from '../app.js';
import { describeError } from '../errors.js';

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
  const running = await start();
  const [signal] = await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  app.log.info({ signal }, 'shutting down: finishing in-flight work');
  await running.stop();
}
