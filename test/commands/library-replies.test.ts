// What /add and `paperbot add` say about a batch: counts first, failures before duplicates.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importReply } from '../../commands/library-replies.js';
import type { ImportResult } from '../../src/library/import.js';
import { renderText } from '../../src/render/text.js';

const duplicates: ImportResult[] = Array.from({ length: 200 }, (_, i) => ({
  label: `key${i}`,
  status: 'duplicate',
  id: `paper-${i}`,
  title: `A Paper Already Held Number ${i}`,
}));
const failures: ImportResult[] = [
  { label: '2402.00404', status: 'failed', error: 'arXiv has no paper 2402.00404.' },
  { label: 'broken', status: 'failed', error: 'the entry has no year' },
];
const batch = [...duplicates.slice(0, 150), failures[0]!, ...duplicates.slice(150), failures[1]!];

describe('importReply', () => {
  it('counts each outcome and lists failures before what was already there', () => {
    const reply = importReply(batch);
    assert.equal(reply.title, 'Library: 0 added, 200 already there, 2 failed');
    const lines = reply.body!.split('\n');
    assert.equal(lines.length, 202);
    assert.deepEqual(lines.slice(0, 2), [
      '✗ 2402.00404: arXiv has no paper 2402.00404.',
      '✗ broken: the entry has no year',
    ]);
  });

  it('says how many lines were left out when the lines must fit a limit', () => {
    const body = importReply(batch, { maxChars: 1000 }).body!;
    assert.ok(body.length <= 1000, `${body.length} characters`);
    assert.match(body, /^✗ 2402\.00404: .*\n✗ broken: /);
    const shown = body.split('\n').length - 1;
    assert.match(body, new RegExp(`\\n…and ${202 - shown} more$`));
  });

  it('is an error only when nothing was added and something failed', () => {
    const added: ImportResult = { label: 'x', status: 'added', id: 'x', title: 'X' };
    assert.equal(importReply(batch).tone, 'error');
    assert.equal(importReply([added, ...batch]).tone, 'result');
    assert.equal(importReply(duplicates).tone, 'info');
  });

  it('prints the counts first on a terminal, each failure marked once', () => {
    const text = renderText(importReply(batch), { color: false });
    assert.ok(text.startsWith('✗ Library: 0 added, 200 already there, 2 failed\n'), text);
    assert.match(text, /^✗ 2402\.00404: /m);
    assert.doesNotMatch(text, /✗ ✗/);
  });

  it('gives failures for one reason one line, naming the first few and counting the rest', () => {
    const reason = 'Could not reach arXiv: the connection was refused. Nothing was added.';
    const unreached: ImportResult[] = Array.from({ length: 1000 }, (_, i) => ({
      label: `2401.${String(i).padStart(5, '0')}`,
      status: 'failed',
      error: reason,
    }));
    const reply = importReply([...unreached, failures[1]!]);
    assert.equal(reply.title, 'Library: 0 added, 1001 failed');
    assert.deepEqual(reply.body!.split('\n'), [
      `✗ 2401.00000, 2401.00001, 2401.00002, 2401.00003, 2401.00004 and 995 more: ${reason}`,
      '✗ broken: the entry has no year',
    ]);
    assert.equal((reply.data as { results: unknown[] }).results.length, 1001);
  });
});
