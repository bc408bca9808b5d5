import { cleanAbstract, extractLinks, withoutFormatCharacters } from './clean.js';
import type { Category, Paper } from './schema.js';

/** A paper as a parser read it, before ids, short names and cleaned text are derived. */
export interface PaperDraft {
  id?: string | undefined;
  title: string;
  authors: string[];
  authorsTruncated: boolean;
  affiliations: string[];
  category: Category;
  date: string;
  dateInferred: boolean;
  datePrecision?: 'month' | 'year' | undefined;
  hasCode: boolean;
  links: string[];
  abstract: string;
}

const SLUG_STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'to',
  'in',
  'on',
  'and',
  'with',
  'by',
  'at',
  'via',
]);

function slugify(text: string, maxWords = Infinity): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && (maxWords === Infinity || !SLUG_STOP_WORDS.has(w)))
    .slice(0, maxWords)
    .join('-');
}

/**
 * "MobileViT: Light-weight…" → "MobileViT". Only a short prefix before a colon counts as a
 * name; "Learning to Learn How to Learn: …" is a sentence, not a name.
 */
function shortNameOf(title: string): string | undefined {
  const colon = title.indexOf(': ');
  if (colon <= 0) return undefined;
  const prefix = title.slice(0, colon).trim();
  const words = prefix.split(/\s+/);
  return words.length <= 4 && prefix.length <= 30 && !prefix.includes(',') ? prefix : undefined;
}

function baseId(draft: PaperDraft, shortName: string | undefined): string {
  const explicit = draft.id === undefined ? '' : slugify(draft.id);
  if (explicit !== '') return explicit;
  const fromName = shortName === undefined ? '' : slugify(shortName);
  return fromName !== '' ? fromName : slugify(draft.title, 5) || 'paper';
}

/** Where a paper's own code lives when its abstract or links point there, whatever the source. */
const CODE_HOST = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)\//i;

/** Derives ids (unique within the list), short names, cleaned text and links. */
export function finishPapers(drafts: readonly PaperDraft[]): Paper[] {
  const taken = new Set<string>();
  return drafts.map((given) => {
    const draft = {
      ...given,
      title: withoutFormatCharacters(given.title),
      authors: given.authors.map(withoutFormatCharacters),
    };
    const shortName = shortNameOf(draft.title);
    const year = Number(draft.date.slice(0, 4));
    let id = baseId(draft, shortName);
    if (taken.has(id)) id = `${id}-${year}`;
    for (let n = 2; taken.has(id); n += 1) id = `${baseId(draft, shortName)}-${year}-${n}`;
    taken.add(id);
    const links = [...new Set([...draft.links, ...extractLinks(draft.abstract)])];
    return {
      id,
      title: draft.title,
      ...(shortName === undefined ? {} : { shortName }),
      authors: draft.authors,
      authorsTruncated: draft.authorsTruncated,
      affiliations: draft.affiliations,
      category: draft.category,
      date: draft.date,
      dateInferred: draft.dateInferred,
      ...(draft.datePrecision === undefined ? {} : { datePrecision: draft.datePrecision }),
      year,
      hasCode: draft.hasCode || links.some((link) => CODE_HOST.test(link)),
      links,
      abstract: draft.abstract,
      abstractText: cleanAbstract(draft.abstract, { shortName }),
    };
  });
}
