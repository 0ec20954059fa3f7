import type { ModuleResult, ProgressStatus, PupilProgress } from '../shared/protocol';

/**
 * The live class view's state: pupils by id, merged from the snapshot and each pushed update.
 * Pure, so the merging and the wording are tested without a browser.
 */
export interface ProgressRow extends PupilProgress {
  /** When this row's elapsedMs was measured (the page's clock), to keep the time ticking. */
  receivedAt: number;
}

export function mergeProgress(rows: ReadonlyMap<string, ProgressRow>, update: PupilProgress, now: number): Map<string, ProgressRow> {
  const next = new Map(rows);
  next.set(update.pupilId, { ...update, receivedAt: now });
  return next;
}

export function sortedRows(rows: ReadonlyMap<string, ProgressRow>): ProgressRow[] {
  return Array.from(rows.values()).sort((left, right) => left.name.localeCompare(right.name, 'en-GB'));
}

export const STATUS_LABELS: Record<ProgressStatus, string> = {
  'not-started': 'Not started', 'in-progress': 'Working', paused: 'Paused', finished: 'Finished',
};

/** Time on the module so far; it keeps counting between updates while the pupil is working. */
export function elapsedNow(row: ProgressRow, now: number): number {
  return row.status === 'in-progress' ? row.elapsedMs + Math.max(0, now - row.receivedAt) : row.elapsedMs;
}

export function formatElapsed(milliseconds: number): string {
  const totalSeconds = Math.floor(milliseconds / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

export function describeResult(result: ModuleResult | null): string {
  if (!result) return '–';
  const grade = result.grade === null ? 'not graded' : `grade ${result.grade}`;
  return `${grade[0].toUpperCase()}${grade.slice(1)}, scale score ${Math.round(result.scaleScore)}`;
}

/** Whether a change deserves a spoken announcement (finishing does; each answer would be noise). */
export function announcementFor(before: ProgressRow | undefined, after: PupilProgress): string | null {
  if (after.status === 'finished' && before?.status !== 'finished') {
    return `${after.name} finished: ${describeResult(after.result)}.`;
  }
  return null;
}
