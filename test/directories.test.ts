import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../src/directories.js';

describe('making a directory', () => {
  it('makes every missing level, and accepts one that exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'paperbot-dirs-'));
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep);
    assert.ok(statSync(deep).isDirectory());
    makeDirectory(deep);
    makeDirectory(root);
  });

  it(
    'fails at once where a parent refuses children (a path under /proc), instead of spinning',
    { skip: !existsSync('/proc/self') && 'no /proc on this system' },
    () => {
      assert.throws(() => makeDirectory('/proc/paperbot-test/cache'), { code: 'ENOENT' });
    },
  );
});
