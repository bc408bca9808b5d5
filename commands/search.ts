import { z } from '../src/zod.js';
import { defineCommand } from '../src/command.js';
import { errorReply, type ReplyAction } from '../src/reply.js';
import { matchCategory } from '../src/corpus/categories.js';
import { plainTermsOf } from '../src/search/terms.js';
import { MAX_QUERY_LENGTH } from '../src/search/text.js';
import { filterOptions, paperItem, parseYearRange, plural } from './shared.js';

const PAGE_SIZE = 10;

export default defineCommand({
  name: 'search',
  description: 'Search the papers by topic, title or author, with optional filters',
  example: '/search query:efficient segmentation year:2018-2019 has_code:true',
  options: {
    query: {
      // Length is checked by the search itself, so every front end gets the same 'query-too-long'.
      schema: z.string().default(''),
      description: 'Words to look for (leave empty to list by the filters)',
      maxLength: MAX_QUERY_LENGTH,
    },
    ...filterOptions({
      author: 'Only papers by this author',
      year: 'A year (2023) or a range (2019-2021)',
      category: 'arXiv category, e.g. CV or cs.CL',
    }),
    has_code: { schema: z.boolean().optional(), description: 'Only papers that released code' },
    limit: {
      schema: z.number().int().min(1).max(50).default(PAGE_SIZE),
      description: 'How many results per page',
    },
    page: {
      schema: z.number().int().min(1).max(100).default(1),
      description: 'Which page of results',
    },
  },
  async execute(input, ctx) {
    const filters = {
      author: input.author,
      category: input.category,
      hasCode: input.has_code,
      ...parseYearRange(input.year),
    };
    const offset = (input.page - 1) * input.limit;
    const { hits, total, belowFloor, byAuthor } = ctx.search.find({
      query: input.query,
      limit: offset + input.limit,
      filters,
    });
    const page = hits.slice(offset, offset + input.limit);
    const hasNext = total > offset + input.limit;
    const applied = input.category && matchCategory(input.category, ctx.search.categories());
    const filterText = describeFilters({
      ...input,
      // The category filtered by, as the papers name it: "vision" is CV.
      category: applied ? applied.code : input.category,
      author:
        [input.author, byAuthor?.known ? byAuthor.name : undefined]
          .filter((name) => name !== undefined && name.trim() !== '')
          .join(' and ') || undefined,
    });
    const notes = byAuthor && !byAuthor.known ? [unknownAuthorNote(byAuthor)] : undefined;
    const data = {
      query: input.query,
      /** Papers above the relevance floor, over every page; weaker matches left out besides. */
      total,
      belowFloor,
      page: input.page,
      // "papers by …": the author filtered by, or the name no author has and the closest ones.
      ...(byAuthor ? { author: byAuthor } : {}),
      results: page.map(({ paper, score, snippet }) => ({
        id: paper.id,
        title: paper.title,
        authors: paper.authors,
        year: paper.year,
        category: paper.category.code,
        score,
        snippet,
      })),
    };
    const heading = input.query.trim() === '' ? 'Papers' : `Results for “${input.query.trim()}”`;
    // An error, not an empty page: a script paging with --json until "results" comes back
    // empty could not tell the end of the results from a search that matched nothing.
    if (page.length === 0 && total > 0) {
      const pages = Math.ceil(total / input.limit);
      const query = input.query.trim() === '' ? '' : ` for “${input.query.trim()}”`;
      return errorReply(
        `Page ${input.page} is past the end: the ${plural(total, 'result')}${query} ${total === 1 ? 'fills' : 'fill'} only ${plural(pages, 'page')} of ${input.limit} (${pages === 1 ? 'page 1' : `pages 1–${pages}`}).`,
        [],
        'no-such-page',
      );
    }
    if (page.length === 0) {
      return {
        tone: 'empty',
        title: heading,
        body: onlyCommonWords(input.query)
          ? 'Those words are too common to search for. Add a topic, a title or an author.'
          : `No papers match${filterText === '' ? '' : ` the filters (${filterText})`}. Try fewer words, another spelling, or fewer filters.`,
        notes,
        data,
      };
    }
    const pageArgs = { ...input, query: input.query };
    const actions: ReplyAction[] = [];
    if (input.page > 1)
      actions.push({
        kind: 'command',
        label: '◀ Previous',
        command: 'search',
        args: withoutUndefined({ ...pageArgs, page: input.page - 1 }),
      });
    if (hasNext)
      actions.push({
        kind: 'command',
        label: 'Next ▶',
        command: 'search',
        args: withoutUndefined({ ...pageArgs, page: input.page + 1 }),
      });
    actions.push({ kind: 'share' });
    return {
      tone: 'result',
      title: heading,
      items: page.map(({ paper, snippet }) => paperItem(paper, snippet)),
      firstItemNumber: offset + 1,
      notes,
      footer: [
        `Page ${input.page}`,
        filterText,
        `${offset + 1}–${offset + page.length} of ${plural(total, 'result')}`,
        belowFloor > 0
          ? `${belowFloor} weaker ${belowFloor === 1 ? 'match' : 'matches'} left out`
          : '',
      ]
        .filter((p) => p !== '')
        .join(' · '),
      actions,
      data,
    };
  },
});

function unknownAuthorNote({ name, closest }: { name: string; closest: string[] }): string {
  const suggestion = closest.length > 0 ? ` (closest: ${closest.join(', ')})` : '';
  return `No author in this corpus is called “${name}”${suggestion}, so these results match the words alone.`;
}

function describeFilters(input: {
  author?: string | undefined;
  year?: string | undefined;
  category?: string | undefined;
  has_code?: boolean | undefined;
}): string {
  return [
    input.author ? `author ${input.author}` : '',
    input.year ? `year ${input.year}` : '',
    input.category ? `category ${input.category}` : '',
    input.has_code ? 'with code' : '',
  ]
    .filter((p) => p !== '')
    .join(', ');
}

function withoutUndefined(
  args: Record<string, string | number | boolean | undefined>,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(args).filter(
      (e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== '',
    ),
  );
}

/** A query of stop words alone ("the", "'s") matches nothing for want of words, not of papers. */
function onlyCommonWords(query: string): boolean {
  return query.trim() !== '' && plainTermsOf(query).length === 0;
}
