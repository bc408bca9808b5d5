import { z } from '../zod.js';
import { arxivCategory, UNCATEGORIZED } from './categories.js';
import { finishPapers, type PaperDraft } from './build.js';
import { isoDate, MONTH_PATTERN, monthNumber, parseLooseDate } from './dates.js';
import { CorpusError } from './errors.js';
import { splitByline } from './names.js';
import {
  PaperInputSchema,
  PapersFileSchema,
  YEAR_MAX,
  YEAR_MIN,
  type Paper,
  type PaperInput,
} from './schema.js';

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
    const category = arxivCategory(header.category);
    if (category === undefined) {
      throw new CorpusError(
        file,
        entry.headerLine,
        'an arXiv category before the date, such as "CV", "cs.CL" or "q-bio.NC"',
        header.category,
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
      category,
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
  // A doubled or trailing comma in "Ann Lee, , Bob Roe," names nobody.
  const listed =
    typeof input.authors === 'string'
      ? input.authors.split(/\s*,\s*/).filter((name) => name !== '')
      : input.authors;
  const last = listed.at(-1) ?? '';
  const truncated = /(^|\s)et al\.?$/i.test(last);
  const trimmedLast = last.replace(/\s*,?\s*et al\.?$/i, '').trim();
  const authors = truncated
    ? [...listed.slice(0, -1), ...(trimmedLast === '' ? [] : [trimmedLast])]
    : listed;
  if (authors.length === 0)
    throw new CorpusError(
      file,
      undefined,
      truncated
        ? `paper ${index + 1} to name at least one author before "et al."`
        : `paper ${index + 1} to have ${FIELD_RULES.authors}`,
      typeof input.authors === 'string' ? input.authors : listed.join(', '),
    );
  const category =
    typeof input.category === 'string' ? arxivCategory(input.category) : input.category;
  // A text that is no arXiv category would be stored as if it were one, and a filter by its
  // real code would miss the paper: a team's own category is said as such, with its name.
  if (typeof input.category === 'string' && category === undefined)
    throw new CorpusError(
      file,
      undefined,
      `paper ${index + 1} to have ${CATEGORY_RULE}`,
      input.category,
    );
  return {
    id: input.id,
    title: input.title,
    authors,
    authorsTruncated: truncated,
    affiliations: input.affiliations ?? [],
    category: category ?? UNCATEGORIZED,
    date,
    dateInferred: false,
    ...precisionOf(input.date),
    hasCode: input.hasCode ?? false,
    links: input.links ?? [],
    abstract: input.abstract,
  };
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text[i] === '\n') line += 1;
  return line;
}

/** Where each element of a top-level JSON array starts in its (valid) text. */
function elementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let awaitingElement = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && awaitingElement && !/\s/.test(c) && c !== ']') {
      offsets.push(i);
      awaitingElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth += 1;
      if (depth === 1) awaitingElement = c === '[';
    } else if (c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 1) awaitingElement = true;
  }
  return offsets;
}

const CATEGORY_RULE =
  'a "category" (an arXiv category by code, "cs.CV" or "q-bio.NC", or by name, "Neurons and Cognition"; or the team\'s own as {"code", "name"})';

/**
 * What each field of a JSON list must hold, as the end of "expected paper 3 to have …": a
 * validator's own words ("Too big: expected number to be <=2200") say nothing to the person
 * fixing the file.
 */
const FIELD_RULES: Record<keyof PaperInput, string> = {
  id: 'an "id" (text, not empty)',
  title: 'a "title" (text, not empty)',
  authors: '"authors" (at least one name, none empty: a list, or names separated by commas)',
  abstract: 'an "abstract" (text)',
  date: 'a "date" (text such as "2023-03-15" or "Mar 15, 2023")',
  year: `a "year" (a whole number from ${YEAR_MIN} to ${YEAR_MAX})`,
  category: CATEGORY_RULE,
  hasCode: 'a "hasCode" (true or false)',
  links: '"links" (a list of web addresses, http:// or https://)',
  affiliations: '"affiliations" (a list of names, none empty)',
};

