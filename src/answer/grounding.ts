import { splitSentences } from '../corpus/sentences.js';
import type { AnswerSegment } from '../reply.js';
import { figuresIn, numbersOf } from './figures.js';
import type { Source } from './types.js';

/**
 * Checks a model's answer against the abstracts it was given, sentence by sentence:
 * citations of sources that were not provided are removed, a sentence stating a figure
 * that no cited abstract contains is dropped, and sentences copied from an abstract are
 * marked as quotes so the reader can tell them from the model's paraphrase.
 */

const CITATION = /\s*\[(\d+(?:\s*,\s*\d+)*)\]/g;

export interface Grounded {
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
    .trim();
  return { text, citations: [...new Set(citations)] };
}

/** A figure is supported when its number appears in a cited abstract (3.2x is supported by "3.2×"). */
function unsupportedFigures(text: string, abstracts: readonly string[]): string[] {
  const haystack = abstracts.join(' ');
  const available = new Set(numbersOf(haystack));
  return figuresIn(text).filter((figure) => {
    const numbers = numbersOf(figure);
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

export function ground(modelText: string, sources: readonly Source[]): Grounded {
  const byN = new Map(sources.map((s) => [s.n, s]));
  const notes: string[] = [];
  const droppedCitations: number[] = [];
  const droppedSentences: string[] = [];
  const segments: AnswerSegment[] = [];
  for (const raw of sentencesOf(modelText.trim())) {
    const { text, citations } = parseSentence(raw);
    if (text === '') continue;
    const valid = citations.filter((n) => byN.has(n));
    droppedCitations.push(...citations.filter((n) => !byN.has(n)));
    const cited = (valid.length > 0 ? valid : [...byN.keys()]).map(
      (n) => byN.get(n)?.paper.abstractText ?? '',
    );
    const invented = unsupportedFigures(text, cited);
    if (invented.length > 0) {
      droppedSentences.push(text);
      notes.push(
        `Left out a sentence stating ${invented.join(', ')}, which no cited abstract contains.`,
      );
      continue;
    }
    const quoted = valid.some((n) =>
      comparable(byN.get(n)?.paper.abstractText ?? '').includes(comparable(text)),
    );
    segments.push({ text, kind: quoted ? 'quote' : 'prose', citations: valid });
  }
  if (droppedCitations.length > 0) {
    notes.push(
      `Removed citation${droppedCitations.length > 1 ? 's' : ''} ${[...new Set(droppedCitations)].map((n) => `[${n}]`).join(', ')} that named no provided paper.`,
    );
  }
  return { segments, notes, droppedCitations, droppedSentences };
}
