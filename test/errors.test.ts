import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeError } from '../src/errors.js';

describe('describeError', () => {
  it('keeps the stack of an unexpected error, so its log line shows where it came from', () => {
    const error = new TypeError('boom');
    assert.deepEqual(describeError(error), {
      name: 'TypeError',
      message: 'boom',
      stack: error.stack,
    });
    assert.match(describeError(error).stack ?? '', /errors\.test\.ts/);
  });

  it('describes whatever else was thrown by its text', () => {
    assert.deepEqual(describeError('plain'), { name: 'Error', message: 'plain' });
  });
});
