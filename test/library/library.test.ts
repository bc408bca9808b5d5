// The library decides what is new, a duplicate or an update, and logs every change.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Paper } from '../../src/corpus/schema.js';
import { Library } from '../../src/library/library.js';
import { TeamRecords } from '../../src/library/team.js';
import { describeEachEngine } from './databases.js';
import { seedPapers } from './fixtures.js';

const CLOCK = () => new Date('2026-12-02T06:00:00.000Z');

function paper(overrides: Partial<Paper>): Paper {
  return {
    id: 'glimmernet',
    title: 'GlimmerNet: Sparse Attention for Tiny Devices',
    shortName: 'GlimmerNet',
    authors: ['Ada Quill'],
    authorsTruncated: false,
    affiliations: [],
    category: { code: 'LG', name: 'Machine Learning' },
    date: '2024-01-02',
    dateInferred: false,
    year: 2024,
    hasCode: false,
    links: ['https://arxiv.org/abs/2401.00001v1'],
    abstract: 'Version one.',
    abstractText: 'Version one.',
    ...overrides,
  };
}

const by = { source: 'arxiv', addedBy: 'ada (1)' };

describeEachEngine('the library', (engine) => {
  it('seeds an empty library once, in the seed file’s order', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    assert.equal(await library.seedIfEmpty(seedPapers), 3);
    assert.equal(await library.seedIfEmpty(seedPapers), 0);
    assert.deepEqual(
      (await library.papers()).map((p) => p.id),
      seedPapers().map((p) => p.id),
    );
  });

  it('adds a new paper and records who added it, when, and from what', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    const [outcome] = await library.add([paper({})], by);
    assert.equal(outcome?.status, 'added');
    assert.deepEqual(await library.provenanceOf('glimmernet'), {
      source: 'arxiv',
      addedBy: 'ada (1)',
      addedAt: '2026-12-02T06:00:00.000Z',
    });
  });

  it('lists every paper with who added it, when and from what, in the order added', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    await library.seedIfEmpty(seedPapers);
    await library.add([paper({})], by);
    const entries = await library.entries();
    assert.deepEqual(
      entries.map(({ id, source, addedBy, addedAt }) => ({ id, source, addedBy, addedAt })),
      [
        ...seedPapers().map(({ id }) => ({
          id,
          source: 'seed',
          addedBy: 'paperbot',
          addedAt: '2026-12-02T06:00:00.000Z',
        })),
        {
          id: 'glimmernet',
          source: 'arxiv',
          addedBy: 'ada (1)',
          addedAt: '2026-12-02T06:00:00.000Z',
        },
      ],
    );
    assert.equal(entries.at(-1)?.title, 'GlimmerNet: Sparse Attention for Tiny Devices');
  });

  it('keeps where a BibTeX entry said a paper was published, and lists it with the paper', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    const publication = { type: 'article', journal: 'Journal of Vision', pages: '1--9' };
    await library.add([paper({})], { source: 'bibtex', addedBy: 'ada (1)', publication });
    await library.add([paper({ id: 'ripple', title: 'Ripple', links: [] })], by);
    assert.deepEqual(
      await library.publications(['glimmernet', 'ripple']),
      new Map([['glimmernet', publication]]),
    );
    assert.deepEqual(
      (await library.entries()).map((entry) => entry.publication),
      [publication, undefined],
    );
  });

  it('recognises the same paper by arXiv id, DOI or normalised title', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    await library.add(
      [paper({ links: ['https://arxiv.org/abs/2401.00001v1', 'https://doi.org/10.5555/glimmer'] })],
      by,
    );
    const outcomes = await library.add(
      [
        paper({
          id: 'other-id',
          title: 'Another title',
          links: ['https://arxiv.org/abs/2401.00001'],
        }),
        paper({
          id: 'other-id',
          title: 'Another title',
          links: ['https://doi.org/10.5555/GLIMMER'],
        }),
        paper({
          id: 'other-id',
          title: 'glimmernet — sparse attention, for tiny devices!',
          links: [],
        }),
      ],
      { source: 'bibtex', addedBy: 'bo' },
    );
    assert.deepEqual(
      outcomes.map((o) => [o.status, o.paper.id]),
      [
        ['duplicate', 'glimmernet'],
        ['duplicate', 'glimmernet'],
        ['duplicate', 'glimmernet'],
      ],
    );
    assert.equal((await library.papers()).length, 1);
  });

  it('updates an entry to a newer arXiv version, keeping its id and provenance', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    await library.add([paper({})], by);
    const [outcome] = await library.add(
      [paper({ links: ['https://arxiv.org/abs/2401.00001v3'], abstract: 'Version three.' })],
      { source: 'arxiv', addedBy: 'bo' },
    );
    assert.equal(outcome?.status, 'updated');
    assert.equal((await library.get('glimmernet'))?.abstract, 'Version three.');
    assert.equal((await library.provenanceOf('glimmernet'))?.addedBy, 'ada (1)');
    const [older] = await library.add([paper({})], by);
    assert.equal(older?.status, 'duplicate', 'an older version changes nothing');
  });

  it('gives a different paper with a taken id the id with its year', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    await library.add([paper({})], by);
    const [outcome] = await library.add(
      [
        paper({
          title: 'GlimmerNet: A Different Paper',
          links: [],
          year: 2025,
          date: '2025-01-01',
        }),
      ],
      by,
    );
    assert.deepEqual([outcome?.status, outcome?.paper.id], ['added', 'glimmernet-2025']);
  });

  it('tells the papers of one batch apart as it would across batches', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    const other = (title: string) => paper({ title, links: [], year: 2025, date: '2025-01-01' });
    const outcomes = await library.add(
      [
        paper({}),
        paper({ links: [], title: 'GLIMMERNET: sparse attention, for tiny devices' }),
        other('GlimmerNet: A Different Paper'),
        other('GlimmerNet: Yet Another One'),
        paper({ links: ['https://arxiv.org/abs/2401.00001v2'], abstract: 'Version two.' }),
      ],
      by,
    );
    assert.deepEqual(
      outcomes.map((o) => [o.status, o.paper.id]),
      [
        ['added', 'glimmernet'],
        ['duplicate', 'glimmernet'],
        ['added', 'glimmernet-2025'],
        ['added', 'glimmernet-2025-2'],
        ['updated', 'glimmernet'],
      ],
    );
    assert.equal((await library.get('glimmernet'))?.abstract, 'Version two.');
    assert.equal((await library.papers()).length, 3);
  });

  it('takes a removed paper off the reading list, and only that paper', async (t) => {
    const database = await engine.freshDatabase(t);
    const library = new Library(database, CLOCK);
    const team = new TeamRecords(database.db, CLOCK);
    await library.seedIfEmpty(seedPapers);
    const [first, second] = seedPapers();
    await team.addToReading(first!.id, 'Ada');
    await team.addToReading(second!.id, 'Bob');

    await library.remove(first!.id);

    assert.deepEqual(
      (await team.readingList()).map((e) => e.paperId),
      [second!.id],
    );
  });

  it('logs adds and removals so followers see the net change', async (t) => {
    const library = new Library(await engine.freshDatabase(t), CLOCK);
    await library.seedIfEmpty(seedPapers);
    const start = await library.latestChange();
    await library.add([paper({})], by);
    const [first] = seedPapers();
    assert.equal((await library.remove(first!.id))?.id, first!.id);
    assert.equal(await library.remove('no-such-paper'), undefined);
    const changes = await library.changesSince(start);
    assert.deepEqual(
      changes.put.map((p) => p.id),
      ['glimmernet'],
    );
    assert.deepEqual(changes.removed, [first!.id]);
    assert.deepEqual(await library.changesSince(changes.seq), {
      seq: changes.seq,
      put: [],
      removed: [],
    });
  });

  it('skips a stored row it cannot read, warning once, and still removes it by id', async (t) => {
    const database = await engine.freshDatabase(t);
    const warnings: unknown[] = [];
    const library = new Library(database, CLOCK, {
      warn: (...args: unknown[]) => warnings.push(args),
    });
    await library.seedIfEmpty(seedPapers);
    const start = await library.latestChange();
    await library.add([paper({})], by);
    // As an older version stored it: a title of a zero-width space, cleaned down to nothing.
    await database.db
      .updateTable('papers')
      .set({ paper: JSON.stringify({ ...paper({}), title: '' }) })
      .where('id', '=', 'glimmernet')
      .execute();
    const seeded = seedPapers().map((p) => p.id);

    assert.deepEqual(
      (await library.papers()).map((p) => p.id),
      seeded,
    );
    assert.deepEqual(
      (await library.entries()).map((e) => e.id),
      seeded,
    );
    assert.equal(await library.get('glimmernet'), undefined);
    const changes = await library.changesSince(start);
    assert.deepEqual(changes.put, []);
    assert.deepEqual(changes.removed, ['glimmernet']);
    assert.equal(await library.isUnreadable('glimmernet'), true);
    assert.equal(await library.isUnreadable(seeded[0]!), false);
    assert.equal(warnings.length, 1, 'one warning for the row, however often it is read');
    assert.match(JSON.stringify(warnings[0]), /glimmernet/);

    // Later changes still reach a follower.
    const before = changes.seq;
    await library.remove(seeded[0]!);
    assert.deepEqual((await library.changesSince(before)).removed, [seeded[0]]);

    assert.deepEqual(await library.remove('glimmernet'), { id: 'glimmernet', title: 'glimmernet' });
    assert.equal(await library.isUnreadable('glimmernet'), false);
    assert.deepEqual(
      (await library.papers()).map((p) => p.id),
      seeded.slice(1),
    );
  });
});
