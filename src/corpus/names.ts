/**
 * Recognises person names as publication lists print them ("Duc N. M Hoang",
 * "Jen-Hao Rick Chang", "Keivan A. Vahid"). The title/author boundary in a glued byline is
 * found by asking where a well-formed list of such names can start.
 */

const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'di',
  'del',
  'della',
  'du',
  'le',
  'la',
  'bin',
  'al',
  'el',
  'dos',
  'das',
  'ten',
  'ter',
  'y',
]);
const INITIAL = /^\p{Lu}\.?(?:-\p{Lu}\.?)?$/u;
const WORD =
  /^(?:Mc|Mac|O'|O’|D'|D’|De|Di|Da|La|Le|Van)?\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}'’]+)*\.?$/u;

export function isPersonName(name: string): boolean {
  const tokens = name.split(' ');
  if (tokens.length < 2 || tokens.length > 6) return false;
  const [first] = tokens;
  if (first === undefined || PARTICLES.has(first)) return false;
  let words = 0;
  for (const token of tokens) {
    if (WORD.test(token)) words += 1;
    else if (!INITIAL.test(token) && !PARTICLES.has(token)) return false;
  }
  return words >= 1;
}

interface AuthorList {
  authors: string[];
  truncated: boolean;
}

/** "A B, C D et al." → names and whether the list was cut short; undefined if not names. */
export function parseAuthorList(text: string): AuthorList | undefined {
  const etAl = /,?\s+et al\.?$/;
  const truncated = etAl.test(text);
  const body = text.replace(etAl, '').trim();
  if (body === '') return undefined;
  const authors = body
    .split(/,\s*(?:and\s+)?|\s+(?:and|&)\s+/)
    .map((name) => name.trim().replace(/\s+/g, ' '));
  if (!authors.every(isPersonName)) return undefined;
  return { authors, truncated };
}

interface Byline {
  title: string;
  authors: string[];
  authorsTruncated: boolean;
  affiliations: string[];
}

/**
 * Splits "TitleFirst Author, Second Author et al. · lab, uni". The title is glued to the
 * first author, so every capital letter that directly follows a non-space is a candidate
 * start; the earliest one after which everything parses as names wins. The earliest, not
 * the latest, because hyphenated names ("Jen-Hao") are candidates too.
 */
export function splitByline(line: string): Byline | undefined {
  const [head = '', ...rest] = line.split(' · ');
  const affiliations = rest
    .join(' · ')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const chars = [...head];
  let offset = 0;
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] ?? '';
    const previous = chars[i - 1];
    if (i > 0 && previous !== undefined && !/\s/u.test(previous) && /\p{Lu}/u.test(char)) {
      const title = head.slice(0, offset).trim();
      const list = parseAuthorList(head.slice(offset).trim());
      if (title !== '' && list) {
        return { title, authors: list.authors, authorsTruncated: list.truncated, affiliations };
      }
    }
    offset += char.length;
  }
  return undefined;
}
