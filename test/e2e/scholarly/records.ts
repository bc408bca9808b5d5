// The papers the arXiv and Crossref stand-ins know: small, invented records in the shape
// each service documents, independent of the bundled corpus.
export interface ArxivRecord {
  id: string;
  version: number;
  title: string;
  summary: string;
  published: string;
  authors: { name: string; affiliation?: string }[];
  primaryCategory: string;
  doi?: string;
  comment?: string;
}

export const ARXIV_RECORDS: ArxivRecord[] = [
  {
    id: '2401.00001',
    version: 2,
    title: 'GlimmerNet: Sparse Attention\n  for Tiny Devices',
    summary:
      '  We introduce GlimmerNet, a sparse attention network that runs on microcontrollers.\n  It is 4.2x faster than dense baselines. Code: https://github.com/example/glimmernet  ',
    published: '2024-01-02T18:00:00Z',
    authors: [{ name: 'Ada Quill', affiliation: 'Example University' }, { name: 'Bo Tran' }],
    primaryCategory: 'cs.LG',
    comment: '12 pages',
  },
  {
    id: '2402.00002',
    version: 1,
    title: 'Ripple Distillation for Speech Models',
    summary: 'Ripple distillation compresses speech recognisers by a factor of three.',
    published: '2024-02-10T12:00:00Z',
    authors: [{ name: 'Cy Ortega' }],
    primaryCategory: 'eess.AS',
    doi: '10.5555/ripple.2024',
  },
];

export interface CrossrefRecord {
  DOI: string;
  title: string;
  subtitle?: string;
  authors: { given: string; family: string; affiliation?: string }[];
  abstract?: string;
  issued: number[];
}

export const CROSSREF_RECORDS: CrossrefRecord[] = [
  {
    DOI: '10.1234/Tides.2023.7',
    title: 'Tidal Pooling for Efficient Segmentation',
    authors: [
      { given: 'Dana', family: 'Reyes', affiliation: 'Harbor Institute' },
      { given: 'Eli', family: 'Stone' },
    ],
    abstract:
      '<jats:title>Abstract</jats:title><jats:p>Tidal pooling merges tokens &amp; pixels.</jats:p><jats:p>It halves the cost of <jats:italic>segmentation</jats:italic> at equal accuracy.</jats:p>',
    issued: [2023, 5],
  },
  {
    DOI: '10.5555/sparse.2025',
    title: 'Learning <i>Sparse</i> Nets with H<sub>2</sub>O &amp; <scp>BERT</scp>',
    subtitle: 'A <i>Case</i> Study',
    authors: [{ given: 'Kai', family: 'Lund' }],
    abstract: '<jats:p>Code: https://github.com/example/sparse-nets.</jats:p>',
    issued: [2025, 1, 5],
  },
  {
    DOI: '10.5555/ripple.2024',
    title: 'Ripple Distillation for Speech Models',
    authors: [{ given: 'Cy', family: 'Ortega' }],
    issued: [2024, 2, 10],
  },
  {
    DOI: '10.5555/yearly.2019',
    title: 'A Yearly Review of Pooling',
    authors: [{ given: 'Ann', family: 'Lee' }],
    issued: [2019],
  },
];
