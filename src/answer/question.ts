import type { Category, Paper } from '../corpus/schema.js';
import type { SearchFilters } from '../search/engine.js';
import { foldName } from '../search/text.js';
import { isStopWord, plainTermsOf } from '../search/terms.js';
import {
  keyOf,
  nameLexicon,
  namesSomething,
  thingsNamedIn,
  type NamedThing,
} from '../search/names.js';
import type { AnswerKind } from './types.js';

/**
 * What a question asks and what it names, worked out before any answering: its kind (who,
 * when, a figure, a list…), the papers it names (short names, names the papers introduce,
 * titles), the authors (typos forgiven), years, a category, "with code", the other named
 * things (GPT-4, MS-COCO) and the attribute asked ("batch size", "how many images").
 */

export interface Question {
  text: string;
  kind: AnswerKind;
  /** Papers the question names outright. */
  papers: Paper[];
  /** Authors of the corpus the question names, as the corpus writes them. */
  authors: string[];
  /** Named things the corpus only mentions (no paper of the question introduces them). */
  mentioned: NamedThing[];
  filters: SearchFilters;
  /** The thing asked for: "batch size", "images" in "how many images", "environment". */
  attribute: string | undefined;
  /** Set for "how many X" questions: X, the counted noun. */
  counted: string | undefined;
  /** The question without its kind words, names, years or filters: what to search for. */
  topic: string;
  /** "in March 2023": the month (1–12) of the year filter, when the question names one. */
  month: number | undefined;
  /** Affiliations of the corpus the question names ("toronto", "university of washington"). */
  affiliations: string[];
  /** A question about the collection as a whole rather than about papers on a topic. */
  overview: CorpusOverview | undefined;
  /** "older than", "which came first": a comparison answered from the dates. */
  chronological: boolean;
  /** "who funded X", "who cited X": something other than authorship, which abstracts never state. */
  unstatedRole: string | undefined;
}

type CorpusOverview = 'oldest' | 'newest' | 'most-papers' | 'categories' | 'per-year';

interface CorpusView {
  papers: readonly Paper[];
  categories(): Category[];
  authorNames(): string[];
}

const LIST_START =
  /^\s*(?:(?:which|what|any|list|find|show(?: me)?|give me|are there|do we have)\b.{0,40}?\b(?:papers?|works?|studies|articles|publications)\b|anything (?:on|about|related to)\b|(?:papers|works|publications) (?:on|about|that|which|dealing|with)\b|(?:\d{4}\s+)?papers? (?:on|about)\b)/i;
const COUNT =
  /\bhow many\b.{0,40}\b(?:papers?|works?|articles|publications|entries)\b|\bnumber of (?:papers|publications)\b|\bcount (?:the )?papers\b/i;
const CATEGORY =
  /\b(?:what|which)\s+(?:arxiv\s+)?(?:category|categories|subject|field)\b|\bfiled under\b|\bcategory (?:is|of|does)\b/i;
