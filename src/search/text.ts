import { UserError } from '../errors.js';

export const MAX_QUERY_LENGTH = 300;

/** NFKC folds full-width and ligature forms; control and zero-width characters never help a search. */
export function normalizeQuery(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function requireQuery(raw: string, what = 'search', max = MAX_QUERY_LENGTH): string {
  const query = normalizeQuery(raw);
  if (query === '' || !/[\p{L}\p{N}]/u.test(query)) {
    throw new UserError('empty-query', `Give me something to ${what} for: a few words, a title or an author.`);
  }
  if (query.length > max) {
    throw new UserError('query-too-long', `That is ${query.length} characters; please keep it under ${max}.`);
  }
  return query;
}

/** Diacritics and case do not distinguish names people type: "Mehta" = "mehta", "Łukasz" ≈ "Lukasz". */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
