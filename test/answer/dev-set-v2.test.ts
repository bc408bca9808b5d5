import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { byKind, evaluateKinds, KindDevSetSchema } from '../../scripts/eval-rules.js';
import { AnswerEngine } from '../../src/answer/engine.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { createLogger } from '../../src/log.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';

const devSet = KindDevSetSchema.parse(
  JSON.parse(readFileSync('test/fixtures/eval/dev-set-v2.json', 'utf8')),
);
const papers = parseJsonPapers(JSON.parse(readFileSync('test/fixtures/papers.json', 'utf8')));
const engine = new AnswerEngine({
  search: new PaperSearch(papers, buildIndexes(papers)),
  corpusKey: 'dev-v2',
  log: createLogger('silent'),
});

describe('the built-in answerer meets the kind-by-kind targets on dev-set-v2', async () => {
  const report = await evaluateKinds(devSet, (request) => engine.ask(request));

  it('is right on at least 90% overall and 80% of every kind', () => {
    const right = report.rows.filter((r) => r.right).length;
    assert.ok(right / report.rows.length >= 0.9, `${right}/${report.rows.length}`);
    for (const [kind, k] of byKind(report.rows))
      assert.ok(k.right / k.total >= 0.8, `${kind}: ${k.right}/${k.total}`);
  });

  it('declines at least 18 of 20 negatives, and 90% of every negative kind', () => {
    const declined = report.negatives.filter((r) => r.right).length;
    assert.ok(declined >= 18, `${declined}/${report.negatives.length}`);
    for (const [kind, k] of byKind(report.negatives))
      assert.ok(k.right / k.total >= 0.9, `${kind}: ${k.right}/${k.total}`);
  });

  it('leaves no dangling citation and keeps to the length limits', () => {
    assert.equal(report.dangling, 0);
    assert.deepEqual(report.overLength, []);
  });
});
