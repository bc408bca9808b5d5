// The app over a papers file: what it searches is always the file as it is now.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { PAPERS_JSON } from './search/corpus-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'paperbot-app-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('an app over a papers file', () => {
  it('searches a file edited in place to the same size as edited, not from the cache', () => {
    const corpus = join(root, 'papers.json');
    const original = readFileSync(PAPERS_JSON, 'utf8');
    writeFileSync(corpus, original);
    const config = loadConfig({ PAPERBOT_CORPUS: corpus, PAPERBOT_CACHE_DIR: join(root, 'cache') });
    const open = () => createApp(config, createLogger('silent'));
    const found = (query: string) => open().search.search({ query, limit: 3 }).length;
    assert.equal(found('zyxwvutsrqp'), 0);
    // Same length, same size: only its change time and content tell the edit.
    writeFileSync(corpus, original.replaceAll('Transformer', 'Zyxwvutsrqp'));
    assert.equal(readFileSync(corpus).length, Buffer.byteLength(original));
    assert.ok(found('zyxwvutsrqp') > 0);
  });

  it('warns when its search index cannot be cached, since every start will build it again', () => {
    const blocker = join(root, 'not-a-directory');
    writeFileSync(blocker, '');
    const logFile = join(root, 'app.log');
    const config = loadConfig({ PAPERBOT_CORPUS: PAPERS_JSON, PAPERBOT_CACHE_DIR: blocker });
    createApp(config, createLogger('warn', [], logFile));
    assert.match(
      readFileSync(logFile, 'utf8'),
      /"reason":"ENOTDIR".*search index cache not written/,
    );
  });

  it('says in its log when its search index cache was damaged and built again', () => {
    const cacheDir = join(root, 'damaged-cache');
    const logFile = join(root, 'damaged.log');
    const config = loadConfig({ PAPERBOT_CORPUS: PAPERS_JSON, PAPERBOT_CACHE_DIR: cacheDir });
    createApp(config, createLogger('silent'));
    const [name] = readdirSync(cacheDir);
    assert.ok(name);
    const cache = readFileSync(join(cacheDir, name));
    writeFileSync(join(cacheDir, name), cache.subarray(0, cache.length / 2));
    const app = createApp(config, createLogger('warn', [], logFile));
    assert.ok(app.search.search({ query: 'MobileViT', limit: 1 }).length > 0);
    assert.match(
      readFileSync(logFile, 'utf8'),
      /"reason":"\d+ bytes where \d+ were written".*search index cache damaged: rebuilt the index/,
    );
  });
});
