import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from '../zod.js';

/**
 * Button state lives in the button's custom_id, so a button still works after a restart
 * or on another replica. Arguments too long for Discord's 100 characters are parked in
 * a process-local store and the id holds only the key; such a button expires with its
 * process, and every button expires after BUTTON_TTL_MS, with a message saying so.
 */

export const CUSTOM_ID_MAX = 100;
export const BUTTON_TTL_MS = 7 * 24 * 3_600_000;
const PREFIX = 'pb1';

export type ButtonState =
  | {
      kind: 'run';
      command: string;
      args: Record<string, string | number | boolean>;
      update: boolean;
    }
  | { kind: 'share' }
  | { kind: 'thread' };

const ArgsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

type DecodedButton =
  { ok: true; state: ButtonState } | { ok: false; reason: 'expired' | 'unknown' };

export class ButtonCodec {
  private readonly parked = new LRUCache<string, string>({ max: 10_000, ttl: BUTTON_TTL_MS });

  constructor(private readonly now: () => number = Date.now) {}

  encode(state: ButtonState): string {
    if (state.kind !== 'run') return `${PREFIX}:${state.kind}`;
    const expires = Math.floor((this.now() + BUTTON_TTL_MS) / 1000).toString(36);
    const verb = state.update ? 'page' : 'run';
    const inline = `${PREFIX}:${verb}:${state.command}:${expires}:${JSON.stringify(state.args)}`;
    if (inline.length <= CUSTOM_ID_MAX) return inline;
    const key = randomBytes(9).toString('base64url');
    this.parked.set(key, JSON.stringify(state.args));
    return `${PREFIX}:${verb}:${state.command}:${expires}:@${key}`;
  }

  decode(customId: string): DecodedButton {
    const [prefix, verb, command, expires, ...rest] = customId.split(':');
    if (prefix !== PREFIX || verb === undefined) return { ok: false, reason: 'unknown' };
    if (verb === 'share' || verb === 'thread') return { ok: true, state: { kind: verb } };
    if ((verb !== 'run' && verb !== 'page') || command === undefined || expires === undefined)
      return { ok: false, reason: 'unknown' };
    const expiresAt = parseInt(expires, 36) * 1000;
    if (!Number.isFinite(expiresAt)) return { ok: false, reason: 'unknown' };
    if (expiresAt < this.now()) return { ok: false, reason: 'expired' };
    const payload = rest.join(':');
    const json = payload.startsWith('@') ? this.parked.get(payload.slice(1)) : payload;
    if (json === undefined) return { ok: false, reason: 'expired' };
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return { ok: false, reason: 'unknown' };
    }
    const args = ArgsSchema.safeParse(value);
    if (!args.success) return { ok: false, reason: 'unknown' };
    return { ok: true, state: { kind: 'run', command, args: args.data, update: verb === 'page' } };
  }
}
