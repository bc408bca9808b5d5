import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arxivCategory, categoryFromCode, matchCategory } from '../../src/corpus/categories.js';

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

  it('keeps another archive, spelled as arXiv spells it, with its name', () => {
    assert.deepEqual(categoryFromCode('Q-BIO.nc'), {
      code: 'q-bio.NC',
      name: 'Neurons and Cognition',
    });
    assert.deepEqual(categoryFromCode('cond-mat.MES-HALL'), {
      code: 'cond-mat.mes-hall',
      name: 'Mesoscale and Nanoscale Physics',
    });
    assert.deepEqual(categoryFromCode('quant-ph'), { code: 'quant-ph', name: 'Quantum Physics' });
  });

  it("is any archive's class found by its name", () => {
    assert.deepEqual(arxivCategory('neurons and cognition'), {
      code: 'q-bio.NC',
      name: 'Neurons and Cognition',
    });
    assert.equal(arxivCategory('Optimization and Control')?.code, 'math.OC');
    assert.equal(arxivCategory('Signal Processing')?.code, 'SP');
  });

  it('is no arXiv category when arXiv has no such code or name', () => {
    for (const text of ['XQ', 'Robots and stuff', 'vision', 'cs.ZZ'])
      assert.equal(arxivCategory(text), undefined, text);
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
    assert.equal(matchCategory('Neurons and Cognition', known)?.code, 'q-bio.NC');
  });

  it('is found by words of its name that no other name holds, and not by a fragment of one', () => {
    const known = ['CV', 'CL', 'LG', 'DC', 'AI'].map((code) => categoryFromCode(code));
    assert.equal(matchCategory('vision', known)?.code, 'CV');
    assert.equal(matchCategory('Pattern Recognition', known)?.code, 'CV');
    assert.equal(matchCategory('language', known)?.code, 'CL');
    // Glue words, letters and parts of words name nothing.
    for (const fragment of ['and', 'c', 'vis', 'of the'])
      assert.equal(matchCategory(fragment, known), undefined, fragment);
    assert.equal(matchCategory('intelligence', known)?.code, 'AI');
  });

  it('is found by its arXiv name even where a paper stored its code as its name', () => {
    const stored = [{ code: 'q-bio.NC', name: 'q-bio.NC' }];
    assert.equal(matchCategory('Neurons and Cognition', stored)?.code, 'q-bio.NC');
  });
});
