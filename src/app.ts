import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { AnswerEngine } from './answer/engine.js';
import { OpenAIAnswerer } from './answer/llm.js';
import type { Config } from './config.js';
import { readCorpusFile } from './corpus/load.js';
import type { Logger } from './log.js';
import { PaperSearch } from './search/engine.js';
import {
  cacheFileFor,
  indexKeyOf,
  loadOrBuildIndexes,
  type BuildProgress,
} from './search/index.js';

export interface App {
  config: Config;
  log: Logger;
  search: PaperSearch;
  answers: AnswerEngine;
  corpusKey: string;
}

/** Loads the corpus, its index (from the cache when fresh) and the answerer, once per process. */
export function createApp(config: Config, log: Logger): App {
  const corpusPath = resolve(config.corpusPath);
  const { papers, text } = readCorpusFile(corpusPath);
  const corpusKey = indexKeyOf(text);
  const { indexes, source } = loadOrBuildIndexes(
    papers,
    cacheFileFor(config.cacheDir, corpusPath),
    corpusKey,
    papers.length >= LARGE_CORPUS ? buildProgress(log) : undefined,
  );
  log.debug({ papers: papers.length, index: source, corpus: corpusPath }, 'corpus loaded');
  const search = new PaperSearch(papers, indexes, { log });
  const llm = config.llm ? new OpenAIAnswerer(config.llm, log) : undefined;
  const answers = new AnswerEngine({ search, corpusKey, log, llm });
  return { config, log, search, answers, corpusKey };
}

/** From this many papers a first build takes seconds, and someone should see it moving. */
const LARGE_CORPUS = 10_000;

/** A bar on a terminal; log lines every tenth otherwise (a service's log, a pipe). */
function buildProgress(log: Logger): BuildProgress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: 'Indexing papers [{bar}] {value}/{total}', stream: process.stderr },
      Presets.shades_classic,
    );
    return (indexed, total) => {
      if (!bar.isActive) bar.start(total, 0);
      bar.update(indexed);
      if (indexed >= total) bar.stop();
    };
  }
  let reported = 0;
  return (indexed, total) => {
    if (indexed < total && indexed < reported + total / 10) return;
    reported = indexed;
    log.info({ indexed, total }, 'indexing papers');
  };
}
