import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AnswerEngine } from '../../src/answer/engine.js';
import { MAX_ANSWER_CHARS, MAX_SENTENCES, questionType } from '../../src/answer/extractive.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { createLogger } from '../../src/log.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';

const papers = parseJsonPapers(JSON.parse(readFileSync('test/fixtures/papers.json', 'utf8')));
const search = new PaperSearch(papers, buildIndexes(papers));
const engine = () => new AnswerEngine({ search, corpusKey: 'test', log: createLogger('silent') });

describe('sentence splitting', () => {
  it('keeps decimals, e.g., i.e., et al. and vs. inside their sentence', () => {
    const text =
      'It runs 2.7x faster, e.g. on ImageNet. Ramanujan et al. showed this, i.e. it holds. Accuracy is 75.6% vs. 74% before. Done.';
    assert.deepEqual(splitSentences(text), [
      'It runs 2.7x faster, e.g. on ImageNet.',
      'Ramanujan et al. showed this, i.e. it holds.',
      'Accuracy is 75.6% vs. 74% before.',
      'Done.',
    ]);
  });

  it('does not split inside a URL or after a cleaned LaTeX figure', () => {
    assert.deepEqual(
      splitSentences('Code is at https://github.com/apple/ml-cvnets. It is 3.2× faster.'),
      ['Code is at https://github.com/apple/ml-cvnets.', 'It is 3.2× faster.'],
    );
  });
});

describe('question types', () => {
  it('recognises questions that want a figure', () => {
    assert.equal(questionType('How much does SPIN compress ConvMixer?'), 'figure');
    assert.equal(questionType('What top-1 accuracy does DiCENet improve by?'), 'figure');
  });
  it('recognises questions that want a list of papers', () => {
    assert.equal(questionType('Which papers study token pruning?'), 'list');
  });
  it('treats other questions as general', () => {
    assert.equal(questionType('What is LazyLLM?'), 'general');
  });
});

describe('the built-in answerer', () => {
  it('answers a figure question with the sentence that carries the figure, cited', async () => {
    const answer = await engine().ask({
      question: "What is MobileViTv2's speedup over MobileViT on a mobile device?",
    });
    assert.equal(answer.abstained, false);
    assert.match(answer.answer, /3\.2× faster.*\[1\]/);
    assert.equal(
      answer.citations[0]?.title,
      'Separable Self-attention for Mobile Vision Transformers',
    );
  });

  it('lists one quoted line per paper for "which papers" questions', async () => {
    const answer = await engine().ask({
      question: 'Which papers are about visual question answering?',
    });
    assert.ok(answer.citations.length >= 2);
    const lines = answer.segments.filter((s) => s.citations.length > 0);
    assert.ok(lines.every((s) => s.citations.length === 1 && s.kind === 'quote'));
    assert.equal(lines.length, answer.citations.length);
  });

  it('quotes only sentences that appear in the cited abstract', async () => {
    const answer = await engine().ask({
      question: 'How does KV-Runahead parallelize the prompt phase?',
    });
    for (const segment of answer.segments) {
      const cited = answer.citations.find((c) => c.n === segment.citations[0]);
      const paper = papers.find((p) => p.id === cited?.id);
      assert.ok(paper?.abstractText.includes(segment.text.replace(/…$/, '')), segment.text);
    }
  });

  it(`stays within ${MAX_SENTENCES} sentences and ${MAX_ANSWER_CHARS} characters`, async () => {
    for (const question of [
      'What does OpenELM release?',
      'How does CatLIP pre-train faster?',
      'How much faster is CatLIP to pre-train?',
    ]) {
      const answer = await engine().ask({ question });
      assert.ok(answer.segments.length <= MAX_SENTENCES, question);
      assert.ok(answer.answer.length <= MAX_ANSWER_CHARS, `${question}: ${answer.answer.length}`);
    }
  });

  it('says plainly that the corpus does not cover an unrelated question, with the nearest papers', async () => {
    const answer = await engine().ask({ question: 'best practices for kubernetes autoscaling' });
    assert.equal(answer.abstained, true);
    assert.equal(answer.answer, 'None of the papers here cover that.');
    assert.deepEqual(answer.citations, []);
  });

  it('restricts retrieval to the filters', async () => {
    const answer = await engine().ask({
      question: 'How much faster is inference?',
      filters: { yearFrom: 2019, yearTo: 2019 },
    });
    assert.ok(answer.citations.every((c) => c.year === 2019));
  });
});
