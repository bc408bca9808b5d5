// Every command through runCommand, as any transport runs it: options validated, a
// person's mistake answered with an error reply, the machine-readable `data` stable.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from '../../commands/index.js';
import { createApp } from '../../src/app.js';
import type { RawOptions } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import type { Paper } from '../../src/corpus/schema.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import { commandContext, runCommand } from '../../src/dispatch.js';
import { createLogger } from '../../src/log.js';
import type { Reply } from '../../src/reply.js';
import { PAPERS_JSON } from '../search/corpus-fixture.js';
import {
  ASK_KEYS,
  CITATION_KEYS,
  SEARCH_RESULT_KEYS,
  type AskData,
  type ErrorData,
  type SearchData,
} from './reply-data.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-commands-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));
const app = createApp(
  loadConfig({ PAPERBOT_CORPUS: PAPERS_JSON, PAPERBOT_CACHE_DIR: cacheDir }),
  createLogger('silent'),
);
const ctx = commandContext(app, 'chat');
const run = (name: string, raw: RawOptions = {}) => runCommand(name, raw, ctx);

function errorOf(reply: Reply): ErrorData['error'] {
  assert.equal(
    reply.tone,
    'error',
    `expected an error reply, got ${reply.tone}: ${JSON.stringify(reply.data)}`,
  );
  return (reply.data as ErrorData).error;
}

