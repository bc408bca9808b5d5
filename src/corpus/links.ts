import { arxivLink, doiLink, identityOf } from '../library/identity.js';
import type { Paper } from './schema.js';

/**
 * The paper's own page when a source recorded its arXiv id or DOI; otherwise arXiv's title
 * search, which finds papers the corpus gives no id for.
 */
export function paperUrl(paper: Paper): string {
  const { arxivId, arxivVersion, doi } = identityOf(paper);
  if (arxivId !== undefined) return arxivLink(arxivId, arxivVersion);
  if (doi !== undefined) return doiLink(doi);
  return `https://arxiv.org/search/?query=${encodeURIComponent(paper.title)}&searchtype=title`;
}
