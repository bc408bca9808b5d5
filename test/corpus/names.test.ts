// Where a glued byline's title ends and its authors begin, decided by what a person name looks like.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPersonName, parseAuthorList, splitByline } from '../../src/corpus/names.js';

describe('isPersonName', () => {
  for (const name of [
    'Duc N. M Hoang',
    'Jen-Hao Rick Chang',
    'Keivan A. Vahid',
    'Pavan Kumar Anasosalu Vasu',
    'Yann LeCun',
    "Cathy O'Neil",
    'Łukasz Kaiser',
    'José Álvarez-Díaz',
    'Ludwig van Beethoven',
  ]) {
    it(`accepts "${name}"`, () => assert.equal(isPersonName(name), true));
  }
  for (const name of [
    'Ann',
    'ann lee',
    'van Beethoven',
    'CVNets: High Performance',
    'Learning to Learn',
    'One Two Three Four Five Six Seven',
  ]) {
    it(`rejects "${name}"`, () => assert.equal(isPersonName(name), false));
  }
});

describe('parseAuthorList', () => {
  it('reads "et al." as a truncated list', () => {
    assert.deepEqual(parseAuthorList('Ann Lee, Bob Roe et al.'), {
      authors: ['Ann Lee', 'Bob Roe'],
      truncated: true,
    });
  });

  it('reads "and" and "&" as separators', () => {
    assert.deepEqual(parseAuthorList('Ann Lee, Bob Roe and Cy Doe & Di Fox'), {
      authors: ['Ann Lee', 'Bob Roe', 'Cy Doe', 'Di Fox'],
      truncated: false,
    });
  });

  it('is undefined when any part is not a name', () => {
    assert.equal(parseAuthorList('Ann Lee, efficient networks'), undefined);
  });
});

describe('splitByline', () => {
  it('ends the title where the first author is glued on, keeping a hyphenated first name whole', () => {
    assert.deepEqual(
      splitByline(
        'Token Pooling in Vision TransformersDmitrii Marin, Jen-Hao Rick Chang, Anurag Ranjan et al.',
      ),
      {
        title: 'Token Pooling in Vision Transformers',
        authors: ['Dmitrii Marin', 'Jen-Hao Rick Chang', 'Anurag Ranjan'],
        authorsTruncated: true,
        affiliations: [],
      },
    );
  });

  it('keeps a CamelCase or acronym last title word in the title', () => {
    assert.equal(splitByline('Scaling ViTJ. Smith')?.title, 'Scaling ViT');
    assert.equal(
      splitByline('Seeing Through LLMsŁukasz Kaiser and José Álvarez')?.title,
      'Seeing Through LLMs',
    );
  });

  it('keeps a title ending in "?" whole', () => {
    assert.equal(
      splitByline(
        "What's Hidden in a Randomly Weighted Neural Network?Vivek Ramanujan, Mitchell Wortsman",
      )?.title,
      "What's Hidden in a Randomly Weighted Neural Network?",
    );
  });

  it('reads affiliations after " · ", split on commas', () => {
    assert.deepEqual(splitByline('Some TitleAnn Lee et al. · allen-ai, berkeley')?.affiliations, [
      'allen-ai',
      'berkeley',
    ]);
  });

  it('is undefined when no authors follow the title', () => {
    assert.equal(splitByline('a title with no authors at all'), undefined);
  });
});
