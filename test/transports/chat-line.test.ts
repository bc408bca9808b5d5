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

  it('reads a URL and a title with a colon as text, not as options', () => {
    assert.deepEqual(parse('/search https://arxiv.org/abs/2110.02178'), {
      command: 'search',
      raw: { query: 'https://arxiv.org/abs/2110.02178' },
    });
    assert.deepEqual(parse('/paper MobileViT: Light-weight'), {
      command: 'paper',
      raw: { title: 'MobileViT: Light-weight' },
    });
  });

  it('reads yes/no words as a boolean', () => {
    assert.deepEqual(parse('/search vit has_code:no'), {
      command: 'search',
      raw: { query: 'vit', has_code: false },
    });
  });
});

describe('parseChatLine with options it cannot take', () => {
  const invalid = (line: string) => {
    const parsed = parse(line);
    assert.ok('invalid' in parsed, `expected an error, got ${JSON.stringify(parsed)}`);
    return parsed;
  };

  it('says what a number option takes, and where the words go, when words follow the number', () => {
    assert.equal(
      invalid('/search limit:3 dkm').invalid,
      'limit: takes a whole number from 1 to 50 (got “3 dkm”). Put the words before the options: /search dkm limit:3.',
    );
  });

  it('says a yes/no option takes true or false', () => {
    assert.match(invalid('/search dkm has_code:maybe').invalid, /^has_code: takes true or false/);
  });

  it('says public: is for Discord instead of searching for "public:true"', () => {
    assert.match(invalid('/search dkm public:true').invalid, /^public: is a Discord option/);
  });

  it('names an unknown option, lists the real ones and suggests the closest', () => {
    const parsed = invalid('/search dkm limt:3');
    assert.match(parsed.invalid, /^\/search has no option limt:\. It takes: query:, author:/);
    assert.deepEqual(parsed.suggestions, ['limit:']);
  });

  it('names an unknown option that resembles none without a suggestion', () => {
    assert.deepEqual(invalid('/search dkm foo:bar').suggestions, []);
  });

  it('refuses an option given twice rather than keeping one of the values', () => {
    assert.equal(
      invalid('/search vit year:2019 year:2021').invalid,
      'year: was given twice; /search takes it once.',
    );
    assert.match(invalid('/search vit limit:3 LIMIT:5').invalid, /^limit: was given twice/);
  });

  it('refuses the main option given both as leading words and by name', () => {
    assert.equal(
      invalid('/search vit query:cnn').invalid,
      'query: was given twice (as the words “vit” and as query:); /search takes it once.',
    );
  });
});
