import type { Paper } from '../corpus/schema.js';
import { splitSentences } from '../corpus/sentences.js';
import { isStopWord } from './terms.js';

/**
 * The named things of a corpus (models, datasets, methods: MobileViTv2, ForScene, GPT-4,
 * MS-COCO) and, for each, which papers introduce it and which only mention it. A question
 * about something a paper introduces is a question about that paper; a question about
 * something the papers only mention (GPT-4 as a comparison, MS-COCO as a benchmark) is one
 * they cannot answer, however many sentences contain the name.
 */

export interface NamedThing {
  /** As the corpus first writes it. */
  name: string;
  /** Papers that introduce it: their short name, a defined acronym, "our model, X". */
  owners: Set<Paper>;
  /** Papers whose abstract mentions it. */
  mentions: Set<Paper>;
}

interface NameLexicon {
  things: Map<string, NamedThing>;
}

/** The field's vocabulary, not anyone's name: units, metrics, hardware, generic acronyms. */
const VOCABULARY = new Set(
  [
    'llm',
    'llms',
    'cnn',
    'cnns',
    'vit',
    'vits',
    'kv',
    'vqa',
    'nlp',
    'rag',
    'vfm',
    'vfms',
    'mha',
    'dnn',
    'dnns',
    'rnn',
    'rnns',
    'lstm',
    'gan',
    'gans',
    'ai',
    'ml',
    'gpu',
    'gpus',
    'cpu',
    'cpus',
    'tpu',
    'tpus',
    'fpga',
    'fpgas',
    'dram',
    'sram',
    'flops',
    'gflops',
    'macs',
    'miou',
    'map',
    'ap',
    'ece',
    'fp16',
    'fp32',
    'int8',
    'sota',
    'api',
    'ir',
    'qa',
    'id',
    'url',
    'pdf',
    'fft',
    'i',
    'ii',
    'iii',
  ].map(keyOf),
);

/** Names compare without case, spaces or punctuation: "MS-COCO" = "MSCOCO", "Mask R-CNN" = "Mask-RCNN". */
export function keyOf(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}+]+/gu, '');
}

/** A word that reads as a name: inner capitals or digits (ImageNet, GPT-4, 7B), all capitals (DINO). */
const NAME_WORD =
  /^(?=.*\p{L})(?:\p{L}[\p{L}\p{N}]*(?:[-+][\p{L}\p{N}]*)*\+?|\p{N}+(?:\.\p{N}+)?[BMK])$/u;

/** Inner capitals or digits, or all capitals: a name wherever it stands, even in a title-cased title. */
function isDistinctive(word: string): boolean {
  return (
    NAME_WORD.test(word) &&
    (/\p{Lu}/u.test(word.slice(1)) || (/\p{N}/u.test(word) && /\p{L}/u.test(word)))
  );
}

function isNameLike(word: string, sentenceStart: boolean, next: string | undefined): boolean {
  if (!NAME_WORD.test(word)) return false;
  if (isDistinctive(word)) return true;
  const capitalised = /^\p{Lu}\p{Ll}+$/u.test(word) && word.length >= 3;
  // "Llama 3": a capitalised word with a version is a name, even where every word is capitalised.
  if (capitalised && next !== undefined && /^\d+(?:\.\d+)?$/.test(next)) return true;
  // A capitalised word inside a sentence is a name ("the Alpaca dataset", "Falcon 7B").
  return !sentenceStart && capitalised;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}+.-]*[\p{L}\p{N}+]|[\p{L}\p{N}]/gu;

/**
 * Runs of name-like words ("Falcon 7B", "Mask R-CNN", "Llama 3") and each word alone, as
 * written. In a title every word is capitalised, so only distinctive words count there.
 */
function namesIn(text: string, options: { title?: boolean } = {}): string[] {
  const found: string[] = [];
  for (const sentence of splitSentences(text)) {
    const words = [...sentence.matchAll(WORD)].map((m) => ({
      word: m[0].replace(/\.$/, ''),
      start: m.index,
      end: m.index + m[0].length,
    }));
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) found.push(run.join(' '));
      run = [];
    };
    for (const [i, { word, start }] of words.entries()) {
      const previous = words[i - 1];
      if (previous && /[^\s]/u.test(sentence.slice(previous.end, start))) flush();
      const next = words[i + 1]?.word;
      const nameLike = options.title
        ? isDistinctive(word) || isNameLike(word, true, next)
        : isNameLike(word, i === 0, next);
      if (nameLike) {
        run.push(word);
        found.push(word);
      } else if (run.length > 0 && /^\d+(?:\.\d+)?$/.test(word)) {
        run.push(word);
      } else {
        flush();
      }
    }
    flush();
  }
  return found;
}

/** "Masked Audio-Video Learners (MAViL)": the capitals of the acronym, in order, from the words before it. */
function definesAcronym(before: string, acronym: string): boolean {
  const capitals = acronym.replace(/[^\p{Lu}]/gu, '');
  if (capitals.length < 2) return false;
  const words = before.trim().split(/\s+/).slice(-8);
  const start = words.findIndex((w) => w.charAt(0).toUpperCase() === capitals.charAt(0));
  if (start === -1) return false;
  const letters = words.slice(start).join('').toUpperCase();
  let at = 0;
  for (const c of capitals) {
    at = letters.indexOf(c, at);
    if (at === -1) return false;
    at += 1;
  }
  return true;
}

