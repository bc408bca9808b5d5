/**
 * Figures are what readers act on and what models invent, so both answerers treat them
 * specially: extractive answers prefer sentences that carry one when the question asks
 * "how much", and LLM answers must not state one that no cited abstract contains.
 */

const FIGURE =
  /(?<![\p{L}\d.-])(?:\d+(?:[.,]\d+)?(?:\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?)?\s*(?:%|×|x\b|times\b|fold\b|percent\b|[KMB]\b)|\d+(?:\.\d+)?(?!\d|\.\d))|\b(?:half|twice|double|triple|one-third|a third)\b/giu;

/** Numbers with a unit or standing alone; the digits inside names (ResNet-50, WikiText-103) do not count. */
export function figuresIn(text: string): string[] {
  return [...text.matchAll(FIGURE)].map((m) => m[0].trim());
}

/** A figure with a unit, a decimal or a multiplier word: "75.6%", "3.2×", "half"; not a bare count. */
const MEASURED = /[%×]|x$|times|fold|percent|half|twice|double|triple|third|\d\.\d/i;

export function hasFigure(text: string): boolean {
  return figuresIn(text).some((f) => MEASURED.test(f));
}

/** The bare number(s) of a figure, for a lenient match: "3.2x" is supported by "3.2×". */
export function numbersOf(figure: string): string[] {
  return figure.match(/\d+(?:[.,]\d+)?/g)?.map((n) => n.replace(',', '.')) ?? [];
}
