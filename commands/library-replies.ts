import type { ImportProgress, ImportResult } from '../src/library/import.js';
import type { Reply } from '../src/reply.js';

const VERB: Record<ImportResult['status'], string> = {
  added: 'added',
  updated: 'updated to the newer arXiv version',
  duplicate: 'already in the library',
  failed: 'not added',
};

/** A batch's outcome, one line per item, failures with their reason. */
export function importReply(results: readonly ImportResult[]): Reply {
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
  const lines = results.map((r) =>
    r.status === 'failed'
      ? `✗ ${r.label}: ${r.error ?? 'not added'}`
      : `${r.status === 'duplicate' ? '=' : '✓'} ${r.title ?? r.label} (${r.id ?? '?'}) ${VERB[r.status]}`,
  );
  return {
    tone: added + updated > 0 ? 'result' : failed > 0 ? 'error' : 'info',
    title: `Library: ${summary}`,
    body: lines.join('\n'),
    data: { added, updated, duplicates, failed, results },
  };
}

export function progressText(progress: ImportProgress): string {
  const verb = progress.phase === 'reading' ? 'Reading sources' : 'Storing papers';
  return `${verb}: ${progress.done}/${progress.total}…`;
}
