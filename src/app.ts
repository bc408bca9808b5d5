import { resolve } from 'node:path';
import { AnswerEngine } from './answer/engine.js';
import { OpenAIAnswerer } from './answer/llm.js';
import type { Config } from './config.js';
import { readCorpusFile } from './corpus/load.js';
import type { Logger } from './log.js';
import { PaperSearch } from './search/engine.js';
import { cacheFileFor, indexKeyOf, loadOrBuildIndexes } from './search/index.js';

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
  );
  log.debug({ papers: papers.length, index: source, corpus: corpusPath }, 'corpus loaded');
  const search = new PaperSearch(papers, indexes);
  const llm = config.llm ? new OpenAIAnswerer(config.llm, log) : undefined;
  const answers = new AnswerEngine({ search, corpusKey, log, llm });
  return { config, log, search, answers, corpusKey };
}
