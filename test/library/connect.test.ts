// Reaching PostgreSQL: DATABASE_URL's sslmode read as libpq reads it, with no warning from pg,
// and a server that does not answer told apart from one that refuses.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TLSSocket } from 'node:tls';
import {
  DatabaseError,
  DatabaseUnreachableError,
  openDatabase,
} from '../../src/library/db/connect.js';
import { freePort } from '../../testing/free-port.js';
import { REPO_ROOT } from '../search/corpus-fixture.js';

/** A self-signed certificate for the name localhost, made for these specs only. */
const TLS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'tls');
const CERT = join(TLS_DIR, 'localhost.crt');
const KEY = join(TLS_DIR, 'localhost.key');

/** PostgreSQL's SSLRequest: length 8, then the request code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/**
 * As much of a PostgreSQL server as TLS takes: it accepts an SSLRequest, completes the
 * handshake, then hangs up. Each connection that got that far, or did without TLS, is recorded.
 */
class TlsOnlyServer {
  readonly connections: ('tls' | 'plain')[] = [];
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<TlsOnlyServer> {
    const server = createServer();
    const fake = new TlsOnlyServer(server);
    server.on('connection', (socket) => fake.#serve(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  #serve(socket: Socket): void {
    socket.once('data', (first) => {
      if (!first.subarray(0, 8).equals(SSL_REQUEST)) {
        this.connections.push('plain');
        socket.destroy();
        return;
      }
      socket.write('S');
      const tls = new TLSSocket(socket, {
        isServer: true,
        key: readFileSync(KEY),
        cert: readFileSync(CERT),
      });
      tls.once('secure', () => {
        this.connections.push('tls');
        tls.destroy();
      });
      // The client refused the certificate: it says why (the specs read its error).
      tls.once('error', () => tls.destroy());
    });
  }

  close(): Promise<void> {
    this.#server.close();
    return Promise.resolve();
  }
}

describe('DATABASE_URL sslmode, as libpq reads it', () => {
  let server: TlsOnlyServer;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  before(async () => {
    server = await TlsOnlyServer.start();
    process.on('warning', onWarning);
  });
  after(async () => {
    process.off('warning', onWarning);
    await server.close();
  });

  /** How the connection of a URL on `host` with these parameters went: what the server saw, what pg said. */
  async function connect(host: string, parameters: string) {
    const before = server.connections.length;
    const url = `postgres://paperbot@${host}:${server.port}/paperbot?${parameters}`;
    const error = await openDatabase({ engine: 'postgres', url }).then(
      () => assert.fail('the stand-in never lets a session start'),
      (failure: unknown) => failure as Error,
    );
    return { server: server.connections.slice(before), error };
  }
  const certificateError = (error: Error) =>
    String((error.cause as { code?: unknown } | undefined)?.code);

  it('require encrypts without checking the certificate, as libpq does', async () => {
    const { server: seen } = await connect('127.0.0.1', 'sslmode=require');
    assert.deepEqual(seen, ['tls']);
  });

  it('prefer and no-verify encrypt without checking the certificate too', async () => {
    for (const mode of ['prefer', 'no-verify']) {
      const { server: seen } = await connect('127.0.0.1', `sslmode=${mode}`);
      assert.deepEqual(seen, ['tls'], mode);
    }
  });

  it('verify-full refuses a certificate no trusted authority signed', async () => {
    const { error } = await connect('localhost', 'sslmode=verify-full');
    assert.equal(certificateError(error), 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.ok(
      !(error instanceof DatabaseUnreachableError),
      'a refused certificate is not a server down',
    );
  });

  it('verify-full accepts it signed by sslrootcert, for the host name it names', async () => {
    const { server: seen } = await connect('localhost', `sslmode=verify-full&sslrootcert=${CERT}`);
    assert.deepEqual(seen, ['tls']);
  });

  it('verify-full refuses it for another host name, even signed by sslrootcert', async () => {
    const { error } = await connect('127.0.0.1', `sslmode=verify-full&sslrootcert=${CERT}`);
    assert.equal(certificateError(error), 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('verify-ca, and require given sslrootcert, check the chain but not the host name', async () => {
    for (const mode of ['verify-ca', 'require']) {
      const { server: seen } = await connect('127.0.0.1', `sslmode=${mode}&sslrootcert=${CERT}`);
      assert.deepEqual(seen, ['tls'], mode);
    }
  });

  it('disable and allow connect without TLS', async () => {
    for (const mode of ['disable', 'allow']) {
      const { server: seen } = await connect('127.0.0.1', `sslmode=${mode}`);
      assert.deepEqual(seen, ['plain'], mode);
    }
  });

  it('lets pg print no warning about any of them', () => {
    assert.deepEqual(
      warnings.filter((w) => /sslmode|SSL mode/i.test(w)),
      [],
    );
  });

  it('refuses verify-ca without sslrootcert, an sslmode libpq does not know, and a missing certificate file, in one line each', async () => {
    for (const [parameters, said] of [
      ['sslmode=verify-ca', /sslmode=verify-ca needs sslrootcert/],
      [
        'sslmode=on',
        /sslmode=on is not one of disable, allow, prefer, require, verify-ca, verify-full$/,
      ],
      [
        'sslmode=require&sslrootcert=/no/such/ca.crt',
        /sslrootcert: cannot read \/no\/such\/ca.crt \(ENOENT\)/,
      ],
    ] as const) {
      const { server: seen, error } = await connect('127.0.0.1', parameters);
      assert.deepEqual(seen, [], 'nothing was tried');
      assert.ok(error instanceof DatabaseError && !(error instanceof DatabaseUnreachableError));
      assert.match(error.message, said);
      assert.doesNotMatch(error.message, /\n/);
    }
  });
});

describe('a PostgreSQL server that does not answer', () => {
  it('is a DatabaseUnreachableError naming where it was looked for, without the password', async () => {
    const port = await freePort();
    const error = await openDatabase({
      engine: 'postgres',
      url: `postgres://paperbot:s3cret-password@127.0.0.1:${port}/paperbot`,
    }).then(
      () => assert.fail('nothing listens there'),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof DatabaseUnreachableError);
    assert.match(
      error.message,
      new RegExp(`^cannot reach PostgreSQL at .*127\\.0\\.0\\.1:${port}.*ECONNREFUSED`),
    );
    assert.doesNotMatch(error.message, /s3cret-password/);
  });
});
