// What paperbot sends to Discord, whatever the text in it: every message is one Discord
// accepts (its OpenAPI schema and its documented limits) and none can ping or restyle.
//
// Characters are counted as Discord counts them: Unicode code points. Discord's API is
// Python and measures `len(str)` (discord/discord-api-docs#1315), and JSON Schema's
// maxLength, which the stand-in's schemas use, also counts code points. Where code
// points and UTF-16 units can differ in a way that matters (custom_id, which the codec
// measures with `.length`), both are checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { APIEmbed } from 'discord-api-types/v10';
import {
  LIMITS,
  renderChoices,
  renderError,
  renderMessage,
  safeText,
  type DiscordMessage,
} from '../../src/render/discord.js';
import { ButtonCodec } from '../../src/render/custom-id.js';
import type { Citation } from '../../src/answer/types.js';
import type { PaperItem, Reply, ReplyAction } from '../../src/reply.js';
import { validateRequestBody } from '../../testing/discord/schemas.js';

const codec = new ButtonCodec();
const chars = (text: string) => [...text].length;
/** No lone surrogate: a character cut in half (String#isWellFormed, which the ES2022 lib lacks). */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

// ---------------------------------------------------------------------------------------
// Odd text: markdown, mentions, masked links, emoji and astral characters, zero-width and
// right-to-left marks, and now and then something very long.

const MENTIONS = [
  '@everyone',
  '@here',
  '@EVERYONE',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<#123456789012345678>',
];
const MARKDOWN = [
  '**bold**',
  '*it*',
  '__u__',
  '_i_',
  '~~s~~',
  '||spoiler||',
  '`code`',
  '```',
  '> quote',
  '# heading',
  '- item',
  '1. item',
  '\\',
  '[',
  ']',
  '(',
  ')',
];
const ODD = [
  '😀',
  '👨‍👩‍👧‍👦',
  '𝕏',
  '🏳️‍🌈',
  '\u200b',
  '\u200d',
  '\u200f',
  '\u202e',
  '\ufeff',
  'שלום',
  'مرحبا',
  'ｆｕｌｌ',
  '\n',
  '\n\n',
  ' ',
  '\t',
  'é',
  'e\u0301',
];
const MASKED_LINKS = [
  '[x](https://evil.example)',
  '[click](https://evil.example/a_b*c)',
  '[[x]](https://evil.example)',
];
// Long text mostly comes in short lines, which keeps the property runs quick; long single
// lines appear where a limit needs them (titles, field names and values, labels).
const lines = (line: string, count: number) => `${line}\n`.repeat(count);
const hugeFrom = (tokens: readonly string[]) =>
  fc.constantFrom(
    lines('word '.repeat(16), 75),
    lines('😀'.repeat(40), 100),
    lines('\u200b'.repeat(80), 60),
    lines('ש'.repeat(80), 60),
    lines('*_'.repeat(40), 75),
    ...tokens.map((t) => lines(`${t} `.repeat(Math.max(1, Math.floor(80 / (t.length + 1)))), 75)),
  );
const LONG_LINES = [
  'x'.repeat(1100),
  '😀'.repeat(300),
  'ab '.repeat(400),
  '@everyone '.repeat(120),
  '**b** '.repeat(200),
];

const piece = (tokens: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...tokens) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: hugeFrom(tokens) },
  );
const textFrom = (tokens: readonly string[], maxPieces = 6) =>
  fc.array(piece(tokens), { maxLength: maxPieces }).map((p) => p.join(''));
const orLongLine = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 5, arbitrary: text },
    { weight: 1, arbitrary: fc.constantFrom(...LONG_LINES) },
  );

/** Any user or corpus text. */
const oddText = textFrom([...MENTIONS, ...MARKDOWN, ...ODD, ...MASKED_LINKS]);
const oddLine = orLongLine(oddText);
/** Text shown as the label of a link paperbot builds: masked-link syntax is specified on its own below. */
const labelText = orLongLine(
  textFrom([...MENTIONS, ...MARKDOWN.filter((t) => !'[]()'.includes(t)), ...ODD]),
);
/** Text inside a code block (BibTeX): Discord parses neither markdown nor mentions there. */
const codeText = textFrom([...MARKDOWN, ...ODD]);

