/**
 * Time in the pure rules: always passed in by the caller, as an ISO 8601 string or epoch
 * milliseconds, never read from a clock here.
 */
import { RuleValidationError } from '../grading/ruleValidationError';

export type Instant = string | number;

export const DAY_MS = 86_400_000;

/** Epoch milliseconds of an instant; a clear validation error for an unreadable one. */
export function epochMs(instant: Instant, path = '/at'): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) {
    throw new RuleValidationError('A date could not be read', [
      { path, message: `"${String(instant)}" is not an ISO 8601 date-time or epoch milliseconds` },
    ]);
  }
  return ms;
}

/** The canonical ISO 8601 form used in records (UTC, milliseconds). */
export function isoInstant(instant: Instant, path = '/at'): string {
  return new Date(epochMs(instant, path)).toISOString();
}
