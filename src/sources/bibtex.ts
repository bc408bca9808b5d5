import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { finishPapers, type PaperDraft } from '../corpus/build.js';
import { categoryFromCode, UNCATEGORIZED } from '../corpus/categories.js';
import { oneLine } from '../corpus/clean.js';
import { isoDate, monthNumber } from '../corpus/dates.js';
import { PaperSchema } from '../corpus/schema.js';
import { arxivLink, doiLink, normaliseDoi } from '../library/identity.js';
import { PublicationSchema, type Publication } from '../library/publication.js';
import { SourceError } from './fetch.js';
import { parseArxivReference } from './arxiv.js';
import { failed, type SourceItem } from './types.js';

/** The tags the BibTeX parser marks text up with (`<i>`, `<sc>`, `<sub>`…), not a title's own `<`. */
const MARKUP = /<\/?(?:i|b|sc|sub|sup|nc|ncx|span|a|h\d)(?:\s[^<>]*)?>/g;

/** Text the BibTeX parser marks up read as plain text. */
const plain = (text: string | undefined) => oneLine((text ?? '').replace(MARKUP, ''));

/**
 * The parser reads a bare `<` or `>` as the OT1 font set it (¡ and ¿); spelled as LaTeX
 * commands they stay themselves. Verbatim fields (url) keep the spelling, so it is undone there.
 */
const ANGLES: Record<string, string> = { '<': '\\textless{}', '>': '\\textgreater{}' };
const spellAngles = (text: string) => text.replace(/[<>]/g, (c) => ANGLES[c]!);
const unspellAngles = (text: string) =>
  text.replace(/\\textless\{\}/g, '<').replace(/\\textgreater\{\}/g, '>');

function nameOf(creator: Creator): string {
  if (creator.name !== undefined) return plain(creator.name);
  return plain(
    [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' '),
  );
}

/** The date, and how much of it the entry gave when less than the day. */
function dateOf(
  fields: Entry['fields'],
): { date: string; datePrecision?: 'month' | 'year' } | undefined {
  const fromDate = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(fields['date'] ?? '');
  const year = Number(fromDate?.[1] ?? /\d{4}/.exec(fields['year'] ?? '')?.[0]);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return undefined;
  const rawMonth = fromDate?.[2] ?? fields['month'] ?? '';
  const month = /^\d+$/.test(rawMonth) ? Number(rawMonth) : monthNumber(rawMonth);
  const date =
    month >= 1 && month <= 12 ? isoDate(year, month, Number(fromDate?.[3] ?? 1)) : undefined;
  if (date === undefined) return { date: `${year}-01-01`, datePrecision: 'year' };
  return fromDate?.[3] === undefined ? { date, datePrecision: 'month' } : { date };
}

function linksOf(fields: Entry['fields']): string[] {
  const links: string[] = [];
  const eprint = fields['eprint'];
  const archive = (fields['archiveprefix'] ?? fields['eprinttype'] ?? '').toLowerCase();
  const arxiv =
    eprint !== undefined && (archive === 'arxiv' || archive === '')
      ? parseArxivReference(eprint)
      : undefined;
  if (arxiv !== undefined) links.push(arxivLink(arxiv.id, arxiv.version));
  if (fields['doi'] !== undefined)
    links.push(doiLink(normaliseDoi(fields['doi'].replace(/^https?:\/\/(dx\.)?doi\.org\//i, ''))));
  const url = urlOf(fields);
  if (url !== undefined && !links.includes(url)) links.push(url);
  return links;
}

/** The entry's url field, when it is a web address. */
function urlOf(fields: Entry['fields']): string | undefined {
  const url = fields['url'] === undefined ? undefined : unspellAngles(fields['url']);
  return url !== undefined && /^https?:\/\/\S+$/.test(url) ? url : undefined;
}

/** What the entry says of where the paper appeared, for citing it as the entry it was. */
function publicationOf(entry: Entry): Publication | undefined {
  const { fields } = entry;
  const field = (name: 'journal' | 'booktitle' | 'volume' | 'number') =>
    plain(fields[name]) || undefined;
  const given = {
    type: entry.type.toLowerCase(),
    journal: field('journal'),
    booktitle: field('booktitle'),
    publisher: plain((fields.publisher ?? []).join(' and ')) || undefined,
    volume: field('volume'),
    number: field('number'),
    pages: plain(fields['pages']).replace(/\s*[–—]\s*/g, '--') || undefined,
    url: urlOf(fields),
  };
  const publication = PublicationSchema.safeParse(
    Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
  );
  return publication.success ? publication.data : undefined;
}

function draftOf(entry: Entry): PaperDraft | string {
  const title = plain(entry.fields['title']);
  const dated = dateOf(entry.fields);
  if (title === '') return 'has no title';
  if (dated === undefined) return 'has no year';
  const category = entry.fields['primaryclass'];
  return {
    title,
    authors: (entry.fields.author ?? []).map(nameOf).filter((name) => name !== ''),
    authorsTruncated: false,
    affiliations: [],
    category: category === undefined ? UNCATEGORIZED : categoryFromCode(category),
    ...dated,
    dateInferred: false,
    hasCode: false,
    links: linksOf(entry.fields),
    abstract: plain(entry.fields['abstract']),
  };
}

/** Every entry of a BibTeX text: the papers, and per entry what was wrong with the others. */
export function parseBibtex(text: string, name = 'the BibTeX'): SourceItem[] {
  let library: ReturnType<typeof parse>;
  try {
    library = parse(spellAngles(text), {
      english: false,
      caseProtection: false,
      unsupported: 'ignore',
      sentenceCase: false,
    });
  } catch (error) {
    throw new SourceError(
      `${name} is not valid BibTeX: ${(error as Error).message}. Nothing was added.`,
    );
  }
  const entries = library.entries.filter((e) => e.input !== '' || Object.keys(e.fields).length > 0);
  if (entries.length === 0) {
    const first = library.errors[0]?.error;
    throw new SourceError(
      `${name} has no BibTeX entry${first ? ` (${first})` : ''}. Nothing was added.`,
    );
  }
  const items: SourceItem[] = library.errors.map((e) =>
    failed(
      /@\w+\s*[{(]\s*([^,\s]+)/.exec(e.input ?? '')?.[1] ?? 'an entry',
      `not valid BibTeX: ${e.error}`,
    ),
  );
  for (const entry of entries) {
    const draft = draftOf(entry);
    if (typeof draft === 'string') {
      items.push(failed(entry.key, `the entry ${draft}`));
      continue;
    }
    const [paper] = finishPapers([draft]);
    const checked = PaperSchema.safeParse(paper);
    items.push(
      checked.success
        ? {
            label: entry.key,
            ok: true,
            paper: checked.data,
            source: 'bibtex',
            publication: publicationOf(entry),
          }
        : failed(entry.key, 'the entry could not be read as a paper'),
    );
  }
  return items;
}
