import { z } from '../zod.js';
import type { Paper } from '../corpus/schema.js';
import type { PaperSearch, SearchFilters } from '../search/engine.js';
import { sentencesOf } from '../search/snippet.js';
import { authorsIn } from './question.js';
import type { Source } from './types.js';

/**
 * The corpus as tools a model can call (OpenAI function calling): search, a paper's
 * metadata, an author's papers, papers by year/category/code, counts. Every paper a tool
 * returns gets a number the model cites, so grounding knows exactly which papers the
 * model was given. Arguments are validated with zod; a bad call gets an error result,
 * never an exception.
 */

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

const filterProperties = {
  year_from: { type: 'integer', description: 'Earliest publication year' },
  year_to: { type: 'integer', description: 'Latest publication year' },
  category: { type: 'string', description: 'arXiv category code (CV, CL, LG) or name' },
  has_code: { type: 'boolean', description: 'Only papers that released code' },
} as const;

export const TOOL_DEFINITIONS: ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'search_papers',
      description:
        "Search the team's papers by topic, title words or a described paper; returns numbered papers with matching sentences.",
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string' },
          limit: { type: 'integer', minimum: 1, maximum: 10 },
          ...filterProperties,
        },
        required: ['query'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'paper_metadata',
      description:
        'Authors, affiliations, date, category, code links and abstract of one paper, by id, title or short name.',
      parameters: {
        type: 'object',
        properties: { paper: { type: 'string' } },
        required: ['paper'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'author_papers',
      description: "An author's papers in the collection (the name may be misspelt).",
      parameters: {
        type: 'object',
        properties: { name: { type: 'string' }, ...filterProperties },
        required: ['name'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'filter_papers',
      description: 'Papers by year range, category and whether they have code, newest first.',
      parameters: { type: 'object', properties: { ...filterProperties } },
    },
  },
  {
    type: 'function',
    function: {
      name: 'count_papers',
      description: 'How many papers match the filters (and optionally a topic query).',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string' }, ...filterProperties },
      },
    },
  },
];

const Filters = z.object({
  year_from: z.number().int().optional(),
  year_to: z.number().int().optional(),
  category: z.string().max(80).optional(),
  has_code: z.boolean().optional(),
});
const ArgsSchemas = {
  search_papers: Filters.extend({
    query: z.string().min(1).max(300),
    limit: z.number().int().min(1).max(10).optional(),
  }),
  paper_metadata: z.object({ paper: z.string().min(1).max(300) }),
  author_papers: Filters.extend({ name: z.string().min(1).max(100) }),
  filter_papers: Filters,
  count_papers: Filters.extend({ query: z.string().max(300).optional() }),
} as const;

type ToolName = keyof typeof ArgsSchemas;

function filtersOf(args: z.infer<typeof Filters>): SearchFilters {
  return {
    yearFrom: args.year_from,
    yearTo: args.year_to,
    category: args.category,
    hasCode: args.has_code,
  };
}

/** The papers the tools have handed the model, numbered in the order it first saw them. */
export class ToolSession {
  private readonly numbered = new Map<string, Source>();

  /** Starts from the papers retrieval already found, numbered as the prompt gives them. */
  constructor(
    private readonly search: PaperSearch,
    given: readonly Source[] = [],
  ) {
    for (const source of given) this.numbered.set(source.paper.id, source);
  }

  /** The links the corpus holds: the only ones an answer may show. */
  get links(): Set<string> {
    return new Set(this.search.papers.flatMap((p) => p.links));
  }

  get sources(): Source[] {
    return [...this.numbered.values()];
  }

  private numberOf(paper: Paper): number {
    let source = this.numbered.get(paper.id);
    if (!source) {
      source = { n: this.numbered.size + 1, paper, coverage: 1 };
      this.numbered.set(paper.id, source);
    }
    return source.n;
  }

  private brief(paper: Paper, sentence?: string) {
    return {
      n: this.numberOf(paper),
      title: paper.title,
      year: paper.year,
      ...(sentence === undefined ? {} : { sentence }),
    };
  }

  /** Runs one call; the result is JSON text for the model, errors included. */
  run(name: string, rawArguments: string): string {
    try {
      if (!(name in ArgsSchemas)) return JSON.stringify({ error: `unknown tool ${name}` });
      const tool = name as ToolName;
      const parsed = ArgsSchemas[tool].safeParse(JSON.parse(rawArguments || '{}'));
      if (!parsed.success) return JSON.stringify({ error: `bad arguments for ${name}` });
      return JSON.stringify(this.execute(tool, parsed.data));
    } catch (error) {
      return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  private execute(tool: ToolName, args: Record<string, unknown>): unknown {
    const search = this.search;
    switch (tool) {
      case 'search_papers': {
        const a = ArgsSchemas.search_papers.parse(args);
        return search
          .search({ query: a.query, limit: a.limit ?? 5, filters: filtersOf(a) })
          .map((hit) => this.brief(hit.paper, hit.snippet));
      }
      case 'paper_metadata': {
        const paper = search.resolvePaper(ArgsSchemas.paper_metadata.parse(args).paper);
        return {
          ...this.brief(paper),
          authors: paper.authors,
          authorsTruncated: paper.authorsTruncated,
          affiliations: paper.affiliations,
          date:
            paper.datePrecision === 'year'
              ? String(paper.year)
              : paper.datePrecision === 'month'
                ? paper.date.slice(0, 7)
                : paper.date,
          ...(paper.dateInferred ? { yearInferred: true } : {}),
          category: paper.category,
          hasCode: paper.hasCode,
          links: paper.links,
          abstract: paper.abstractText,
        };
      }
      case 'author_papers': {
        const a = ArgsSchemas.author_papers.parse(args);
        const names = authorsIn(a.name, search);
        const [match] = names.length > 0 ? [] : search.findAuthors(a.name, 1);
        const authors = new Set(names.length > 0 ? names : match ? [match.name] : []);
        const passes = search.filterFor(filtersOf(a));
        return {
          authors: [...authors],
          papers: search.papers
            .filter((p) => passes(p) && p.authors.some((x) => authors.has(x)))
            .map((p) => this.brief(p, sentencesOf(p)[0]?.text)),
        };
      }
      case 'filter_papers': {
        const passes = search.filterFor(filtersOf(ArgsSchemas.filter_papers.parse(args)));
        return search.papers
          .filter(passes)
          .sort((x, y) => y.date.localeCompare(x.date))
          .slice(0, 20)
          .map((p) => this.brief(p));
      }
      case 'count_papers': {
        const a = ArgsSchemas.count_papers.parse(args);
        const filters = filtersOf(a);
        if (a.query === undefined || a.query.trim() === '')
          return { count: search.papers.filter(search.filterFor(filters)).length };
        // Every paper the query matches, not only those a search would show above its relevance floor.
        const { total, belowFloor } = search.find({ query: a.query, limit: 1, filters });
        return { count: total + belowFloor };
      }
    }
  }
}
