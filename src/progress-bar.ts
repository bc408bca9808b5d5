import { createRequire } from 'node:module';
import type { Options, SingleBar } from 'cli-progress';

/**
 * A progress bar on a terminal stream. cli-progress (a CommonJS package) and the string-width
 * stack beneath it are required only when a bar is drawn: most runs draw none, and loading
 * them would cost every start of the CLI.
 */
export function progressBar(options: Options): SingleBar {
  const bars = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  return new bars.SingleBar(options, bars.Presets.shades_classic);
}
