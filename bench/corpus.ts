import type { Category, Paper } from '../src/corpus/schema.js';
import { Rng } from './random.js';

/**
 * Synthetic corpora shaped like the real one: abstract and title lengths are sampled from
 * the real papers, words from a bigram model of their text (with a unigram back-off so the
 * chain does not just replay the 50 abstracts), authors from the real pool plus synthetic
 * names, categories from the real ones.
 *
 * The real corpus has ~3k distinct words, so a synthetic corpus built from them alone would
 * have no rare words at 100k abstracts, unlike any real collection (whose vocabulary keeps
 * growing with size). A small share of tokens are therefore coined model names ("FlashSeedNet"),
 * drawn Zipf-like from a large pool, standing in for the names every abstract introduces.
 */

const BIGRAM_SHARE = 0.75;
const COINED_TOKEN_SHARE = 0.015;
const COINED_TITLE_SHARE = 0.4;
const COINED_POOL = 200_000;

const NAME_PARTS = [
  'Mobile',
  'ViT',
  'Net',
  'Former',
  'Sparse',
  'Fast',
  'Lite',
  'Seed',
  'LM',
  'Lazy',
  'Range',
  'Aug',
  'Quant',
  'Flash',
  'Edge',
  'Dense',
  'Mix',
  'Prompt',
  'Vision',
  'Diff',
  'Token',
  'Graph',
  'Deep',
  'Mega',
  'Nano',
  'Hyper',
  'Meta',
  'Auto',
  'Omni',
  'Flow',
  'CLIP',
  'BERT',
  'GPT',
  'Llama',
  'Run',
];
const SYLLABLES = [
  'ka',
  'ro',
  'zi',
  'vel',
  'tor',
  'mun',
  'pex',
  'dra',
  'lu',
  'qin',
  'sa',
  'bel',
  'or',
  'nic',
  'te',
  'vo',
];

class BigramModel {
  private readonly followers = new Map<string, string[]>();
  private readonly all: string[] = [];
  private readonly starts: string[] = [];

  constructor(texts: readonly string[]) {
    for (const text of texts) {
      const tokens = text.split(/\s+/).filter((t) => t !== '');
      tokens.forEach((token, i) => {
        this.all.push(token);
        const previous = tokens[i - 1];
        if (previous === undefined || endsSentence(previous)) this.starts.push(token);
        if (previous !== undefined) {
          const list = this.followers.get(previous);
          if (list) list.push(token);
          else this.followers.set(previous, [token]);
        }
      });
    }
  }

  generate(rng: Rng, length: number, coinedShare: number): string {
    const tokens = [rng.pick(this.starts)];
    while (tokens.length < length) {
      const previous = tokens[tokens.length - 1] ?? '';
      const followers = this.followers.get(previous);
      let token: string;
      if (endsSentence(previous)) token = rng.pick(this.starts);
      else if (followers && rng.chance(BIGRAM_SHARE)) token = rng.pick(followers);
      else token = rng.pick(this.all);
      tokens.push(rng.chance(coinedShare) ? coinedName(rng.zipfIndex(COINED_POOL)) : token);
    }
    const text = tokens.join(' ');
    return endsSentence(text) ? text : `${text.replace(/[,;:]$/, '')}.`;
  }
}

function endsSentence(token: string): boolean {
  return /[.!?]$/.test(token);
}

