// `paperbot remove` with a reference that is not exact: it removes nothing and offers the
// paper it would have guessed, once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SQLITE_FILE_NAME } from '../../src/config.js';
import { openDatabase } from '../../src/library/db/connect.js';
import { Library } from '../../src/library/library.js';
import { freshTempDir } from '../../testing/temp-dir.js';
import { seedPapers } from '../library/fixtures.js';
import { runCliInProcess } from './cli-in-process.js';

describe('paperbot remove with a guess at the paper', () => {
  it('exits 1 and says "Did you mean" once, with the id to give', async () => {
    const dataDir = freshTempDir('paperbot-remove-cli-');
    const database = await openDatabase({
      engine: 'sqlite',
      file: join(dataDir, SQLITE_FILE_NAME),
    });
    try {
      await new Library(database).seedIfEmpty(seedPapers);
    } finally {
      await database.close();
    }
    const run = await runCliInProcess(['remove', 'lantern night vision'], {
      cacheDir: freshTempDir('paperbot-remove-cli-cache-'),
      env: { PAPERBOT_CORPUS: '', PAPERBOT_DATA_DIR: dataDir },
    });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stderr,
      'paperbot: To remove a paper, give its exact id. Did you mean: lantern?\n',
    );
  });
});
