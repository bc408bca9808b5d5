// What the gateway specs read back from the Discord stand-in: paperbot's answer to an
// interaction, each checked against Discord's OpenAPI schema as it is read.
import assert from 'node:assert/strict';
import type { DiscordStandIn, RecordedCall } from '../../../testing/discord/standin.js';

export interface MessageBody {
  flags?: number;
  embeds?: { title?: string; description?: string; footer?: { text: string } }[];
}

export interface CallbackBody {
  type: number;
  data?: MessageBody;
}

export function assertValid(call: RecordedCall): void {
  assert.deepEqual(call.schemaErrors, [], `${call.route}: ${call.schemaErrors.join('; ')}`);
}

/** The interaction response paperbot sent for `interaction`. */
export async function callbackOf(
  discord: DiscordStandIn,
  interaction: { id: string; token: string },
): Promise<CallbackBody> {
  const call = await discord.waitForCall(
    (c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  assertValid(call);
  return call.body as CallbackBody;
}

/** The first edit of `interaction`'s original response that `isFinal` accepts (not a progress line). */
export async function finalEditOf(
  discord: DiscordStandIn,
  interaction: { token: string },
  isFinal: (body: MessageBody) => boolean,
): Promise<RecordedCall> {
  const call = await discord.waitForCall(
    (c) =>
      c.method === 'PATCH' &&
      c.path === `/webhooks/${discord.applicationId}/${interaction.token}/messages/@original` &&
      isFinal(c.body as MessageBody),
  );
  assertValid(call);
  return call;
}
