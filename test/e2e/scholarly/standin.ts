// Local stand-ins for the arXiv API (Atom XML with the arxiv: namespace, as
// https://info.arxiv.org/help/api/user-manual.html documents it) and Crossref's REST API
// (`GET /works/{doi}` → `{ status, message-type, message }`, abstracts in JATS XML), so the
// real HTTP, XML and JSON paths run without the network.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ARXIV_RECORDS,
  CROSSREF_RECORDS,
  type ArxivRecord,
  type CrossrefRecord,
} from './records.js';

type Failure =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'malformed' }
  /** Announces a whole answer, sends half of it and closes the connection. */
  | { kind: 'cut' }
  | { kind: 'drop' };

export interface ScholarlyStandIn {
  /** For ARXIV_API_URL. */
  readonly arxivUrl: string;
  /** For CROSSREF_API_URL. */
  readonly crossrefUrl: string;
  /** Every request path, with the time it arrived. */
  readonly requests: { path: string; at: number }[];
  /** The next requests fail this way, one failure per request. */
  failNext(...failures: Failure[]): void;
  /** Adds or replaces an arXiv record (a new version, say). */
  putArxiv(record: ArxivRecord): void;
  close(): Promise<void>;
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function atomEntry(r: ArxivRecord): string {
  const authors = r.authors
    .map(
      (a) =>
        `<author><name>${xml(a.name)}</name>${a.affiliation ? `<arxiv:affiliation>${xml(a.affiliation)}</arxiv:affiliation>` : ''}</author>`,
    )
    .join('');
  return `<entry>
    <id>http://arxiv.org/abs/${r.id}v${r.version}</id>
    <updated>${r.published}</updated>
    <published>${r.published}</published>
    <title>${xml(r.title)}</title>
    <summary>${xml(r.summary)}</summary>
    ${authors}
    ${r.doi ? `<arxiv:doi>${r.doi}</arxiv:doi><link title="doi" href="http://dx.doi.org/${r.doi}" rel="related"/>` : ''}
    ${r.comment ? `<arxiv:comment>${xml(r.comment)}</arxiv:comment>` : ''}
    <link href="http://arxiv.org/abs/${r.id}v${r.version}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${r.id}v${r.version}" rel="related" type="application/pdf"/>
    <arxiv:primary_category term="${r.primaryCategory}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="${r.primaryCategory}" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;
}

function errorEntry(id: string): string {
  return `<entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_${xml(id)}</id>
    <title>Error</title>
    <summary>incorrect id format for ${xml(id)}</summary>
    <updated>2024-01-01T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_${xml(id)}" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>`;
}

function atomFeed(entries: string[], total: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query</title>
  <id>http://arxiv.org/api/standin</id>
  <updated>2024-01-01T00:00:00-05:00</updated>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>${total}</opensearch:itemsPerPage>
  ${entries.join('\n')}
</feed>`;
}

function crossrefWork(r: CrossrefRecord): object {
  return {
    status: 'ok',
    'message-type': 'work',
    'message-version': '1.0.0',
    message: {
      DOI: r.DOI,
      type: 'journal-article',
      title: [r.title],
      ...(r.subtitle ? { subtitle: [r.subtitle] } : {}),
      author: r.authors.map((a) => ({
        given: a.given,
        family: a.family,
        sequence: 'additional',
        affiliation: a.affiliation ? [{ name: a.affiliation }] : [],
      })),
      ...(r.abstract ? { abstract: r.abstract } : {}),
      issued: { 'date-parts': [r.issued] },
      URL: `https://doi.org/${r.DOI}`,
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type }).end(body);
}

export async function startScholarlyStandIn(): Promise<ScholarlyStandIn> {
  const arxiv = new Map(ARXIV_RECORDS.map((r) => [r.id, r]));
  const crossref = new Map(CROSSREF_RECORDS.map((r) => [r.DOI.toLowerCase(), r]));
  const failures: Failure[] = [];
  const requests: { path: string; at: number }[] = [];

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push({ path: `${url.pathname}${url.search}`, at: Date.now() });
    const failure = failures.shift();
    if (failure?.kind === 'drop') return request.socket.destroy();
    if (failure?.kind === 'status')
      return response
        .writeHead(failure.status, { 'content-type': 'text/plain', ...failure.headers })
        .end(failure.body ?? 'failed');
    const malformed = failure?.kind === 'malformed';
    if (failure?.kind === 'cut') {
      const whole = atomFeed([...arxiv.values()].map(atomEntry), arxiv.size);
      response.writeHead(200, {
        'content-type': 'application/atom+xml',
        'content-length': String(Buffer.byteLength(whole)),
      });
      response.write(whole.slice(0, whole.length / 2));
      setTimeout(() => request.socket.destroy(), 20);
      return;
    }

    if (url.pathname === '/arxiv/api/query') {
      if (malformed) return send(response, 200, 'application/atom+xml', '<feed><entry><id>');
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      const entries = ids.flatMap((raw) => {
        const match = /^(.+?)(?:v(\d+))?$/.exec(raw);
        const record = arxiv.get(match?.[1] ?? '');
        if (!/^\d{4}\.\d{4,5}(v\d+)?$|^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/.test(raw))
          return [errorEntry(raw)];
        return record ? [atomEntry(record)] : [];
      });
      return send(
        response,
        200,
        'application/atom+xml; charset=utf-8',
        atomFeed(entries, entries.length),
      );
    }
    const work = /^\/crossref\/works\/(.+)$/.exec(url.pathname);
    if (work?.[1] !== undefined) {
      if (malformed) return send(response, 200, 'application/json', '{"status":"ok","mess');
      const record = crossref.get(decodeURIComponent(work[1]).toLowerCase());
      return record
        ? send(response, 200, 'application/json', JSON.stringify(crossrefWork(record)))
        : send(response, 404, 'text/plain', 'Resource not found.');
    }
    send(response, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    arxivUrl: `${base}/arxiv/api/query`,
    crossrefUrl: `${base}/crossref`,
    requests,
    failNext: (...next) => failures.push(...next),
    putArxiv: (record) => arxiv.set(record.id, record),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
