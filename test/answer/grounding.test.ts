import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ground } from '../../src/answer/grounding.js';
import { figuresIn } from '../../src/answer/figures.js';
import type { Source } from '../../src/answer/types.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';

const papers = parseJsonPapers(JSON.parse(readFileSync('test/fixtures/papers.json', 'utf8')));
const paper = (id: string) => {
  const found = papers.find((p) => p.id === id);
  assert.ok(found, id);
  return found;
};
const sources: Source[] = [
  { n: 1, paper: paper('separable-self-attention-mobile-vision'), coverage: 1 },
  { n: 2, paper: paper('mobilevit'), coverage: 1 },
];

describe('grounding a model answer in its sources', () => {
  it('keeps valid citations and marks verbatim sentences as quotes', () => {
    const result = ground(
      'MobileViTv2 achieves a top-1 accuracy of 75.6% on the ImageNet dataset [1]. It is a fine model [2].',
      sources,
    );
    assert.deepEqual(
      result.segments.map((s) => [s.kind, s.citations]),
      [
        ['quote', [1]],
        ['prose', [2]],
      ],
    );
  });

  it('removes a citation number that names no source, and the sentence it leaves uncited', () => {
    const result = ground('It is fast [3]. It reaches 75.6% [1].', sources);
    assert.deepEqual(result.droppedCitations, [3]);
    assert.deepEqual(
      result.segments.map((s) => s.citations),
      [[1]],
    );
  });

  it('drops every sentence without a citation, figure or not', () => {
    const result = ground('MobileViTv2 is light. It runs 3.2x faster [1].', sources);
    assert.deepEqual(result.droppedSentences, ['MobileViTv2 is light.']);
    assert.equal(result.segments.length, 1);
  });

  it('checks a range as a range: 4-50x is not 4-5x', () => {
    const flash: Source[] = [{ n: 1, paper: paper('llm-in-a-flash'), coverage: 1 }];
    assert.equal(ground('It is 4-5x faster on CPU [1].', flash).segments.length, 1);
    assert.equal(ground('It is 4-50x faster on CPU [1].', flash).segments.length, 0);
  });

  it('keeps only the links the papers give, and strips escape codes and control characters', () => {
    const result = ground(
      'Code: https://github.com/apple/ml-cvnets and https://evil.example/x [1]. \u001b[2J\u001b]8;;https://x\u0007Bold\u202e [1].',
      sources,
    );
    const text = result.segments.map((s) => s.text).join(' ');
    assert.match(text, /github\.com\/apple\/ml-cvnets/);
    assert.doesNotMatch(text, /evil\.example|\u001b|\u0007|\u202e/);
  });

  it('bounds the length of what it passes on', () => {
    const long = Array.from(
      { length: 12 },
      () => 'MobileViTv2 achieves a top-1 accuracy of 75.6% on the ImageNet dataset [1].',
    ).join(' ');
    const kept = ground(long, sources).segments;
    assert.ok(kept.reduce((n, s) => n + s.text.length, 0) <= 600);
  });

  it('accepts a figure written differently from the abstract (3.2x for 3.2×)', () => {
    assert.equal(ground('It runs 3.2x faster [1].', sources).droppedSentences.length, 0);
  });

  it('drops a sentence with a figure that no cited abstract contains', () => {
    const result = ground('It runs 3.2x faster [1]. It uses 12.5% less energy [1].', sources);
    assert.deepEqual(result.droppedSentences, ['It uses 12.5% less energy.']);
  });

  it('notes a figure invented again and again once, with how many sentences stated it', () => {
    const result = ground('MobileViTv2 compresses models by 99x [1]. '.repeat(600), sources);
    assert.deepEqual(result.notes, [
      'Left out 600 sentences stating 99x, which no cited abstract contains.',
    ]);
  });

  it('leaves no double space where a link was removed', () => {
    const result = ground('See https://evil.example/x for more [1].', sources);
    assert.equal(result.segments[0]?.text, 'See for more.');
  });

  it('does not read Discord mentions as figures', () => {
    const result = ground('Ask <@123> and <@&456> about MobileViTv2 [1].', sources);
    assert.deepEqual(result.droppedSentences, []);
    assert.equal(result.notes.filter((n) => /stating/.test(n)).length, 0);
  });

  it('checks figures against the cited abstract, not any abstract', () => {
    // 78.4% is MobileViT's figure [2], not MobileViTv2's [1].
    assert.equal(
      ground('It reaches 78.4% top-1 accuracy [1].', sources).droppedSentences.length,
      1,
    );
  });

  it('reads a number glued to its unit whole, so an invented decimal is not taken for its integer part', () => {
    assert.deepEqual(figuresIn('a 3.3MB model in 12ms'), ['3.3', '12']);
    // The abstract holds a 1 (about 1%), never 1.7.
    assert.equal(ground('It needs 1.7GB of memory [1].', sources).droppedSentences.length, 1);
  });

  it('does not read model names as figures', () => {
    assert.deepEqual(figuresIn('ResNet-50 on WikiText-103 with MobileNetV1'), []);
  });
});
