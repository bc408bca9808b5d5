import { z } from '../zod.js';

/** The years a paper may carry: the bounds a JSON list's "year" is checked against too. */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2200;

const CategorySchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
});

export const PaperSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lowercase slugs'),
    title: z.string().min(1),
    shortName: z.string().min(1).optional(),
    authors: z.array(z.string().min(1)),
    authorsTruncated: z.boolean(),
    affiliations: z.array(z.string().min(1)),
    category: CategorySchema,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are ISO yyyy-mm-dd'),
    /** True when the source gave no year and the documented rule supplied one. */
    dateInferred: z.boolean(),
    /**
     * How much of `date` the source gave, when less than the day: "year" (a BibTeX entry with
     * no month, a JSON paper with only a year) or "month"; the rest of `date` is a placeholder.
     */
    datePrecision: z.enum(['month', 'year']).optional(),
    year: z.number().int().min(YEAR_MIN).max(YEAR_MAX),
    hasCode: z.boolean(),
    links: z.array(z.string().url()),
    abstract: z.string(),
    abstractText: z.string(),
  })
  .transform(sharingAbstract);

/**
 * Most abstracts need no cleaning, so the plain text equals the abstract; parsed from JSON
 * they are still two strings, the largest part of a corpus held twice (measured at 10k
 * papers: 38.5 MB of heap for the papers, 26.6 MB with one string shared).
 */
function sharingAbstract<T extends { abstract: string; abstractText: string }>(paper: T): T {
  return paper.abstractText === paper.abstract ? { ...paper, abstractText: paper.abstract } : paper;
}

export type Paper = z.infer<typeof PaperSchema>;
export type Category = z.infer<typeof CategorySchema>;

export const PapersFileSchema = z.array(PaperSchema).superRefine((papers, ctx) => {
  const seen = new Set<string>();
  for (const [i, paper] of papers.entries()) {
    if (seen.has(paper.id)) {
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${paper.id}"` });
    }
    seen.add(paper.id);
  }
});

/** What a team may hand `paperbot ingest` as JSON: the essentials, the rest optional. */
export const PaperInputSchema = z
  .object({
    id: z.string().min(1).optional(),
    title: z.string().trim().min(1),
    // At least one, as a publication list's byline must name one: a paper nobody wrote
    // cannot be cited, nor found by its author.
    authors: z.union([z.array(z.string().trim().min(1)).min(1), z.string().trim().min(1)]),
    abstract: z.string().default(''),
    date: z.string().optional(),
    year: z.number().int().min(YEAR_MIN).max(YEAR_MAX).optional(),
    category: z.union([z.string().min(1), CategorySchema]).optional(),
    hasCode: z.boolean().optional(),
    links: z.array(z.string().url()).optional(),
    affiliations: z.array(z.string().min(1)).optional(),
  })
  .refine((p) => p.date !== undefined || p.year !== undefined, {
    message: 'a "date" (such as "2023-03-15") or a "year"',
  });

export type PaperInput = z.infer<typeof PaperInputSchema>;
