import { z } from 'zod';
import { categoryFromCode, UNCATEGORIZED } from './categories.js';
import { finishPapers, type PaperDraft } from './build.js';
import { isoDate, MONTH_PATTERN, monthNumber, parseLooseDate } from './dates.js';
import { CorpusError } from './errors.js';
import { splitByline } from './names.js';
import { PaperInputSchema, PapersFileSchema, type Paper, type PaperInput } from './schema.js';

const HEADER = new RegExp(
  `^\\s*(?<category>[A-Za-z][A-Za-z.-]*?)\\s*(?<month>${MONTH_PATTERN})\\s+(?<day>\\d{1,2})(?:,\\s*(?<year>\\d{4}))?\\s*(?<code>Code)?\\s*$`,
);

interface HeaderLine {
  category: string;
  month: number;
  day: number;
  year: number | undefined;
  hasCode: boolean;
}

function readHeader(line: string): HeaderLine | undefined {
  const groups = HEADER.exec(line)?.groups;
  if (!groups) return undefined;
  return {
    category: groups.category ?? '',
    month: monthNumber(groups.month ?? ''),
    day: Number(groups.day),
    year: groups.year === undefined ? undefined : Number(groups.year),
    hasCode: groups.code !== undefined,
  };
}

interface RawEntry {
  header: HeaderLine;
  headerLine: number;
  byline: string;
  bylineLine: number;
  abstract: string;
}

function groupEntries(text: string, file: string): RawEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: RawEntry[] = [];
  let current:
    { header: HeaderLine; headerLine: number; body: { text: string; line: number }[] } | undefined;
  const close = () => {
    if (!current) return;
    const [byline, abstract] = current.body;
    if (!byline) {
      throw new CorpusError(
        file,
        current.headerLine + 1,
        'a line with the title glued to the authors',
        '',
      );
    }
    if (!abstract)
      throw new CorpusError(file, byline.line + 1, 'an abstract line after the title and authors');
    entries.push({
      header: current.header,
      headerLine: current.headerLine,
      byline: byline.text,
      bylineLine: byline.line,
      abstract: abstract.text,
    });
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const header = readHeader(line);
    if (header) {
      close();
      current = { header, headerLine: index + 1, body: [] };
      return;
    }
    // Each paper is exactly a header, a byline and an abstract: a third line is a header gone wrong.
    if (!current || current.body.length >= 2) {
      throw new CorpusError(
        file,
        index + 1,
        'an arXiv category and date such as "CVMar 15, 2023" (optionally followed by "Code")',
        line,
      );
    }
    current.body.push({ text: line, line: index + 1 });
  });
  close();
  if (entries.length === 0)
    throw new CorpusError(file, undefined, 'at least one paper', 'an empty file');
  return entries;
}

/**
 * A date printed without a year ("May 17") is read the way publication pages print it: a
 * date in the current year of the list. That year is the newest year printed in the list,
 * not today's, so re-ingesting an old list gives the same answer.
 */
function yearForUndatedEntries(entries: readonly RawEntry[]): number {
  const years = entries.map((e) => e.header.year).filter((y): y is number => y !== undefined);
  return years.length > 0 ? Math.max(...years) : new Date().getUTCFullYear();
}

export function parsePublicationList(text: string, file = '<input>'): Paper[] {
  const entries = groupEntries(text, file);
  const impliedYear = yearForUndatedEntries(entries);
  const drafts = entries.map((entry): PaperDraft => {
    const { header } = entry;
    const date = isoDate(header.year ?? impliedYear, header.month, header.day);
    if (date === undefined) {
      throw new CorpusError(
        file,
        entry.headerLine,
        'a real calendar date',
        `${header.month}/${header.day}`,
      );
    }
    const byline = splitByline(entry.byline);
    if (!byline) {
      throw new CorpusError(
        file,
        entry.bylineLine,
        'a title followed directly by authors ("TitleFirst Author, Second Author et al. · affiliations")',
        entry.byline,
      );
    }
    return {
      ...byline,
      category: categoryFromCode(header.category),
      date,
      dateInferred: header.year === undefined,
      hasCode: header.hasCode,
      links: [],
      abstract: entry.abstract,
    };
  });
  return finishPapers(drafts);
}

function draftFromInput(input: PaperInput, file: string, index: number): PaperDraft {
  const date =
    input.date === undefined ? isoDate(input.year ?? 0, 1, 1) : parseLooseDate(input.date);
  if (date === undefined) {
    throw new CorpusError(
      file,
      undefined,
      `paper ${index + 1} to have a date like "2023-03-15" or "Mar 15, 2023"`,
      input.date,
    );
  }
  const listed = typeof input.authors === 'string' ? input.authors.split(/\s*,\s*/) : input.authors;
  const last = listed.at(-1) ?? '';
  const truncated = /(^|\s)et al\.?$/i.test(last);
  const trimmedLast = last.replace(/\s*,?\s*et al\.?$/i, '').trim();
  const authors = truncated
    ? [...listed.slice(0, -1), ...(trimmedLast === '' ? [] : [trimmedLast])]
    : listed;
  const category =
    input.category === undefined
      ? undefined
      : typeof input.category === 'string'
        ? categoryFromCode(input.category)
        : input.category;
  return {
    id: input.id,
    title: input.title,
    authors,
    authorsTruncated: truncated,
    affiliations: input.affiliations ?? [],
    category: category ?? UNCATEGORIZED,
    date,
    dateInferred: input.date === undefined,
    hasCode: input.hasCode ?? false,
    links: input.links ?? [],
    abstract: input.abstract,
  };
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}

/** Either a finished papers.json or a list of `{title, authors, abstract, date|year}`. */
export function parseJsonPapers(value: unknown, file = '<input>'): Paper[] {
  if (Array.isArray(value) && value.length === 0)
    throw new CorpusError(file, undefined, 'at least one paper', 'an empty list');
  const finished = PapersFileSchema.safeParse(value);
  if (finished.success) return finished.data;
  const inputs = z.array(PaperInputSchema).min(1).safeParse(value);
  if (!inputs.success) {
    const issue = inputs.error.issues[0];
    throw new CorpusError(
      file,
      undefined,
      'a JSON array of papers with title, authors, abstract and date or year',
      issue === undefined ? undefined : describeZodIssue(issue),
    );
  }
  return finishPapers(inputs.data.map((input, i) => draftFromInput(input, file, i)));
}

/** Reads either format: JSON when the text is JSON, a publication list otherwise. */
export function parseCorpus(text: string, file = '<input>'): Paper[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new CorpusError(file, undefined, 'valid JSON', (error as Error).message);
    }
    return parseJsonPapers(value, file);
  }
  return parsePublicationList(text, file);
}
