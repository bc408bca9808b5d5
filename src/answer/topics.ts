import type { Paper } from '../corpus/schema.js';
import { sentencesOf } from '../search/snippet.js';
import { isStopWord, plainTermsOf, termsOf } from '../search/terms.js';

/**
 * Whether a paper is about a topic, for lists ("which papers deal with weight clustering")
 * where every clearly matching paper belongs and none that only brushes the topic. A topic
 * is one or more alternatives ("continual learning or catastrophic forgetting"); a paper
 * matches an alternative when one place (its title, or one sentence) carries most of the
 * alternative's weight, rare words weighing more. Asked what papers "introduce" or are
 * "mainly" about, only the title and the sentences where the paper says what it does count.
 */

/** Words the field writes several ways; each side finds the other. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['phone', 'smartphone', 'mobile', 'edge', 'resource-constrained', 'embedded'],
  ['lightweight', 'light-weight', 'compact', 'efficient'],
  ['ops', 'operations'],
  ['params', 'parameters'],
  ['speech', 'audio', 'spoken'],
  ['forgetting', 'forget'],
  ['llm', 'llms', 'large language model', 'large language models'],
  ['cnn', 'cnns', 'convolutional neural network', 'convolutional network', 'convolutional'],
  ['vit', 'vits', 'vision transformer', 'vision transformers'],
  ['kv', 'key-value', 'key value'],
  ['block', 'unit', 'module', 'structure'],
];

const CONTRIBUTION =
  /\b(?:we|this (?:paper|work|study)|our|in this (?:paper|work))\b.{0,40}\b(?:propos|introduc|present|creat|collect|build|built|releas|develop|design|describ|call|contain)|\b(?:called|named|dubbed)\b|^(?:our|we)\b/i;
/** What a paper says it makes: the words after "we introduce", "we propose", "our", "a new". */
const MADE =
  /\b(?:introduc|propos|present|creat|collect|build|built|releas|develop|design|call)\w*\s+((?:\S+\s+){0,9}\S+)|\b(?:our|new|novel)\s+((?:\S+\s+){0,3}\S+)/gi;

function madeIn(text: string): string {
  return [...text.matchAll(MADE)].map((m) => m[1] ?? m[2] ?? '').join(' ');
}

export type TopicMode = 'any' | 'contribution';

/** A question's word and the stems that count as it: "LLMs" is also "large language model". */
type TermGroup = { weight: number; alternatives: string[][] };

/** Each way of writing a word, as the stems that must all be present: "cnn" or "convolut neural network". */
function stemsOfWord(word: string): string[][] {
  const forms = new Set([word.toLowerCase()]);
  const stem = plainTermsOf(word).join(' ');
  for (const group of SYNONYMS)
    if (group.some((w) => plainTermsOf(w).join(' ') === stem)) for (const w of group) forms.add(w);
  return [...forms]
    .map((form) => [...new Set(plainTermsOf(form.replace(/-/g, ' ')))])
    .filter((stems) => stems.length > 0);
}

/** Stems of a text, hyphenated words also joined ("light-weight" is also "lightweight"). */
function termsOfText(text: string): Set<string> {
  const terms = new Set<string>();
  for (const token of text.split(/[\s,;:()[\]{}"“”'’/.!?]+/u)) {
    if (token === '') continue;
    for (const t of termsOf(token.replace(/[^\p{L}\p{N}+]/gu, ''))) terms.add(t);
    for (const part of token.split('-')) for (const t of termsOf(part)) terms.add(t);
  }
  return terms;
}

interface PaperPlaces {
  title: Set<string>;
  sentences: { terms: Set<string>; made: Set<string>; contribution: boolean }[];
}

const placesByPaper = new WeakMap<Paper, PaperPlaces>();

function placesOf(paper: Paper): PaperPlaces {
  const cached = placesByPaper.get(paper);
  if (cached) return cached;
  const places: PaperPlaces = {
    title: termsOfText(`${paper.title} ${paper.shortName ?? ''}`),
    sentences: sentencesOf(paper).map((s, i) => ({
      terms: termsOfText(s.text),
      made: termsOfText(madeIn(s.text)),
      contribution: i === 0 || CONTRIBUTION.test(s.text),
    })),
  };
  placesByPaper.set(paper, places);
  return places;
}

interface Topic {
  alternatives: TermGroup[][];
}

/** "continual learning or catastrophic forgetting" → two alternatives, weighted by rarity. */
export function parseTopic(topic: string, papers: readonly Paper[]): Topic {
  const df = (group: string[][]) =>
    papers.filter((p) => {
      const { title, sentences } = placesOf(p);
      return group.some((alt) =>
        alt.every((t) => title.has(t) || sentences.some((s) => s.terms.has(t))),
      );
    }).length;
  const parts = topic
    // "building blocks" are blocks; "building" alone would demand the word.
    .replace(/\bbuilding\s+(blocks?)\b/gi, '$1')
    .split(/\s+(?:or|and\/or)\s+|\s*[/,]\s*/i)
    .map((part) => part.split(/[^\p{L}\p{N}+-]+/u).filter((w) => w !== '' && !isStopWord(w)));
  // "CNN blocks for phones / edge devices": a short alternative after a long one replaces its last word.
  const expanded = parts.map((words, i) => {
    const previous = parts[i - 1];
    return previous && previous.length >= 3 && words.length <= 2
      ? [...previous.slice(0, -1), ...words]
      : words;
  });
  const alternatives = expanded
    .map((words) =>
      words
        .map((w) => {
          const alternativesOfWord = stemsOfWord(w);
          return {
            weight: Math.log(1 + papers.length / (1 + df(alternativesOfWord))),
            alternatives: alternativesOfWord,
          };
        })
        .filter((g) => g.alternatives.length > 0),
    )
    .filter((groups) => groups.length > 0);
  return { alternatives };
}

function share(groups: readonly TermGroup[], terms: Set<string>): number {
  let total = 0;
  let covered = 0;
  for (const group of groups) {
    total += group.weight;
    if (group.alternatives.some((alt) => alt.every((t) => terms.has(t)))) covered += group.weight;
  }
  return total === 0 ? 0 : covered / total;
}

/** How strongly a paper is about a topic, 0..1: the best single place for the best alternative. */
function topicScore(paper: Paper, topic: Topic, mode: TopicMode): number {
  const places = placesOf(paper);
  let best = 0;
  for (const groups of topic.alternatives) {
    best = Math.max(best, share(groups, places.title));
    for (const sentence of places.sentences) {
      // Asked what papers introduce, only what a sentence says the paper makes counts.
      const terms = mode === 'contribution' ? sentence.made : sentence.terms;
      const inTitleOrSentence = new Set([...terms, ...places.title]);
      best = Math.max(best, share(groups, inTitleOrSentence) * (sentence.contribution ? 1 : 0.9));
    }
  }
  return best;
}

/** A clear match carries most of the topic's weight in one place; long descriptions need less of it. */
function clearMatch(topic: Topic): number {
  const longest = Math.max(...topic.alternatives.map((a) => a.length));
  return longest >= 4 ? 0.5 : 0.75;
}

export function papersAbout(
  papers: readonly Paper[],
  topic: Topic,
  mode: TopicMode,
): { paper: Paper; score: number }[] {
  const floor = clearMatch(topic);
  return papers
    .map((paper) => ({ paper, score: topicScore(paper, topic, mode) }))
    .filter((s) => s.score >= floor)
    .sort((a, b) => b.score - a.score || b.paper.date.localeCompare(a.paper.date));
}
