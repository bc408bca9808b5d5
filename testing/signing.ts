// The Ed25519 key pair Discord signs interactions with: the public half is what the Developer
// Portal shows (hex), the private half signs requests to the interactions endpoint.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface KeyPair {
  publicHex: string;
  privateKey: KeyObject;
}

export function keyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return { publicHex: Buffer.from(x, 'base64url').toString('hex'), privateKey };
}
