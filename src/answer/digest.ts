import type { Paper } from '../corpus/schema.js';
import { splitSentences } from '../corpus/sentences.js';
import { figuresIn, hasFigure } from './figures.js';

/**
 * The parts of an abstract a reader skims for: what problem, what method, what result.
 * Picked by the phrases abstracts use to introduce each, so every part is a quote.
 */
export interface Digest {
  tldr: string;
  problem: string | undefined;
  method: string | undefined;
  result: string | undefined;
}

/** Where a paper says what it does: "we propose", "this paper presents", "we release X". */
const DOES =
  /\b(?:we|this (?:paper|work|study)|in this (?:paper|work)|our (?:work|paper))\b[^.]{0,60}?\b(?:propos|introduc|present|develop|design|describ|releas|creat|build|built|stud|investigat|explor|call|formulat|show|find|demonstrat|ask)\w*/i;
/** How it works: what it uses, how it proceeds. */
const HOW =
  /\b(?:uses?|using|by (?:\w+ing)|via|through|consist|based on|leverag|employ|relies|replac|reframe|fuses?|encodes?|learns?|combin|parallel|iterativ|procedure|strategy|mechanism|architecture)\w*/i;
const PROBLEM =
  /\b(however|challeng|bottleneck|problem|limit|costly|expensive|difficult|suffer|drawback|require|despite|yet)\w*/i;
const RESULT =
  /\b(outperform|improv|achiev|reduc|faster|speed|accuracy|gain|state-of-the-art|boost|surpass)\w*/i;
/** A TL;DR is a line, not a paragraph. */
const TLDR_CHARS = 400;

function bestResult(sentences: readonly string[], skip: ReadonlySet<string>): string | undefined {
  const scored = sentences
    .filter((s) => !skip.has(s))
    .map((s) => ({
      s,
      score: (hasFigure(s) ? 2 + figuresIn(s).length * 0.1 : 0) + (RESULT.test(s) ? 1 : 0),
    }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored[0]?.s;
}

/** The sentence that names what the paper does; a short name's first sentence as subject also counts. */
function whatItDoes(sentences: readonly string[], paper: Paper): string | undefined {
  const name = paper.shortName;
  return (
    sentences.find((s) => DOES.test(s) && !/^(?:however|although|while)\b/i.test(s)) ??
    (name === undefined ? undefined : sentences.find((s) => s.startsWith(`${name} `)))
  );
}

export function digest(paper: Paper): Digest {
  const sentences = splitSentences(paper.abstractText);
  const does = whatItDoes(sentences, paper);
  const after = does === undefined ? sentences : sentences.slice(sentences.indexOf(does) + 1);
  const how = after.find((s) => HOW.test(s) && !PROBLEM.test(s) && !hasFigure(s));
  const method = how ?? does;
  const used = new Set([does, method].filter((s): s is string => s !== undefined));
  const before = does === undefined ? sentences : sentences.slice(0, sentences.indexOf(does) + 1);
  const problem =
    before.find((s) => PROBLEM.test(s) && !used.has(s)) ??
    sentences.find((s) => PROBLEM.test(s) && !used.has(s));
  if (problem !== undefined) used.add(problem);
  const result = bestResult(sentences, used);
  const lead = does ?? sentences[0] ?? paper.title;
  // What it does, then the headline result, when both fit in a line.
  const tldr =
    result !== undefined && lead.length + result.length + 1 <= TLDR_CHARS
      ? `${lead} ${result}`
      : lead;
  return { tldr, problem, method, result };
}
