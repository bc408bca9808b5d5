// arXiv ids and URLs become papers through the arXiv API's Atom feed, fetched from a local
// stand-in; failures become per-item messages, never half a paper.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArxivSource, parseArxivReference } from '../../src/sources/arxiv.js';
import type { SourceItem } from '../../src/sources/types.js';
import { startScholarlyStandIn, type ScholarlyStandIn } from '../e2e/scholarly/standin.js';

function paperOf(item: SourceItem | undefined) {
  assert.ok(item?.ok, `expected a paper, got ${JSON.stringify(item)}`);
  return item.paper;
}

function errorOf(item: SourceItem | undefined): string {
  assert.ok(item && !item.ok, `expected a failure, got ${JSON.stringify(item)}`);
  return item.error;
}

describe('parseArxivReference', () => {
  for (const [text, id, version] of [
    ['2407.14057', '2407.14057', undefined],
    ['arXiv:2407.14057v2', '2407.14057', 2],
    ['https://arxiv.org/abs/2407.14057v3', '2407.14057', 3],
    ['https://arxiv.org/pdf/2407.14057.pdf', '2407.14057', undefined],
    ['http://export.arxiv.org/abs/hep-th/9901001', 'hep-th/9901001', undefined],
    ['https://arxiv.org/abs/2401.00102?context=cs', '2401.00102', undefined],
    ['arxiv.org/abs/2401.00102v4#refs', '2401.00102', 4],
  ] as const) {
    it(`reads ${text}`, () => {
      assert.deepEqual(parseArxivReference(text), { id, version, text });
    });
  }

  it('refuses what is not an arXiv id', () => {
    for (const text of [
      '10.1109/CVPR.2016.90',
      'mobilevit',
      '2407',
      'https://example.com/abs/2407.14057',
    ])
      assert.equal(parseArxivReference(text), undefined, text);
  });
});

