import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The program's own modules as they run: src/ under tsx, dist/src/ when built. */
const SOURCE_ROOT = dirname(fileURLToPath(import.meta.url));

let fingerprint: string | undefined;

/**
 * A hash of every module of the program: what a cache of parsed papers is trusted by. Any
 * change to the code that reads, cleans or validates papers must miss such a cache, wherever
 * that code lives, so all of it counts (about 100 files, 10 ms, once per process).
 */
export function sourceFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    const files = readdirSync(SOURCE_ROOT, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.[cm]?[jt]s$/.test(file) && !file.endsWith('.d.ts'))
      .sort();
    for (const file of files)
      hash
        .update(`${file}\0`)
        .update(readFileSync(join(SOURCE_ROOT, file)))
        .update('\0');
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}
