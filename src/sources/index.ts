import { parseArxivReference, type ArxivReference, type ArxivSource } from './arxiv.js';
import { parseDoiReference, type CrossrefSource, type DoiReference } from './crossref.js';
import { MAX_SOURCE_BYTES, SourceError, tooLarge } from './fetch.js';
import { parsePaperList } from './lists.js';
import { truncate } from '../truncate.js';
import { checkedItem, failed, type SourceItem } from './types.js';

/** Something a person handed over: typed text (ids, DOIs, BibTeX) or a file's contents. */
export interface SourceInput {
  text: string;
  /** The file or attachment name; undefined for typed text. */
  fileName?: string | undefined;
}

export interface RemoteSources {
  arxiv: ArxivSource;
  crossref: CrossrefSource;
}

type ResolveProgress = (done: number, total: number) => void;

const BIBTEX_START = /^\s*@\s*[a-z]+\s*[{(]/im;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
/** The names of the files `add` reads: BibTeX, a papers JSON list or a publication list. */
export const LOCAL_FILE_NAME = /\.(?:bib|bibtex|json|txt)$/i;

type Reference = { kind: 'arxiv'; ref: ArxivReference } | { kind: 'doi'; ref: DoiReference };

function referenceOf(token: string): Reference | string {
  const arxiv = parseArxivReference(token);
  if (arxiv !== undefined) return { kind: 'arxiv', ref: arxiv };
  const doi = parseDoiReference(token);
  if (doi === undefined && LOCAL_FILE_NAME.test(token))
    return `"${truncate(token, 80)}" is the name of a file, not its contents: attach the file itself (on Discord, the file option).`;
  if (doi === undefined)
    return `"${truncate(token, 80)}" is not an arXiv id or URL, a DOI, BibTeX or a paper list.`;
  // arXiv's own DOIs carry no abstract on Crossref: ask arXiv instead.
  const viaArxiv = ARXIV_DOI.exec(doi.doi)?.[1];
  const asArxiv = viaArxiv === undefined ? undefined : parseArxivReference(viaArxiv);
  return asArxiv === undefined
    ? { kind: 'doi', ref: doi }
    : { kind: 'arxiv', ref: { ...asArxiv, text: token } };
}

async function parseLocal(input: SourceInput): Promise<SourceItem[] | undefined> {
  const name = input.fileName ?? 'the text';
  if (Buffer.byteLength(input.text) > MAX_SOURCE_BYTES)
    throw tooLarge(name, Buffer.byteLength(input.text));
  const isBibFile = input.fileName !== undefined && /\.bib(tex)?$/i.test(input.fileName);
  if (isBibFile || BIBTEX_START.test(input.text)) {
    // Loaded on first use: the parser costs every paperbot start about half a second of CPU,
    // and most invocations never read BibTeX.
    const { parseBibtex } = await import('./bibtex.js');
    return parseBibtex(input.text, name);
  }
  const trimmed = input.text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parsePaperList(input.text, name);
  // A file of arXiv ids and DOIs is read as if they were typed, one after the other.
  if (input.fileName !== undefined && !isReferenceList(input.text))
    return parsePaperList(input.text, name);
  return undefined;
}

/**
 * A file of ids and DOIs, one per line (or comma-separated): every line a single word, the
 * first of them a reference. A word among them that is none gets its own ✗ when resolved; a
 * publication list always has lines of several words (titles, abstracts).
 */
function isReferenceList(text: string): boolean {
  const [first] = tokensOf(text);
  const oneWordEach = text
    .split('\n')
    .flatMap((line) => line.split(','))
    .every((entry) => !/\S\s+\S/.test(entry.trim()));
  return first !== undefined && typeof referenceOf(first) !== 'string' && oneWordEach;
}

const tokensOf = (text: string) => text.split(/[\s,]+/).filter((t) => t !== '');

/**
 * Turns what a person handed over into papers, one item per id, DOI or entry, in order.
 * Sources only read: nothing here writes to the library.
 */
export async function resolveSources(
  inputs: readonly SourceInput[],
  remote: RemoteSources,
  onProgress?: ResolveProgress,
  signal?: AbortSignal,
): Promise<SourceItem[]> {
  const slots: SourceItem[][] = [];
  const arxivRefs: { slot: number; ref: ArxivReference }[] = [];
  const doiRefs: { slot: number; ref: DoiReference }[] = [];
  for (const input of inputs) {
    let local: SourceItem[] | undefined;
    try {
      local = await parseLocal(input);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      slots.push([failed(input.fileName ?? 'the text', error.message)]);
      continue;
    }
    if (local !== undefined) {
      slots.push(local);
      continue;
    }
    for (const token of tokensOf(input.text)) {
      const reference = referenceOf(token);
      const slot = slots.push([]) - 1;
      if (typeof reference === 'string') slots[slot] = [failed(token, reference)];
      else if (reference.kind === 'arxiv') arxivRefs.push({ slot, ref: reference.ref });
      else doiRefs.push({ slot, ref: reference.ref });
    }
  }
  const remoteCount = arxivRefs.length + doiRefs.length;
  const localCount = slots.reduce((n, items) => n + items.length, 0);
  const total = localCount + remoteCount;
  onProgress?.(localCount, total);
  const arxivItems = await remote.arxiv.fetch(
    arxivRefs.map((a) => a.ref),
    (done) => onProgress?.(localCount + done, total),
    signal,
  );
  arxivItems.forEach((item, i) => (slots[arxivRefs[i]!.slot] = [item]));
  const doiItems = await remote.crossref.fetch(
    doiRefs.map((d) => d.ref),
    (done) => onProgress?.(localCount + arxivRefs.length + done, total),
    signal,
  );
  doiItems.forEach((item, i) => (slots[doiRefs[i]!.slot] = [item]));
  // Whatever the source, a paper the library could not read back is refused here, not stored.
  return slots.flat().map((item) => checkedItem(item));
}