describe('/search', () => {
  it('answers with {query, results: [{id, title, authors, year, category, score, snippet}]}', async () => {
    const data = (await run('search', { query: 'kv cache', limit: 2 })).data as SearchData;
    assert.equal(data.query, 'kv cache');
    assert.equal(data.results.length, 2);
    for (const result of data.results)
      assert.deepEqual(Object.keys(result), [...SEARCH_RESULT_KEYS]);
    assert.equal(data.results[0]?.id, 'kv-runahead');
  });

  it('reads year "2019-2021" as a range of years', async () => {
    const data = (await run('search', { year: '2019-2021', limit: 50 })).data as SearchData;
    assert.equal(
      data.results.length,
      app.search.papers.filter((p) => p.year >= 2019 && p.year <= 2021).length,
    );
    assert.ok(data.results.every((r) => r.year >= 2019 && r.year <= 2021));
  });

  it('reads year "2020-" as from 2020 on', async () => {
    const data = (await run('search', { year: '2020-', limit: 50 })).data as SearchData;
    assert.equal(data.results.length, app.search.papers.filter((p) => p.year >= 2020).length);
  });

  it('reads year "2023" as that year only', async () => {
    const data = (await run('search', { query: 'model', year: '2023' })).data as SearchData;
    assert.ok(data.results.length > 0);
    assert.ok(data.results.every((r) => r.year === 2023));
  });

  it('reads year "-2018" as until 2018', async () => {
    const data = (await run('search', { query: 'vision', year: '-2018' })).data as SearchData;
    assert.ok(data.results.length > 0);
    assert.ok(data.results.every((r) => r.year <= 2018));
  });

  it('says a query of common words alone is too common to search for, not that no paper matches', async () => {
    for (const query of ["'s", 'the', 'of the']) {
      const reply = await run('search', { query });
      assert.match(reply.body ?? '', /too common to search for/, query);
    }
  });

  it('filters by both authors when the query says "papers by" one and the author option names another', async () => {
    const reply = await run('search', { query: 'papers by Sachin Mehta', author: 'Ali Farhadi' });
    const data = reply.data as SearchData;
    assert.ok(data.results.length > 0);
    for (const result of data.results) {
      assert.ok(result.authors.includes('Sachin Mehta'), result.title);
      assert.ok(result.authors.includes('Ali Farhadi'), result.title);
    }
    assert.match(reply.footer ?? '', /author Ali Farhadi and Sachin Mehta/);
  });

  it('names the category it filtered by as the papers name it, whatever words chose it', async () => {
    const reply = await run('search', { query: 'model', category: 'vision' });
    assert.match(reply.footer ?? '', /category CV\b/);
  });

  it('says which filters left no paper, each word once', async () => {
    const reply = await run('search', { query: 'zzyzx qwerty', has_code: true });
    assert.match(reply.body ?? '', /^No papers match the filters \(with code\)\. /);
  });

  it('takes has_code false as no filter, not as only papers without code', async () => {
    const data = (await run('search', { query: 'dkm', has_code: false })).data as SearchData;
    assert.ok(data.results.some((r) => r.id === 'dkm'));
  });

  it('rejects a year that is not one with "bad-year"', async () => {
    assert.equal(errorOf(await run('search', { query: 'vision', year: '20x9' })).code, 'bad-year');
  });

  it('rejects a backwards range, suggesting the right way round', async () => {
    const error = errorOf(await run('search', { query: 'vision', year: '2021-2019' }));
    assert.equal(error.code, 'bad-year');
    assert.match(error.message, /did you mean 2019-2021\?/);
  });

  it('counts every result over the pages in its data, and the weaker ones left out', async () => {
    const data = (await run('search', { query: 'vision', limit: 2 })).data as SearchData;
    assert.equal(data.results.length, 2);
    assert.ok(data.total > 2, `total ${data.total}`);
    assert.equal(typeof data.belowFloor, 'number');
    assert.equal(data.page, 1);
  });

  it('names the author a "papers by" phrase filtered by, and says when it names none', async () => {
    const known = await run('search', { query: 'papers by Sachin Mehta on segmentation' });
    assert.match(known.footer ?? '', /author Sachin Mehta/);
    assert.equal(known.notes, undefined);
    assert.deepEqual((known.data as SearchData).author, { name: 'Sachin Mehta', known: true });
    const unknown = await run('search', { query: 'papers by Sachn Mehta on segmentation' });
    assert.deepEqual((unknown.data as SearchData).author, {
      name: 'Sachn Mehta',
      known: false,
      closest: ['Sachin Mehta'],
    });
    assert.deepEqual(unknown.notes, [
      'No author in this corpus is called “Sachn Mehta” (closest: Sachin Mehta), so these results match the words alone.',
    ]);
  });

  it('answers a 301-character query with "query-too-long", as the search engine does', async () => {
    assert.equal(errorOf(await run('search', { query: 'a'.repeat(301) })).code, 'query-too-long');
  });

  it('rejects a limit above 50 as a bad option', async () => {
    assert.equal(errorOf(await run('search', { query: 'vision', limit: 51 })).code, 'bad-option');
  });

  it('calls a limit that is not a number not a number, rather than missing', async () => {
    const error = errorOf(await run('search', { query: 'vision', limit: Number.NaN }));
    assert.equal(error.message, 'limit must be a whole number.');
  });

  it('pages through results without repeating any, offering "Next" while there are more', async () => {
    const first = await run('search', { query: 'vision', limit: 3, page: 1 });
    const second = await run('search', { query: 'vision', limit: 3, page: 2 });
    const idsOf = (r: Reply) => (r.data as SearchData).results.map((x) => x.id);
    assert.equal(idsOf(second).length, 3);
    assert.equal(idsOf(first).filter((id) => idsOf(second).includes(id)).length, 0);
    assert.ok(first.actions?.some((a) => a.kind === 'command' && a.args.page === 2));
  });

  it('answers a page past the last one with an error saying how many pages there are', async () => {
    const { total } = app.search.find({ query: 'vision', limit: 50 });
    const error = errorOf(await run('search', { query: 'vision', limit: 3, page: 99 }));
    assert.equal(error.code, 'no-such-page');
    const pages = Math.ceil(total / 3);
    assert.equal(
      error.message,
      `Page 99 is past the end: the ${total} results for “vision” fill only ${pages} pages of 3 (pages 1–${pages}).`,
    );
  });

  it('says "page 1" when the results fill only one', async () => {
    const error = errorOf(await run('search', { query: 'mobilevit', limit: 50, page: 2 }));
    assert.match(error.message, /fill only 1 page of 50 \(page 1\)\.$/);
  });

  it('still says nothing matches, rather than counting pages, when nothing does', async () => {
    const reply = await run('search', { query: 'zzzzqqq', page: 3 });
    assert.equal(reply.tone, 'empty');
    assert.match(reply.body ?? '', /^No papers match/);
  });

  it('numbers the second page on from the first and gives the total in the footer', async () => {
    const second = await run('search', { query: 'model', limit: 3, page: 2 });
    assert.equal(second.firstItemNumber, 4);
    const { total } = app.search.find({ query: 'model', limit: 6 });
    assert.match(second.footer ?? '', new RegExp(`4–6 of ${total} results`));
  });

  it('says how many weaker matches it left out below the relevance floor', async () => {
    const reply = await run('search', { query: 'KV cache' });
    assert.deepEqual((reply.data as SearchData).results.map((r) => r.id).sort(), [
      'kv-runahead',
      'lazyllm',
    ]);
    assert.match(reply.footer ?? '', /1–2 of 2 results · \d+ weaker matches left out/);
  });

  it('answers an empty query without filters with "empty-query"', async () => {
    assert.equal(errorOf(await run('search', {})).code, 'empty-query');
  });

  it('answers an unknown author filter with suggestions', async () => {
    const error = errorOf(await run('search', { query: 'vision', author: 'Sachin Metha' }));
    assert.equal(error.code, 'unknown-author');
    assert.ok(error.suggestions.includes('Sachin Mehta'));
  });

  it('answers no match as an empty reply, not an error', async () => {
    const reply = await run('search', { query: 'segmentation', year: '2024', category: 'DC' });
    assert.equal(reply.tone, 'empty');
    assert.deepEqual((reply.data as SearchData).results, []);
  });
});

