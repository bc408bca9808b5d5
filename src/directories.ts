import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdirSync(dir, { recursive: true })`, one level at a time. Node's recursive mkdir spins
 * forever, at full CPU, where a parent exists but refuses children with ENOENT (any path
 * under /proc, as a mistyped PAPERBOT_DATA_DIR can be); made level by level, that parent's
 * refusal is the error.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Another process made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
