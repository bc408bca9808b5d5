import { truncate } from '../truncate.js';
import { splitSentences } from '../corpus/sentences.js';
import { figuresIn, numbersOf } from './figures.js';
import type { AnswerSegment, Source } from './types.js';

/**
 * Checks a model's answer against the abstracts it was given, sentence by sentence:
 * terminal control characters and escape codes are stripped, links the corpus does not
 * hold are removed, citations of sources that were not provided are removed, a sentence
 * left without a valid citation is dropped, so is one stating a figure (or a range: 4-50x
 * is not 4-5x) that no cited abstract contains, and the answer is bounded in length.
 * Sentences copied from an abstract are marked as quotes so the reader can tell them from
 * the model's paraphrase.
 */

/** What a grounded model answer may hold at most: the built-in answerer's bound. */
const MAX_GROUNDED_CHARS = 600;
const MAX_GROUNDED_SENTENCES = 4;

/** CSI and OSC escape sequences, then any control or format character left (bidi overrides, zero-width). */
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;
const CONTROL = /[\p{Cc}\p{Cf}]/gu;

export function stripControl(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROL, (c) => (c === '\n' ? '\n' : ' '));
}

const URL = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']+/gi;

/** Links the corpus holds (the papers' own links) stay; any other URL a model wrote goes. */
function keepCorpusLinks(
  text: string,
  allowed: ReadonlySet<string>,
): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text.replace(URL, (url) => {
    const bare = url.replace(/[.,;:!?]+$/, '');
    if (allowed.has(bare) || allowed.has(bare.replace(/\/$/, ''))) return url;
    removed += 1;
    return '';
  });
  return { text: cleaned, removed };
}

/** `[label](url)`: the label is the model's prose; the link is judged like any other. */
const MARKDOWN_LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;

function unwrapMarkdownLinks(text: string): string {
  return text.replace(MARKDOWN_LINK, (_link, label: string, url: string) => `${label} ${url}`);
}

/**
 * A model's free text for a field (a summary's TL;DR, problem, method, result): no escape or
 * control characters, no link the paper does not give (a markdown link keeps its label), at
 * most `max` characters. Undefined when nothing is left.
 */
export function modelProse(
  text: string,
  allowedLinks: ReadonlySet<string>,
  max: number,
): string | undefined {
  const { text: linked } = keepCorpusLinks(unwrapMarkdownLinks(stripControl(text)), allowedLinks);
  const prose = linked.replace(/\s+/g, ' ').trim();
  return prose === '' ? undefined : truncate(prose, max);
}

const CITATION = /\s*\[(\d+(?:\s*,\s*\d+)*)\]/g;

interface Grounded {
  segments: AnswerSegment[];
  notes: string[];
  droppedCitations: number[];
  droppedSentences: string[];
}

function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[“”"'’]/g, '')
    .replace(/[^\p{L}\p{N}%.×]+/gu, ' ')
    .trim()
    .replace(/\.+$/, '');
}

function parseSentence(sentence: string): { text: string; citations: number[] } {
  const citations = [...sentence.matchAll(CITATION)].flatMap((m) =>
    (m[1] ?? '').split(',').map((n) => Number(n.trim())),
  );
  const text = sentence
    .replace(CITATION, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return { text, citations: [...new Set(citations)] };
}

/** A Discord mention (`<@123>`, `<@!123>`, `<@&456>`, `<#789>`) names someone; its digits are no figure. */
const MENTION = /<(?:@[!&]?|#)\d+>/g;

const RANGE = /\d\s*(?:-|–|to)\s*\d/;

/**
 * A figure is supported when its number appears in a cited abstract (3.2x is supported by
 * "3.2×"); a range only by the same range ("4-50x" is not supported by "4-5x").
 */
function unsupportedFigures(text: string, abstracts: readonly string[]): string[] {
  const haystack = abstracts.join(' ');
  const available = new Set(numbersOf(haystack));
  const ranges = new Set(
    figuresIn(haystack)
      .filter((f) => RANGE.test(f))
      .map((f) => numbersOf(f).join('-')),
  );
  return figuresIn(text).filter((figure) => {
    const numbers = numbersOf(figure);
    if (RANGE.test(figure)) return !ranges.has(numbers.join('-'));
    return numbers.length > 0
      ? !numbers.every((n) => available.has(n))
      : !comparable(haystack).includes(figure.toLowerCase());
  });
}

/** Sentences the model closed with a citation ("… [2].") split there too. */
function sentencesOf(text: string): string[] {
  return splitSentences(text.replace(/\]\s*\./g, '].')).flatMap((s) =>
    s.split(/(?<=\]\.?)\s+(?=\p{Lu})/u),
  );
}

