import type { Category } from './schema.js';

/**
 * arXiv's category taxonomy (arxiv.org/category_taxonomy), every archive: no maintained
 * package holds it, and a team's papers reach beyond computer science (q-bio.NC, math.OC).
 * stat.ML is arXiv's "Machine Learning" too; it keeps "(Statistics)" so that the name
 * still tells it from cs.LG in lists and filters.
 */
const ARXIV_TAXONOMY: Record<string, string> = {
  'cs.AI': 'Artificial Intelligence',
  'cs.AR': 'Hardware Architecture',
  'cs.CC': 'Computational Complexity',
  'cs.CE': 'Computational Engineering, Finance, and Science',
  'cs.CG': 'Computational Geometry',
  'cs.CL': 'Computation and Language',
  'cs.CR': 'Cryptography and Security',
  'cs.CV': 'Computer Vision and Pattern Recognition',
  'cs.CY': 'Computers and Society',
  'cs.DB': 'Databases',
  'cs.DC': 'Distributed, Parallel, and Cluster Computing',
  'cs.DL': 'Digital Libraries',
  'cs.DM': 'Discrete Mathematics',
  'cs.DS': 'Data Structures and Algorithms',
  'cs.ET': 'Emerging Technologies',
  'cs.FL': 'Formal Languages and Automata Theory',
  'cs.GL': 'General Literature',
  'cs.GR': 'Graphics',
  'cs.GT': 'Computer Science and Game Theory',
  'cs.HC': 'Human-Computer Interaction',
  'cs.IR': 'Information Retrieval',
  'cs.IT': 'Information Theory',
  'cs.LG': 'Machine Learning',
  'cs.LO': 'Logic in Computer Science',
  'cs.MA': 'Multiagent Systems',
  'cs.MM': 'Multimedia',
  'cs.MS': 'Mathematical Software',
  'cs.NA': 'Numerical Analysis',
  'cs.NE': 'Neural and Evolutionary Computing',
  'cs.NI': 'Networking and Internet Architecture',
  'cs.OH': 'Other Computer Science',
  'cs.OS': 'Operating Systems',
  'cs.PF': 'Performance',
  'cs.PL': 'Programming Languages',
  'cs.RO': 'Robotics',
  'cs.SC': 'Symbolic Computation',
  'cs.SD': 'Sound',
  'cs.SE': 'Software Engineering',
  'cs.SI': 'Social and Information Networks',
  'cs.SY': 'Systems and Control',
  'econ.EM': 'Econometrics',
  'econ.GN': 'General Economics',
  'econ.TH': 'Theoretical Economics',
  'eess.AS': 'Audio and Speech Processing',
  'eess.IV': 'Image and Video Processing',
  'eess.SP': 'Signal Processing',
  'eess.SY': 'Systems and Control',
  'math.AC': 'Commutative Algebra',
  'math.AG': 'Algebraic Geometry',
  'math.AP': 'Analysis of PDEs',
  'math.AT': 'Algebraic Topology',
  'math.CA': 'Classical Analysis and ODEs',
  'math.CO': 'Combinatorics',
  'math.CT': 'Category Theory',
  'math.CV': 'Complex Variables',
  'math.DG': 'Differential Geometry',
  'math.DS': 'Dynamical Systems',
  'math.FA': 'Functional Analysis',
  'math.GM': 'General Mathematics',
  'math.GN': 'General Topology',
  'math.GR': 'Group Theory',
  'math.GT': 'Geometric Topology',
  'math.HO': 'History and Overview',
  'math.IT': 'Information Theory',
  'math.KT': 'K-Theory and Homology',
  'math.LO': 'Logic',
  'math.MG': 'Metric Geometry',
  'math.MP': 'Mathematical Physics',
  'math.NA': 'Numerical Analysis',
  'math.NT': 'Number Theory',
  'math.OA': 'Operator Algebras',
  'math.OC': 'Optimization and Control',
  'math.PR': 'Probability',
  'math.QA': 'Quantum Algebra',
  'math.RA': 'Rings and Algebras',
  'math.RT': 'Representation Theory',
  'math.SG': 'Symplectic Geometry',
  'math.SP': 'Spectral Theory',
  'math.ST': 'Statistics Theory',
  'astro-ph': 'Astrophysics',
  'astro-ph.CO': 'Cosmology and Nongalactic Astrophysics',
  'astro-ph.EP': 'Earth and Planetary Astrophysics',
  'astro-ph.GA': 'Astrophysics of Galaxies',
  'astro-ph.HE': 'High Energy Astrophysical Phenomena',
  'astro-ph.IM': 'Instrumentation and Methods for Astrophysics',
  'astro-ph.SR': 'Solar and Stellar Astrophysics',
  'cond-mat.dis-nn': 'Disordered Systems and Neural Networks',
  'cond-mat.mes-hall': 'Mesoscale and Nanoscale Physics',
  'cond-mat.mtrl-sci': 'Materials Science',
  'cond-mat.other': 'Other Condensed Matter',
  'cond-mat.quant-gas': 'Quantum Gases',
  'cond-mat.soft': 'Soft Condensed Matter',
  'cond-mat.stat-mech': 'Statistical Mechanics',
  'cond-mat.str-el': 'Strongly Correlated Electrons',
  'cond-mat.supr-con': 'Superconductivity',
  'gr-qc': 'General Relativity and Quantum Cosmology',
  'hep-ex': 'High Energy Physics - Experiment',
  'hep-lat': 'High Energy Physics - Lattice',
  'hep-ph': 'High Energy Physics - Phenomenology',
  'hep-th': 'High Energy Physics - Theory',
  'math-ph': 'Mathematical Physics',
  'nlin.AO': 'Adaptation and Self-Organizing Systems',
  'nlin.CD': 'Chaotic Dynamics',
  'nlin.CG': 'Cellular Automata and Lattice Gases',
  'nlin.PS': 'Pattern Formation and Solitons',
  'nlin.SI': 'Exactly Solvable and Integrable Systems',
  'nucl-ex': 'Nuclear Experiment',
  'nucl-th': 'Nuclear Theory',
  'physics.acc-ph': 'Accelerator Physics',
  'physics.ao-ph': 'Atmospheric and Oceanic Physics',
  'physics.app-ph': 'Applied Physics',
  'physics.atm-clus': 'Atomic and Molecular Clusters',
  'physics.atom-ph': 'Atomic Physics',
  'physics.bio-ph': 'Biological Physics',
  'physics.chem-ph': 'Chemical Physics',
  'physics.class-ph': 'Classical Physics',
  'physics.comp-ph': 'Computational Physics',
  'physics.data-an': 'Data Analysis, Statistics and Probability',
  'physics.ed-ph': 'Physics Education',
  'physics.flu-dyn': 'Fluid Dynamics',
  'physics.gen-ph': 'General Physics',
  'physics.geo-ph': 'Geophysics',
  'physics.hist-ph': 'History and Philosophy of Physics',
  'physics.ins-det': 'Instrumentation and Detectors',
  'physics.med-ph': 'Medical Physics',
  'physics.optics': 'Optics',
  'physics.plasm-ph': 'Plasma Physics',
  'physics.pop-ph': 'Popular Physics',
  'physics.soc-ph': 'Physics and Society',
  'physics.space-ph': 'Space Physics',
  'q-bio.BM': 'Biomolecules',
  'q-bio.CB': 'Cell Behavior',
  'q-bio.GN': 'Genomics',
  'q-bio.MN': 'Molecular Networks',
  'q-bio.NC': 'Neurons and Cognition',
  'q-bio.OT': 'Other Quantitative Biology',
  'q-bio.PE': 'Populations and Evolution',
  'q-bio.QM': 'Quantitative Methods',
  'q-bio.SC': 'Subcellular Processes',
  'q-bio.TO': 'Tissues and Organs',
  'q-fin.CP': 'Computational Finance',
  'q-fin.EC': 'Economics',
  'q-fin.GN': 'General Finance',
  'q-fin.MF': 'Mathematical Finance',
  'q-fin.PM': 'Portfolio Management',
  'q-fin.PR': 'Pricing of Securities',
  'q-fin.RM': 'Risk Management',
  'q-fin.ST': 'Statistical Finance',
  'q-fin.TR': 'Trading and Market Microstructure',
  'quant-ph': 'Quantum Physics',
  'stat.AP': 'Applications',
  'stat.CO': 'Computation',
  'stat.ME': 'Methodology',
  'stat.ML': 'Machine Learning (Statistics)',
  'stat.OT': 'Other Statistics',
  'stat.TH': 'Statistics Theory',
};

