import { createHash } from 'node:crypto';
import type { Paper } from '../../corpus/schema.js';
import { LIMITS } from '../../render/discord.js';
import { charCount } from '../../truncate.js';

/**
 * Discord refuses a whole autocomplete answer when one choice's value is over 100 characters,
 * and a library's ids may be longer (a team's own ids are any length). Such an id is offered
 * as a key of its own: the id's beginning, for the eye in logs, then `~` (which no id holds)
 * and a hash of the whole id. The key depends on the id alone, so any replica resolves a key
 * another drew, and a restart does not break a choice already made.
 */
const KEPT_PREFIX = 64;
const HASH_HEX = 20;
const KEY = new RegExp(`^([a-z0-9-]{1,${KEPT_PREFIX}})~([0-9a-f]{${HASH_HEX}})$`);

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, HASH_HEX);
}

/** The value that selects the paper `id`: the id itself whenever it fits. */
export function paperChoiceValue(id: string): string {
  return charCount(id) <= LIMITS.choiceValue ? id : `${id.slice(0, KEPT_PREFIX)}~${hashOf(id)}`;
}

/**
 * The id a chosen value stands for: the paper whose key it is, or the value itself (an id that
 * fitted, or text typed without choosing).
 */
export function paperIdOfChoice(value: string, papers: readonly Paper[]): string {
  const key = KEY.exec(value);
  if (!key) return value;
  const [, prefix = '', hash] = key;
  return (
    papers.find(
      (paper) =>
        paper.id.length > LIMITS.choiceValue &&
        paper.id.startsWith(prefix) &&
        hashOf(paper.id) === hash,
    )?.id ?? value
  );
}
