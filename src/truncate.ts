/**
 * Lengths as Discord measures them: its API is Python and counts code points
 * (discord/discord-api-docs#1315), so an emoji outside the BMP is one character, not the
 * two UTF-16 units `String.length` counts.
 */
export function charCount(text: string): number {
  // UTF-16 length bounds the code-point count from above: most text needs no counting.
  let count = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/** A cut this close to the end moves back to the last space, so no word is left half shown. */
const WORD_BOUNDARY_REACH = 0.2;

/**
 * Text within `max` characters (as {@link charCount} counts them), the ellipsis included.
 * Cuts at a word boundary when one is near, never inside a surrogate pair, and says it
 * cut with "…". The one truncation of the product: replies, snippets, answers, errors.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max || charCount(text) <= max) return text;
  if (max < 1) return '';
  const cut = [...text].slice(0, max - 1).join('');
  const space = cut.search(/\s\S*$/);
  const atWord = space > cut.length * (1 - WORD_BOUNDARY_REACH) ? cut.slice(0, space) : cut;
  return `${atWord.trimEnd()}…`;
}