/** Publication lists drop these archives' prefix ("CV" for cs.CV), and so do stored papers. */
const ABBREVIATED_ARCHIVES = /^(cs|eess|stat)\./i;

/** For papers a list gives no category: a code that filters like any other. */
export const UNCATEGORIZED: Category = { code: 'misc', name: 'Uncategorized' };

const BY_CODE = new Map<string, Category>();
/** A name can be two codes' (Information Theory is cs.IT and math.IT): every one is kept. */
const BY_NAME = new Map<string, Category[]>();
for (const [code, name] of Object.entries(ARXIV_TAXONOMY)) {
  const short = code.replace(ABBREVIATED_ARCHIVES, '');
  // cs.SY and eess.SY are one class under two codes: the first one listed stands for both.
  const category = BY_CODE.get(short.toLowerCase()) ?? { code: short, name };
  BY_CODE.set(short.toLowerCase(), category);
  BY_CODE.set(code.toLowerCase(), category);
  const named = BY_NAME.get(name.toLowerCase()) ?? [];
  if (!named.includes(category)) BY_NAME.set(name.toLowerCase(), [...named, category]);
}

const written = (raw: string) => raw.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The arXiv categories a code or name stands for, in any case: "cs.CV", "CV" and "Computer
 * Vision and Pattern Recognition" are CV; "Neurons and Cognition" is q-bio.NC.
 */
