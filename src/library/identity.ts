import type { Paper } from '../corpus/schema.js';

/** What makes two records the same paper, strongest first. */
export interface PaperIdentity {
  arxivId: string | undefined;
  arxivVersion: number | undefined;
  doi: string | undefined;
  titleKey: string;
}

const ARXIV_ID = String.raw`(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?`;
const ARXIV_LINK = new RegExp(
  String.raw`^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/${ARXIV_ID}(?:\.pdf)?/?$`,
  'i',
);
const DOI_LINK = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/\S+)$/i;

/** Case, accents, punctuation and spacing aside, the same title gives the same key. */
function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function normaliseDoi(doi: string): string {
  return doi.trim().toLowerCase();
}

/** A DOI as written in a link or by a person: URL escapes undone, and a lone `%` kept as part of it. */
export function doiFromText(text: string): string {
  try {
    return normaliseDoi(decodeURIComponent(text));
  } catch {
    return normaliseDoi(text);
  }
}

export function arxivLink(id: string, version?: number): string {
  return `https://arxiv.org/abs/${id}${version === undefined ? '' : `v${version}`}`;
}

export function doiLink(doi: string): string {
  return `https://doi.org/${doi}`;
}

/** Sources record arXiv ids and DOIs as links; the library reads them back from there. */
export function identityOf(paper: Paper): PaperIdentity {
  let arxivId: string | undefined;
  let arxivVersion: number | undefined;
  let doi: string | undefined;
  for (const link of paper.links) {
    const arxiv = ARXIV_LINK.exec(link);
    if (arxiv !== null && arxivId === undefined) {
      arxivId = arxiv[1];
      arxivVersion = arxiv[2] === undefined ? undefined : Number(arxiv[2]);
    }
    const doiMatch = DOI_LINK.exec(link);
    if (doiMatch?.[1] !== undefined && doi === undefined) doi = doiFromText(doiMatch[1]);
  }
  return { arxivId, arxivVersion, doi, titleKey: normaliseTitle(paper.title) };
}