export function ground(
  modelText: string,
  sources: readonly Source[],
  allowedLinks: ReadonlySet<string> = new Set(sources.flatMap((s) => s.paper.links)),
): Grounded {
  const byN = new Map(sources.map((s) => [s.n, s]));
  const notes: string[] = [];
  const droppedCitations: number[] = [];
  const droppedSentences: string[] = [];
  const segments: AnswerSegment[] = [];
  const { text: linked, removed } = keepCorpusLinks(
    unwrapMarkdownLinks(stripControl(modelText)),
    allowedLinks,
  );
  if (removed > 0)
    notes.push(`Removed ${removed} link${removed > 1 ? 's' : ''} that the papers do not give.`);
  let uncited = 0;
  let length = 0;
  // A model repeating itself repeats its inventions: one note per figure stated, with a count.
  const inventedFigures = new Map<string, number>();
  for (const raw of sentencesOf(linked.trim())) {
    const { text, citations } = parseSentence(raw);
    if (text === '' || !/[\p{L}\p{N}]/u.test(text)) continue;
    const valid = citations.filter((n) => byN.has(n));
    droppedCitations.push(...citations.filter((n) => !byN.has(n)));
    // A claim nobody can check against a paper is not passed on, figure or not.
    if (valid.length === 0) {
      uncited += 1;
      droppedSentences.push(text);
      continue;
    }
    // A paper's metadata is as citable as its abstract: "published in 2024 [1]".
    const cited = valid.map((n) => {
      const paper = byN.get(n)?.paper;
      return paper ? `${paper.abstractText} ${paper.year} ${paper.date}` : '';
    });
    const invented = unsupportedFigures(text.replace(MENTION, ''), cited);
    if (invented.length > 0) {
      droppedSentences.push(text);
      const figures = invented.join(', ');
      inventedFigures.set(figures, (inventedFigures.get(figures) ?? 0) + 1);
      continue;
    }
    const quoted = valid.some((n) =>
      comparable(byN.get(n)?.paper.abstractText ?? '').includes(comparable(text)),
    );
    length += text.length + valid.length * 4 + 1;
    if (segments.length >= MAX_GROUNDED_SENTENCES || length > MAX_GROUNDED_CHARS) {
      notes.push('Shortened the answer to its first sentences.');
      break;
    }
    segments.push({ text, kind: quoted ? 'quote' : 'prose', citations: valid });
  }
  for (const [figures, count] of inventedFigures)
    notes.push(
      `Left out ${count === 1 ? 'a sentence' : `${count} sentences`} stating ${truncate(figures, 80)}, which no cited abstract contains.`,
    );
  if (uncited > 0)
    notes.push(
      `Left out ${uncited} sentence${uncited > 1 ? 's' : ''} that cited no provided paper.`,
    );
  if (droppedCitations.length > 0) {
    notes.push(
      `Removed citation${droppedCitations.length > 1 ? 's' : ''} ${[...new Set(droppedCitations)].map((n) => `[${n}]`).join(', ')} that named no provided paper.`,
    );
  }
  return { segments, notes, droppedCitations, droppedSentences };
}
