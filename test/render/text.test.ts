// A reply in a terminal: everything a Discord embed shows, as text; colour only when asked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderText } from '../../src/render/text.js';
import type { Reply } from '../../src/reply.js';

const ANSI = /\u001b\[\d+(;\d+)*m/;

const full: Reply = {
  tone: 'result',
  title: 'MobileViT',
  url: 'https://arxiv.org/abs/2110.02178',
  body: 'A light-weight vision transformer.',
  answer: [
    { text: 'MobileViT is light-weight.', kind: 'quote', citations: [1] },
    { text: 'It runs on phones.', kind: 'prose', citations: [1, 2] },
  ],
  items: [
    {
      id: 'mobilevit',
      title: 'MobileViT: Light-weight Vision Transformer',
      url: 'https://arxiv.org/abs/2110.02178',
      meta: 'Sachin Mehta · 2021 · CV',
      snippet: 'We introduce MobileViT.',
    },
  ],
  fields: [
    { name: 'Authors', value: 'Sachin Mehta, Mohammad Rastegari' },
    { name: 'Abstract', value: 'Line one.\nLine two.' },
  ],
  citations: [
    {
      n: 1,
      id: 'mobilevit',
      title: 'MobileViT',
      year: 2021,
      url: 'https://arxiv.org/abs/2110.02178',
    },
    { n: 2, id: 'other', title: 'Another paper', year: 2022, url: undefined },
  ],
  notes: ['Answers are quoted from abstracts.'],
  footer: '50 papers',
  code: { language: 'bibtex', text: '@article{mehta2021mobilevit,\n  title = {MobileViT}\n}' },
  data: null,
};

describe('renderText without colour', () => {
  const text = renderText(full, { color: false });

  it('ends no line with a space, a field over several lines included', () => {
    for (const line of renderText(full, { color: false }).split('\n'))
      assert.doesNotMatch(line, / $/, JSON.stringify(line));
  });

  it('contains no escape codes', () => {
    assert.doesNotMatch(text, ANSI);
    assert.doesNotMatch(text, /\u001b/);
  });

  const expected: [string, string][] = [
    ['the title', 'MobileViT'],
    ['the url', 'https://arxiv.org/abs/2110.02178'],
    ['the body', 'A light-weight vision transformer.'],
    ['a quoted answer with its citation', '“MobileViT is light-weight.” [1]'],
    ['a prose answer with its citations', 'It runs on phones. [1][2]'],
    ['an item, numbered, with its id', '1. MobileViT: Light-weight Vision Transformer (mobilevit)'],
    ['an item’s meta line', 'Sachin Mehta · 2021 · CV'],
    ['an item’s snippet', 'We introduce MobileViT.'],
    ['a field', 'Authors: Sachin Mehta, Mohammad Rastegari'],
    ['a multi-line field on its own lines', 'Abstract:\nLine one.\nLine two.'],
    ['the Sources heading', 'Sources'],
    ['a citation with its year', '[1] MobileViT (2021)'],
    ['a citation without a url', '[2] Another paper (2022)'],
    ['a note', 'Note: Answers are quoted from abstracts.'],
    ['the code block as is', '@article{mehta2021mobilevit,\n  title = {MobileViT}\n}'],
    ['the footer', '50 papers'],
  ];
  for (const [what, fragment] of expected) {
    it(`shows ${what}`, () => {
      assert.ok(text.includes(fragment), `missing ${JSON.stringify(fragment)} in:\n${text}`);
    });
  }

  it('leads an error with a cross and its message, and shows the message once', () => {
    const error = renderText(
      { tone: 'error', body: 'No paper matches "zzz".', data: null },
      { color: false },
    );
    assert.ok(error.startsWith('✗ No paper matches "zzz".'));
    assert.equal(error.split('No paper matches').length, 2);
  });

  it('keeps user text verbatim: no markdown escaping in a terminal', () => {
    const out = renderText(
      { tone: 'result', title: '*Bold* claims @everyone', data: null },
      { color: false },
    );
    assert.equal(out, '*Bold* claims @everyone');
  });

  it('shows no escape or control character, whoever wrote the text', () => {
    const out = renderText(
      {
        tone: 'result',
        title: 'Title \u001b[2J\u001b]0;pwned\u0007',
        body: 'Body \u202e\u0008',
        fields: [{ name: 'F', value: 'v\u001bc' }],
        notes: ['\u001b[31mred'],
        data: null,
      },
      { color: false },
    );
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    assert.match(out, /^Title/);
  });
});

describe('renderText with colour', () => {
  it('colours the output when asked, whether or not stdout is a terminal', () => {
    assert.match(renderText(full, { color: true }), ANSI);
  });

  describe('on a colour terminal (FORCE_COLOR=1)', () => {
    const saved = { FORCE_COLOR: process.env.FORCE_COLOR, NO_COLOR: process.env.NO_COLOR };
    before(() => {
      process.env.FORCE_COLOR = '1';
      delete process.env.NO_COLOR;
    });
    after(() => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('contains ANSI codes', () => {
      assert.match(renderText(full, { color: true }), ANSI);
    });

    it('still shows every part once the codes are removed', () => {
      const plain = renderText(full, { color: true }).replace(/\u001b\[\d+(;\d+)*m/g, '');
      assert.equal(plain, renderText(full, { color: false }));
    });

    it('paints nothing when colour is not asked for', () => {
      assert.doesNotMatch(renderText(full, { color: false }), ANSI);
    });
  });
});
