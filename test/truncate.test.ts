import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { charCount, truncate } from '../src/truncate.js';

const codePoints = (text: string) => [...text].length;
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('charCount', () => {
  it('counts code points, as Discord does: an astral emoji is one character', () => {
    assert.equal(charCount('a😀b'), 3);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => charCount(text) === codePoints(text)),
    );
  });
});

describe('truncate', () => {
  it('leaves text that fits alone, and cuts longer text to the limit with an ellipsis', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 2, max: 200 }),
        (text, max) => {
          const out = truncate(text, max);
          if (codePoints(text) <= max) assert.equal(out, text);
          else {
            assert.ok(codePoints(out) <= max);
            assert.ok(out.endsWith('…'));
            assert.ok(wellFormed(out));
          }
        },
      ),
    );
  });

  it('keeps as many astral characters as the limit allows, never half of one', () => {
    assert.equal(truncate('😀'.repeat(256), 256), '😀'.repeat(256));
    assert.equal(truncate('😀'.repeat(300), 10), `${'😀'.repeat(9)}…`);
  });

  it('ends at a word boundary when one is near the cut', () => {
    assert.equal(truncate('a quick brown fox jumps', 20), 'a quick brown fox…');
  });

  it('cuts a long word where the limit falls', () => {
    assert.equal(truncate(`ab ${'x'.repeat(30)}`, 10), `ab ${'x'.repeat(6)}…`);
  });
});