function arxivCategories(raw: string): Category[] {
  const key = written(raw);
  const byCode = BY_CODE.get(key);
  return byCode ? [byCode] : (BY_NAME.get(key) ?? []);
}

/** The arXiv category a code or name stands for, or undefined when arXiv has none such. */
export function arxivCategory(raw: string): Category | undefined {
  return arxivCategories(raw)[0];
}

/**
 * A category as a source gave it (arXiv's feed, a .bib's primaryClass): arXiv's when it is
 * one; otherwise kept as written, lower-case archive and upper-case class, since the paper is
 * still worth adding. A team's own files are stricter: see parse.ts.
 */
export function categoryFromCode(raw: string): Category {
  const known = arxivCategory(raw);
  if (known) return known;
  const code = raw.trim().replace(/\s+/g, ' ').replace(ABBREVIATED_ARCHIVES, '');
  const archive = /^([a-z-]+)\.([a-z-]+)$/i.exec(code);
  if (archive) {
    const spelled = `${archive[1]?.toLowerCase()}.${archive[2]?.toUpperCase()}`;
    return { code: spelled, name: spelled };
  }
  return { code: code.toUpperCase(), name: code };
}

/**
 * Accepts a code ("CV", "cs.CV") or a name ("Computer Vision"), case-insensitively: a whole
 * name, or words of one name that no other name holds ("vision", "language"). A fragment such
 * as "c" or "and" began or sat inside some name and was taken for it, silently.
 */
export function matchCategory(query: string, known: readonly Category[]): Category | undefined {
  const q = written(query).replace(ABBREVIATED_ARCHIVES, '');
  // By arXiv's own code or name, whatever name the corpus stored (papers added before the
  // whole taxonomy was known carry their code as their name).
  const meant = arxivCategories(query).map((c) => c.code);
  return (
    known.find((c) => c.code.toLowerCase() === q) ??
    known.find((c) => meant.includes(c.code)) ??
    // "NC" for q-bio.NC: the class without its archive, when no code of the main ones is it.
    known.find((c) => c.code.toLowerCase().endsWith(`.${q}`)) ??
    known.find((c) => c.name.toLowerCase() === q) ??
    onlyNameWith(q, known)
  );
}

/** Words every name may hold: they name no category. */
const NAME_GLUE = new Set(['and', 'or', 'of', 'the', 'for', 'in', 'on', 'to', 'with']);

function onlyNameWith(words: string, known: readonly Category[]): Category | undefined {
  const typed = words.split(/\s+/).filter((word) => word !== '');
  if (typed.length === 0 || typed.every((word) => NAME_GLUE.has(word))) return undefined;
  const phrase = new RegExp(
    `(?<![\\p{L}\\p{N}])${escapedPattern(typed.join(' '))}(?![\\p{L}\\p{N}])`,
    'u',
  );
  const holding = known.filter((c) => phrase.test(c.name.toLowerCase()));
  return holding.length === 1 ? holding[0] : undefined;
}

function escapedPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether arXiv has a category of this code or name, whether or not any paper here is in it. */
export function isArxivCategory(raw: string): boolean {
  return arxivCategories(raw).length > 0;
}
