// A chat line as Discord users type slash commands; anything else is a question.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../commands/index.js';
import { parseChatLine } from '../../src/transports/chat-line.js';

const parse = (line: string) => parseChatLine(line, registry.on('chat'));

describe('parseChatLine', () => {
  it('reads leading text as the main option and name:value pairs as options', () => {
    assert.deepEqual(parse('/search segmentation year:2018-2019 has_code:true limit:3'), {
      command: 'search',
      raw: { query: 'segmentation', year: '2018-2019', has_code: true, limit: 3 },
    });
  });

  it('reads a quoted value without its quotes', () => {
    assert.deepEqual(parse('/search author:"Sachin Mehta"'), {
      command: 'search',
      raw: { author: 'Sachin Mehta' },
    });
  });

  it('reads named options of a two-option command', () => {
    assert.deepEqual(parse('/compare a:DKM b:eDKM'), {
      command: 'compare',
      raw: { a: 'DKM', b: 'eDKM' },
    });
  });

  it('fills two options from two words', () => {
    assert.deepEqual(parse('/compare dkm edkm'), {
      command: 'compare',
      raw: { a: 'dkm', b: 'edkm' },
    });
  });

  it('ignores the case of the command name', () => {
    assert.deepEqual(parse('/SEARCH vit'), { command: 'search', raw: { query: 'vit' } });
  });

  it('treats a line that is not a slash command as a question for /ask', () => {
    assert.deepEqual(parse('  How much faster is CatLIP?  '), {
      command: 'ask',
      raw: { question: 'How much faster is CatLIP?' },
    });
  });

  it('reports an unknown slash command by name', () => {
    assert.deepEqual(parse('/nope something'), { unknown: 'nope' });
  });
});
