import { lazyXmlParser } from './xml.js';
import { z } from '../zod.js';
import { finishPapers } from '../corpus/build.js';
import { UNCATEGORIZED } from '../corpus/categories.js';
import { oneLine } from '../corpus/clean.js';
import { isoDate } from '../corpus/dates.js';
import { PaperSchema, type Paper } from '../corpus/schema.js';
import { doiFromText, doiLink, normaliseDoi } from '../library/identity.js';
import { asSourceError, getText, SourceError, UnreachableError } from './fetch.js';
import { failed, type SourceItem } from './types.js';

export interface DoiReference {
  doi: string;
  text: string;
}

const DOI = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;

/** `10.1109/CVPR.2016.90`, `doi:10.…`, `https://doi.org/10.…`. */
export function parseDoiReference(text: string): DoiReference | undefined {
  const match = DOI.exec(text.trim());
  if (match?.[1] === undefined) return undefined;
  return { doi: doiFromText(match[1]), text: text.trim() };
}

const DateParts = z.object({ 'date-parts': z.array(z.array(z.number().nullable())).min(1) });
const WorkSchema = z.object({
  status: z.literal('ok'),
  message: z.object({
    DOI: z.string(),
    title: z.array(z.string()).default([]),
    subtitle: z.array(z.string()).default([]),
    author: z
      .array(
        z.object({
          given: z.string().optional(),
          family: z.string().optional(),
          name: z.string().optional(),
          affiliation: z.array(z.object({ name: z.string() })).default([]),
        }),
      )
      .default([]),
    abstract: z.string().optional(),
    issued: DateParts.optional(),
    published: DateParts.optional(),
    created: DateParts.optional(),
    URL: z.string().optional(),
  }),
});

type Work = z.infer<typeof WorkSchema>['message'];

const jatsParser = lazyXmlParser({
  preserveOrder: true,
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
});

type OrderedNode = Record<string, unknown>;

/** Crossref abstracts are JATS XML: paragraphs kept, the "Abstract" heading dropped, tags gone. */
export async function jatsToText(jats: string): Promise<string> {
  const parser = await jatsParser();
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(`<abstract>${jats}</abstract>`) as OrderedNode[];
  } catch {
    return jats
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  const paragraphs: string[] = [];
  let current = '';
  const walk = (list: readonly OrderedNode[]) => {
    for (const node of list) {
      for (const [name, value] of Object.entries(node)) {
        if (name === '#text') current += String(value);
        else if (name === ':@' || /(^|:)(title|label)$/.test(name)) continue;
        else if (Array.isArray(value)) {
          const block = /(^|:)(p|sec)$/.test(name);
          if (block) flush();
          walk(value as OrderedNode[]);
          if (block) flush();
        }
      }
    }
  };
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text !== '') paragraphs.push(text);
    current = '';
  };
  walk(nodes);
  flush();
  return paragraphs.join('\n\n');
}

/** The date, and how much of it Crossref gave when less than the day. */
function dateOf(work: Work): { date: string; datePrecision?: 'month' | 'year' } | undefined {
  const parts = (work.issued ?? work.published ?? work.created)?.['date-parts'][0] ?? [];
  const [year, month, day] = parts;
  if (year === undefined || year === null) return undefined;
  const date = isoDate(year, month ?? 1, day ?? 1);
  if (date === undefined) return undefined;
  if (month === undefined || month === null) return { date, datePrecision: 'year' };
  return day === undefined || day === null ? { date, datePrecision: 'month' } : { date };
}

async function paperOf(work: Work): Promise<Paper | undefined> {
  // Crossref titles carry JATS/HTML markup (<i>, <sub>, &amp;) as their abstracts do.
  const [main, subtitle] = await Promise.all(
    [work.title[0], work.subtitle[0]].map(async (t) => oneLine(await jatsToText(t ?? ''))),
  );
  const title = subtitle ? `${main}: ${subtitle}` : main;
  const dated = dateOf(work);
  if (!title || dated === undefined) return undefined;
  const authors = work.author
    .map((a) => a.name ?? [a.given, a.family].filter(Boolean).join(' '))
    .map(oneLine)
    .filter((name) => name !== '');
  const [paper] = finishPapers([
    {
      title,
      authors,
      authorsTruncated: false,
      affiliations: [
        ...new Set(work.author.flatMap((a) => a.affiliation.map((x) => x.name.trim()))),
      ].filter(Boolean),
      category: UNCATEGORIZED,
      ...dated,
      dateInferred: false,
      hasCode: false,
      links: [doiLink(normaliseDoi(work.DOI))],
      abstract: work.abstract === undefined ? '' : await jatsToText(work.abstract),
    },
  ]);
  return PaperSchema.parse(paper);
}

/** Looks papers up by DOI in Crossref's REST API. */
export class CrossrefSource {
  constructor(private readonly apiUrl: string) {}

  async fetch(
    refs: readonly DoiReference[],
    onEach?: (done: number) => void,
    signal?: AbortSignal,
  ): Promise<SourceItem[]> {
    const items: SourceItem[] = [];
    let unreachable: UnreachableError | undefined;
    for (const ref of refs) {
      // Once Crossref cannot be reached, every later DOI would wait out its own timeout.
      const answer = unreachable ?? (await this.fetchOne(ref, signal).catch(asSourceError));
      if (answer instanceof UnreachableError) unreachable = answer;
      items.push(answer instanceof SourceError ? failed(ref.text, answer.message) : answer);
      onEach?.(items.length);
    }
    return items;
  }

  private async fetchOne(ref: DoiReference, signal?: AbortSignal): Promise<SourceItem> {
    const url = `${this.apiUrl.replace(/\/+$/, '')}/works/${encodeURIComponent(ref.doi)}`;
    const { status, text } = await getText(url, { service: 'Crossref', signal });
    if (status === 404) return failed(ref.text, `Crossref knows no DOI ${ref.doi}.`);
    if (status !== 200)
      throw new SourceError(`Crossref answered HTTP ${status}. Nothing was added.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SourceError('Crossref answered with malformed JSON. Nothing was added.');
    }
    const work = WorkSchema.safeParse(body);
    if (!work.success)
      throw new SourceError(
        `Crossref's answer for ${ref.doi} is not a work record. Nothing was added.`,
      );
    const paper = await paperOf(work.data.message);
    if (paper === undefined)
      return failed(ref.text, `Crossref's record of ${ref.doi} lacks a title or a date.`);
    return { label: ref.text, ok: true, paper, source: 'crossref' };
  }
}
