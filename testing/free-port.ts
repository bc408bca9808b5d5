import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port free a moment ago, for a server process that must be told its port up front. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}