describe('/ask', () => {
  it('gives only the year of an inferred date, also when asked what the corpus cannot say', async () => {
    const reply = await run('ask', { question: 'When was LEAP accepted at a conference?' });
    const text = reply.answer?.map((segment) => segment.text).join(' ') ?? '';
    assert.match(text, /The corpus gives only when LEAP was listed: 2024\./);
  });

  it('answers with {question, kind, answer, citations: [{n, id, title, year, url}], abstained, mode, cached}', async () => {
    const data = (await run('ask', { question: 'How much faster is CatLIP to pre-train?' }))
      .data as AskData;
    assert.deepEqual(Object.keys(data), [...ASK_KEYS]);
    for (const citation of data.citations)
      assert.deepEqual(Object.keys(citation), [...CITATION_KEYS]);
  });

  it('says there are no papers from a year no paper is from, instead of answering from others', async () => {
    const data = (await run('ask', { question: 'compression', year: '2030' })).data as AskData;
    assert.equal(data.abstained, true);
    assert.deepEqual(data.citations, []);
    assert.match(data.answer, /^There are no papers from 2030 here/);
  });

  it('names every filter that together match nothing', async () => {
    const none = (await run('ask', { question: 'compression', year: '2030', author: 'Mehta' }))
      .data as AskData;
    assert.match(none.answer, /^There are no papers from 2030 by Mehta here/);
  });

  it('quotes and cites the CatLIP abstract for "How much faster is CatLIP?"', async () => {
    const data = (await run('ask', { question: 'How much faster is CatLIP?' })).data as AskData;
    assert.equal(data.abstained, false);
    assert.equal(data.mode, 'extractive');
    assert.match(data.answer, /2\.7×.*\[1\]/);
    assert.equal(data.citations[0]?.id, 'catlip');
  });

  it('answers the same question again from the cache', async () => {
    await run('ask', { question: 'What does LazyLLM prune?' });
    const data = (await run('ask', { question: 'What does LazyLLM prune?' })).data as AskData;
    assert.equal(data.cached, true);
  });

  it('echoes the question as this asker typed it, even from the cache', async () => {
    await run('ask', { question: 'What does LazyLLM prune?' });
    const data = (await run('ask', { question: 'what does lazyllm prune' })).data as AskData;
    assert.equal(data.question, 'what does lazyllm prune');
  });

  it('declines precisely, citing where a merely mentioned subject appears', async () => {
    const data = (await run('ask', { question: 'how many tokens are in WikiText-103?' }))
      .data as AskData;
    assert.equal(data.abstained, true);
    assert.deepEqual(
      data.citations.map((c) => c.id),
      ['define'],
    );
  });

  it('abstains on a question the papers do not cover', async () => {
    const data = (
      await run('ask', { question: 'How do I forecast the weather in Paris tomorrow?' })
    ).data as AskData;
    assert.equal(data.abstained, true);
    assert.deepEqual(data.citations, []);
  });

  it('rejects an empty question with "empty-query" and a 301-character one with "query-too-long"', async () => {
    assert.equal(errorOf(await run('ask', { question: '  ' })).code, 'empty-query');
    assert.equal(errorOf(await run('ask', { question: 'a'.repeat(301) })).code, 'query-too-long');
  });
});

