import type { Paper } from './schema.js';

/** The corpus has no arXiv ids, so a paper links to arXiv's title search, which finds it. */
export function paperUrl(paper: Paper): string {
  return `https://arxiv.org/search/?query=${encodeURIComponent(paper.title)}&searchtype=title`;
}
