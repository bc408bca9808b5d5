// `.env`: read as dotenv reads it, with the lines dotenv would skip silently named.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotenv } from '../src/env.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-env-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string): { env: NodeJS.ProcessEnv; warnings: string[] } {
  const path = join(dir, '.env');
  writeFileSync(path, text);
  const env: NodeJS.ProcessEnv = {};
  const warnings: string[] = [];
  loadDotenv(path, (m) => warnings.push(m.replace(path, '.env')), env);
  return { env, warnings };
}

describe('loadDotenv', () => {
  it('warns about each line that is not a setting, by number, and still reads the rest', () => {
    const { env, warnings } = load(
      '# a comment\n\nOPENAI_MODEL=llama3.1\nthis line is garbage\nexport PORT=9000\nsk-oops-pasted-key\n',
    );
    assert.deepEqual(env, { OPENAI_MODEL: 'llama3.1', PORT: '9000' });
    assert.deepEqual(warnings, [
      '.env line 4 is not KEY=VALUE or a # comment, so it is ignored.',
      '.env line 6 is not KEY=VALUE or a # comment, so it is ignored.',
    ]);
  });

  it('takes the lines of a quoted value running over several lines as part of it', () => {
    const { env, warnings } = load('KEY="first\nsecond line\nthird"\nNEXT=1\n');
    assert.deepEqual(env, { KEY: 'first\nsecond line\nthird', NEXT: '1' });
    assert.deepEqual(warnings, []);
  });

  it('does nothing without a .env file', () => {
    const env: NodeJS.ProcessEnv = {};
    const warnings: string[] = [];
    loadDotenv(join(dir, 'missing.env'), (m) => warnings.push(m), env);
    assert.deepEqual([env, warnings], [{}, []]);
  });
});