describe('ArxivSource against the arXiv stand-in', () => {
  let standIn: ScholarlyStandIn;
  let arxiv: ArxivSource;
  before(async () => {
    standIn = await startScholarlyStandIn();
    arxiv = new ArxivSource({ apiUrl: standIn.arxivUrl, minIntervalMs: 0 });
  });
  after(() => standIn.close());

  it('turns an entry into a validated paper with its arXiv link, authors, category and date', async () => {
    const [item] = await arxiv.fetch([parseArxivReference('2401.00001')!]);
    const paper = paperOf(item);
    assert.equal(paper.title, 'GlimmerNet: Sparse Attention for Tiny Devices');
    assert.equal(paper.id, 'glimmernet');
    assert.deepEqual(paper.authors, ['Ada Quill', 'Bo Tran']);
    assert.deepEqual(paper.affiliations, ['Example University']);
    assert.deepEqual(paper.category, { code: 'LG', name: 'Machine Learning' });
    assert.equal(paper.date, '2024-01-02');
    assert.equal(paper.links[0], 'https://arxiv.org/abs/2401.00001v2');
    assert.ok(paper.hasCode, 'the abstract links a GitHub repository');
    assert.match(paper.abstract, /^We introduce GlimmerNet/);
  });

  it('drops invisible format characters from the title and authors rather than spacing them', async () => {
    standIn.putArxiv({
      id: '2403.00003',
      version: 1,
      title: 'Sparse Net\u00ADworks on\u200BDevice\uFEFFs',
      summary: 'Sparse.',
      published: '2024-03-01T00:00:00Z',
      authors: [{ name: 'Z\u200Coe\uFEFF Wu' }],
      primaryCategory: 'cs.LG',
    });
    const paper = paperOf((await arxiv.fetch([parseArxivReference('2403.00003')!]))[0]);
    assert.equal(paper.title, 'Sparse Networks onDevices');
    assert.deepEqual(paper.authors, ['Zoe Wu']);
  });

  it('keeps the DOI arXiv knows as a link', async () => {
    const [item] = await arxiv.fetch([parseArxivReference('2402.00002')!]);
    assert.ok(paperOf(item).links.includes('https://doi.org/10.5555/ripple.2024'));
  });

  it('asks for a batch of ids in one request and answers each', async () => {
    const before = standIn.requests.length;
    const items = await arxiv.fetch(
      ['2401.00001', '2402.00002', '2403.99999'].map((t) => parseArxivReference(t)!),
    );
    assert.equal(standIn.requests.length - before, 1);
    assert.deepEqual(
      items.map((i) => i.ok),
      [true, true, false],
    );
    assert.match(errorOf(items[2]), /arXiv has no paper 2403\.99999/);
  });

  it('says so plainly when arXiv rate-limits, fails, or answers garbage', async () => {
    const ref = parseArxivReference('2401.00001')!;
    standIn.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    assert.match(
      errorOf((await arxiv.fetch([ref]))[0]),
      /arXiv asks us to slow down.*retry after 30 s/,
    );
    standIn.failNext({ kind: 'status', status: 500 });
    assert.match(errorOf((await arxiv.fetch([ref]))[0]), /arXiv answered HTTP 500/);
    standIn.failNext({ kind: 'malformed' });
    assert.match(
      errorOf((await arxiv.fetch([ref]))[0]),
      /arXiv sent a reply that could not be read/,
    );
    standIn.failNext({ kind: 'drop' });
    assert.match(errorOf((await arxiv.fetch([ref]))[0]), /Could not reach arXiv/);
  });

  it('says in one line that a reply it cannot read (broken XML, HTML, a body cut off) could not be read, not what the parser said', async () => {
    const ref = parseArxivReference('2401.00001')!;
    const html = '<html><body><h1>Service Unavailable</h1><p>Back soon</body></html>';
    for (const failure of [
      { kind: 'malformed' },
      { kind: 'status', status: 200, body: html },
      { kind: 'status', status: 200, body: '<html><body>Back soon</body></html>' },
      { kind: 'cut' },
    ] as const) {
      standIn.failNext(failure);
      const error = errorOf((await arxiv.fetch([ref]))[0]);
      assert.match(
        error,
        /^arXiv sent a reply that could not be read \([^()]+\)\. Nothing was added from it; try again in a minute\.$/,
      );
      assert.doesNotMatch(error, /line|col|tag|\n/i, JSON.stringify(failure));
    }
  });

  it('reads the next batch after one whose reply could not be read', async () => {
    const refs = Array.from({ length: 51 }, (_, i) =>
      parseArxivReference(i === 50 ? '2402.00002' : `2401.${String(i + 10).padStart(5, '0')}`),
    ).map((ref) => ref!);
    standIn.failNext({ kind: 'malformed' });
    const items = await arxiv.fetch(refs);
    assert.match(errorOf(items[0]), /arXiv sent a reply that could not be read/);
    assert.equal(paperOf(items[50]).title, 'Ripple Distillation for Speech Models');
  });

  it('stops asking once arXiv cannot be reached: the later batches fail at once, with the same reason', async () => {
    const before = standIn.requests.length;
    const spaced = new ArxivSource({ apiUrl: standIn.arxivUrl, minIntervalMs: 5000 });
    const refs = Array.from({ length: 120 }, (_, i) =>
      parseArxivReference(`2401.${String(i + 10).padStart(5, '0')}`),
    ).map((ref) => ref!);
    standIn.failNext({ kind: 'drop' });
    const started = Date.now();
    const items = await spaced.fetch(refs);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(standIn.requests.length - before, 1, 'one request, for the first batch');
    assert.equal(items.length, 120);
    assert.equal(new Set(items.map(errorOf)).size, 1);
    assert.match(errorOf(items[119]), /^Could not reach arXiv: /);
  });

  it('keeps asking after a batch arXiv rate-limited, spacing its requests as arXiv asks', async () => {
    const before = standIn.requests.length;
    const refs = Array.from({ length: 51 }, (_, i) =>
      parseArxivReference(i === 50 ? '2402.00002' : `2401.${String(i + 10).padStart(5, '0')}`),
    ).map((ref) => ref!);
    standIn.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const spaced = new ArxivSource({ apiUrl: standIn.arxivUrl, minIntervalMs: 300 });
    const items = await spaced.fetch(refs);
    assert.match(errorOf(items[0]), /arXiv asks us to slow down/);
    assert.equal(paperOf(items[50]).title, 'Ripple Distillation for Speech Models');
    const [first, second] = standIn.requests.slice(before);
    assert.ok(second!.at - first!.at >= 300, `requests ${second!.at - first!.at} ms apart`);
  });

  it('waits out a rate limit that says to come back within seconds, and gets the batch', async () => {
    const before = standIn.requests.length;
    standIn.failNext({ kind: 'status', status: 503, headers: { 'retry-after': '1' } });
    const items = await arxiv.fetch([
      parseArxivReference('2401.00001')!,
      parseArxivReference('2402.00002')!,
    ]);
    assert.deepEqual(
      items.map((i) => i.ok),
      [true, true],
    );
    assert.equal(standIn.requests.length - before, 2);
  });

  it('gives up after three rate limits in a row, and says why', async () => {
    const busy = { kind: 'status', status: 429, headers: { 'retry-after': '0' } } as const;
    standIn.failNext(busy, busy, busy);
    const [item] = await arxiv.fetch([parseArxivReference('2401.00001')!]);
    assert.match(errorOf(item), /arXiv asks us to slow down \(HTTP 429\); retry after 0 s/);
  });

  it('says so when arXiv cannot be reached at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const offline = new ArxivSource({
      apiUrl: `http://127.0.0.1:${port}/api/query`,
      minIntervalMs: 0,
    });
    assert.match(
      errorOf((await offline.fetch([parseArxivReference('2401.00001')!]))[0]),
      /Could not reach arXiv: the connection was refused/,
    );
  });

  it('starts a request only the configured interval after the previous one ended', async () => {
    const spaced = new ArxivSource({ apiUrl: standIn.arxivUrl, minIntervalMs: 300 });
    const start = standIn.requests.length;
    await spaced.fetch([parseArxivReference('2401.00001')!]);
    await spaced.fetch([parseArxivReference('2402.00002')!]);
    const [first, second] = standIn.requests.slice(start);
    assert.ok(second!.at - first!.at >= 300, `requests ${second!.at - first!.at} ms apart`);
  });
});