const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'https://arxiv.org/abs/2110.02178',
    'https://evil.example/a)b](c',
    'javascript:alert(1)',
    'not a url',
    'ftp://x.example/',
    '',
  ),
  fc.integer({ min: 0, max: 3000 }).map((n) => `https://arxiv.org/${'p/'.repeat(n / 2)}`),
);
/** A URL Discord accepts on an embed or a link button (≤ 512): longer ones are specified on their own below. */
const shortUrl = url.filter((u) => chars(u) <= 500);

const item: fc.Arbitrary<PaperItem> = fc.record(
  {
    id: fc.string({ maxLength: 40 }),
    title: labelText,
    url: fc.option(url, { nil: undefined }),
    meta: oddText,
    snippet: fc.option(oddText, { nil: undefined }),
  },
  { requiredKeys: ['id', 'title', 'meta'] },
);
const citation: fc.Arbitrary<Citation> = fc.record({
  n: fc.integer({ min: 1, max: 999 }),
  id: fc.string({ maxLength: 20 }),
  title: labelText,
  year: fc.integer({ min: 1900, max: 2100 }),
  url: fc.option(url, { nil: undefined }),
});
const argValue = fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.boolean());
const action: fc.Arbitrary<ReplyAction> = fc.oneof(
  fc.record({
    kind: fc.constant('command' as const),
    label: oddLine,
    command: fc.constantFrom('search', 'paper', 'similar', 'summarize', 'cite', 'ask'),
    args: fc.dictionary(fc.string({ maxLength: 12 }), argValue, {
      maxKeys: 6,
      noNullPrototype: true,
    }),
  }),
  fc.constant({ kind: 'share' as const }),
  fc.constant({ kind: 'thread' as const }),
);

const reply: fc.Arbitrary<Reply> = fc.record(
  {
    tone: fc.constantFrom('result' as const, 'empty' as const, 'error' as const, 'info' as const),
    title: oddLine,
    url: shortUrl,
    body: oddText,
    answer: fc.array(
      fc.record({
        text: oddText,
        kind: fc.constantFrom('quote' as const, 'prose' as const, 'unverified' as const),
        citations: fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 4 }),
      }),
      { maxLength: 20 },
    ),
    items: fc.array(item, { maxLength: 30 }),
    fields: fc.array(
      fc.record(
        { name: oddLine, value: oddLine, inline: fc.boolean() },
        { requiredKeys: ['name', 'value'] },
      ),
      { maxLength: 40 },
    ),
    citations: fc.array(citation, { maxLength: 60 }),
    notes: fc.array(oddText, { maxLength: 10 }),
    footer: oddText,
    code: fc.record({ language: fc.constantFrom('bibtex', '', 'json'), text: codeText }),
    // Distinct actions, as commands build them: two with the same command and arguments would
    // share a custom_id, which Discord rejects; no command builds such a pair.
    actions: fc.uniqueArray(action, {
      maxLength: 40,
      selector: (a) => (a.kind === 'command' ? JSON.stringify([a.command, a.args]) : a.kind),
    }),
    data: fc.constant(null),
  },
  { requiredKeys: ['tone', 'data'] },
);

// ---------------------------------------------------------------------------------------

const withoutFiles = ({ files: _files, ...message }: DiscordMessage) => message;
const schemaErrors = (message: DiscordMessage) =>
  validateRequestBody('create_interaction_response', { type: 4, data: withoutFiles(message) });

/** The six thousand characters Discord sums over an embed. */
const embedTotal = (e: APIEmbed) =>
  chars(e.title ?? '') +
  chars(e.description ?? '') +
  chars(e.footer?.text ?? '') +
  chars(e.author?.name ?? '') +
  (e.fields ?? []).reduce((n, f) => n + chars(f.name) + chars(f.value), 0);

