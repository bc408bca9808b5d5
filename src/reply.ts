/**
 * What a command answers, independent of where it is shown. Every string here is plain
 * text (corpus text, user text): the renderers decide formatting and escape it, so a
 * title like "*Bold* claims" or a query with "@everyone" cannot change how a reply looks
 * or whom it pings.
 */

import type { AnswerSegment, Citation } from './answer/types.js';

export interface PaperItem {
  id: string;
  title: string;
  url?: string | undefined;
  /** "Sachin Mehta, Mohammad Rastegari · 2021 · CV · code" */
  meta: string;
  snippet?: string | undefined;
}

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export type ReplyAction =
  | {
      kind: 'command';
      label: string;
      command: string;
      args: Record<string, string | number | boolean>;
    }
  | { kind: 'share' }
  | { kind: 'thread' };

export interface Reply {
  tone: 'result' | 'empty' | 'error' | 'info';
  title?: string | undefined;
  url?: string | undefined;
  body?: string | undefined;
  answer?: AnswerSegment[] | undefined;
  items?: PaperItem[] | undefined;
  /** The number of the first item: a second page of ten starts at 11. */
  firstItemNumber?: number | undefined;
  fields?: ReplyField[] | undefined;
  citations?: Citation[] | undefined;
  notes?: string[] | undefined;
  footer?: string | undefined;
  /** A code block shown as is (BibTeX). */
  code?: { language: string; text: string } | undefined;
  actions?: ReplyAction[] | undefined;
  /**
   * A picture of what `code` shows as text (the /stats chart, a PNG). Where pictures can be
   * shown (Discord) it replaces the code block; a terminal keeps the text.
   */
  image?: { name: string; png: Buffer } | undefined;
  /**
   * `code` as a file (a .bib), whole, where files can be sent (Discord): it replaces the code
   * block there, which a long export would overflow; a terminal keeps the text.
   */
  file?: { name: string; contentType: string; data: Buffer } | undefined;
  /** The machine-readable result: what `--json` prints. */
  data: unknown;
}

export function errorReply(
  message: string,
  suggestions: readonly string[] = [],
  code = 'error',
): Reply {
  return {
    tone: 'error',
    body: message,
    fields:
      suggestions.length > 0
        ? [{ name: 'Did you mean', value: suggestions.map((s) => `• ${s}`).join('\n') }]
        : undefined,
    data: { error: { code, message, suggestions } },
  };
}