const WHO =
  /^\s*who\b|\bauthors?\s+(?:of|behind|on)\b|\bwho(?:'s| is| are)\b|\bwritten by whom\b|\bwho (?:wrote|made|created|developed|built|authored|proposed|published)\b/i;
const WHERE =
  /\b(?:institutions?|affiliations?|affiliated|universit(?:y|ies)|labs?|organi[sz]ations?|compan(?:y|ies))\b.{0,20}\b(?:listed|behind|on|of|for|is|are)\b|\bwhere (?:is|are|was|were) (?:the )?authors?\b|\bwhich (?:institution|lab|university|organi[sz]ation|company)\b/i;
const WHEN =
  /^\s*when\b|\bwhat (?:year|date|month)\b|\bwhich year\b|\bpublication date\b|\bpublished when\b|\bhow (?:old|recent)\b|\bcome out\b|\bcame out\b/i;
const CODE =
  /\bcode\b|\bopen[- ]?sourced?\b|\bgithub\b|\brepo(?:sitory)?\b|\bsource available\b|\bimplementation available\b/i;
const COMPARISON =
  /\bvs\.?\b|\bversus\b|\bcompare[sd]?\b|\bcomparison\b|\bdifference between\b|\bor\b[^?]{0,40}\bwhich (?:one|is|does|of)\b|\bwhich (?:is|does) (?:better|more|faster)\b/i;
const METHOD =
  /^\s*how (?:does|do|did|is|are|was|were|can)\b(?!.*\bcompare\b)|\b(?:trick|key idea|main idea|idea behind|intuition|mechanism|technique|how it works|insight)\b/i;
const FIGURE =
  /\bhow (?:much|many|fast|large|small|big|long|well|accurate)\b|\bby how\b|\bup to what\b|\bwhat (?:is|are|was|were)? ?(?:the )?(?:accuracy|speed-?up|size|sizes|number|gain|improvement|reduction|perplexity|latency|throughput)|\b(?:accuracy|speed-?ups?|percentage|improvements?|gains?|reduction|perplexity|faster|smaller|flops|parameters|params|miou|top-1|sizes?|sparsity|compression ratio)\b/i;

/** Abstracts rarely state these details; a question about one is answered only by a sentence naming it. */
export const DETAIL_ATTRIBUTES =
  /\b(?:batch[- ]?sizes?|learning[- ]rates?|optimi[sz]ers?|epochs?|warm-?up|weight decay|hyper-?parameters?|random seeds?|seeds?|gpus?|tpus?|cpus?|hardware|boards?|chips?|accelerators?|clusters?|machines?|licen[cs]es?|venues?|conferences?|journals?|workshops?|funding|grants?|budget|costs?|price|training time|wall[- ]clock|how long)\b/i;

const FILLER = new Set([
  'paper',
  'papers',
  'work',
  'works',
  'study',
  'studies',
  'article',
  'publication',
  'publications',
  'collection',
  'corpus',
  'list',
  'anything',
  'tell',
  'me',
  'show',
  'find',
  'give',
  'about',
  'mainly',
  'mostly',
  'deal',
  'deals',
  'dealing',
  'related',
  'propose',
  'proposes',
  'introduce',
  'introduces',
  'present',
  'presents',
  'cover',
  'covers',
  'who',
  'wrote',
  'written',
  'write',
  'authors',
  'author',
  'behind',
  'made',
  'make',
  'published',
  'publish',
  'came',
  'come',
  'out',
  'when',
  'year',
  'code',
  'released',
  'release',
  'open',
  'source',
  'github',
  'link',
  'available',
  'have',
  'has',
  'many',
  'much',
  'how',
  'team',
  'we',
  'our',
  'us',
  'you',
  'i',
  'vs',
  'versus',
  'compare',
  'compared',
  'comparison',
  'category',
  'filed',
  'under',
  'institution',
  'listed',
  'work',
  'worked',
  'on',
  'get',
  'where',
  'can',
  'did',
  'does',
  'do',
  'is',
  'are',
  'was',
  'were',
  'the',
  'a',
  'an',
  'of',
  'in',
  'for',
  'to',
  'with',
  'and',
  'or',
  'by',
  'from',
  'that',
  'which',
  'what',
  'whats',
  "what's",
  'it',
  'its',
  'they',
  'their',
  'them',
  'this',
  'these',
  'one',
  'during',
  'while',
  'some',
  'any',
  'there',
  'here',
  'total',
  'altogether',
  'overall',
  'all',
  'currently',
  'now',
  'exist',
  'contain',
  'contains',
  'number',
  'count',
  'entries',
  'together',
  'jointly',
  'joint',
  'both',
  'affiliated',
  'affiliation',
  'affiliations',
  'w',
  'u',
  'no',
  'without',
  'lack',
  'lacking',
  'use',
  'uses',
  'using',
]);

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] ?? 0) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** A typed name part matches a real one exactly, or with one typo (two in long names). */
function namePartMatches(typed: string, real: string): boolean {
  if (typed === real) return true;
  if (real.length < 4 || typed.length < 3) return false;
  return levenshtein(typed, real) <= (real.length >= 8 ? 2 : 1);
}

