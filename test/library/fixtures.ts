// A small library of invented papers, so library specs never depend on the bundled corpus.
import { readFileSync } from 'node:fs';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import type { Paper } from '../../src/corpus/schema.js';

const SEED_FILE = new URL('./fixtures/seed.json', import.meta.url);

export const seedPapers = (): Paper[] =>
  parseJsonPapers(JSON.parse(readFileSync(SEED_FILE, 'utf8')) as unknown, 'seed.json');