const INTRODUCING =
  /\b(?:called|named|dubbed|termed|coined)\s+$|\b(?:our|the (?:improved|resulting|proposed|new))\s+(?:[\p{L}-]+\s+){0,3}?(?:model|method|network|architecture|approach|framework|dataset|benchmark|unit|module|technique|algorithm|system|library|scheme|variant)s?,?\s+$|\bwe (?:introduce|propose|present|develop|call (?:it|this))\s+(?:(?:a|an|the)\s+)?$/iu;

/** Names a paper introduces in its abstract: defined acronyms and "our model, X". */
function introducedIn(paper: Paper): string[] {
  const text = paper.abstractText;
  const introduced: string[] = [];
  for (const match of text.matchAll(/\(([^()]{2,30})\)/g)) {
    const inner = match[1] ?? '';
    if (isNameLike(inner, false, undefined) && definesAcronym(text.slice(0, match.index), inner))
      introduced.push(inner);
  }
  for (const name of namesIn(text)) {
    const at = text.indexOf(name);
    if (at >= 0 && INTRODUCING.test(text.slice(Math.max(0, at - 80), at))) introduced.push(name);
  }
  return introduced;
}

const lexicons = new WeakMap<readonly Paper[], NameLexicon>();

export function nameLexicon(papers: readonly Paper[]): NameLexicon {
  const cached = lexicons.get(papers);
  if (cached) return cached;
  const things = new Map<string, NamedThing>();
  const entry = (name: string) => {
    const key = keyOf(name);
    let thing = things.get(key);
    if (!thing) {
      thing = { name, owners: new Set(), mentions: new Set() };
      things.set(key, thing);
    }
    return thing;
  };
  for (const paper of papers) {
    for (const name of namesIn(paper.abstractText)) entry(name).mentions.add(paper);
  }
  for (const paper of papers) {
    const own = [
      ...(paper.shortName === undefined ? [] : [paper.shortName]),
      ...introducedIn(paper),
      // A name in a title is the paper's own unless much of the corpus writes it too.
      ...namesIn(paper.title, { title: true }).filter(
        (n) => (things.get(keyOf(n))?.mentions.size ?? 0) <= 2,
      ),
    ];
    // "Token Pooling" is introduced, not "Token": a word of a longer own name stays a mention.
    const whole = own.filter(
      (name) => !own.some((other) => other !== name && other.split(' ').includes(name)),
    );
    for (const name of whole) if (!VOCABULARY.has(keyOf(name))) entry(name).owners.add(paper);
  }
  const lexicon = { things };
  lexicons.set(papers, lexicon);
  return lexicon;
}

/** The corpus's named things a question names, longest first (no "Falcon" beside "Falcon 7B"). */
export function thingsNamedIn(question: string, lexicon: NameLexicon): NamedThing[] {
  const candidates = spansInQuestion(question).sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.text.length - a.text.length,
  );
  const found: { thing: NamedThing; start: number }[] = [];
  const taken = new Set<number>();
  for (const span of candidates) {
    const key = keyOf(span.text);
    if (VOCABULARY.has(key) || key.length < 2) continue;
    const words = Array.from({ length: span.end - span.start }, (_, i) => span.start + i);
    if (words.some((w) => taken.has(w))) continue;
    const thing = lexicon.things.get(key) ?? lexicon.things.get(key.replace(/s$/, ''));
    // Plain capitalised names ("Alpaca", "Transformer") are also ordinary words: only as written.
    const plain = thing !== undefined && /^\p{Lu}\p{Ll}+$/u.test(thing.name);
    const capitalised = /^\p{Lu}/u.test(span.text) && span.start > 0;
    if (
      thing &&
      !isStopWord(span.text) &&
      (!plain || capitalised) &&
      !found.some((f) => f.thing === thing)
    ) {
      found.push({ thing, start: span.start });
      for (const w of words) taken.add(w);
    }
  }
  // In the order the question names them: the first is usually the subject.
  return found.sort((a, b) => a.start - b.start).map((f) => f.thing);
}

/** In a question every word may be a name ("when was dkm published"): runs of one to three words. */
function spansInQuestion(question: string): { text: string; start: number; end: number }[] {
  const words = [...question.matchAll(WORD)].map((m) =>
    m[0].replace(/['’]s$/u, '').replace(/\.$/, ''),
  );
  const spans: { text: string; start: number; end: number }[] = [];
  for (let i = 0; i < words.length; i += 1)
    for (let n = 1; n <= 3 && i + n <= words.length; n += 1)
      spans.push({ text: words.slice(i, i + n).join(' '), start: i, end: i + n });
  return spans;
}

/** Whether a sentence names something (AI2-THOR, ImageNet), not just the field's vocabulary. */
export function namesSomething(sentence: string): boolean {
  return namesIn(sentence).some((n) => isDistinctive(n) && !VOCABULARY.has(keyOf(n)));
}