describe('/paper', () => {
  it('answers with the paper itself as data', async () => {
    const reply = await run('paper', { title: 'MobileViT' });
    assert.equal((reply.data as Paper).id, 'mobilevit');
    assert.equal(reply.title, (reply.data as Paper).title);
  });

  it('shows a date whose year was inferred with the month and day the list gave, marked so', async () => {
    // The publication list printed "May 17" without a year.
    const reply = await run('paper', { title: 'leap' });
    assert.deepEqual(
      reply.fields?.find((f) => f.name === 'Published'),
      { name: 'Published', value: '2024-05-17 (year inferred)', inline: true },
    );
  });

  it('answers an unknown paper with "unknown-paper" and a "Did you mean" field', async () => {
    const reply = await run('paper', { title: 'lable refinary' });
    assert.equal(errorOf(reply).code, 'unknown-paper');
    assert.match(
      reply.fields?.find((f) => f.name === 'Did you mean')?.value ?? '',
      /Label Refinery/,
    );
  });

  it('suggests the paper whose name was written apart ("mobile vit")', async () => {
    const reply = await run('paper', { title: 'mobile vit' });
    assert.deepEqual(errorOf(reply).suggestions, [
      'MobileViT: Light-weight, General-purpose, and Mobile-friendly Vision Transformer (mobilevit)',
    ]);
  });

  it('suggests nothing for words no title is close to', async () => {
    assert.deepEqual(errorOf(await run('paper', { title: 'qwerty banana' })).suggestions, []);
  });

  it('rejects a missing title as a bad option', async () => {
    assert.equal(errorOf(await run('paper', {})).code, 'bad-option');
  });
});

describe('/similar', () => {
  it('lists papers like the given one, not the paper itself, up to the limit', async () => {
    const data = (await run('similar', { paper: 'mobilevit', limit: 2 })).data as {
      paper: { id: string };
      results: { id: string }[];
    };
    assert.equal(data.paper.id, 'mobilevit');
    assert.equal(data.results.length, 2);
    assert.equal(data.results[0]?.id, 'separable-self-attention-mobile-vision');
    assert.ok(!data.results.some((r) => r.id === 'mobilevit'));
  });
});

describe('/author', () => {
  it("lists an author's papers from a partial, lower-case name", async () => {
    const data = (await run('author', { name: 'mehta' })).data as {
      name: string;
      papers: { id: string }[];
    };
    assert.equal(data.name, 'Sachin Mehta');
    assert.equal(data.papers.length, 15);
  });

  it('shows the closest author for a misspelled name, and says it is a guess', async () => {
    const reply = await run('author', { name: 'Rastegri' });
    assert.equal((reply.data as { name: string }).name, 'Mohammad Rastegari');
    assert.match(reply.notes?.join(' ') ?? '', /No author is called “Rastegri”/);
  });

  it('takes two swapped letters as one typo ("Mheta" is Mehta)', async () => {
    const reply = await run('author', { name: 'Mheta' });
    assert.equal((reply.data as { name: string }).name, 'Sachin Mehta');
    assert.match(reply.notes?.join(' ') ?? '', /No author is called “Mheta”/);
  });

  it('does not call an exact partial name a guess', async () => {
    assert.equal((await run('author', { name: 'mehta' })).notes, undefined);
  });

  it('answers an unknown author with "unknown-author"', async () => {
    assert.equal(errorOf(await run('author', { name: 'Zzyzx Qwerty' })).code, 'unknown-author');
  });
});

describe('/stats', () => {
  it('counts papers, authors and code releases, by year and category', async () => {
    const data = (await run('stats')).data as {
      papers: number;
      authors: number;
      withCode: number;
      byYear: Record<string, number>;
      byCategory: Record<string, number>;
    };
    assert.equal(data.papers, 50);
    assert.equal(data.withCode, 17);
    assert.equal(
      Object.values(data.byYear).reduce((a, b) => a + b, 0),
      50,
    );
    assert.deepEqual(data.byCategory, { CV: 28, LG: 11, CL: 8, AI: 1, SD: 1, DC: 1 });
  });
});

