import { hasFigure } from './figures.js';

/**
 * What a figure measures. A speed-up does not answer "how much memory does it save", nor
 * an accuracy gain "how much faster is it": a figure answers a question only when its
 * sentence measures the quantity the question asks about.
 */
export interface Quantity {
  /** As an answer names it: "a memory figure". */
  name: string;
  asked: RegExp;
  stated: RegExp;
}

const QUANTITIES: readonly Quantity[] = [
  {
    name: 'speed',
    asked:
      /\b(?:faster|slower|quicker|speed(?:-?ups?)?|speedups?|how fast|latency|latencies|throughput|inference time|run-?time|wall[- ]clock)\b/i,
    stated:
      /\b(?:faster|slower|quicker|speed(?:-?ups?)?|speedups?|latency|latencies|throughput|(?<![\w-])time|seconds?|(?<=\d\s?)ms|milliseconds?|accelerat\w*|fps)\b/i,
  },
  {
    name: 'memory',
    asked: /\b(?:memory|ram|dram|footprint|storage|disk space)\b/i,
    stated: /\b(?:memory|ram|dram|footprint|storage|[kmgt]b|bytes?|bits?)\b/i,
  },
  {
    name: 'accuracy',
    asked: /\b(?:accura(?:te|cy)|top-?[15]|m?iou|precision|recall|f1|perplexity|error rates?)\b/i,
    stated:
      /\b(?:accura(?:te|cy)|top-?[15]|m?iou|m?ap|precision|recall|f1|perplexity|errors?|bleu)\b/i,
  },
  {
    name: 'energy',
    asked: /\b(?:energy|power|watts?|joules?|battery)\b/i,
    stated: /\b(?:energy|power|watts?|joules?|battery)\b/i,
  },
];

/** The quantities a question asks a figure of; none for "how much better". */
export function quantitiesAsked(question: string): Quantity[] {
  return QUANTITIES.filter((q) => q.asked.test(question));
}

/** A sentence with a figure of one of the quantities asked. */
export function measures(sentence: string, asked: readonly Quantity[]): boolean {
  return hasFigure(sentence) && asked.some((q) => q.stated.test(sentence));
}

/** A sentence that speaks of one of the quantities, with or without a figure. */
export function speaksOf(sentence: string, asked: readonly Quantity[]): boolean {
  return asked.some((q) => q.stated.test(sentence));
}
