import { resolveSources, type RemoteSources, type SourceInput } from '../sources/index.js';
import type { Paper } from '../corpus/schema.js';
import type { SourceKind } from '../sources/types.js';
import type { AddStatus, Library, Provenance } from './library.js';

export interface ImportResult {
  /** The id, DOI, file or BibTeX key as the person gave it. */
  label: string;
  status: AddStatus | 'failed';
  id?: string;
  title?: string;
  error?: string;
}

export interface ImportProgress {
  phase: 'reading' | 'storing';
  done: number;
  total: number;
}

export interface ImportOptions {
  addedBy: string;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Reads every input, then stores what could be read in one transaction per source kind.
 * Each input gets its own result line; a failed one stores nothing.
 */
export async function importPapers(
  library: Library,
  remote: RemoteSources,
  inputs: readonly SourceInput[],
  options: ImportOptions,
): Promise<ImportResult[]> {
  const items = await resolveSources(
    inputs,
    remote,
    (done, total) => options.onProgress?.({ phase: 'reading', done, total }),
    options.signal,
  );
  const results: ImportResult[] = items.map((item) =>
    item.ok
      ? { label: item.label, status: 'added' }
      : { label: item.label, status: 'failed', error: item.error },
  );
  const bySource = new Map<SourceKind, { paper: Paper; index: number; provenance: Provenance }[]>();
  items.forEach((item, index) => {
    if (!item.ok) return;
    const group = bySource.get(item.source) ?? [];
    const provenance = {
      ...(item.recorded ?? { source: item.source, addedBy: options.addedBy }),
      publication: item.publication,
    };
    group.push({ paper: item.paper, index, provenance });
    bySource.set(item.source, group);
  });
  const total = [...bySource.values()].reduce((n, group) => n + group.length, 0);
  let stored = 0;
  for (const group of bySource.values()) {
    const outcomes = await library.add(
      group.map(({ paper }) => paper),
      group.map(({ provenance }) => provenance),
      (done) => options.onProgress?.({ phase: 'storing', done: stored + done, total }),
    );
    outcomes.forEach((outcome, i) => {
      const index = group[i]!.index;
      results[index] = {
        ...results[index]!,
        status: outcome.status,
        id: outcome.paper.id,
        title: outcome.paper.title,
      };
    });
    stored += group.length;
  }
  return results;
}
