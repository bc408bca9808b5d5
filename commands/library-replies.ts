import type { ImportProgress, ImportResult } from '../src/library/import.js';
import type { Reply } from '../src/reply.js';

const VERB: Record<ImportResult['status'], string> = {
  added: 'added',
  updated: 'updated to the newer arXiv version',
  duplicate: 'already in the library',
  failed: 'not added',
};

/** What needs acting on first: failures, then what changed, then what was already there. */
const ORDER: Record<ImportResult['status'], number> = {
  failed: 0,
  updated: 1,
  added: 2,
  duplicate: 3,
};

/** Labels named in a failure line at most; the rest are counted. */
const NAMED_LABELS = 5;

/**
 * Failures for one reason are one line naming what they were: with arXiv out of reach, a
 * thousand ids would otherwise be a thousand lines saying the same.
 */
function failureLines(failures: readonly ImportResult[]): string[] {
  const labelsByError = new Map<string, string[]>();
  for (const r of failures) {
    const error = r.error ?? 'not added';
    labelsByError.set(error, [...(labelsByError.get(error) ?? []), r.label]);
  }
  return [...labelsByError].map(([error, labels]) => {
    const named = labels.slice(0, NAMED_LABELS).join(', ');
    const rest = labels.length - NAMED_LABELS;
    return `✗ ${rest > 0 ? `${named} and ${rest} more` : named}: ${error}`;
  });
}

function lineOf(r: ImportResult): string {
  return `${r.status === 'duplicate' ? '=' : '✓'} ${r.title ?? r.label} (${r.id ?? '?'}) ${VERB[r.status]}`;
}

/** Lines within `maxChars`, the last saying how many more were left out. */
function fitted(lines: readonly string[], maxChars: number): string[] {
  const shown: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i - 1;
    const reserve = rest > 0 ? `\n…and ${lines.length} more`.length : 0;
    if (used + line.length + 1 + reserve > maxChars) {
      shown.push(`…and ${lines.length - i} more`);
      return shown;
    }
    shown.push(line);
    used += line.length + 1;
  }
  return shown;
}

/**
 * A batch's outcome: the counts as the title, then one line per item, failures first with
 * their reason. `maxChars` bounds the lines where a message has a limit (Discord).
 */
export function importReply(
  results: readonly ImportResult[],
  { maxChars = Infinity }: { maxChars?: number } = {},
): Reply {
  const count = (status: ImportResult['status']) =>
    results.filter((r) => r.status === status).length;
  const added = count('added');
  const updated = count('updated');
  const duplicates = count('duplicate');
  const failed = count('failed');
  const summary = [
    `${added} added`,
    ...(updated > 0 ? [`${updated} updated`] : []),
    ...(duplicates > 0 ? [`${duplicates} already there`] : []),
    ...(failed > 0 ? [`${failed} failed`] : []),
  ].join(', ');
  const lines = [
    ...failureLines(results.filter((r) => r.status === 'failed')),
    ...results
      .filter((r) => r.status !== 'failed')
      .sort((a, b) => ORDER[a.status] - ORDER[b.status])
      .map(lineOf),
  ];
  return {
    tone: added + updated > 0 ? 'result' : failed > 0 ? 'error' : 'info',
    title: `Library: ${summary}`,
    body: fitted(lines, maxChars).join('\n'),
    data: { added, updated, duplicates, failed, results },
  };
}

export function progressText(progress: ImportProgress): string {
  const verb = progress.phase === 'reading' ? 'Reading sources' : 'Storing papers';
  return `${verb}: ${progress.done}/${progress.total}…`;
}
