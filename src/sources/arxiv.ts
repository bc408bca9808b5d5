import { lazyXmlParser } from './xml.js';
import { z } from '../zod.js';
import { categoryFromCode, UNCATEGORIZED } from '../corpus/categories.js';
import { extractLinks, oneLine } from '../corpus/clean.js';
import { finishPapers } from '../corpus/build.js';
import { PaperSchema } from '../corpus/schema.js';
import { arxivLink, doiLink } from '../library/identity.js';
import {
  asSourceError,
  getText,
  RequestSpacer,
  SourceError,
  UnreachableError,
  unreadableReply,
} from './fetch.js';
import { failed, type SourceItem } from './types.js';

export interface ArxivReference {
  id: string;
  version: number | undefined;
  /** As the user wrote it, for per-item messages. */
  text: string;
}

interface ArxivOptions {
  apiUrl: string;
  /** arXiv asks for one request every 3 s; tests shorten it. */
  minIntervalMs: number;
}

/** Ids per request: arXiv accepts long lists, but one bad answer should not sink hundreds. */
const BATCH_SIZE = 50;

const REFERENCE = new RegExp(
  String.raw`^(?:arxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?` +
    String.raw`(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v(\d+))?(?:\.pdf)?/?(?:[?#]\S*)?$`,
  'i',
);

/**
 * `2407.14057`, `arXiv:2407.14057v2`, `https://arxiv.org/abs/…` (scheme and query optional),
 * `…/pdf/….pdf`, `hep-th/9901001`.
 */
export function parseArxivReference(text: string): ArxivReference | undefined {
  const match = REFERENCE.exec(text.trim());
  if (match?.[1] === undefined) return undefined;
  const [, rawId, version] = match;
  return {
    id: rawId,
    version: version === undefined ? undefined : Number(version),
    text: text.trim(),
  };
}

const textNode = z.union([z.string(), z.number()]).transform(String);
const Attrs = <T extends z.ZodRawShape>(shape: T) => z.object(shape);
const EntrySchema = z.object({
  id: textNode,
  published: textNode.optional(),
  title: textNode.optional(),
  summary: textNode.optional(),
  comment: textNode.optional(),
  doi: textNode.optional(),
  author: z
    .array(z.object({ name: textNode, affiliation: z.array(textNode).optional() }))
    .default([]),
  link: z.array(Attrs({ '@_href': z.string(), '@_title': z.string().optional() })).default([]),
  primary_category: Attrs({ '@_term': z.string() }).optional(),
  category: z.array(Attrs({ '@_term': z.string() })).default([]),
});
const FeedSchema = z.object({
  feed: z.object({ entry: z.array(z.unknown()).default([]) }),
});

type Entry = z.infer<typeof EntrySchema>;

const feedParser = lazyXmlParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // arXiv's own elements (arxiv:doi, arxiv:affiliation…) under whatever prefix the feed binds.
  removeNSPrefix: true,
  isArray: (name) => ['entry', 'author', 'link', 'category', 'affiliation'].includes(name),
  processEntities: true,
});

/** The papers in an arXiv API answer, by versionless id; error entries become messages. */
async function parseArxivFeed(
  xml: string,
): Promise<Map<string, { version: number; entry: Entry }>> {
  const parser = await feedParser();
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch {
    // The parser's own message (a line, a column, a tag) means nothing to the person adding.
    throw new SourceError(unreadableReply('arXiv', 'not well-formed XML'));
  }
  const feed = FeedSchema.safeParse(document);
  if (!feed.success)
    throw new SourceError(unreadableReply('arXiv', 'not the Atom feed its API sends'));
  const found = new Map<string, { version: number; entry: Entry }>();
  for (const raw of feed.data.feed.entry) {
    const entry = EntrySchema.safeParse(raw);
    if (!entry.success) continue;
    const ref = parseArxivReference(entry.data.id);
    if (ref === undefined || !entry.data.title) continue;
    found.set(ref.id, { version: ref.version ?? 1, entry: entry.data });
  }
  return found;
}

function paperOf(ref: ArxivReference, version: number, entry: Entry) {
  const abstract = oneLine(entry.summary ?? '');
  const extra = extractLinks(`${abstract} ${entry.comment ?? ''}`);
  const published = entry.published?.slice(0, 10) ?? '';
  const category = entry.primary_category?.['@_term'] ?? entry.category[0]?.['@_term'];
  const [paper] = finishPapers([
    {
      title: oneLine(entry.title ?? ''),
      authors: entry.author.map((a) => oneLine(a.name)),
      authorsTruncated: false,
      affiliations: [...new Set(entry.author.flatMap((a) => (a.affiliation ?? []).map(oneLine)))],
      category: category === undefined ? UNCATEGORIZED : categoryFromCode(category),
      date: published,
      dateInferred: false,
      hasCode: false,
      links: [
        arxivLink(ref.id, version),
        ...(entry.doi ? [doiLink(oneLine(entry.doi))] : []),
        ...extra,
      ],
      abstract,
    },
  ]);
  return PaperSchema.parse(paper);
}

/** Fetches papers by arXiv id, in batches, no faster than arXiv allows. */
export class ArxivSource {
  private readonly spacer: RequestSpacer;

  constructor(private readonly options: ArxivOptions) {
    this.spacer = new RequestSpacer(options.minIntervalMs);
  }

  async fetch(
    refs: readonly ArxivReference[],
    onBatch?: (done: number) => void,
    signal?: AbortSignal,
  ): Promise<SourceItem[]> {
    const items: SourceItem[] = [];
    let unreachable: UnreachableError | undefined;
    for (let start = 0; start < refs.length; start += BATCH_SIZE) {
      const batch = refs.slice(start, start + BATCH_SIZE);
      // Once arXiv cannot be reached, each later batch would wait its turn only to fail the same way.
      const answer = unreachable ?? (await this.fetchBatch(batch, signal).catch(asSourceError));
      if (answer instanceof SourceError) {
        if (answer instanceof UnreachableError) unreachable = answer;
        items.push(...batch.map((ref) => failed(ref.text, answer.message)));
      } else items.push(...answer);
      onBatch?.(items.length);
    }
    return items;
  }

  private async fetchBatch(
    batch: readonly ArxivReference[],
    signal?: AbortSignal,
  ): Promise<SourceItem[]> {
    const url = new URL(this.options.apiUrl);
    url.searchParams.set(
      'id_list',
      batch.map((r) => (r.version === undefined ? r.id : `${r.id}v${r.version}`)).join(','),
    );
    url.searchParams.set('max_results', String(batch.length));
    const { status, text } = await this.spacer.run(() =>
      getText(url.toString(), { service: 'arXiv', signal }),
    );
    if (status !== 200) throw new SourceError(`arXiv answered HTTP ${status}. Nothing was added.`);
    const found = await parseArxivFeed(text);
    return batch.map((ref) => {
      const hit = found.get(ref.id);
      if (hit === undefined)
        return failed(
          ref.text,
          `arXiv has no paper ${ref.id}${ref.version ? `v${ref.version}` : ''}.`,
        );
      try {
        return {
          label: ref.text,
          ok: true,
          paper: paperOf(ref, hit.version, hit.entry),
          source: 'arxiv',
        };
      } catch {
        return failed(ref.text, `arXiv's record of ${ref.id} lacks a title, authors or a date.`);
      }
    });
  }
}