/** Where Discord renders markdown and mentions: titles, descriptions, fields, content. */
function renderedTexts(message: DiscordMessage): string[] {
  return [
    message.content ?? '',
    ...message.embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

const RAW_MENTION = /@(everyone|here)|<@[!&]?\d+>|<#\d+>/i;

const buttons = (message: DiscordMessage) => message.components.flatMap((row) => row.components);
const labelOf = (button: ReturnType<typeof buttons>[number]) =>
  'label' in button ? (button.label ?? '') : '';
const customIds = (message: DiscordMessage) =>
  buttons(message).flatMap((b) => ('custom_id' in b ? [b.custom_id] : []));

const render = (r: Reply, ephemeral: boolean, sharedBy?: string) =>
  renderMessage(r, { ephemeral, codec, sharedBy });
const anyRender = fc.tuple(reply, fc.boolean(), fc.option(oddLine, { nil: undefined }));

// Rendering odd text is slow (escapeMarkdown), so the properties below share one seed: they see
// the same replies, each rendered once. fast-check prints the seed of any failure.
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = { numRuns: 40, seed: SEED };
const rendered = new Map<string, DiscordMessage>();
const renderOnce = ([r, ephemeral, sharedBy]: [Reply, boolean, string | undefined]) => {
  const key = JSON.stringify([r, ephemeral, sharedBy ?? null]);
  let message = rendered.get(key);
  if (!message) rendered.set(key, (message = render(r, ephemeral, sharedBy)));
  return message;
};

describe('renderMessage, for any reply', () => {
  it('sends a body that Discord’s interaction-callback schema accepts', () => {
    fc.assert(
      fc.property(anyRender, (input) => {
        assert.deepEqual(schemaErrors(renderOnce(input)), []);
      }),
      RUNS,
    );
  });

  it('keeps every embed within Discord’s limits, counted in code points', () => {
    fc.assert(
      fc.property(anyRender, (input) => {
        const { embeds } = renderOnce(input);
        assert.ok(embeds.length >= 1 && embeds.length <= LIMITS.embeds);
        for (const e of embeds) {
          assert.ok(chars(e.title ?? '') <= LIMITS.embedTitle, 'title');
          assert.ok(chars(e.description ?? '') <= LIMITS.embedDescription, 'description');
          assert.ok(chars(e.footer?.text ?? '') <= LIMITS.footer, 'footer');
          assert.ok((e.fields ?? []).length <= LIMITS.embedFields, 'field count');
          for (const f of e.fields ?? []) {
            assert.ok(chars(f.name) >= 1 && chars(f.name) <= LIMITS.fieldName, 'field name');
            assert.ok(chars(f.value) >= 1 && chars(f.value) <= LIMITS.fieldValue, 'field value');
          }
          assert.ok(embedTotal(e) <= LIMITS.embedTotal, `total ${embedTotal(e)}`);
        }
      }),
      RUNS,
    );
  });

  it('keeps buttons within five rows of five, with short labels and unique custom ids', () => {
    fc.assert(
      fc.property(anyRender, (input) => {
        const message = renderOnce(input);
        assert.ok(message.components.length <= LIMITS.rows);
        for (const row of message.components)
          assert.ok(row.components.length >= 1 && row.components.length <= LIMITS.buttonsPerRow);
        for (const b of buttons(message))
          assert.ok(chars(labelOf(b)) <= LIMITS.buttonLabel, 'label');
        const ids = customIds(message);
        for (const id of ids)
          assert.ok(id.length >= 1 && id.length <= 100 && chars(id) <= 100, `custom_id ${id}`);
        assert.equal(new Set(ids).size, ids.length, 'custom ids repeat');
      }),
      RUNS,
    );
  });

  it('parses no mentions and lets no raw @everyone, @here, role, user or channel mention through', () => {
    fc.assert(
      fc.property(anyRender, (input) => {
        const message = renderOnce(input);
        assert.deepEqual(message.allowed_mentions, { parse: [] });
        for (const text of renderedTexts(message)) assert.doesNotMatch(text, RAW_MENTION);
      }),
      RUNS,
    );
  });

  it('never cuts a character in half (no lone surrogates)', () => {
    fc.assert(
      fc.property(anyRender, (input) => {
        const message = renderOnce(input);
        for (const text of [
          ...renderedTexts(message),
          ...message.embeds.map((e) => e.footer?.text ?? ''),
          ...buttons(message).map((b) => labelOf(b)),
        ]) {
          assert.ok(wellFormed(text), JSON.stringify(text.slice(-4)));
        }
      }),
      RUNS,
    );
  });

  it('is ephemeral only when asked, and offers share and thread buttons only then', () => {
    fc.assert(
      fc.property(anyRender, (input) => {
        const [, ephemeral] = input;
        const message = renderOnce(input);
        assert.equal(message.flags, ephemeral ? 64 : undefined);
        if (!ephemeral)
          assert.deepEqual(
            customIds(message).filter((id) => id === 'pb1:share' || id === 'pb1:thread'),
            [],
          );
      }),
      RUNS,
    );
  });
});

describe('renderMessage, in particular', () => {
  const shareable: Reply = {
    tone: 'result',
    title: 'MobileViT',
    actions: [
      { kind: 'share' },
      { kind: 'thread' },
      {
        kind: 'command',
        label: 'More like this',
        command: 'similar',
        args: { paper: 'mobilevit' },
      },
    ],
    data: null,
  };

  it('offers “Post to channel” and “Discuss in thread” on a private reply', () => {
    const labels = buttons(render(shareable, true)).map(labelOf);
    assert.deepEqual(labels, ['Post to channel', 'Discuss in thread', 'More like this']);
  });

  it('keeps the other buttons on a public reply', () => {
    assert.deepEqual(buttons(render(shareable, false)).map(labelOf), ['More like this']);
  });

  it('fills a maximal reply to exactly the limits Discord allows, and no further', () => {
    const big: Reply = {
      tone: 'result',
      title: 'T'.repeat(400),
      body: lines('b '.repeat(50), 100),
      fields: Array.from({ length: 40 }, (_, i) => ({
        name: `n${i} ${'N'.repeat(300)}`,
        value: lines('v'.repeat(99), 20),
      })),
      citations: Array.from({ length: 80 }, (_, i) => ({
        n: i + 1,
        id: `p${i}`,
        title: 'C'.repeat(300),
        year: 2020,
        url: `https://arxiv.org/abs/${i}`,
      })),
      footer: 'f'.repeat(3000),
      data: null,
    };
    const message = render(big, true, 'someone');
    assert.deepEqual(schemaErrors(message), []);
    const [embed] = message.embeds;
    assert.ok(embed);
    assert.ok(embedTotal(embed) <= LIMITS.embedTotal, `total ${embedTotal(embed)}`);
    assert.equal(chars(embed.title ?? ''), LIMITS.embedTitle);
  });

  it('counts astral characters as one each, as Discord does, so 256 emoji fit a title', () => {
    const title = '😀'.repeat(LIMITS.embedTitle);
    assert.equal(render({ tone: 'result', title, data: null }, true).embeds[0]?.title, title);
  });

  it('keeps an embed of astral characters within the 6000 total', () => {
    const emoji = lines('😀'.repeat(100), 50);
    const message = render(
      {
        tone: 'result',
        title: '😀'.repeat(300),
        body: emoji,
        footer: emoji,
        fields: [{ name: emoji, value: emoji }],
        notes: [emoji, emoji],
        data: null,
      },
      true,
    );
    assert.deepEqual(schemaErrors(message), []);
    assert.ok(embedTotal(message.embeds[0] ?? {}) <= LIMITS.embedTotal);
  });

  it('shows only http(s) links', () => {
    const message = render(
      {
        tone: 'result',
        title: 't',
        url: 'javascript:alert(1)',
        items: [{ id: 'a', title: 'A', url: 'javascript:alert(1)', meta: 'm' }],
        data: null,
      },
      true,
    );
    assert.equal(message.embeds[0]?.url, undefined);
    assert.doesNotMatch(message.embeds[0]?.description ?? '', /javascript:/);
  });

  it('attaches no file to a reply without a picture', () => {
    assert.equal(render({ tone: 'result', data: null }, true).files, undefined);
  });

  it('shows a picture in the embed instead of the code block it draws', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const message = render(
      {
        tone: 'result',
        body: 'Five papers.',
        code: { language: 'text', text: '2019 ███ 1' },
        image: { name: 'chart.png', png },
        data: null,
      },
      true,
    );
    assert.deepEqual(message.files, [{ name: 'chart.png', contentType: 'image/png', data: png }]);
    assert.deepEqual(message.embeds[0]?.image, { url: 'attachment://chart.png' });
    assert.equal(message.embeds[0]?.description, 'Five papers.');
  });

  it('closes a code block even when the description is cut to its limit', () => {
    const message = render(
      {
        tone: 'result',
        code: { language: 'bibtex', text: lines(`  title = {${'a'.repeat(66)}},`, 60) },
        data: null,
      },
      true,
    );
    const fences = (message.embeds[0]?.description ?? '').match(/```/g) ?? [];
    assert.equal(fences.length % 2, 0);
  });

  it('accepts an embed URL as long as Discord allows (2048)', () => {
    const message = render(
      { tone: 'result', title: 'Paper', url: `https://arxiv.org/${'p'.repeat(3000)}`, data: null },
      true,
    );
    assert.deepEqual(schemaErrors(message), []);
  });
});

// ---------------------------------------------------------------------------------------
// Masked links. A masked link `[text](url)` is live when its `[` and `](` are unescaped. The
// detector below finds innermost `[label](http…)` pairs after dropping backslash-escaped
// characters; every link found must be one paperbot built, to a URL it was given.

function liveLinkTargets(text: string): string[] {
  const unescaped = text.replace(/\\[\s\S]/g, '\u0000\u0000');
  return [...unescaped.matchAll(/\[[^[\]]*\]\((https?:\/\/[^\s)]*)\)/g)].map((m) => m[1] ?? '');
}

