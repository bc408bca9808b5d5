// What the team learns, kept in the library's database on both engines: questions asked,
// 👍/👎 on answers, the gaps they reveal, the reading list, and usage.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TeamRecords, type AskedQuestion } from '../../src/library/team.js';
import { describeEachEngine } from './databases.js';

const question = (text: string, overrides: Partial<AskedQuestion> = {}): AskedQuestion => ({
  userId: 'ada',
  guildId: 'lab',
  question: text,
  kind: 'figure',
  mode: 'extractive',
  abstained: false,
  citedIds: [],
  ...overrides,
});

/** A clock the test moves: each call is one minute after the last. */
function ticking(start = Date.UTC(2026, 0, 5, 9)) {
  let now = start;
  return () => new Date((now += 60_000));
}

describeEachEngine('the team records', (engine) => {
  it('lists unanswered and 👎 questions grouped by wording, counted, newest first', async (t) => {
    const team = new TeamRecords((await engine.freshDatabase(t)).db, ticking());
    await team.recordQuestion(question('What GPU did Lantern use?', { abstained: true }));
    await team.recordQuestion(question('How fast is Lantern?', { citedIds: ['lantern'] }));
    const wrong = await team.recordQuestion(question('Who wrote Quiet Gradients?'));
    await team.recordQuestion(question('what GPU did  lantern use', { abstained: true }));
    await team.recordFeedback({ questionId: wrong, userId: 'bob', verdict: 'down' });

    assert.deepEqual(
      (await team.gaps()).map(({ question, unanswered, downvoted }) => ({
        question,
        unanswered,
        downvoted,
      })),
      [
        { question: 'Who wrote Quiet Gradients?', unanswered: 0, downvoted: 1 },
        { question: 'what GPU did  lantern use', unanswered: 2, downvoted: 0 },
      ],
    );
  });

  it('keeps one vote per person and answer: the same click again is not counted, the other verdict replaces it', async (t) => {
    const { db } = await engine.freshDatabase(t);
    const team = new TeamRecords(db, ticking());
    const id = await team.recordQuestion(
      question('How fast is Lantern?', { mode: 'llm', citedIds: ['lantern'] }),
    );
    assert.equal(
      await team.recordFeedback({ questionId: id, userId: 'bob', verdict: 'down' }),
      'new',
    );
    assert.equal(
      await team.recordFeedback({ questionId: id, userId: 'bob', verdict: 'up' }),
      'changed',
    );
    assert.equal(
      await team.recordFeedback({ questionId: id, userId: 'bob', verdict: 'up' }),
      'same',
    );
    const votes = await db
      .selectFrom('feedback')
      .select(['question', 'verdict', 'kind', 'mode', 'cited'])
      .execute();
    assert.deepEqual(votes, [
      {
        question: 'How fast is Lantern?',
        verdict: 'up',
        kind: 'figure',
        mode: 'llm',
        cited: '["lantern"]',
      },
    ]);
    assert.equal(
      await team.recordFeedback({ questionId: id + 99, userId: 'bob', verdict: 'up' }),
      undefined,
    );
    assert.deepEqual(await team.gaps(), []);
  });

  it('keeps a reading list: to read first, a note kept, read papers last', async (t) => {
    const team = new TeamRecords((await engine.freshDatabase(t)).db, ticking());
    await team.addToReading('lantern', 'Ada', 'for Friday');
    await team.addToReading('quiet-gradients', 'Bob');
    assert.equal((await team.markRead('lantern'))?.alreadyRead, false);
    assert.equal(await team.markRead('tidal-pooling'), undefined);
    const list = await team.readingList();
    assert.deepEqual(
      list.map((e) => [e.paperId, e.addedBy, e.note, e.doneAt !== null]),
      [
        ['quiet-gradients', 'Bob', null, false],
        ['lantern', 'Ada', 'for Friday', true],
      ],
    );
  });

  it('keeps the day a paper was first read when it is marked read again, and says so', async (t) => {
    const team = new TeamRecords((await engine.freshDatabase(t)).db, ticking());
    await team.addToReading('lantern', 'Ada');
    const first = await team.markRead('lantern');
    const again = await team.markRead('lantern');
    assert.equal(again?.alreadyRead, true);
    assert.notEqual(first?.entry.doneAt, null);
    assert.equal(again?.entry.doneAt, first?.entry.doneAt);
  });

  it('leaves a paper already on the reading list as it is, and says who added it', async (t) => {
    const team = new TeamRecords((await engine.freshDatabase(t)).db, ticking());
    assert.equal(await team.addToReading('lantern', 'Ada', 'for Friday'), undefined);
    await team.markRead('lantern');
    const before = await team.readingList();

    const listed = await team.addToReading('lantern', 'Bob', 'skim the tables');

    assert.deepEqual(listed, before[0]);
    assert.deepEqual(await team.readingList(), before);
    assert.deepEqual([listed?.addedBy, listed?.note], ['Ada', 'for Friday']);
    assert.notEqual(listed?.doneAt, null);
  });

  it('keeps greetings and asks for the paper meant out of gaps and declined, yet counts them asked', async (t) => {
    const team = new TeamRecords((await engine.freshDatabase(t)).db, ticking());
    await team.recordQuestion(question('hello', { abstained: true, aside: true }));
    await team.recordQuestion(question('how fast is it?', { abstained: true, aside: true }));
    await team.recordQuestion(question('What GPU did Lantern use?', { abstained: true }));
    await team.recordQuestion(question('How fast is Lantern?', { citedIds: ['lantern'] }));

    assert.deepEqual(
      (await team.gaps()).map((g) => g.question),
      ['What GPU did Lantern use?'],
    );
    const usage = await team.usage();
    assert.deepEqual([usage.answered, usage.declined, usage.asides], [1, 1, 2]);
    assert.equal(usage.perWeek[0]?.[1], 4);
  });

  it('counts questions a week, answered against declined, and the papers cited most', async (t) => {
    const team = new TeamRecords((await engine.freshDatabase(t)).db, () => clock());
    let clock = () => new Date('2026-01-01T10:00:00Z'); // a Thursday
    await team.recordQuestion(question('a', { citedIds: ['lantern', 'tidal'] }));
    await team.recordQuestion(question('b', { abstained: true }));
    clock = () => new Date('2026-01-06T10:00:00Z');
    await team.recordQuestion(question('c', { citedIds: ['lantern'] }));
    assert.deepEqual(await team.usage(), {
      perWeek: [
        ['2025-12-29', 2],
        ['2026-01-05', 1],
      ],
      answered: 2,
      declined: 1,
      asides: 0,
      mostCited: [
        ['lantern', 2],
        ['tidal', 1],
      ],
    });
  });
});
