import { UserError } from '../errors.js';

export const MAX_QUERY_LENGTH = 300;

/** NFKC folds full-width and ligature forms; control and zero-width characters never help a search. */
export function normalizeQuery(raw: string): string {
  return (
    raw
      .normalize('NFKC')
      // Format characters (zero-width space, joiners, soft hyphen) sit inside words: "Mobile\u200bViT" is MobileViT.
      .replace(/\p{Cf}/gu, '')
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function requireQuery(raw: string, what = 'search for', max = MAX_QUERY_LENGTH): string {
  const query = normalizeQuery(raw);
  if (query === '' || !/[\p{L}\p{N}]/u.test(query)) {
    throw new UserError(
      'empty-query',
      `Give me something to ${what}: a few words, a title or an author.`,
    );
  }
  if (query.length > max) {
    throw new UserError(
      'query-too-long',
      `That is ${query.length} characters; please keep it to ${max} at most.`,
    );
  }
  return query;
}

/** Diacritics and case do not distinguish names people type: "Mehta" = "mehta", "Łukasz" ≈ "Lukasz". */
/** Letters NFKD leaves whole because they are not a base letter plus a mark. */
const UNDECOMPOSED: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ı: 'i',
  þ: 'th',
  Þ: 'Th',
};

export function foldName(name: string): string {
  return name
    .replace(/[łŁøØđĐßæÆœŒıþÞ]/g, (c) => UNDECOMPOSED[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * What is typed is cut to this length before any matching: fuzzy matching costs grow with
 * the square of a word's length, and no title, name or query needs more.
 */
export const MAX_TYPED_LENGTH = MAX_QUERY_LENGTH;

/** The first MAX_TYPED_LENGTH characters, never ending inside a surrogate pair. */
export function clampTyped(typed: string): string {
  return typed.length <= MAX_TYPED_LENGTH
    ? typed
    : typed.slice(0, MAX_TYPED_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
}
