import { styleText } from 'node:util';
import { stripControl } from '../answer/grounding.js';
import type { Reply } from '../reply.js';

/** Reply → terminal text. Colour only when asked (a TTY), so pipes get plain text. */
interface TextStyle {
  color: boolean;
}

type Format = Parameters<typeof styleText>[0];

/**
 * Every string a reply shows, without escape or control characters: whatever wrote them (a
 * model, a corpus file, a user), they must not drive the terminal. `data` is only serialised, and a picture is not text.
 */
function inert<T>(value: T): T {
  if (typeof value === 'string') return stripControl(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => inert(v)) as T;
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, key === 'data' ? v : inert(v)]),
    ) as T;
  return value;
}

export function renderText(shown: Reply, { color }: TextStyle): string {
  const reply = inert(shown);
  // The caller decided (a TTY, --no-color); styleText would otherwise second-guess it from process.stdout.
  const paint = (format: Format, text: string) =>
    color ? styleText(format, text, { validateStream: false }) : text;
  const lines: string[] = [];
  const heading =
    reply.tone === 'error'
      ? paint('red', `✗ ${reply.title ?? reply.body ?? 'Error'}`)
      : reply.title
        ? paint('bold', reply.title)
        : undefined;
  if (heading) lines.push(heading);
  if (reply.url) lines.push(paint('cyan', reply.url));
  if (reply.body && (reply.tone !== 'error' || reply.title)) lines.push('', reply.body);
  if (reply.answer) {
    lines.push('');
    for (const segment of reply.answer) {
      const cites = segment.citations.map((n) => `[${n}]`).join('');
      const text = segment.kind === 'quote' ? `“${segment.text}”` : segment.text;
      lines.push(
        `${segment.kind === 'quote' ? paint('italic', text) : text} ${paint('yellow', cites)}`.trimEnd(),
      );
    }
  }
  reply.items?.forEach((item, i) => {
    lines.push(
      '',
      `${paint('bold', `${(reply.firstItemNumber ?? 1) + i}. ${item.title}`)} ${paint('dim', `(${item.id})`)}`,
      `   ${paint('dim', item.meta)}`,
    );
    if (item.snippet) lines.push(`   ${item.snippet}`);
    if (item.url) lines.push(`   ${paint('cyan', item.url)}`);
  });
  for (const field of reply.fields ?? [])
    lines.push(
      '',
      `${paint('bold', `${field.name}:`)}${field.value.includes('\n') ? `\n${field.value}` : ` ${field.value}`}`,
    );
  if (reply.code) lines.push('', reply.code.text);
  if (reply.citations && reply.citations.length > 0) {
    lines.push('', paint('bold', 'Sources'));
    for (const c of reply.citations)
      lines.push(
        `  ${paint('yellow', `[${c.n}]`)} ${c.title} (${c.year})${c.url ? `\n      ${paint('cyan', c.url)}` : ''}`,
      );
  }
  for (const note of reply.notes ?? []) lines.push('', paint('dim', `Note: ${note}`));
  if (reply.footer) lines.push('', paint('dim', reply.footer));
  return lines.join('\n');
}
