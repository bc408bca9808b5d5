// Abstracts inherit LaTeX and markdown from arXiv; a chat shows plain text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanAbstract, extractLinks, withoutFormatCharacters } from '../../src/corpus/clean.js';
import { splitSentences } from '../../src/corpus/sentences.js';

describe('cleanAbstract', () => {
  const cases: [string, string][] = [
    ['running $3.2\\times$ faster', 'running 3.2× faster'],
    ['requires $O(k^2)$ time', 'requires O(k²) time'],
    ['from $10^{-3}$ down', 'from 10⁻³ down'],
    ['by $5\\%$ (from $72.2\\%$)', 'by 5% (from 72.2%)'],
    ['from O(n^2) to O(n\\log n) channels', 'from O(n²) to O(n log n) channels'],
    ['code: \\url{https://github.com/apple/ml-cvnets}', 'code: https://github.com/apple/ml-cvnets'],
    ['a *superposition prompting* method', 'a superposition prompting method'],
    ['a \\emph{new} idea', 'a new idea'],
  ];
  for (const [input, output] of cases) {
    it(`turns ${JSON.stringify(input)} into ${JSON.stringify(output)}`, () =>
      assert.equal(cleanAbstract(input), output));
  }

  it('replaces a project macro (\\prjname) with the short name it is given', () => {
    assert.equal(
      cleanAbstract('We show that \\prjname can fine-tune.', { shortName: 'eDKM' }),
      'We show that eDKM can fine-tune.',
    );
  });

  it('keeps stray asterisks, backticks and underscores as written: escaping them is the renderers’ job', () => {
    assert.equal(cleanAbstract('snake_case and 2*3 and `x`'), 'snake_case and 2*3 and `x`');
  });
});

describe('extractLinks', () => {
  it('drops the full stop, comma or brace that follows a link', () => {
    assert.deepEqual(
      extractLinks('at https://a.org/x. Then https://b.org/y, and \\url{https://c.org/z}.'),
      ['https://a.org/x', 'https://b.org/y', 'https://c.org/z'],
    );
  });

  it('drops an unbalanced closing parenthesis but keeps a balanced one', () => {
    assert.deepEqual(
      extractLinks('(see https://x.org/a). Also https://en.wikipedia.org/wiki/Foo_(bar).'),
      ['https://x.org/a', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    );
  });

  it('gives a bare www. link a scheme and lists each link once', () => {
    assert.deepEqual(extractLinks('www.example.com and www.example.com'), [
      'https://www.example.com',
    ]);
  });
});

describe('splitSentences', () => {
  it('does not cut after "et al." or inside a decimal', () => {
    assert.deepEqual(splitSentences('Models by Lee et al. reach 75.6% accuracy. They are fast.'), [
      'Models by Lee et al. reach 75.6% accuracy.',
      'They are fast.',
    ]);
  });

  it('does not cut after "e.g." or "i.e." followed by a capital', () => {
    assert.deepEqual(splitSentences('Fast CNNs (e.g. MobileNets) win. It is linear, i.e. O(k).'), [
      'Fast CNNs (e.g. MobileNets) win.',
      'It is linear, i.e. O(k).',
    ]);
  });

  it('splits a text far longer than any abstract as it splits each of its sentences', () => {
    const sentence = 'Models by Lee et al. reach 75.6% accuracy, e.g. on ImageNet.';
    const sentences = splitSentences(`${sentence} `.repeat(5_000));
    assert.equal(sentences.length, 5_000);
    assert.ok(sentences.every((s) => s === sentence));
  });

  it('cuts a long text without full stops at spaces, keeping every word', () => {
    const text = 'word '.repeat(10_000).trim();
    assert.equal(splitSentences(text).join(' '), text);
  });
});

describe('withoutFormatCharacters', () => {
  it('drops terminal control sequences from outside text but keeps line breaks and tabs', () => {
    assert.equal(
      withoutFormatCharacters('Line1\u001b[2J\u0007 evil\u0085\n\tnext\u200b'),
      'Line1[2J evil\n\tnext',
    );
  });
});
