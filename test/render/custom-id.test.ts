// A button's state lives in its custom_id: it survives a restart when it fits Discord's 100
// characters, lives as long as the process when parked, and expires after seven days.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BUTTON_TTL_MS,
  ButtonCodec,
  CUSTOM_ID_MAX,
  type ButtonState,
} from '../../src/render/custom-id.js';

const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);
const SECOND = 1000;

/** A codec whose clock the test moves. */
function clocked(start = T0) {
  let now = start;
  return { codec: new ButtonCodec(() => now), set: (t: number) => void (now = t) };
}

const run = (args: Record<string, string | number | boolean>, update = false): ButtonState => ({
  kind: 'run',
  command: 'search',
  args,
  update,
});

// Option values as commands pass them: strings (any text a person typed), integers, finite
// numbers, booleans. -0 is left out: JSON has no negative zero.
const argValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
);
// '__proto__' is left out as a key: JSON.parse makes it an own key, and the codec's record
// schema then drops it; command options never have that name.
const argKey = fc
  .oneof(
    fc.constantFrom('query', 'page', 'paper', 'author', 'category', 'year_from', 'has_code'),
    fc.string({ maxLength: 20 }),
  )
  .filter((k) => k !== '__proto__');
const args = fc.dictionary(argKey, argValue, { maxKeys: 8, noNullPrototype: true });
const state: fc.Arbitrary<ButtonState> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('run' as const),
      command: fc.constantFrom('search', 'paper', 'similar', 'summarize', 'cite', 'author', 'ask'),
      args,
      update: fc.boolean(),
    },
    { noNullPrototype: true },
  ),
  fc.constant({ kind: 'share' as const }),
  fc.constant({ kind: 'thread' as const }),
);

describe('ButtonCodec', () => {
  it('round-trips run, page, share and thread states', () => {
    const codec = new ButtonCodec();
    for (const s of [
      run({ query: 'mobile vit', page: 2, hasCode: true }),
      run({ query: 'mobile vit', page: 3 }, true),
      { kind: 'share' as const },
      { kind: 'thread' as const },
    ]) {
      assert.deepEqual(codec.decode(codec.encode(s)), { ok: true, state: s });
    }
  });

  it('names the verb in the id: run, page (update in place), share, thread', () => {
    const codec = new ButtonCodec();
    assert.match(codec.encode(run({ q: 'x' })), /^pb1:run:search:/);
    assert.match(codec.encode(run({ q: 'x' }, true)), /^pb1:page:search:/);
    assert.equal(codec.encode({ kind: 'share' }), 'pb1:share');
    assert.equal(codec.encode({ kind: 'thread' }), 'pb1:thread');
  });

  it('always fits Discord’s 100 characters and decodes to the same state, whatever the arguments', () => {
    const codec = new ButtonCodec();
    fc.assert(
      fc.property(state, (s) => {
        const id = codec.encode(s);
        assert.ok(id.length >= 1 && id.length <= CUSTOM_ID_MAX, `${id.length} UTF-16 units`);
        assert.ok([...id].length <= CUSTOM_ID_MAX);
        assert.deepEqual(codec.decode(id), { ok: true, state: s });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps short arguments in the id itself, so they survive a restart', () => {
    const id = new ButtonCodec().encode(run({ query: 'vit', page: 2 }));
    assert.deepEqual(new ButtonCodec().decode(id), {
      ok: true,
      state: run({ query: 'vit', page: 2 }),
    });
  });

  it('parks long arguments in memory and recovers them', () => {
    const codec = new ButtonCodec();
    const long = run({ query: 'q'.repeat(500), author: '😀'.repeat(50) });
    const id = codec.encode(long);
    assert.ok(id.length <= CUSTOM_ID_MAX);
    assert.doesNotMatch(id, /qqqq/);
    assert.deepEqual(codec.decode(id), { ok: true, state: long });
  });

  it('gives two parked buttons different ids', () => {
    const codec = new ButtonCodec();
    assert.notEqual(
      codec.encode(run({ query: 'a'.repeat(200) })),
      codec.encode(run({ query: 'b'.repeat(200) })),
    );
  });

  it('says "expired" for a parked id after a restart (a new codec)', () => {
    const id = new ButtonCodec().encode(run({ query: 'q'.repeat(500) }));
    assert.deepEqual(new ButtonCodec().decode(id), { ok: false, reason: 'expired' });
  });

  it('works until seven days have passed, then says "expired"', () => {
    const { codec, set } = clocked();
    const id = codec.encode(run({ query: 'vit' }));
    set(T0 + BUTTON_TTL_MS - SECOND);
    assert.equal(codec.decode(id).ok, true);
    set(T0 + BUTTON_TTL_MS + SECOND);
    assert.deepEqual(codec.decode(id), { ok: false, reason: 'expired' });
  });

  it('expires parked ids after seven days too', () => {
    const { codec, set } = clocked();
    const id = codec.encode(run({ query: 'q'.repeat(500) }));
    set(T0 + BUTTON_TTL_MS + SECOND);
    assert.deepEqual(codec.decode(id), { ok: false, reason: 'expired' });
  });

  it('never expires share and thread buttons, which carry no arguments', () => {
    const { codec, set } = clocked();
    set(T0 + 10 * BUTTON_TTL_MS);
    assert.deepEqual(codec.decode('pb1:share'), { ok: true, state: { kind: 'share' } });
  });

  for (const garbage of [
    '',
    'x',
    'pb1',
    'pb1:',
    'pb2:share',
    'other:run:search:zzzzzz:{}',
    'PB1:share',
    'pb1:delete:search:zzzzzz:{}',
    'pb1:run',
    'pb1:run:search',
  ]) {
    it(`says "unknown" for ${JSON.stringify(garbage)}`, () => {
      assert.deepEqual(new ButtonCodec().decode(garbage), { ok: false, reason: 'unknown' });
    });
  }

  describe('with tampered arguments', () => {
    const { codec } = clocked();
    const valid = codec.encode(run({ query: 'vit' }));
    const head = valid.slice(0, valid.indexOf('{'));
    for (const payload of [
      '{"query":',
      'not json',
      'null',
      '[1,2]',
      '"text"',
      '42',
      '{"query":{"nested":1}}',
      '{"query":null}',
    ]) {
      it(`says "unknown" for ${payload}`, () => {
        assert.deepEqual(codec.decode(`${head}${payload}`), { ok: false, reason: 'unknown' });
      });
    }
  });

  it('says "unknown" when the expiry is not a base-36 time', () => {
    assert.deepEqual(new ButtonCodec().decode('pb1:run:search:!!:{}'), {
      ok: false,
      reason: 'unknown',
    });
  });

  it('never throws, whatever the id', () => {
    const codec = new ButtonCodec();
    const valid = codec.encode(run({ query: 'vit', page: 2 }));
    const mutated = fc
      .tuple(fc.nat({ max: valid.length }), fc.nat({ max: 5 }), fc.string({ maxLength: 5 }))
      .map(([at, drop, insert]) => valid.slice(0, at) + insert + valid.slice(at + drop));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.string({ unit: 'binary', maxLength: 120 }),
          mutated,
        ),
        (id) => {
          const decoded = codec.decode(id);
          assert.ok(decoded.ok || decoded.reason === 'expired' || decoded.reason === 'unknown');
        },
      ),
      { numRuns: 500 },
    );
  });
});
