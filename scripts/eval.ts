import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadDotenv } from '../src/env.js';
import { createLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';

/**
 * `npm run eval [file]`: scores search (recall@5, MRR, nDCG@10) and question answering
 * (share right, negatives abstained, dangling citations, answer length) on a dev set.
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

async function main(): Promise<number> {
  loadDotenv();
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } },
  });
  const file = resolve(positionals[0] ?? join(PACKAGE_ROOT, 'data', 'eval', 'dev-set.json'));
  const devSet = DevSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const config = loadConfig();
  const app = createApp(config, createLogger('silent'));
  const verbose = values.verbose === true;

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
  const dangling = answers.reduce((n, a) => {
    const cited = new Set(a.citations.map((c) => c.n));
    return n + [...a.answer.matchAll(/\[(\d+)\]/g)].filter((m) => !cited.has(Number(m[1]))).length;
  }, 0);
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
      danglingCitations: dangling,
      meanAnswerChars: Math.round(mean(answered.map((a) => a.answer.length))),
      maxAnswerChars: Math.max(0, ...answered.map((a) => a.answer.length)),
    },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
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
    const width = Math.max(...rows.map((r) => r[0].length));
    process.stdout.write(
      `${rows.map(([name, value, note]) => `${name.padEnd(width)}  ${value.padStart(8)}  ${note}`).join('\n')}\n`,
    );
  }
  return 0;
}

process.exitCode = await main();