/** The same index always gives the same name, so a name recurs across abstracts. */
function coinedName(index: number): string {
  const rng = new Rng(0x5eed + index * 7919);
  const parts = [rng.pick(NAME_PARTS)];
  if (rng.chance(0.7)) parts.push(capitalize(`${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}`));
  parts.push(rng.pick(NAME_PARTS));
  const version = rng.chance(0.2) ? `v${rng.between(2, 4)}` : '';
  return `${parts.join('')}${version}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

interface CorpusModel {
  abstractLengths: number[];
  titleLengths: number[];
  authorCounts: number[];
  abstracts: BigramModel;
  titles: BigramModel;
  realTitleRuns: Set<string>;
  realAuthors: string[];
  firstNames: string[];
  lastNames: string[];
  categories: Category[];
}

export function modelOf(papers: readonly Paper[]): CorpusModel {
  const realAuthors = [...new Set(papers.flatMap((p) => p.authors))];
  const split = realAuthors.map((name) => {
    const cut = name.lastIndexOf(' ');
    return cut < 0
      ? { first: name, last: name }
      : { first: name.slice(0, cut), last: name.slice(cut + 1) };
  });
  const categories = new Map(papers.map((p) => [p.category.code, p.category]));
  return {
    abstractLengths: papers.map((p) => p.abstractText.split(/\s+/).length),
    titleLengths: papers.map((p) => p.title.split(/\s+/).length),
    authorCounts: papers.map((p) => Math.max(1, p.authors.length)),
    abstracts: new BigramModel(papers.map((p) => p.abstractText)),
    titles: new BigramModel(papers.map((p) => p.title)),
    realTitleRuns: new Set(papers.flatMap((p) => wordRuns(p.title))),
    realAuthors,
    firstNames: split.map((s) => s.first),
    lastNames: split.map((s) => s.last),
    categories: [...categories.values()],
  };
}

/**
 * Real authors first: papers pick pool index ⌊n·u²⌋, so the head is prolific (the first author
 * is on ~1/√n of the papers, ~2% at 100k) and the tail has a paper or two, roughly as in real
 * bibliographies, and the team's own authors are the prolific ones.
 */
function authorPool(model: CorpusModel, rng: Rng, size: number): string[] {
  const pool = new Set(model.realAuthors);
  while (pool.size < size) {
    const last =
      model.lastNames.length > 0 && rng.chance(0.5)
        ? rng.pick(model.lastNames)
        : capitalize(`${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}`);
    pool.add(`${rng.pick(model.firstNames)} ${last}`);
  }
  return [...pool];
}

/** Five words in a row are where a borrowed phrase ends and a copied title begins. */
const COPIED_RUN = 5;
const TITLE_TRIES = 20;

/**
 * A bigram chain over 50 titles mostly replays them: at 100k papers about 60 synthetic ones
 * carried a real paper's exact title and 6% began with a real title's first five words. No
 * collection looks like that, and no engine can tell a hidden paper from its copies by its
 * title, so a title that repeats five words of a real one in a row is drawn again.
 */
function freshTitle(model: CorpusModel, rng: Rng): string {
  let title = '';
  for (let attempt = 0; attempt < TITLE_TRIES; attempt++) {
    title = model.titles.generate(rng, rng.pick(model.titleLengths), 0).replace(/\.$/, '');
    if (!wordRuns(title).some((run) => model.realTitleRuns.has(run))) return title;
  }
  return title;
}

function wordRuns(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  return words
    .slice(0, Math.max(0, words.length - COPIED_RUN + 1))
    .map((_, i) => words.slice(i, i + COPIED_RUN).join(' '));
}

export function syntheticCorpus(model: CorpusModel, size: number, seed: number): Paper[] {
  const rng = new Rng(seed);
  const authors = authorPool(model, rng, Math.max(200, Math.round(size / 4)));
  const papers: Paper[] = [];
  for (let n = 0; n < size; n++) {
    const jitter = 0.85 + rng.next() * 0.3;
    const abstractText = model.abstracts.generate(
      rng,
      Math.max(20, Math.round(rng.pick(model.abstractLengths) * jitter)),
      COINED_TOKEN_SHARE,
    );
    const titleBody = freshTitle(model, rng);
    const shortName = rng.chance(COINED_TITLE_SHARE)
      ? coinedName(rng.zipfIndex(COINED_POOL))
      : undefined;
    const paperAuthors = new Set<string>();
    const authorCount = rng.pick(model.authorCounts);
    while (paperAuthors.size < authorCount)
      paperAuthors.add(authors[Math.floor(authors.length * rng.next() ** 2)] ?? rng.pick(authors));
    const year = rng.between(2015, 2025);
    const date = `${year}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`;
    papers.push({
      id: `syn-${String(n).padStart(6, '0')}`,
      title: shortName === undefined ? titleBody : `${shortName}: ${titleBody}`,
      ...(shortName === undefined ? {} : { shortName }),
      authors: [...paperAuthors],
      authorsTruncated: false,
      affiliations: [],
      category: rng.pick(model.categories),
      date,
      dateInferred: false,
      year,
      hasCode: rng.chance(0.4),
      links: [],
      abstract: abstractText,
      abstractText,
    });
  }
  return papers;
}
