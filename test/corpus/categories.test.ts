import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { categoryFromCode, matchCategory } from '../../src/corpus/categories.js';

describe('a category as written', () => {
  it('is its arXiv class, from a code with or without its archive, or from its name', () => {
    for (const written of [
      'cs.CV',
      'CV',
      'cv',
      'Computer Vision and Pattern Recognition',
      ' computer  vision and pattern recognition ',
    ])
      assert.deepEqual(
        categoryFromCode(written),
        {
          code: 'CV',
          name: 'Computer Vision and Pattern Recognition',
        },
        written,
      );
  });

  it('keeps another archive, spelled as arXiv spells it', () => {
    assert.deepEqual(categoryFromCode('Q-BIO.nc'), { code: 'q-bio.NC', name: 'q-bio.NC' });
  });

  it('is found again by its class alone, or by its code or name', () => {
    const known = [
      categoryFromCode('q-bio.NC'),
      categoryFromCode('Computer Vision and Pattern Recognition'),
    ];
    assert.equal(matchCategory('NC', known)?.code, 'q-bio.NC');
    assert.equal(matchCategory('q-bio.nc', known)?.code, 'q-bio.NC');
    assert.equal(matchCategory('CV', known)?.code, 'CV');
    assert.equal(matchCategory('computer vision', known)?.code, 'CV');
  });
});
