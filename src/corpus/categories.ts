import type { Category } from './schema.js';

/** arXiv subject classes as publication lists abbreviate them (the `cs.` prefix dropped). */
const ARXIV_NAMES: Record<string, string> = {
  AI: 'Artificial Intelligence',
  AR: 'Hardware Architecture',
  CC: 'Computational Complexity',
  CE: 'Computational Engineering, Finance, and Science',
  CG: 'Computational Geometry',
  CL: 'Computation and Language',
  CR: 'Cryptography and Security',
  CV: 'Computer Vision and Pattern Recognition',
  CY: 'Computers and Society',
  DB: 'Databases',
  DC: 'Distributed, Parallel, and Cluster Computing',
  DL: 'Digital Libraries',
  DS: 'Data Structures and Algorithms',
  ET: 'Emerging Technologies',
  GR: 'Graphics',
  GT: 'Computer Science and Game Theory',
  HC: 'Human-Computer Interaction',
  IR: 'Information Retrieval',
  IT: 'Information Theory',
  LG: 'Machine Learning',
  LO: 'Logic in Computer Science',
  MA: 'Multiagent Systems',
  MM: 'Multimedia',
  NE: 'Neural and Evolutionary Computing',
  NI: 'Networking and Internet Architecture',
  PF: 'Performance',
  PL: 'Programming Languages',
  RO: 'Robotics',
  SD: 'Sound',
  SE: 'Software Engineering',
  SI: 'Social and Information Networks',
  SY: 'Systems and Control',
  AS: 'Audio and Speech Processing',
  IV: 'Image and Video Processing',
  ML: 'Machine Learning (Statistics)',
};

/** For papers a list gives no category: a code that filters like any other. */
export const UNCATEGORIZED: Category = { code: 'misc', name: 'Uncategorized' };

const CODE_BY_NAME = new Map(
  Object.entries(ARXIV_NAMES).map(([code, name]) => [name.toLowerCase(), code]),
);

/**
 * A category as written: an arXiv code ("cs.CV", "CV", "q-bio.NC") or the name of one of
 * the classes above ("Computer Vision and Pattern Recognition" is CV, so `--category CV`
 * finds it). Other archives keep their own spelling, lower-case archive and upper-case class.
 */
export function categoryFromCode(raw: string): Category {
  const trimmed = raw.trim().replace(/\s+/g, ' ');
  const named = CODE_BY_NAME.get(trimmed.toLowerCase());
  if (named) return { code: named, name: ARXIV_NAMES[named] ?? named };
  const code = trimmed.replace(/^(cs|eess|stat)\./i, '');
  const archive = /^([a-z-]+)\.([a-z-]+)$/i.exec(code);
  if (archive) {
    const spelled = `${archive[1]?.toLowerCase()}.${archive[2]?.toUpperCase()}`;
    return { code: spelled, name: spelled };
  }
  const upper = code.toUpperCase();
  return { code: upper, name: ARXIV_NAMES[upper] ?? code };
}

/** Accepts a code ("CV", "cs.CV") or a full name ("Computer Vision"), case-insensitively. */
export function matchCategory(query: string, known: readonly Category[]): Category | undefined {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/^(cs|eess|stat)\./, '');
  return (
    known.find((c) => c.code.toLowerCase() === q) ??
    // "NC" for q-bio.NC: the class without its archive, when no code of the main ones is it.
    known.find((c) => c.code.toLowerCase().endsWith(`.${q}`)) ??
    known.find((c) => c.name.toLowerCase() === q) ??
    known.find((c) => c.name.toLowerCase().startsWith(q)) ??
    (q.length >= 3 ? known.find((c) => c.name.toLowerCase().includes(q)) : undefined)
  );
}
