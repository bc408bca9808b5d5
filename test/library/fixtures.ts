// A small library of invented papers, so library specs never depend on the bundled corpus.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import type { Paper } from '../../src/corpus/schema.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

const SEED_FILE = join(PACKAGE_ROOT, 'test', 'library', 'fixtures', 'seed.json');

export const seedPapers = (): Paper[] =>
  parseJsonPapers(JSON.parse(readFileSync(SEED_FILE, 'utf8')) as unknown, 'seed.json');
