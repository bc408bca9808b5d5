import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found the same way from src/ (tsx) and dist/src/ (compiled). */
function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const BUNDLED_CORPUS = join(PACKAGE_ROOT, 'data', 'papers.json');
export const DEFAULT_CACHE_DIR = join(PACKAGE_ROOT, '.cache');
export const DEFAULT_DATA_DIR = join(PACKAGE_ROOT, '.paperbot');