/** What a paper's first problem of shape says it needs, and the value it has instead. */
function describeIssue(
  issue: z.core.$ZodIssue,
  element: unknown,
): { expected: string; found: string | undefined } {
  const [field] = issue.path;
  if (typeof element !== 'object' || element === null || Array.isArray(element))
    return {
      expected: 'to be an object with "title", "authors" and a "date" or "year"',
      found: shown(element),
    };
  if (field === undefined) return { expected: `to have ${issue.message}`, found: undefined };
  let actual: unknown = element;
  for (const key of issue.path)
    actual = typeof actual === 'object' && actual !== null ? (actual as never)[key] : undefined;
  return {
    expected: `to have ${FIELD_RULES[field as keyof PaperInput]}`,
    found: actual === undefined ? 'nothing' : shown(actual),
  };
}

/** A value as JSON, unless it is nested too deep to write out (JSON.stringify recurses). */
function shown(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? 'lists nested too deep to show' : 'a value too deep to show';
  }
}

/**
 * Either a finished papers.json or a list of `{title, authors, abstract, date|year}`. With
 * the `source` text, a problem is placed at the line its paper starts on.
 */
export function parseJsonPapers(value: unknown, file = '<input>', source?: string): Paper[] {
  if (Array.isArray(value) && value.length === 0)
    throw new CorpusError(file, undefined, 'at least one paper', 'an empty list');
  const finished = PapersFileSchema.safeParse(value);
  if (finished.success) return finished.data;
  let offsets: number[] | undefined;
  const lineOf = (index: number) => {
    if (source !== undefined) offsets ??= elementOffsets(source);
    const offset = offsets?.[index];
    return offset === undefined || source === undefined ? undefined : lineAt(source, offset);
  };
  if (!Array.isArray(value))
    throw new CorpusError(
      file,
      undefined,
      'a JSON array of papers with title, authors, abstract and date or year',
    );
  // Every bad paper is reported, in the list's order: its first problem of shape or of content.
  const problems: (() => CorpusError)[] = [];
  const drafts: ReturnType<typeof draftFromInput>[] = [];
  value.forEach((element: unknown, i) => {
    const input = PaperInputSchema.safeParse(element);
    if (!input.success) {
      const [issue] = input.error.issues;
      problems.push(() => {
        const { expected, found } = issue
          ? describeIssue(issue, element)
          : { expected: 'to have "title", "authors" and a "date" or "year"', found: undefined };
        return new CorpusError(file, lineOf(i), `paper ${i + 1} ${expected}`, found, 'as-is');
      });
      return;
    }
    try {
      drafts.push(draftFromInput(input.data, file, i));
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      problems.push(() =>
        error.line === undefined
          ? new CorpusError(file, lineOf(i), error.expected, error.found, error.foundWritten)
          : error,
      );
    }
  });
  if (problems.length > 0) throw CorpusError.several(problems);
  return finishPapers(drafts);
}

/** Reads either format: JSON when the text is JSON, a publication list otherwise. */
export function parseCorpus(withMark: string, file = '<input>'): Paper[] {
  // A byte order mark, as Windows editors save UTF-8, is no part of the JSON.
  const text = withMark.startsWith('\uFEFF') ? withMark.slice(1) : withMark;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw jsonSyntaxError(text, file, (error as Error).message);
    }
    return parseJsonPapers(value, file, text);
  }
  return parsePublicationList(text, file);
}

/** V8 says "… in JSON at position 150": a person wants the line and column. */
function jsonSyntaxError(text: string, file: string, message: string): CorpusError {
  const at = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (!at) return new CorpusError(file, undefined, 'valid JSON', message);
  const offset = Number(at[2]);
  const column = offset - text.lastIndexOf('\n', offset - 1);
  const reason = (at[1] ?? '').replace(/^\w/, (c) => c.toLowerCase());
  return new CorpusError(file, lineAt(text, offset), `valid JSON (${reason}, column ${column})`);
}

/** A JSON paper dated by its year alone ("year": 2023, "date": "2023") or its month ("2023-05"). */
function precisionOf(date: string | undefined): { datePrecision?: 'month' | 'year' } {
  const given = date?.trim();
  if (given === undefined || /^\d{4}$/.test(given)) return { datePrecision: 'year' };
  return /^\d{4}-\d{2}$/.test(given) ? { datePrecision: 'month' } : {};
}