const allowedTargets = (r: Reply) =>
  new Set(
    [...(r.items ?? []).map((i) => i.url), ...(r.citations ?? []).map((c) => c.url)].flatMap(
      (u) => {
        if (u === undefined || !URL.canParse(u)) return [];
        const parsed = new URL(u);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:'
          ? [parsed.toString().replace(/\)/g, '%29')]
          : [];
      },
    ),
  );

describe('masked links from user or corpus text', () => {
  it('escapes a single masked link', () => {
    assert.deepEqual(liveLinkTargets(safeText('see [x](https://evil.example) now')), []);
  });

  it('builds live links only to the URLs of items and citations', () => {
    const r: Reply = {
      tone: 'result',
      items: [{ id: 'a', title: 'A paper', url: 'https://arxiv.org/abs/1', meta: 'm' }],
      citations: [{ n: 1, id: 'a', title: 'A paper', year: 2021, url: 'https://arxiv.org/abs/1' }],
      data: null,
    };
    const embed = render(r, true).embeds[0];
    assert.deepEqual(liveLinkTargets(embed?.description ?? ''), ['https://arxiv.org/abs/1']);
    assert.deepEqual(liveLinkTargets(embed?.fields?.[0]?.value ?? ''), ['https://arxiv.org/abs/1']);
  });

  it('escapes every masked link on a line, not just the first', () => {
    assert.deepEqual(liveLinkTargets(safeText('[a [x](https://evil.example)')), []);
    assert.deepEqual(
      liveLinkTargets(safeText('[ok](https://a.example) and [x](https://evil.example)')),
      [],
    );
  });

  it('cannot close the link a paper title is shown in', () => {
    const r: Reply = {
      tone: 'result',
      items: [
        { id: 'a', title: 'x](https://evil.example)', url: 'https://arxiv.org/abs/1', meta: 'm' },
      ],
      data: null,
    };
    assert.deepEqual(liveLinkTargets(render(r, true).embeds[0]?.description ?? ''), [
      'https://arxiv.org/abs/1',
    ]);
  });

  it('in any reply, leaves no live link but the ones paperbot built', () => {
    const linkyText = textFrom([...MASKED_LINKS, '[', '](https://evil.example)', ' ', 'a']);
    const linky = fc.record({
      body: linkyText,
      title: linkyText,
      url: fc.constant('https://arxiv.org/abs/1'),
    });
    fc.assert(
      fc.property(linky, ({ body, title, url: u }) => {
        const r: Reply = {
          tone: 'result',
          body,
          items: [{ id: 'a', title, url: u, meta: body }],
          fields: [{ name: body, value: body }],
          notes: [body],
          data: null,
        };
        const allowed = allowedTargets(r);
        for (const text of renderedTexts(render(r, true)))
          for (const target of liveLinkTargets(text)) assert.ok(allowed.has(target), target);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------

describe('safeText', () => {
  it('escapes every markdown character of a long line', () => {
    assert.equal(safeText('*_`|'.repeat(1500)), '\\*\\_\\`\\|'.repeat(1500));
  });

  it('removes bidirectional overrides and isolates, which would show text reordered', () => {
    assert.equal(safeText('abc\u202Edcba\u202C \u2066x\u2069'), 'abcdcba x');
  });

  it('removes terminal escapes and C0/C1 controls but keeps newlines and tabs', () => {
    assert.equal(safeText('a\u0007b\u001b[31mred\u001b[0m\u0000\u0085c\r\nd\te'), 'abredc\nd\te');
  });

  it('neutralises mass, role, user and channel mentions and escapes markdown', () => {
    const out = safeText(
      '@everyone @here <@&123456789012345678> <@!123> <@123> <#123> **bold**\n# heading',
    );
    assert.doesNotMatch(out, RAW_MENTION);
    assert.doesNotMatch(out, /(?<!\\)\*\*/);
    assert.match(out, /^\\# heading$/m);
  });

  it('shows the asterisks and backticks of a paper’s text as written, never as emphasis or code', () => {
    const embed = render(
      {
        tone: 'result',
        items: [
          {
            id: 'a',
            title: 'A *sparse* `kernel`',
            meta: 'x',
            snippet: 'gains 2*3 and `k` and *b*',
          },
        ],
        data: null,
      },
      true,
    ).embeds[0];
    const description = embed?.description ?? '';
    assert.match(description, /A \\\*sparse\\\* \\`kernel\\`/);
    assert.match(description, /gains 2\\\*3 and \\`k\\` and \\\*b\\\*/);
  });
});

describe('control characters an abstract or a citation carries', () => {
  const dirty = 'Fast\u0007 \u001b[31mnets\u001b[0m \u202Eevil\u202C\u009B';
  const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

  it('reach no part of a search or card embed', () => {
    const message = render(
      {
        tone: 'result',
        title: dirty,
        body: dirty,
        items: [{ id: 'a', title: dirty, meta: dirty, snippet: dirty }],
        fields: [{ name: dirty, value: dirty }],
        footer: dirty,
        actions: [{ kind: 'command', label: dirty, command: 'paper', args: { paper: 'a' } }],
        data: null,
      },
      true,
    );
    const embed = message.embeds[0];
    for (const text of [
      ...renderedTexts(message),
      embed?.footer?.text ?? '',
      ...buttons(message).map(labelOf),
    ])
      assert.doesNotMatch(text, controls, JSON.stringify(text));
  });

  it('reach no code block, as /cite sends BibTeX', () => {
    const message = render(
      {
        tone: 'result',
        code: { language: 'bibtex', text: `@article{a,\n\ttitle = {${dirty}}\n}` },
        data: null,
      },
      true,
    );
    const description = message.embeds[0]?.description ?? '';
    assert.doesNotMatch(description, controls, JSON.stringify(description));
    assert.match(description, /\n\ttitle = \{Fast nets evil\}/);
  });
});

describe('renderChoices', () => {
  const choices = fc.array(
    fc.record({ name: oddLine, value: fc.oneof(oddLine, fc.constantFrom('dup', 'dup', '')) }),
    { maxLength: 60 },
  );

  it('answers at most 25 choices with names and values of 1 to 100 characters, no value twice, as the schema wants', () => {
    fc.assert(
      fc.property(choices, (input) => {
        const out = renderChoices(input);
        assert.ok(out.length <= LIMITS.choices);
        for (const c of out) {
          assert.ok(chars(c.name) >= 1 && chars(c.name) <= LIMITS.choiceName, 'name');
          assert.ok(chars(c.value) >= 1 && chars(c.value) <= LIMITS.choiceValue, 'value');
          assert.ok(wellFormed(c.name) && wellFormed(c.value));
        }
        assert.equal(new Set(out.map((c) => c.value)).size, out.length);
        assert.deepEqual(
          validateRequestBody('create_interaction_response', { type: 8, data: { choices: out } }),
          [],
        );
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the first of two choices with the same value, in order', () => {
    assert.deepEqual(
      renderChoices([
        { name: 'A', value: 'x' },
        { name: 'B', value: 'x' },
        { name: 'C', value: 'y' },
      ]),
      [
        { name: 'A', value: 'x' },
        { name: 'C', value: 'y' },
      ],
    );
  });
});

describe('renderError', () => {
  it('is a private, schema-valid embed that cannot ping, whatever the message', () => {
    fc.assert(
      fc.property(oddLine, (text) => {
        const message = renderError(text);
        assert.deepEqual(schemaErrors(message), []);
        assert.equal(message.flags, 64);
        assert.deepEqual(message.allowed_mentions, { parse: [] });
        for (const t of renderedTexts(message)) assert.doesNotMatch(t, RAW_MENTION);
      }),
      { numRuns: 60 },
    );
  });
});
