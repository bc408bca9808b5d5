/**
 * `npm run bench:commands`: how long each Discord command takes from a validated
 * interaction to its first response (the 3-second clock Discord runs), on the bundled
 * corpus, through the same handler the gateway and HTTP transports use. The baseline, in
 * the same run, is the floor of that path: an interaction answered with a fixed message.
 * Targets: every command's first response ≤ 300 ms, autocomplete ≤ 50 ms (p99).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { UsageGuard } from '../src/guard.js';
import { createLogger } from '../src/log.js';
import { ButtonCodec } from '../src/render/custom-id.js';
import { renderError } from '../src/render/discord.js';
import { handleInteraction, type DiscordDeps } from '../src/transports/discord/handler.js';
import { InteractionSchema, type Interaction } from '../src/transports/discord/payloads.js';
import type { InteractionResponder } from '../src/transports/discord/rest.js';
import { DeferredBacklog } from '../src/transports/discord/backlog.js';

const RUNS = 200;
const TARGET_MS = { command: 300, autocomplete: 50 };

const app = createApp(
  loadConfig({
    PAPERBOT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'paperbot-bench-')),
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
  }),
  createLogger('silent'),
);
const deps: DiscordDeps = {
  app,
  codec: new ButtonCodec(),
  guard: new UsageGuard({ cooldownSeconds: 0, dailyTokenBudget: 1 }),
  channels: {
    createThread: async () => '0',
    postMessage: async () => undefined,
    channel: async () => ({ type: 0, ownerId: undefined }),
    recentMessages: async () => [],
    guildRoles: async () => [],
  },
  botUserId: '1',
  backlog: new DeferredBacklog(1_000),
};

let n = 0;
function interaction(type: number, data: unknown): Interaction {
  n += 1;
  return InteractionSchema.parse({
    id: String(n),
    application_id: '1',
    type,
    token: `t${n}`,
    guild_id: '2',
    channel_id: '3',
    member: { user: { id: '4', username: 'bench' } },
    data,
  });
}
const option = (name: string, value: string | boolean, focused = false) => ({
  name,
  type: typeof value === 'boolean' ? 5 : 3,
  value,
  ...(focused ? { focused } : {}),
});
const command =
  (name: string, ...options: ReturnType<typeof option>[]) =>
  () =>
    interaction(2, { name, type: 1, options });

/** Resolves at the first response; the rest of the work (a deferred answer) is not Discord's clock. */
function timeFirstResponse(make: () => Interaction): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const responder: InteractionResponder = {
      respond: async () => resolve(performance.now() - started),
      editOriginal: async () => undefined,
      followUp: async () => undefined,
    };
    void handleInteraction(make(), responder, deps);
  });
}

async function floor(): Promise<number> {
  const started = performance.now();
  await (async (responder: Pick<InteractionResponder, 'respond'>) =>
    responder.respond({ type: 4, data: renderError('fixed') }))({ respond: async () => undefined });
  return performance.now() - started;
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ] ?? 0;

const cases: [string, () => Interaction, 'command' | 'autocomplete'][] = [
  ['/search', command('search', option('query', 'efficient vision transformers')), 'command'],
  [
    '/search filtered',
    command(
      'search',
      option('query', 'compression'),
      option('author', 'Rastegari'),
      option('year', '2019-2021'),
    ),
    'command',
  ],
  [
    '/ask (defer)',
    command('ask', option('question', 'How much faster is CatLIP to pre-train?')),
    'command',
  ],
  ['/paper', command('paper', option('title', 'mobilevit')), 'command'],
  ['/similar', command('similar', option('paper', 'lazyllm')), 'command'],
  ['/author', command('author', option('name', 'Mehta')), 'command'],
  ['/summarize (defer)', command('summarize', option('paper', 'openelm')), 'command'],
  ['/compare (defer)', command('compare', option('a', 'dkm'), option('b', 'edkm')), 'command'],
  ['/cite', command('cite', option('paper', 'lazyllm')), 'command'],
  ['/stats', command('stats'), 'command'],
  ['/help', command('help'), 'command'],
  [
    'autocomplete title',
    () => interaction(4, { name: 'paper', type: 1, options: [option('title', 'mob', true)] }),
    'autocomplete',
  ],
  [
    'autocomplete author',
    () => interaction(4, { name: 'author', type: 1, options: [option('name', 'moh', true)] }),
    'autocomplete',
  ],
];

const floorTimes: number[] = [];
for (let i = 0; i < RUNS; i += 1) floorTimes.push(await floor());
const floorP50 = Math.max(percentile(floorTimes, 50), 0.001);
console.log(`baseline (fixed response through the same path): p50 ${floorP50.toFixed(3)} ms\n`);
console.log(
  `${'case'.padEnd(22)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'× floor'.padStart(9)}  target`,
);
let failed = 0;
for (const [name, make, kind] of cases) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) times.push(await timeFirstResponse(make));
  const p99 = percentile(times, 99);
  const pass = p99 <= TARGET_MS[kind];
  if (!pass) failed += 1;
  console.log(
    `${name.padEnd(22)} ${percentile(times, 50).toFixed(2).padStart(8)} ${p99.toFixed(2).padStart(8)} ${(percentile(times, 50) / floorP50).toFixed(0).padStart(8)}×  ${pass ? 'PASS' : 'FAIL'} (p99 ≤ ${TARGET_MS[kind]} ms)`,
  );
}
process.exitCode = failed === 0 ? 0 : 1;