describe('/cite', () => {
  it('gives BibTeX with every listed author and "others" for a truncated list', async () => {
    const data = (await run('cite', { paper: 'mobilevit' })).data as { id: string; bibtex: string };
    assert.match(data.bibtex, /^@misc\{mehta2021mobilevit,/);
    assert.match(data.bibtex, /author = \{Sachin Mehta and Mohammad Rastegari\}/);
    assert.match(
      ((await run('cite', { paper: 'catlip' })).data as { bibtex: string }).bibtex,
      /and others\}/,
    );
  });

  it('gives the month the list gave for a paper whose year was inferred', async () => {
    const data = (await run('cite', { paper: 'leap' })).data as { bibtex: string };
    assert.match(data.bibtex, /month = \{5\}/);
  });
});

describe('/compare', () => {
  it('puts two papers side by side', async () => {
    const data = (await run('compare', { a: 'dkm', b: 'edkm' })).data as {
      a: { id: string };
      b: { id: string };
      mode: string;
    };
    assert.deepEqual([data.a.id, data.b.id, data.mode], ['dkm', 'edkm', 'extractive']);
  });

  it('rejects two names of the same paper', async () => {
    assert.equal(errorOf(await run('compare', { a: 'dkm', b: 'DKM' })).code, 'bad-option');
  });
});

describe('/summarize', () => {
  it('summarizes a paper from its abstract, with its code link', async () => {
    const data = (await run('summarize', { paper: 'catlip' })).data as {
      id: string;
      mode: string;
      tldr: string;
      code: string | null;
    };
    assert.equal(data.id, 'catlip');
    assert.equal(data.mode, 'extractive');
    // What it does and its headline result, each quoted from the abstract.
    const abstract = app.search.get('catlip')?.abstractText ?? '';
    assert.ok(splitSentences(data.tldr).every((sentence) => abstract.includes(sentence)));
    assert.equal(data.code, 'https://github.com/apple/corenet');
  });
});

describe('every string option', () => {
  // runCommand is every transport's one way in: Discord, the chat and the CLI.
  for (const command of registry.commands)
    for (const option of command.options.filter((o) => o.type === 'string' && o.maxLength)) {
      it(`/${command.name} neither takes nor echoes a ${option.name} past its max_length`, async () => {
        const required = Object.fromEntries(
          command.options.filter((o) => o.required).map((o) => [o.name, 'mobilevit']),
        );
        const tooLong = 'a'.repeat((option.maxLength ?? 0) + 1);
        const reply = await run(command.name, { ...required, [option.name]: tooLong });
        // Refused, or (a claim from a long message) read only to its start.
        assert.ok(!JSON.stringify(reply).includes(tooLong), JSON.stringify(reply).slice(0, 300));
      });
    }
});

describe('/help and unknown commands', () => {
  it('/help lists every registered command but itself, in registry order', async () => {
    const data = (await run('help')).data as { commands: { name: string }[] };
    assert.deepEqual(
      data.commands.map((c) => c.name),
      registry
        .on('chat')
        .map((c) => c.name)
        .filter((name) => name !== 'help'),
    );
    assert.ok(data.commands.some((c) => c.name === 'search'));
  });

  it('/help search explains /search alone, with its options', async () => {
    const reply = await run('help', { command: 'search' });
    assert.equal(reply.title, '/search');
    assert.match(
      reply.fields?.[0]?.value ?? '',
      /• limit: How many results per page \(a whole number from 1 to 50\)/,
    );
  });

  it('/help of a mistyped command suggests the closest', async () => {
    const error = errorOf(await run('help', { command: 'serch' }));
    assert.equal(error.code, 'unknown-command');
    assert.deepEqual(error.suggestions, ['/search']);
  });

  it('an unknown command is an "unknown-command" error listing the real ones', async () => {
    const error = errorOf(await run('nope'));
    assert.equal(error.code, 'unknown-command');
    assert.match(error.message, /\/search/);
  });

  it('a mistyped command suggests the one it is closest to', async () => {
    assert.deepEqual(errorOf(await run('serch')).suggestions, ['/search']);
  });
});
