// Autocomplete, as the handler computes it before rendering: something to pick from an empty
// box, at most 25 suggestions, and no failure whatever is typed. The end-to-end paths through
// a real discord.js client are in gateway.test.ts.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createApp } from '../../../src/app.js';
import type { AutocompleteSource } from '../../../src/command.js';
import { loadConfig } from '../../../src/config.js';
import { UsageGuard } from '../../../src/guard.js';
import { createLogger } from '../../../src/log.js';
import { ButtonCodec } from '../../../src/render/custom-id.js';
import { renderChoices } from '../../../src/render/discord.js';
import { MAX_TYPED_LENGTH } from '../../../src/search/text.js';
import type { ChannelApi } from '../../../src/transports/discord/rest.js';
import { autocompleteChoices, type DiscordDeps } from '../../../src/transports/discord/handler.js';
import { validateRequestBody } from '../../../testing/discord/schemas.js';
import { DeferredBacklog } from '../../../src/transports/discord/backlog.js';
import { PAPERS_JSON } from '../../search/corpus-fixture.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'paperbot-handler-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const app = createApp(
  loadConfig({ PAPERBOT_CORPUS: PAPERS_JSON, PAPERBOT_CACHE_DIR: cacheDir }),
  createLogger('silent'),
);
const unused = () => Promise.reject(new Error('autocomplete does not use channels'));
const channels: ChannelApi = {
  createThread: unused,
  postMessage: unused,
  channel: unused,
  recentMessages: unused,
  guildRoles: unused,
};
const deps: DiscordDeps = {
  app,
  codec: new ButtonCodec(),
  guard: new UsageGuard({ cooldownSeconds: 10, dailyTokenBudget: 1000 }),
  channels,
  botUserId: '1',
  backlog: new DeferredBacklog(1_000),
};

const SOURCES: AutocompleteSource[] = ['title', 'author', 'category'];
const paperIds = new Set(app.search.papers.map((p) => p.id));
const authors = new Set(app.search.authorNames());
const categoryCodes = new Set(app.search.categories().map((c) => c.code));
/** What a choice's value must be, per source: something the command's option accepts. */
const isKnownValue: Record<AutocompleteSource, (value: string) => boolean> = {
  title: (v) => paperIds.has(v),
  author: (v) => authors.has(v),
  category: (v) => categoryCodes.has(v),
};

describe('autocompleteChoices', () => {
  for (const source of SOURCES) {
    describe(`for ${source}`, () => {
      it('offers something before anything is typed', () => {
        assert.ok(autocompleteChoices(deps, source, '').length > 0);
      });

      it('offers at most 25 choices', () => {
        for (const typed of ['', 'a', 'e', ' '])
          assert.ok(autocompleteChoices(deps, source, typed).length <= 25, JSON.stringify(typed));
      });

      it('offers only values the command accepts', () => {
        for (const typed of ['', 'mobile', 'me', 'c']) {
          for (const choice of autocompleteChoices(deps, source, typed))
            assert.ok(
              isKnownValue[source](choice.value),
              `${JSON.stringify(typed)} → ${choice.value}`,
            );
        }
      });

      it('reads only the first MAX_TYPED_LENGTH characters of what is typed', () => {
        for (const start of ['mobile vision transformer ', 'Sachin Mehta ', 'Computer Vision ']) {
          const clamped = start.padEnd(MAX_TYPED_LENGTH, 'x');
          assert.deepEqual(
            autocompleteChoices(deps, source, `${clamped}${'y'.repeat(60_000)}`),
            autocompleteChoices(deps, source, clamped),
          );
        }
      });

      it('neither throws nor breaks Discord’s rules for anything typed', () => {
        fc.assert(
          fc.property(
            fc.oneof(
              fc.string({ maxLength: 100 }),
              fc.string({ unit: 'binary', maxLength: 100 }),
              fc.constantFrom(
                '@everyone',
                '<@&123456789012345678>',
                '**',
                '"',
                '\\',
                '.*[(?<x>',
                '\u200b',
                '\u202e',
                'vit\ud800',
                '😀😀',
                'x'.repeat(6000),
                ' '.repeat(200),
              ),
            ),
            (typed) => {
              const choices = autocompleteChoices(deps, source, typed);
              assert.ok(choices.length <= 25);
              assert.deepEqual(
                validateRequestBody('create_interaction_response', {
                  type: 8,
                  data: { choices: renderChoices(choices) },
                }),
                [],
              );
            },
          ),
          { numRuns: 30 },
        );
      });
    });
  }

  it('suggests MobileViT for "mobilevit"', () => {
    assert.ok(autocompleteChoices(deps, 'title', 'mobilevit').some((c) => c.value === 'mobilevit'));
  });

  it('suggests an author from the start of a name', () => {
    assert.ok(autocompleteChoices(deps, 'author', 'sach').some((c) => c.value === 'Sachin Mehta'));
  });

  it('matches a category by code or by name, whatever the case', () => {
    assert.deepEqual(
      autocompleteChoices(deps, 'category', 'cv').map((c) => c.value),
      ['CV'],
    );
    assert.ok(autocompleteChoices(deps, 'category', 'vision').some((c) => c.value === 'CV'));
  });

  it('shows a category’s code and name', () => {
    assert.deepEqual(autocompleteChoices(deps, 'category', 'CV'), [
      { name: 'CV · Computer Vision and Pattern Recognition', value: 'CV' },
    ]);
  });

  it('offers no category for text that matches none', () => {
    assert.deepEqual(autocompleteChoices(deps, 'category', 'zzzz'), []);
  });
});
