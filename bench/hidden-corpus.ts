import type { Paper } from '../src/corpus/schema.js';
import { modelOf, syntheticCorpus } from './corpus.js';
import { Rng } from './random.js';

/**
 * The real papers hidden among synthetic ones at random places: finding them again with
 * the dev set's search queries is recall at scale, where every common word of their
 * abstracts is shared by thousands of look-alikes. The look-alikes get invented surnames and
 * none of the real authors, so the dev set's papers by an author are still all of them.
 */
export function hiddenAmong(realPapers: readonly Paper[], size: number, seed: number): Paper[] {
  const model = { ...modelOf(realPapers), realAuthors: [], lastNames: [] };
  const synthetic = syntheticCorpus(model, size - realPapers.length, seed);
  const rng = new Rng(seed + 1);
  const papers: Paper[] = [...synthetic];
  for (const paper of realPapers) papers.splice(rng.int(papers.length + 1), 0, paper);
  return papers;
}
