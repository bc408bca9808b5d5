import type { z } from 'zod';
import type { AnswerEngine } from './answer/engine.js';
import type { UsageGuard } from './guard.js';
import type { Logger } from './log.js';
import type { Reply } from './reply.js';
import type { PaperSearch } from './search/engine.js';

export type AutocompleteSource = 'title' | 'author' | 'category';

export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  autocomplete?: AutocompleteSource;
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
}

export interface Invoker {
  id: string;
  name: string;
}

export interface CommandContext {
  search: PaperSearch;
  answers: AnswerEngine;
  log: Logger;
  user?: Invoker | undefined;
  guildId?: string | undefined;
  /** Cooldowns and budgets, where many people share one bot (Discord); absent locally. */
  guard?: UsageGuard | undefined;
  /** Cancels slow work (an LLM call) when the interaction can no longer be answered. */
  signal?: AbortSignal | undefined;
  /** Partial replies while an answer streams; transports may throttle them. */
  onProgress?: ((partial: Reply) => void) | undefined;
}

export type RawOptions = Record<string, string | number | boolean | undefined>;

export interface Command<Input = unknown> {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  /** Validates options from any transport; its messages are shown to the user. */
  input: z.ZodType<Input>;
  /** Also offered on a message's Apps menu under this name, the message's text filling the first option. */
  contextMenu?: string;
  /** Worth deferring on Discord: may take longer than the 3 s an interaction allows. */
  slow?: boolean;
  execute(input: Input, ctx: CommandContext): Promise<Reply>;
}

/**
 * A command of any input type, as the registry holds them. `any` is confined to this one
 * alias: each command's own zod schema is what guarantees `execute` receives its input.
 */
export type AnyCommand = Command<any>;

/** Keeps each command's input type while letting the registry hold them together. */
export function defineCommand<Input>(command: Command<Input>): Command<Input> {
  return command;
}
