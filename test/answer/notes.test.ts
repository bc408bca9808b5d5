import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedNotes } from '../../src/answer/notes.js';

describe('the notes under an answer', () => {
  it('says each note once', () => {
    assert.deepEqual(boundedNotes(['Removed 1 link.', 'Removed 1 link.']), ['Removed 1 link.']);
  });

  it('keeps the first three and counts the rest', () => {
    const notes = ['one', 'two', 'three', 'four', 'five'];
    assert.deepEqual(boundedNotes(notes), ['one', 'two', 'three', '…and 2 more notes.']);
  });

  it('leaves three notes or fewer as they are', () => {
    assert.deepEqual(boundedNotes(['one', 'two', 'three']), ['one', 'two', 'three']);
  });
});