const questionWords = (text: string) =>
  foldName(text.replace(/['’]s\b/gu, ''))
    .split(' ')
    .filter((w) => w !== '');

/** Corpus authors named by first and last name (middle names optional), or by a surname after "by". */
export function authorsIn(question: string, corpus: CorpusView): string[] {
  const words = questionWords(question);
  const found = new Set<string>();
  const bySurname = new Map<string, string[]>();
  for (const author of corpus.authorNames()) {
    const parts = foldName(author).split(' ');
    const first = parts[0] ?? '';
    const last = parts.at(-1) ?? '';
    if (parts.length >= 2) {
      for (let i = 0; i + 1 < words.length; i += 1) {
        const typed = words[i] ?? '';
        // "Max" for Maxwell: a short form of the first name, when the surname follows.
        const shortForm = typed.length >= 3 && first.startsWith(typed);
        if (!namePartMatches(typed, first) && !shortForm) continue;
        const next = words.slice(i + 1, i + 3);
        if (next.some((w) => namePartMatches(w, last))) found.add(author);
      }
    }
    bySurname.set(last, [...(bySurname.get(last) ?? []), author]);
  }
  // "s. mehta": an initial, then the surname.
  for (let i = 0; i + 1 < words.length; i += 1) {
    const initial = words[i] ?? '';
    if (initial.length !== 1 || !/\p{L}/u.test(initial)) continue;
    const matches = (bySurname.get(words[i + 1] ?? '') ?? []).filter((a) =>
      foldName(a).startsWith(initial),
    );
    if (matches.length === 1 && matches[0] !== undefined) found.add(matches[0]);
  }
  // A surname alone ("rastegari's papers", "by farhadi"), when one author of the corpus bears it.
  const named = new Set([...found].map((a) => foldName(a).split(' ').at(-1)));
  for (const word of words) {
    if (word.length < 4 || named.has(word) || STOP_SURNAMES.has(word)) continue;
    const authors = bySurname.get(word);
    if (authors?.length === 1 && authors[0] !== undefined && !usedInAbstracts(word, corpus))
      found.add(authors[0]);
  }
  return [...found];
}

/** Question words that happen to be someone's surname. */
const STOP_SURNAMES = new Set([
  'many',
  'much',
  'what',
  'which',
  'where',
  'when',
  'paper',
  'papers',
]);

const abstractWords = new WeakMap<readonly Paper[], Set<string>>();

/** A surname that is also a word of the abstracts ("wang" aside) reads as that word, not as a person. */
function usedInAbstracts(word: string, corpus: CorpusView): boolean {
  let words = abstractWords.get(corpus.papers);
  if (!words) {
    words = new Set(
      corpus.papers.flatMap((p) => foldName(`${p.title} ${p.abstractText}`).split(' ')),
    );
    abstractWords.set(corpus.papers, words);
  }
  return words.has(word);
}

/**
 * Affiliations of the corpus a question names: "utoronto" by "toronto" or "u of toronto",
 * "uw" by "university of washington" (its initials), "allen-ai" by "allen ai".
 */
function affiliationsIn(question: string, corpus: CorpusView): string[] {
  const words = questionWords(question);
  const text = ` ${words.join(' ')} `;
  const initials = new Set<string>();
  for (let i = 0; i < words.length; i += 1) {
    if (!/^(?:university|univ|u)$/.test(words[i] ?? '')) continue;
    const rest = words.slice(i + 1, i + 5).filter((w) => w !== 'of' && w !== 'at');
    for (let n = 1; n <= rest.length; n += 1)
      initials.add(
        `u${rest
          .slice(0, n)
          .map((w) => w.charAt(0))
          .join('')}`,
      );
  }
  const known = [...new Set(corpus.papers.flatMap((p) => p.affiliations))];
  return known.filter((code) => {
    const key = foldName(code);
    const bare = key.replace(/^u(?=\p{L}{4,})/u, '');
    return (
      text.includes(` ${key} `) ||
      (bare !== key && text.includes(` ${bare} `)) ||
      initials.has(key.replace(/ /g, ''))
    );
  });
}

/** Words of a question that only say which affiliation it is about. */
function affiliationWords(question: string, affiliations: readonly string[]): string[] {
  if (affiliations.length === 0) return [];
  const keys = affiliations.flatMap((a) => {
    const key = foldName(a);
    return [key, key.replace(/^u(?=\p{L}{4,})/u, ''), ...key.split(' ')];
  });
  return [
    ...keys,
    'university',
    'univ',
    ...questionWords(question).filter(
      (w, i, all) =>
        /^(?:university|univ|u)$/.test(all[i - 1] ?? '') ||
        (all[i - 2] === 'university' && all[i - 1] === 'of'),
    ),
  ];
}

const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
/** "March 2023", "in sept. of 2019": a month only beside its year ("may" alone is a verb). */
const MONTH_OF_YEAR =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:of\s+)?(?=(?:19|20)\d{2}\b)/i;

function monthIn(question: string): { month: number; word: string } | undefined {
  const match = MONTH_OF_YEAR.exec(question);
  if (!match?.[1]) return undefined;
  return {
    month: MONTH_NAMES.indexOf(match[1].slice(0, 3).toLowerCase()) + 1,
    word: match[1],
  };
}

function yearsIn(question: string): Pick<SearchFilters, 'yearFrom' | 'yearTo'> {
  const range = /\b((?:19|20)\d{2})\s*(?:-|–|to|and)\s*((?:19|20)\d{2})\b/.exec(question);
  if (range) return { yearFrom: Number(range[1]), yearTo: Number(range[2]) };
  const since =
    /\b(?:since|after|starting(?: in| from)?)\s+((?:19|20)\d{2})\b|\bfrom\s+((?:19|20)\d{2})\s+on(?:wards?)?\b/i.exec(
      question,
    );
  if (since) {
    const year = Number(since[1] ?? since[2]);
    return { yearFrom: year + (/after/i.test(since[0]) ? 1 : 0) };
  }
  const before = /\b(?:before|until|up to|prior to)\s+((?:19|20)\d{2})\b/i.exec(question);
  if (before) return { yearTo: Number(before[1]) - (/before|prior/i.test(before[0]) ? 1 : 0) };
  const year = /(?<![\d.])((?:19|20)\d{2})(?![\d.]|[a-z])/i.exec(question);
  if (year) return { yearFrom: Number(year[1]), yearTo: Number(year[1]) };
  return {};
}

/** "computer vision papers", "in cs.CL": a category named in full, by its leading words, or by its code in capitals. */
function categoryIn(question: string, categories: readonly Category[]): Category | undefined {
  const lower = ` ${question.toLowerCase().replace(/[^\p{L}\p{N}.]+/gu, ' ')} `;
  for (const category of categories) {
    const name = category.name.toLowerCase();
    const lead = name.split(/,| and /)[0]?.trim() ?? name;
    const aliases = [name, ...(lead.includes(' ') ? [lead] : [])];
    if (aliases.some((alias) => lower.includes(` ${alias} `))) return category;
    const code = new RegExp(`(?:^|[\\s(])(?:cs\\.)?${category.code}(?=$|[\\s),?.])`);
    if (category.code.length >= 2 && code.test(question)) return category;
    // "how many cv papers": a lower-case code reads as the category only right before "papers".
    const lowerCode = new RegExp(
      `(?:^|\\s)(?:cs\\.)?${category.code.toLowerCase()}\\s+(?:papers?|works?|publications?)\\b`,
    );
    if (category.code.length >= 2 && lowerCode.test(lower)) return category;
  }
  return undefined;
}

const WITH_CODE =
  /\b(?:with|have|has|having|come with|comes with|released?|release|ship|shipped|public|available) (?:public |open[- ]source |their |released |any )?code\b|\bcode (?:is |was )?(?:available|released|public)\b|\bopen[- ]sourced?\b/i;

/**
 * Papers a question names by title or short name, or by a name the paper introduces. A name
 * names only its own paper: "MobileViT" is MobileViT, not the later paper that defines it
 * again; "CLIP", which several papers use, is not "CLIP meets Model Zoo Experts", which
 * spells it out; "DKM v2" and "LLM in a flash 2" are versions the corpus does not have.
 */
function papersNamedIn(question: string, corpus: CorpusView): Paper[] {
  const lower = ` ${question.toLowerCase().replace(/[^\p{L}\p{N}+-]+/gu, ' ')} `;
  const named = new Set<Paper>();
  const things = thingsNamedIn(question, nameLexicon(corpus.papers));
  for (const thing of things) {
    if (otherVersionOf(question, thing.name) !== undefined) continue;
    for (const owner of papersNamedBy(thing)) named.add(owner);
  }
  for (const thing of things) {
    // "DNW" in Discovering Neural Wirings: the initials of a paper's title name that paper.
    for (const paper of thing.mentions)
      if (keyOf(thing.name).length >= 3 && titleInitials(paper.title) === keyOf(thing.name))
        named.add(paper);
  }
  for (const paper of corpus.papers) {
    const titles = [paper.title, paper.title.split(':')[0] ?? ''].filter((t) => t.length >= 8);
    const simplified = (t: string) =>
      t
        .toLowerCase()
        .replace(/[^\p{L}\p{N}+-]+/gu, ' ')
        .trim();
    if (
      titles.some(
        (t) => lower.includes(` ${simplified(t)} `) && otherVersionOf(question, t) === undefined,
      )
    )
      named.add(paper);
  }
  return [...named];
}

function papersNamedBy(thing: NamedThing): Paper[] {
  const owners = [...thing.owners];
  const byShortName = owners.filter((p) => keyOf(p.shortName ?? '') === keyOf(thing.name));
  if (byShortName.length > 0) return byShortName;
  // "SAM" of SAM-CLIP is the model SAM-CLIP merges, not SAM-CLIP.
  const partOfName = (p: Paper) =>
    (p.shortName ?? '').split(/[\s-]+/).some((part) => keyOf(part) === keyOf(thing.name));
  if (owners.some(partOfName)) return [];
  return [...thing.mentions].some((p) => !thing.owners.has(p)) ? [] : owners;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "DKM v2", "LLM in a flash 2": the name with a version number after it, when every time the
 * question writes the name it adds one. A year, a size ("7B") or a factor ("2x") is no version.
 */
function otherVersionOf(question: string, name: string): string | undefined {
  const words = name.split(/[^\p{L}\p{N}+]+/u).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const written = new RegExp(
    `(?<![\\p{L}\\p{N}])${words.map(escaped).join('[^\\p{L}\\p{N}]*')}(?![\\p{L}])`,
    'giu',
  );
  const version = /^[\s-]*(?:v|version\s*)?(\d+(?:\.\d+)?)(?![\p{L}\p{N}%]|\.\d)/iu;
  let versioned: string | undefined;
  for (const match of question.matchAll(written)) {
    const after = version.exec(question.slice(match.index + match[0].length));
    if (!after || Number(after[1]) >= 1900) return undefined;
    versioned = `${match[0]}${after[0]}`.replace(/\s+/g, ' ');
  }
  return versioned;
}

/** A thing the corpus has no paper for, named as the question writes it. */
function absentThing(name: string, corpus: CorpusView, mentioned: RegExp): NamedThing {
  return {
    name,
    owners: new Set(),
    mentions: new Set(corpus.papers.filter((p) => mentioned.test(p.abstractText))),
  };
}

/**
 * Names the corpus has no paper for: another version of one of its names ("MobileViTv3",
 * "DKM v2"), a name it writes only inside longer ones ("ResNet" in "ResNet-34"), another
 * paper's title ("Attention Is All You Need"). Left unnamed, the question would be answered
 * about whichever paper shares the most words with it.
 */
function absentNamesIn(
  question: string,
  corpus: CorpusView,
  known: readonly NamedThing[],
): NamedThing[] {
  const absent: NamedThing[] = [];
  const names = [
    ...known.map((t) => t.name),
    ...corpus.papers.flatMap((p) => [p.shortName ?? '', p.title.split(':')[0] ?? '']),
  ];
  for (const name of names.filter((n) => n.length >= 2)) {
    const version = otherVersionOf(question, name);
    if (version !== undefined && !absent.some((t) => keyOf(t.name) === keyOf(version)))
      absent.push(absentThing(version, corpus, /$^/));
  }
  const knownKeys = new Set(known.map((t) => keyOf(t.name)));
  const lexicon = nameLexicon(corpus.papers);
  for (const [word] of question.matchAll(/[\p{L}][\p{L}\p{N}+-]*[\p{L}\p{N}+]/gu)) {
    const key = keyOf(word);
    if (knownKeys.has(key) || lexicon.things.has(key) || !namesSomething(word)) continue;
    if (absent.some((t) => keyOf(t.name).includes(key))) continue;
    absent.push(
      absentThing(word, corpus, new RegExp(`(?<![\\p{L}\\p{N}])${escaped(word)}(?!\\p{L})`, 'iu')),
    );
  }
  return absent;
}

/**
 * "Who wrote Deep Residual Learning for Image Recognition?": a run of capitalised ordinary
 * words with small words among them ("for", "Is All You") is a title; one the corpus does not
 * hold is another paper's, and its words name none of ours.
 */
function absentTitlesIn(question: string, corpus: CorpusView): string[] {
  const title =
    /(?<=\s)\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}\p{N}'’-]*|\s+(?:for|of|in|on|and|with|to|a|an|the)\b){2,}/gu;
  const simplified = (t: string) =>
    ` ${t
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()} `;
  return [...question.matchAll(title)]
    .map(([run]) => run)
    .filter(
      (run) =>
        run.split(/\s+/).some((w) => isStopWord(w)) &&
        // Names side by side ("DeiT on ImageNet") are no title.
        run.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w) && !namesSomething(w)).length >= 3 &&
        !corpus.papers.some((p) => simplified(p.title).includes(simplified(run))),
    );
}

