import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { z } from '../../src/zod.js';
import { AnswerEngine } from '../../src/answer/engine.js';
import { MAX_ANSWER_CHARS } from '../../src/answer/extractive.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { createLogger } from '../../src/log.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';

const devSet = z
  .object({
    qa: z.array(z.object({ q: z.string(), paper: z.string(), accept: z.array(z.string()) })),
    negatives: z.array(z.string()),
  })
  .parse(JSON.parse(readFileSync('test/fixtures/eval/dev-set.json', 'utf8')));
const papers = parseJsonPapers(JSON.parse(readFileSync('test/fixtures/papers.json', 'utf8')));
const engine = new AnswerEngine({
  search: new PaperSearch(papers, buildIndexes(papers)),
  corpusKey: 'dev',
  log: createLogger('silent'),
});

describe('the built-in answerer meets its targets on the development set', () => {
  it('answers at least 90% of questions with an accepted string, citing the right paper', async () => {
    let right = 0;
    for (const { q, paper, accept } of devSet.qa) {
      const answer = await engine.ask({ question: q });
      const contains = accept.some((a) => answer.answer.toLowerCase().includes(a.toLowerCase()));
      if (contains && answer.citations.some((c) => c.title === paper)) right += 1;
    }
    assert.ok(right / devSet.qa.length >= 0.9, `${right} of ${devSet.qa.length}`);
  });

  it('abstains on every negative', async () => {
    for (const q of devSet.negatives)
      assert.equal((await engine.ask({ question: q })).abstained, true, q);
  });

  it('never leaves a dangling citation and never exceeds the length limit', async () => {
    for (const q of [...devSet.qa.map((c) => c.q), ...devSet.negatives]) {
      const answer = await engine.ask({ question: q });
      const cited = new Set(answer.citations.map((c) => c.n));
      for (const match of answer.answer.matchAll(/\[(\d+)\]/g))
        assert.ok(cited.has(Number(match[1])), `${q}: ${match[0]}`);
      assert.ok(answer.answer.length <= MAX_ANSWER_CHARS, q);
    }
  });
});
