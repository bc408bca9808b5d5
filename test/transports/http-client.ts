// What Discord does to the HTTP interactions endpoint: signed requests, as a client on loopback.
import { sign, type KeyObject } from 'node:crypto';
import { request } from 'node:http';

export const APPLICATION_ID = '1100000000000000001';

export { keyPair, type KeyPair } from '../../testing/signing.js';

export interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

export function send(
  url: string,
  options: {
    method?: string;
    path?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
  },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path ?? '/interactions'}`,
      {
        method: options.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text === '' ? undefined : JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function post(url: string, body: string | Buffer, headers: Record<string, string>) {
  return send(url, { body, headers });
}

/** Signs a payload as Discord does: Ed25519 over timestamp + raw body. */
export function signed(
  payload: unknown,
  key: KeyObject,
  timestamp = String(Math.floor(Date.now() / 1000)),
): { body: string; headers: Record<string, string> } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
  return {
    body,
    headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
  };
}

let counter = 0;
export function interaction(type: number, data?: unknown, extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    id: `13000000000000${String(counter).padStart(5, '0')}`,
    application_id: APPLICATION_ID,
    type,
    token: `token-${counter}`,
    version: 1,
    guild_id: '1200000000000000001',
    channel_id: '1200000000000000002',
    member: {
      user: { id: '1200000000000000003', username: 'ada', global_name: 'Ada' },
      roles: [],
      permissions: '0',
    },
    ...(data === undefined ? {} : { data }),
    ...extra,
  };
}

export const command = (
  name: string,
  options: { name: string; type: number; value: string | boolean }[] = [],
  extra: Record<string, unknown> = {},
) => interaction(2, { id: '1', name, type: 1, options }, extra);
