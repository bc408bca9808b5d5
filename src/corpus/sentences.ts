const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** ICU already keeps "e.g.", "et al." and decimals whole; these it would cut after. */
const ABBREVIATION_AT_END =
  /(?:\b(?:vs|Fig|Figs|Eq|Eqs|Sec|Tab|approx|cf|resp|No|al|etc|e\.g|i\.e)\.|\b[A-Z]\.)\s*$/;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let pending = '';
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    if (!ABBREVIATION_AT_END.test(pending)) {
      if (pending.trim() !== '') sentences.push(pending.trim());
      pending = '';
    }
  }
  if (pending.trim() !== '') sentences.push(pending.trim());
  return sentences;
}