/** How a title the corpus lacks is spoken of: the user's words are not repeated. */
export const A_TITLE = 'a paper by that title';

function titleInitials(title: string): string {
  return (title.split(':')[0] ?? title)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !/^(?:a|an|the|of|for|in|on|and|to|with)$/i.test(w))
    .map((w) => w.charAt(0).toLowerCase())
    .join('');
}

const COUNT_STOP =
  /^(?:are|is|was|were|does|did|do|have|has|had|can|could|in|of|on|for|at|among|there|did|will|would)$/;

function attributeOf(question: string): { attribute?: string; counted?: string } {
  const q = question.toLowerCase().replace(/[?!.]+$/, '');
  const countedWords =
    /\bhow many (?:(?:more|fewer|less|different|distinct|total)\s+)?([\p{L}\p{N}-]+(?:\s+[\p{L}\p{N}-]+)?)/u.exec(
      q,
    )?.[1];
  // "how many images are in X": the counted noun ends before the verb.
  const counted =
    countedWords
      ?.split(/\s+/)
      .filter((w, i, all) => !all.slice(0, i + 1).some((x) => COUNT_STOP.test(x)))
      .join(' ')
      .trim() || undefined;
  const what =
    /\b(?:what|which)(?:'s| is| are| was| were)?\s+(?:the\s+|kind of\s+|type of\s+)?([\p{L}\p{N}-]+(?:\s+[\p{L}\p{N}-]+)?)\s+(?:did|does|do|was|were|is|are|has|have|had)\b/u.exec(
      q,
    )?.[1];
  const ofSubject =
    /\bwhat(?:'s|’s| is| was| are| were)\s+(?:the\s+)?([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+(?:of|for|in|used (?:by|in|for))\s+/u.exec(
      q,
    )?.[1];
  const possessive = /['’]s\s+([\p{L}\p{N}-]+(?:\s+[\p{L}\p{N}-]+)?)/u.exec(q)?.[1];
  const detail = DETAIL_ATTRIBUTES.exec(q)?.[0];
  const attribute = detail ?? what ?? ofSubject ?? possessive ?? counted;
  return {
    ...(attribute === undefined
      ? {}
      : { attribute: attribute.replace(/\s+(?:on|in|of|for|at)$/, '') }),
    ...(counted === undefined ? {} : { counted }),
  };
}

/** "who funded X", "who reviewed X": roles an abstract never states, unlike authorship. */
const OTHER_ROLE =
  /^\s*who\s+(funded|financed|sponsored|paid for|reviewed|peer[- ]reviewed|cited|cites|citing|supervised|advised|hosted|accepted|rejected|edited|presented|maintains|maintained|uses|used|implemented)\b/i;
const CHRONOLOGICAL =
  /\b(?:older|newer|earlier|later|more recent)\b.{0,60}\bthan\b|\bwhich (?:one )?(?:came|come|was published|appeared) (?:out )?(?:first|earlier|later|last)\b|\b(?:came|come) (?:out )?first\b|\bpublished (?:first|before|after)\b/i;
const OVERVIEWS: readonly [CorpusOverview, RegExp][] = [
  ['per-year', /\b(?:per|each|by) year\b|\byear by year\b|\bbreakdown by year\b/i],
  [
    'categories',
    /\bwhat (?:arxiv )?(?:categories|fields|subjects|areas)\b(?! is| does)|\b(?:categories|fields) (?:are (?:there|covered|represented)|do (?:we|the papers) (?:have|cover))|\b(?:per|each|by) (?:category|field)\b|\blist (?:the |all )?categories\b/i,
  ],
  [
    'oldest',
    /\b(?:oldest|earliest)\b.{0,30}\b(?:papers?|works?|one|publications?|entry)\b|\b(?:oldest|earliest)\s*\??$|\bfirst paper\b/i,
  ],
  [
    'newest',
    /\b(?:newest|latest|most recent|youngest)\b.{0,30}\b(?:papers?|works?|one|publications?|entry|addition)\b|\b(?:newest|latest|most recent)\s*\??$/i,
  ],
  [
    'most-papers',
    /\bwho (?:has|have|wrote|authored|published|is on) (?:the )?most\b|\bmost (?:prolific|frequent|common|papers)\b.{0,20}\b(?:authors?|researchers?|people|here|in)\b|\b(?:authors?|who) with the most papers\b|\btop authors?\b/i,
  ],
];

function overviewOf(question: string): CorpusOverview | undefined {
  return OVERVIEWS.find(([, pattern]) => pattern.test(question))?.[0];
}

function classify(
  question: string,
  facts: { authors: number; papers: number; mentioned: number },
): AnswerKind {
  const q = question.trim();
  const papersPlural = /\b(?:papers|works|publications|articles)\b/i.test(q);
  if (COUNT.test(q)) return 'count';
  if (facts.papers === 0 && overviewOf(q) !== undefined) return 'count';
  if (CATEGORY.test(q)) return 'category';
  if (WHERE.test(q) || /\baffiliat|\binstitution/i.test(q)) return 'where';
  if (OTHER_ROLE.test(q)) return 'general';
  if (WHO.test(q) && !/\bwho (?:else|cites?)\b/i.test(q)) return 'who';
  if (facts.authors > 0 && facts.papers === 0 && !/\bhow (?:much|many)\b/i.test(q))
    return 'author-papers';
  if (facts.papers >= 2 && CHRONOLOGICAL.test(q)) return 'comparison';
  // "Does MobileViT beat GPT-4?", "how much faster is eDKM than DKM?": a paper against
  // another or against a baseline is a comparison.
  const sides = facts.papers + Math.min(facts.mentioned, 1);
  if (
    sides >= 2 &&
    /\b\w+er\b(?: is \S+(?: \S+)?)? than\b|\bmore \w+\b(?: is \S+(?: \S+)?)? than\b|\bbeats?\b|\boutperforms?\b/i.test(
      q,
    )
  )
    return 'comparison';
  if (WHEN.test(q)) return 'when';
  const listOfPapers = LIST_START.test(q) || (papersPlural && facts.papers === 0);
  if (CODE.test(q) && !/\blicen[cs]e\b/i.test(q) && !listOfPapers) return 'code';
  if (listOfPapers) return 'topic-list';
  if (COMPARISON.test(q)) return 'comparison';
  if (/^\s*how (?:much|many)\b/i.test(q) || (FIGURE.test(q) && !/^\s*how (?:does|do)\b/i.test(q)))
    return 'figure';
  if (METHOD.test(q)) return 'method';
  return 'general';
}

/** Words that name the question's kind or its filters, not its topic. */
function topicOf(question: string, remove: readonly string[]): string {
  let text = question.replace(/['’]s\b/gu, '');
  for (const phrase of remove.filter((r) => r.length > 0).sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ' ');
  }
  text = text
    .replace(
      /\b(?:since|after|before|until|up to|prior to|from|in|starting)?\s*(?:19|20)\d{2}\b(?:\s+on(?:wards?)?)?/gi,
      ' ',
    )
    .replace(WITHOUT_CODE, ' ')
    .replace(WITH_CODE, ' ');
  // "or", "/" and "," separate alternatives of a topic; they stay, the filler words go.
  return text
    .split(/(\s+or\s+|\s*[/,]\s*)|[^\p{L}\p{N}+-]+/u)
    .filter((w): w is string => w !== undefined && w.trim() !== '')
    .map((w) => (/^\s*(?:or|[/,])\s*$/i.test(w) ? '/' : w))
    .filter((w) => w === '/' || !FILLER.has(w.toLowerCase()))
    .join(' ')
    .replace(/^(?:\s*\/)+|(?:\/\s*)+$/g, '')
    .replace(/(?:\/\s*){2,}/g, '/ ')
    .trim();
}

/**
 * Markup and terminal leftovers say nothing about what is asked: "**who** wrote \`openelm\`",
 * links, Discord mentions, the "[31m" an escape code leaves once its ESC is gone.
 */
function plainQuestion(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\((?:https?:)?[^)]*\)/gi, ' $1 ')
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/<[@#][!&]?\d+>|@(?:everyone|here)\b/g, ' ')
    .replace(/\[[\d;?]*[A-Za-z]|\][\d]+;[^\s]*/g, ' ')
    .replace(/```[\s\S]*?(?:```|$)|\|\|[^|]*\|\|/g, ' ')
    .replace(/[*_`~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const WITHOUT_CODE =
  /\b(?:no|without|lack(?:ing)?|missing|not? (?:have|has|having|release|list)(?: any)?) (?:public |released |any )?code\b|\bcode (?:is |was )?(?:not|never) (?:available|released|public)\b/i;

export function understand(raw: string, corpus: CorpusView): Question {
  const question = plainQuestion(raw);
  const authors = authorsIn(question, corpus);
  const titles = absentTitlesIn(question, corpus);
  const rest = titles.reduce((text, run) => text.replace(run, ' '), question);
  const papers = papersNamedIn(rest, corpus);
  const lexicon = nameLexicon(corpus.papers);
  const things = thingsNamedIn(rest, lexicon);
  const absent = [
    ...absentNamesIn(rest, corpus, things),
    ...titles.map(() => absentThing(A_TITLE, corpus, /$^/)),
  ];
  // "DKM" and "V2" of "DKM v2" are parts of the version asked about, not things of their own.
  const mentioned = [
    ...things.filter(
      (t) =>
        !absent.some((a) => keyOf(a.name).includes(keyOf(t.name))) &&
        !papersNamedBy(t).some((o) => papers.includes(o)),
    ),
    ...absent,
  ];
  const kind = classify(question, {
    authors: authors.length,
    papers: papers.length,
    mentioned: mentioned.length,
  });
  const category = categoryIn(question, corpus.categories());
  const listing = kind === 'topic-list' || kind === 'count' || kind === 'author-papers';
  const affiliations = affiliationsIn(question, corpus);
  const filters: SearchFilters = {
    ...yearsIn(question),
    ...(category === undefined ? {} : { category: category.code }),
    ...(listing && WITHOUT_CODE.test(question)
      ? { hasCode: false }
      : listing && WITH_CODE.test(question)
        ? { hasCode: true }
        : {}),
  };
  const authorWords = authors.flatMap((a) => foldName(a).split(' '));
  const typedAuthorWords = questionWords(question).filter(
    (w) =>
      authorWords.some((a) => namePartMatches(w, a) || (w.length >= 3 && a.startsWith(w))) ||
      (w.length === 1 && authors.length > 0),
  );
  const { attribute, counted } = attributeOf(question);
  const overview = kind === 'count' && papers.length === 0 ? overviewOf(question) : undefined;
  const month = monthIn(question);
  const topic = topicOf(question, [
    ...(month ? [month.word] : []),
    ...typedAuthorWords,
    ...affiliationWords(question, affiliations),
    ...(category ? [category.name, category.name.split(/,| and /)[0] ?? '', category.code] : []),
  ]);
  return {
    text: question,
    kind,
    papers,
    authors,
    mentioned,
    filters,
    attribute,
    counted,
    topic: overview === undefined ? topic : '',
    month: month?.month,
    affiliations,
    overview,
    chronological: kind === 'comparison' && CHRONOLOGICAL.test(question),
    unstatedRole: OTHER_ROLE.exec(question)?.[1]?.toLowerCase(),
  };
}

/**
 * "How fast is it?", "what dataset did they use?", "who wrote this paper?": the question is
 * about one paper it does not name. "Is it possible to…" and "papers that release their code"
 * refer to nothing.
 */
export function refersToUnnamedPaper(raw: string): boolean {
  const q = plainQuestion(raw);
  const described =
    /\b(?:the|a|that|this) (?:paper|work|article|study|publication|preprint|model|method|approach|one) (?:that|which|on|about|by|from|where|with|whose|in which)\b/i;
  if (described.test(q)) return false;
  const definite =
    /\b(?:this|that|the|said) (?:paper|work|article|study|publication|preprint|model|method|approach|one)\b/i;
  if (definite.test(q)) return true;
  const expletive =
    /\b(?:is|was|isn['’]t) it (?:possible|true|feasible|worth|necessary|common|better|ok|okay|hard|easy)\b|\bit(?: is|['’]s| was) (?:possible|true|feasible|worth|necessary|common|hard|easy)\b|\bmakes? it\b/gi;
  const rest = q.replace(expletive, ' ');
  if (/\b(?:it|its)\b/i.test(rest)) return true;
  const plural =
    /\b(?:papers|works|articles|studies|publications|models|methods|authors|people|researchers|teams|labs)\b/i;
  return /\b(?:they|their|them)\b/i.test(rest) && !plural.test(rest);
}

/** The stems of a phrase, for matching an attribute or topic against sentences. */
export function stemsOf(text: string): string[] {
  return [...new Set(plainTermsOf(text))];
}
