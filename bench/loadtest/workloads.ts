/** What the load scenarios send: one kind of signed interaction each, and how to tell a right answer. */
import type { Paper } from '../../src/corpus/schema.js';
import { queryMix, titlePrefixes } from '../queries.js';
import { Rng } from '../random.js';
import {
  interaction,
  signed,
  type CommandOption,
  type KeyPair,
  type SignedRequest,
} from './clients.js';
import { CONNECTIONS, REQUESTS_PER_CONNECTION, SEED } from './settings.js';
import type { DiscordStandIn } from '../../testing/discord/standin.js';

export interface Workload {
  name: string;
  /** Names the CPU profile of the scenario. */
  slug: string;
  /** Builds the body of the request with this serial number. */
  body: (serial: number) => string;
  /** Whether a response is the right answer, checked on a sample before the load starts. */
  check: (json: unknown) => boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const dataOf = (json: unknown): Record<string, unknown> =>
  isRecord(json) && isRecord(json.data) ? json.data : {};

export function pingWorkload(): Workload {
  return {
    name: 'baseline: bare server, signed PING',
    slug: 'baseline',
    body: (serial) => interaction(serial, 1),
    check: (json) => isRecord(json) && json.type === 1,
  };
}

/** A fixed mix: the search bench's queries on the real corpus, every other one with a filter or paging. */
export function searchWorkload(papers: readonly Paper[]): Workload {
  const queries = queryMix(papers, papers, SEED, 200).map((q) => q.text);
  const category = papers[0]?.category.code ?? 'cs.CV';
  const years = papers.map((p) => p.year).sort((a, b) => a - b);
  const yearRange = `${years[Math.floor(years.length / 2)] ?? 2020}-${years.at(-1) ?? 2024}`;
  const extras: CommandOption[][] = [
    [],
    [{ name: 'year', type: 3, value: yearRange }],
    [],
    [{ name: 'has_code', type: 5, value: true }],
    [],
    [{ name: 'category', type: 3, value: category }],
    [],
    [{ name: 'page', type: 4, value: 2 }],
    [],
    [{ name: 'limit', type: 4, value: 5 }],
  ];
  return {
    name: 'paperbot: signed /search',
    slug: 'search',
    body: (serial) =>
      interaction(serial, 2, {
        name: 'search',
        options: [
          { name: 'query', type: 3, value: queries[serial % queries.length] ?? '' },
          ...(extras[serial % extras.length] ?? []),
        ],
      }),
    check: (json) => isRecord(json) && json.type === 4 && Array.isArray(dataOf(json).embeds),
  };
}

/** What people type into the boxes that autocomplete: titles, author names and categories, 1–12 characters in. */
export function autocompleteWorkload(papers: readonly Paper[]): Workload {
  const rng = new Rng(SEED);
  const titles = titlePrefixes(papers, SEED, 200);
  const authors = Array.from({ length: 200 }, () => {
    const name = rng.pick(rng.pick(papers).authors);
    return name.slice(0, rng.between(1, Math.min(10, name.length)));
  });
  const categories = ['', 'c', 'cs', 'cs.', 'cs.C', 'vision', 'lang', 'stat', 'eess', 'L'];
  const focused = (name: string, value: string): CommandOption => ({
    name,
    type: 3,
    value,
    focused: true,
  });
  const boxes: ((i: number) => { name: string; options: CommandOption[] })[] = [
    (i) => ({ name: 'paper', options: [focused('title', titles[i % titles.length] ?? '')] }),
    (i) => ({ name: 'author', options: [focused('name', authors[i % authors.length] ?? '')] }),
    (i) => ({ name: 'cite', options: [focused('paper', titles[(i * 7) % titles.length] ?? '')] }),
    (i) => ({
      name: 'search',
      options: [
        { name: 'query', type: 3, value: 'efficient' },
        focused('author', authors[(i * 3) % authors.length] ?? ''),
      ],
    }),
    (i) => ({ name: 'compare', options: [focused('a', titles[(i * 3) % titles.length] ?? '')] }),
    (i) => ({
      name: 'search',
      options: [focused('category', categories[i % categories.length] ?? '')],
    }),
  ];
  return {
    name: 'paperbot: signed autocomplete',
    slug: 'autocomplete',
    body: (serial) =>
      interaction(serial, 4, boxes[serial % boxes.length]?.(Math.floor(serial / boxes.length))),
    check: (json) => isRecord(json) && json.type === 8 && Array.isArray(dataOf(json).choices),
  };
}

let serials = 0;

/** Every request of a run gets its own serial, so no two interactions share an id or token. */
export function nextSerial(): number {
  return serials++;
}

/** One slice of distinct, freshly signed requests per connection. */
export function signPool(workload: Workload, key: KeyPair): SignedRequest[][] {
  return Array.from({ length: CONNECTIONS }, () =>
    Array.from({ length: REQUESTS_PER_CONNECTION }, () =>
      signed(workload.body(nextSerial()), key.privateKey),
    ),
  );
}

/**
 * Deferred /ask interactions the stand-in knows and has seen acknowledged: Discord learns of an
 * acknowledgement when the endpoint answers; the stand-in through its callback route, which is
 * called first so the follow-up edit cannot race it. Each asks about another paper, from another user.
 */
export async function acknowledgedAsks(
  standIn: DiscordStandIn,
  papers: readonly Paper[],
  options: { count: number; firstUserId: bigint; question: (name: string) => string },
) {
  const asks = Array.from({ length: options.count }, (_, i) => {
    const paper = papers[(i * 7) % papers.length];
    return standIn.interaction.chatInput({
      name: 'ask',
      options: [
        {
          name: 'question',
          type: 3,
          value: options.question(paper?.shortName ?? paper?.title ?? 'this work'),
        },
      ],
      userId: String(options.firstUserId + BigInt(i)),
    });
  });
  await Promise.all(
    asks.map((ask) =>
      fetch(`${standIn.apiUrl}/v10/interactions/${ask.id}/${ask.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 5, data: { flags: 64 } }),
      }),
    ),
  );
  return asks;
}
