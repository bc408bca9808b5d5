// Command-line flags come from the same option specs as the slash commands.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../commands/index.js';
import type { Command } from '../../src/command.js';
import {
  parseInvocation,
  positionalOptions,
  usageOf,
  UsageError,
  ValueError,
} from '../../src/transports/cli-args.js';

function command(name: string): Command<unknown> {
  const found = registry.find(name, 'cli');
  assert.ok(found, `no command ${name}`);
  return found;
}

describe('parseInvocation', () => {
  it('joins bare words into the main option and reads typed flags', () => {
    const parsed = parseInvocation(command('search'), [
      'kv',
      'cache',
      '--limit',
      '3',
      '--has-code',
      '--year',
      '2019-2021',
      '--category',
      'CV',
      '--author',
      'Mehta',
    ]);
    assert.deepEqual(parsed.raw, {
      query: 'kv cache',
      limit: 3,
      has_code: true,
      year: '2019-2021',
      category: 'CV',
      author: 'Mehta',
    });
  });

  it('reads a yes/no flag given a value, not as a search word', () => {
    const raw = (argv: string[]) => parseInvocation(command('search'), argv).raw;
    assert.deepEqual(raw(['dkm', '--has-code', 'false']), { query: 'dkm', has_code: false });
    assert.deepEqual(raw(['dkm', '--has-code', 'true']), { query: 'dkm', has_code: true });
    assert.deepEqual(raw(['--has-code=false', 'dkm']), { query: 'dkm', has_code: false });
    assert.deepEqual(raw(['dkm', '--no-has-code']), { query: 'dkm', has_code: false });
    assert.deepEqual(raw(['dkm', '--has-code', 'yes']), { query: 'dkm', has_code: true });
    assert.deepEqual(raw(['dkm', '--has-code', '0']), { query: 'dkm', has_code: false });
  });

  it('reads another word after a bare yes/no flag as a query word', () => {
    assert.deepEqual(parseInvocation(command('search'), ['--has-code', 'dkm']).raw, {
      query: 'dkm',
      has_code: true,
    });
  });

  it('refuses a yes/no flag given a value that is neither, as a value the command cannot use', () => {
    assert.throws(
      () => parseInvocation(command('search'), ['dkm', '--has-code=maybe']),
      new ValueError('--has-code takes true or false, got "maybe".'),
    );
    assert.throws(
      () => parseInvocation(command('search'), ['dkm', '--has-code', 'maybe', '--json']),
      new ValueError('--has-code takes true or false, got "maybe".'),
    );
  });

  it('reads the global flags --json, --stdin and --corpus', () => {
    const { flags } = parseInvocation(command('search'), [
      '--json',
      '--stdin',
      '--corpus',
      'x.json',
    ]);
    assert.deepEqual([flags.json, flags.stdin, flags.corpus], [true, true, 'x.json']);
  });

  it('fills two required options from two words: compare dkm edkm', () => {
    assert.deepEqual(parseInvocation(command('compare'), ['dkm', 'edkm']).raw, {
      a: 'dkm',
      b: 'edkm',
    });
  });

  it('names the options each --stdin line fills', () => {
    assert.deepEqual(parseInvocation(command('search'), []).lineOptions, ['query']);
    assert.deepEqual(parseInvocation(command('ask'), []).lineOptions, ['question']);
    assert.deepEqual(parseInvocation(command('compare'), []).lineOptions, ['a', 'b']);
  });

  it('takes a value that starts with a dash, such as --year -2018 ("until 2018")', () => {
    assert.equal(parseInvocation(command('search'), ['x', '--year', '-2018']).raw.year, '-2018');
  });

  it('rejects an unknown flag with a UsageError naming it', () => {
    assert.throws(
      () => parseInvocation(command('search'), ['--nope']),
      (error: unknown) => error instanceof UsageError && /'--nope'/.test(error.message),
    );
  });

  it('suggests the flag a mistyped one is closest to, as for a mistyped command', () => {
    assert.throws(
      () => parseInvocation(command('search'), ['x', '--yeer', '2020']),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === "Unknown option '--yeer'. Did you mean --year?",
    );
  });

  it('rejects a --limit that is not a whole number as a value the command cannot use', () => {
    assert.throws(
      () => parseInvocation(command('search'), ['x', '--limit', 'three']),
      (error: unknown) =>
        error instanceof ValueError && /--limit expects a whole number/.test(error.message),
    );
  });

  it('rejects a flag given an empty value, naming the flag, rather than ignoring it', () => {
    for (const [args, flag] of [
      [['--year='], 'year'],
      [['--year', ''], 'year'],
      [['--author', ''], 'author'],
      [['--category', ' '], 'category'],
      [['--limit', ''], 'limit'],
    ] as const)
      assert.throws(
        () => parseInvocation(command('search'), ['x', ...args]),
        (error: unknown) =>
          error instanceof ValueError && error.message === `--${flag} needs a value.`,
        args.join(' '),
      );
  });

  it('rejects words or the main argument’s flag with --stdin, which fills it from each line', () => {
    assert.throws(
      () => parseInvocation(command('search'), ['dkm', '--stdin']),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message ===
          'With --stdin each line is the <query>: drop the words "dkm", or drop --stdin.',
    );
    assert.throws(
      () => parseInvocation(command('compare'), ['--stdin', '--b', 'edkm']),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === 'With --stdin each line is the <a> and <b>: drop --b, or drop --stdin.',
    );
  });

  it('rejects --stdin for a command that takes no input', () => {
    assert.throws(
      () => parseInvocation(command('stats'), ['--stdin']),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === 'stats takes no input to read from --stdin.',
    );
  });

  it('rejects a word a command has no place for', () => {
    assert.throws(
      () => parseInvocation(command('stats'), ['extra']),
      (error: unknown) =>
        error instanceof UsageError && /Unexpected argument "extra"/.test(error.message),
    );
  });
});

describe('positionalOptions', () => {
  it('are the required text options, or else the first text option', () => {
    assert.deepEqual(positionalOptions(command('compare')), ['a', 'b']);
    assert.deepEqual(positionalOptions(command('search')), ['query']);
    assert.deepEqual(positionalOptions(command('stats')), []);
  });
});

describe('usageOf', () => {
  it('lists one flag a line', () => {
    for (const line of usageOf(command('search')).split('\n'))
      assert.ok((line.match(/(^|\s)--[a-z]/g) ?? []).length <= 2, line);
    assert.match(usageOf(command('search')), /\n {2}--json +print JSON\n/);
  });

  it("lists only the command's own flags: --png for stats, no --stdin without a main argument", () => {
    assert.match(usageOf(command('stats')), /--png <file>/);
    assert.doesNotMatch(usageOf(command('stats')), /--stdin/);
    assert.doesNotMatch(usageOf(command('search')), /--png/);
  });
});
