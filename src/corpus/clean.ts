/**
 * Turns the LaTeX and markdown fragments that publication lists inherit from arXiv into
 * plain text a chat can show: `$2.7\times$` → 2.7×, `$O(k^2)$` → O(k²), `\url{x}` → x.
 */

const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  n: 'ⁿ',
  i: 'ⁱ',
  k: 'ᵏ',
  d: 'ᵈ',
  T: 'ᵀ',
};

const SYMBOLS: Record<string, string> = {
  times: '×',
  cdot: '·',
  approx: '≈',
  sim: '~',
  leq: '≤',
  geq: '≥',
  le: '≤',
  ge: '≥',
  neq: '≠',
  pm: '±',
  to: '→',
  rightarrow: '→',
  infty: '∞',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  lambda: 'λ',
  mu: 'μ',
  sigma: 'σ',
  theta: 'θ',
  ell: 'ℓ',
  log: 'log',
  ',': ' ',
  '%': '%',
  '&': '&',
  '#': '#',
  _: '_',
  $: '$',
};

function superscript(text: string): string {
  const chars = [...text];
  return chars.every((c) => c in SUPERSCRIPTS)
    ? chars.map((c) => SUPERSCRIPTS[c]).join('')
    : `^${text}`;
}

function cleanMath(math: string): string {
  return math
    .replace(/\\(?:mathrm|text|textbf|mathbf|emph|textit)\{([^}]*)\}/g, '$1')
    .replace(
      /\^\{([^}]*)\}|\^(\w)/g,
      (_m, braced: string | undefined, single: string | undefined) =>
        superscript(braced ?? single ?? ''),
    )
    .replace(/\\([a-zA-Z]+|[,%&#_$])\s?/g, (whole, name: string) => {
      const symbol = SYMBOLS[name];
      if (symbol === undefined) return whole;
      return /[a-z]/i.test(name) && name !== 'times' && name !== 'cdot' ? `${symbol} ` : symbol;
    })
    .replace(/\s+/g, ' ')
    .replace(/ ([),.])/g, '$1')
    .trim();
}

interface CleanOptions {
  /** What `\prjname`-style macros stand for: the paper's short name. */
  shortName?: string | undefined;
}

export function cleanAbstract(abstract: string, options: CleanOptions = {}): string {
  const withoutMath = abstract.replace(/\$([^$]+)\$/g, (_m, math: string) => cleanMath(math));
  return withoutMath
    .replace(/\\url\{([^}]*)\}/g, '$1')
    .replace(/\\(?:emph|textbf|textit)\{([^}]*)\}/g, '$1')
    .replace(
      /(\w|\))\^(\{[^}]*\}|\w)/g,
      (_m, base: string, exp: string) => base + superscript(exp.replace(/[{}]/g, '')),
    )
    .replace(/\\(log|times|cdot|approx)\b\s?/g, (_m, name: string) => {
      const symbol = SYMBOLS[name] ?? name;
      return name === 'log' ? ` ${symbol} ` : symbol;
    })
    .replace(/\\([a-zA-Z]+)\b/g, (_m, macro: string) => options.shortName ?? macro)
    .replace(/\\ /g, ' ')
    .replace(/\\([%&#_$])/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\( /g, '(')
    .trim();
}

/**
 * Text on one line without format characters (soft hyphens, zero-width spaces and joiners,
 * byte-order marks): invisible, they still split "Net\u00ADworks" for matching, and JavaScript
 * counts U+FEFF as a space, which showed "Net works". Control characters go too (below).
 */
export function oneLine(text: string): string {
  return withoutFormatCharacters(text).replace(/\s+/g, ' ').trim();
}

/**
 * Without format characters, nor control characters other than line breaks and tabs: a title
 * from arXiv or Crossref carrying ESC [2J would clear the screen of whoever exports it.
 */
export function withoutFormatCharacters(text: string): string {
  return text.replace(/\p{Cf}|[^\P{Cc}\n\t]/gu, '');
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"{}]+|\bwww\.[^\s<>"{}]+/gi;

/** Links in running text, without the sentence punctuation or LaTeX braces that follow them. */
export function extractLinks(text: string): string[] {
  const links = (text.match(URL_PATTERN) ?? []).map((raw) => {
    let url = raw.replace(/[.,;:!?'}]+$/, '');
    while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) {
      url = url.slice(0, -1).replace(/[.,;:!?]+$/, '');
    }
    return url.startsWith('www.') ? `https://${url}` : url;
  });
  return [...new Set(links)];
}
