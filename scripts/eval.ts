import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from '../src/zod.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadDotenv } from '../src/env.js';
import { createLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import {
  byKind,
  danglingCitations,
  evaluateKinds,
  KindDevSetSchema,
  type KindDevSet,
} from './eval-rules.js';

/**
 * `npm run eval [file]`: scores search (recall@5, MRR, nDCG@10) and question answering
 * (share right, negatives abstained, dangling citations, answer length) on dev-set.json,
 * then every kind of question of dev-set-v2.json by the rules in eval-rules.ts. A file
 * argument scores that file alone, in whichever of the two formats it is.
 */

const DevSetSchema = z.object({
  search: z.array(z.object({ q: z.string(), relevant: z.array(z.string()).min(1) })).default([]),
  qa: z
    .array(z.object({ q: z.string(), paper: z.string(), accept: z.array(z.string()).min(1) }))
    .default([]),
  negatives: z.array(z.string()).default([]),
});

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function ndcgAt(k: number, ranked: readonly string[], relevant: ReadonlySet<string>): number {
  const dcg = ranked
    .slice(0, k)
    .reduce((sum, title, i) => sum + (relevant.has(title) ? 1 / Math.log2(i + 2) : 0), 0);
  const ideal = [...Array(Math.min(k, relevant.size)).keys()].reduce(
    (sum, i) => sum + 1 / Math.log2(i + 2),
    0,
  );
  return ideal === 0 ? 0 : dcg / ideal;
}

type App = ReturnType<typeof createApp>;

async function evaluateClassic(app: App, devSet: z.infer<typeof DevSetSchema>, verbose: boolean) {
  const searchRows = devSet.search.map(({ q, relevant }) => {
    const ranked = app.search.search({ query: q, limit: 10 }).map((h) => h.paper.title);
    const wanted = new Set(relevant);
    const firstHit = ranked.findIndex((t) => wanted.has(t));
    const recall5 = ranked.slice(0, 5).filter((t) => wanted.has(t)).length / wanted.size;
    if (verbose && recall5 < 1)
      console.error(`search miss: ${q} → ${ranked.slice(0, 5).join(' | ')}`);
    return {
      recall5,
      rr: firstHit === -1 ? 0 : 1 / (firstHit + 1),
      ndcg10: ndcgAt(10, ranked, wanted),
    };
  });

  const qaRows = [];
  for (const { q, paper, accept } of devSet.qa) {
    const answer = await app.answers.ask({ question: q });
    const contains = accept.some((a) => answer.answer.toLowerCase().includes(a.toLowerCase()));
    const cites = answer.citations.some((c) => c.title === paper);
    if (verbose && !(contains && cites)) console.error(`qa miss: ${q} → ${answer.answer}`);
    qaRows.push({ right: contains && cites, answer });
  }
  const negativeRows = [];
  for (const q of devSet.negatives) {
    const answer = await app.answers.ask({ question: q });
    if (verbose && !answer.abstained) console.error(`negative answered: ${q} → ${answer.answer}`);
    negativeRows.push(answer);
  }
  const answers = [...qaRows.map((r) => r.answer), ...negativeRows];
  const answered = qaRows.map((r) => r.answer).filter((a) => !a.abstained);

  const report = {
    search: {
      cases: searchRows.length,
      recallAt5: mean(searchRows.map((r) => r.recall5)),
      mrr: mean(searchRows.map((r) => r.rr)),
      ndcgAt10: mean(searchRows.map((r) => r.ndcg10)),
    },
    qa: {
      mode: app.answers.mode,
      cases: qaRows.length,
      right: mean(qaRows.map((r) => (r.right ? 1 : 0))),
      negatives: negativeRows.length,
      negativesAbstained: mean(negativeRows.map((a) => (a.abstained ? 1 : 0))),
      danglingCitations: answers.reduce((n, a) => n + danglingCitations(a), 0),
      meanAnswerChars: Math.round(mean(answered.map((a) => a.answer.length))),
      maxAnswerChars: Math.max(0, ...answered.map((a) => a.answer.length)),
    },
  };
  const rows: [string, string, string][] = [
    ['search recall@5', pct(report.search.recallAt5), `${report.search.cases} queries`],
    ['search MRR', report.search.mrr.toFixed(3), ''],
    ['search nDCG@10', report.search.ndcgAt10.toFixed(3), ''],
    [`qa right (${report.qa.mode})`, pct(report.qa.right), `target ≥ 90% of ${report.qa.cases}`],
    [
      'negatives abstained',
      pct(report.qa.negativesAbstained),
      `target 100% of ${report.qa.negatives}`,
    ],
    ['dangling citations', String(report.qa.danglingCitations), 'target 0'],
    [
      'mean answer length',
      `${report.qa.meanAnswerChars} chars`,
      `max ${report.qa.maxAnswerChars}, target ≤ 600`,
    ],
  ];
  return { report, text: table(rows) };
}

async function evaluateByKind(app: App, devSet: KindDevSet, verbose: boolean) {
  const result = await evaluateKinds(devSet, (request) => app.answers.ask(request));
  const kinds = byKind(result.rows);
  const negativeKinds = byKind(result.negatives);
  const right = result.rows.filter((r) => r.right).length;
  const rows: [string, string, string][] = [
    [
      `right overall (${app.answers.mode})`,
      pct(right / Math.max(1, result.rows.length)),
      `${right}/${result.rows.length}, target ≥ 90%`,
    ],
    ...[...kinds].map(([kind, k]): [string, string, string] => [
      `  ${kind}`,
      pct(k.right / k.total),
      `${k.right}/${k.total}, target ≥ 80%`,
    ]),
    ...[...negativeKinds].map(([kind, k]): [string, string, string] => [
      `declined: ${kind}`,
      pct(k.right / k.total),
      `${k.right}/${k.total}`,
    ]),
    [
      'negatives declined',
      pct(result.negatives.filter((r) => r.right).length / Math.max(1, result.negatives.length)),
      `${result.negatives.filter((r) => r.right).length}/${result.negatives.length}, target ≥ 18/20`,
    ],
    ['dangling citations', String(result.dangling), 'target 0'],
    ['over length', String(result.overLength.length), '≤ 600 chars; lists ≤ 12 papers'],
  ];
  const failures = [...result.rows, ...result.negatives]
    .filter((r) => !r.right)
    .map((r) => {
      const answer = verbose ? r.answer.answer : r.answer.answer.replace(/\s+/g, ' ').slice(0, 160);
      return `  ✗ [${r.type}] ${r.q}\n      ${r.why ?? ''} (${r.answer.kind}): ${answer}`;
    });
  const lengths = result.overLength.map((o) => `  ✗ too long: ${o.q} (${o.problem})`);
  const report = {
    right: right / Math.max(1, result.rows.length),
    kinds: Object.fromEntries(kinds),
    negatives: Object.fromEntries(negativeKinds),
    danglingCitations: result.dangling,
    overLength: result.overLength,
    failures: [...result.rows, ...result.negatives]
      .filter((r) => !r.right)
      .map((r) => ({ type: r.type, q: r.q, why: r.why, answer: r.answer.answer })),
  };
  const text = [
    table(rows),
    ...(failures.length > 0 ? ['failures:', ...failures] : []),
    ...lengths,
  ];
  return { report, text: text.join('\n') };
}

function table(rows: readonly [string, string, string][]): string {
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows
    .map(([name, value, note]) => `${name.padEnd(width)}  ${value.padStart(8)}  ${note}`)
    .join('\n');
}

async function main(): Promise<number> {
  loadDotenv();
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } },
  });
  const files = positionals[0]
    ? [resolve(positionals[0])]
    : ['dev-set.json', 'dev-set-v2.json'].map((f) => join(PACKAGE_ROOT, 'data', 'eval', f));
  const app = createApp(loadConfig(), createLogger('silent'));
  const verbose = values.verbose === true;
  const reports: Record<string, unknown> = {};
  for (const file of files) {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const kinded = KindDevSetSchema.safeParse(raw);
    const { report, text } = kinded.success
      ? await evaluateByKind(app, kinded.data, verbose)
      : await evaluateClassic(app, DevSetSchema.parse(raw), verbose);
    reports[basename(file)] = report;
    if (!values.json) process.stdout.write(`== ${basename(file)}\n${text}\n\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  return 0;
}

process.exitCode = await main();
