// What paperbot reads from a source is bounded, and an oversized answer is told in words
// that say how big it was, or that it was bigger than paperbot reads.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getText, SourceError } from '../../src/sources/fetch.js';

const MB = 1024 * 1024;

describe('an answer larger than a source may hand over', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/declared') {
        response.writeHead(200, { 'content-length': String(200 * MB) });
        response.write('x');
        return;
      }
      // No declared length: a body that keeps coming until the reader hangs up.
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const more = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', more);
      };
      response.on('close', () => response.removeAllListeners('drain'));
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function failure(path: string): Promise<string> {
    const error = await getText(`${base}${path}`, { service: 'the stand-in' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SourceError, String(error));
    return error.message;
  }

  it('says its declared size beside the limit', async () => {
    assert.equal(
      await failure('/declared'),
      'The answer from the stand-in is 200.0 MB; the limit is 5.0 MB.',
    );
  });

  it('says it is more than the limit when its size was not declared', async () => {
    assert.equal(
      await failure('/streamed'),
      'The answer from the stand-in is more than 5.0 MB; the limit is 5.0 MB.',
    );
  });
});
