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

export function categoryFromCode(raw: string): Category {
  const code = raw
    .trim()
    .replace(/^(cs|eess|stat)\./i, '')
    .toUpperCase();
  return { code, name: ARXIV_NAMES[code] ?? code };
}

/** Accepts a code ("CV", "cs.CV") or a full name ("Computer Vision"), case-insensitively. */
export function matchCategory(query: string, known: readonly Category[]): Category | undefined {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/^(cs|eess|stat)\./, '');
  return (
    known.find((c) => c.code.toLowerCase() === q) ??
    known.find((c) => c.name.toLowerCase() === q) ??
    known.find((c) => c.name.toLowerCase().startsWith(q)) ??
    (q.length >= 3 ? known.find((c) => c.name.toLowerCase().includes(q)) : undefined)
  );
}
