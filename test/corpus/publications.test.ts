// The publication list (a frozen copy of the bundled one), read the way a person reads it: every title, author and
// date exactly, and abstracts a chat can show.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePublicationList } from '../../src/corpus/parse.js';
import { PaperSchema, type Paper } from '../../src/corpus/schema.js';
import { PAPERS_JSON, PUBLICATIONS_TXT, REPO_ROOT } from '../search/corpus-fixture.js';

interface ExpectedByline {
  title: string;
  authors: string[];
  authorsTruncated: boolean;
  affiliations: string[];
}

/** Written by hand from publications.txt, not from the parser's output. */
const expected = JSON.parse(
  readFileSync(join(REPO_ROOT, 'test', 'corpus', 'fixtures', 'expected-titles.json'), 'utf8'),
) as ExpectedByline[];

const papers = parsePublicationList(readFileSync(PUBLICATIONS_TXT, 'utf8'), 'publications.txt');

function paper(id: string): Paper {
  const found = papers.find((p) => p.id === id);
  assert.ok(found, `no paper has the id "${id}"; ids are ${papers.map((p) => p.id).join(', ')}`);
  return found;
}

describe('parsing publications.txt', () => {
  it('reads 50 papers, in the order of the list', () => {
    assert.equal(papers.length, 50);
    assert.deepEqual(
      papers.map((p) => p.title),
      expected.map((e) => e.title),
    );
  });

  describe('splits every glued byline into title, authors and affiliations', () => {
    expected.forEach((want, i) => {
      it(`#${i + 1} ${want.title}`, () => {
        const got = papers[i];
        assert.ok(got, `paper #${i + 1} is missing`);
        assert.deepEqual(
          {
            title: got.title,
            authors: got.authors,
            authorsTruncated: got.authorsTruncated,
            affiliations: got.affiliations,
          },
          want,
        );
      });
    });
  });

  it('gives every paper the fields of the paper schema', () => {
    for (const p of papers) {
      const result = PaperSchema.safeParse(p);
      assert.ok(result.success, `${p.id}: ${result.success ? '' : result.error.message}`);
    }
  });

  it('gives every paper a unique lowercase slug id', () => {
    const ids = papers.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('names a paper after the short name before its colon (MobileViT → mobilevit)', () => {
    const byTitle = (start: string) => papers.find((p) => p.title.startsWith(start))?.id;
    assert.equal(byTitle('MobileViT:'), 'mobilevit');
    assert.equal(byTitle('CatLIP:'), 'catlip');
    assert.equal(byTitle('eDKM:'), 'edkm');
    assert.equal(byTitle('DKM:'), 'dkm');
    assert.equal(byTitle('KV-Runahead:'), 'kv-runahead');
  });

  it('keeps a sentence before a colon out of the short name ("Learning to Learn How to Learn: …")', () => {
    const p = papers.find((x) => x.title.startsWith('Learning to Learn How to Learn'));
    assert.ok(p);
    assert.equal(p.shortName, undefined);
  });

  it('reads "CVMar 15, 2023Code" as category CV, 2023-03-15, code released', () => {
    const p = paper('reinforce-data-multiply-impact-improved');
    assert.deepEqual(
      {
        category: p.category,
        date: p.date,
        year: p.year,
        dateInferred: p.dateInferred,
        hasCode: p.hasCode,
      },
      {
        category: { code: 'CV', name: 'Computer Vision and Pattern Recognition' },
        date: '2023-03-15',
        year: 2023,
        dateInferred: false,
        hasCode: true,
      },
    );
  });

  it('reads a header without "Code" as no code released', () => {
    assert.equal(paper('llama-3-herd-models').hasCode, false);
    assert.equal(papers.filter((p) => p.hasCode).length, 17);
  });

  it('dates "May 17" (no year) in the newest year printed in the list, marked as inferred', () => {
    const leap = paper('leap');
    assert.equal(leap.date, '2024-05-17');
    assert.equal(leap.year, 2024);
    assert.equal(leap.dateInferred, true);
    assert.deepEqual(
      papers.filter((p) => p.dateInferred).map((p) => p.id),
      ['leap'],
    );
  });

  it('names categories other than CV: SD is Sound, DC is Distributed, Parallel, and Cluster Computing', () => {
    assert.deepEqual(paper('diffusion-models-as-masked-audio').category, {
      code: 'SD',
      name: 'Sound',
    });
    assert.deepEqual(paper('kv-runahead').category, {
      code: 'DC',
      name: 'Distributed, Parallel, and Cluster Computing',
    });
  });

  describe('links', () => {
    it('collects the links of an abstract without the sentence full stop after them', () => {
      assert.deepEqual(paper('reinforce-data-multiply-impact-improved').links, [
        'https://github.com/apple/ml-dr',
      ]);
      assert.deepEqual(paper('spin').links, ['https://github.com/apple/ml-spin']);
    });

    it('collects a \\url{…} link without its closing brace', () => {
      assert.deepEqual(paper('cvnets').links, ['https://github.com/apple/ml-cvnets']);
      assert.deepEqual(paper('openelm').links, [
        'https://github.com/apple/corenet',
        'https://huggingface.co/apple/OpenELM',
      ]);
    });

    it('collects a link closed by a parenthesis without the parenthesis', () => {
      assert.deepEqual(paper('iqa').links, [
        'https://github.com/danielgordon10/thor-iqa-cvpr-2018',
        'https://youtu.be/pXd3C-1jr98',
      ]);
    });

    it('never ends a link with ".", "}" or ")"', () => {
      for (const link of papers.flatMap((p) => p.links)) assert.doesNotMatch(link, /[.})]$/, link);
    });
  });

  describe('abstractText', () => {
    const v2 = () => paper('separable-self-attention-mobile-vision').abstractText;

    it('turns $3.2\\times$ into 3.2×', () => {
      assert.match(v2(), /running 3\.2× faster/);
    });

    it('turns $O(k^2)$ into O(k²) and $O(k)$ into O(k)', () => {
      assert.match(v2(), /requires O\(k²\) time complexity/);
      assert.match(v2(), /linear complexity, i\.e\. O\(k\)\./);
    });

    it('turns \\url{x} into x', () => {
      assert.match(v2(), /available at: https:\/\/github\.com\/apple\/ml-cvnets$/);
    });

    it('replaces \\prjname with the short name in the eDKM paper', () => {
      assert.match(paper('edkm').abstractText, /demonstrate that eDKM can fine-tune/);
    });

    it('replaces \\model with the short name in the OpenELM paper', () => {
      assert.match(paper('openelm').abstractText, /Additionally, OpenELM models can be found/);
    });

    it('drops *emphasis* markers around "superposition prompting"', () => {
      const text = paper('superposition-prompting').abstractText;
      assert.match(text, /methodology, superposition prompting, which/);
      assert.doesNotMatch(text, /\*/);
    });

    it('leaves no $…$ math and no \\macro in any abstract', () => {
      for (const p of papers) {
        assert.doesNotMatch(p.abstractText, /\$/, p.id);
        assert.doesNotMatch(p.abstractText, /\\[a-zA-Z]/, p.id);
      }
    });

    it('turns an escaped percent sign outside math ("4.4 \\%") into a plain percent sign', () => {
      assert.doesNotMatch(paper('butterfly-transform').abstractText, /\\%/);
    });

    it('keeps the original abstract verbatim in `abstract`', () => {
      assert.match(paper('separable-self-attention-mobile-vision').abstract, /\$3\.2\\times\$/);
    });
  });

  it('is exactly what the papers.json ingested from it holds', () => {
    const bundled = JSON.parse(readFileSync(PAPERS_JSON, 'utf8')) as unknown;
    assert.deepEqual(papers, bundled);
  });
});
