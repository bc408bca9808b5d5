// Reading a corpus file from disk, and writing papers.json so a failure never leaves half a file.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusError } from '../../src/corpus/errors.js';
import { loadCorpusFile, writePapersFile } from '../../src/corpus/load.js';
import { parseCorpus } from '../../src/corpus/parse.js';
import { bundledPapers, PUBLICATIONS_TXT, thrownBy } from '../search/corpus-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'paperbot-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCorpusFile', () => {
  it('reads a publication list', () => {
    assert.equal(loadCorpusFile(PUBLICATIONS_TXT).length, 50);
  });

  it('reads a JSON file of paper inputs', () => {
    const file = join(dir, 'small.json');
    writeFileSync(
      file,
      JSON.stringify([{ title: 'Tiny Nets', authors: ['Ann Lee'], abstract: 'x', year: 2020 }]),
    );
    assert.deepEqual(
      loadCorpusFile(file).map((p) => p.id),
      ['tiny-nets'],
    );
  });

  it('fails with a CorpusError naming a file that does not exist', () => {
    const missing = join(dir, 'missing.txt');
    const error = thrownBy(() => loadCorpusFile(missing));
    assert.ok(error instanceof CorpusError);
    assert.equal(error.message, `${missing}: expected a file that exists`);
  });
});

describe('writePapersFile', () => {
  it('writes papers that read back identical', () => {
    const out = join(dir, 'round-trip', 'papers.json');
    mkdirSync(join(dir, 'round-trip'));
    const papers = bundledPapers();
    writePapersFile(out, papers);
    assert.deepEqual(parseCorpus(readFileSync(out, 'utf8'), out), papers);
  });

  it('leaves no temporary file beside the papers file', () => {
    const sub = join(dir, 'clean');
    mkdirSync(sub);
    writePapersFile(join(sub, 'papers.json'), bundledPapers());
    assert.deepEqual(readdirSync(sub), ['papers.json']);
  });

  it('leaves no temporary file behind when it cannot put the file in place', () => {
    const sub = join(dir, 'blocked');
    mkdirSync(join(sub, 'papers.json'), { recursive: true });
    writeFileSync(join(sub, 'papers.json', 'keep'), 'x');
    assert.throws(() => writePapersFile(join(sub, 'papers.json'), bundledPapers()));
    assert.deepEqual(readdirSync(sub), ['papers.json']);
  });
});
