/** "9:05" for the visible clock; whole seconds, rounded up so 0:00 means the time is really up. */
export function formatClock(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** "9 minutes 5 seconds" for screen readers, which read "9:05" as a time of day. */
export function describeDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (seconds > 0 || minutes === 0) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Moments worth announcing as time runs down (more would interrupt the pupil's reading). */
export const WARNING_POINTS_MS = [5 * 60000, 60000] as const;

/** The warning crossed when the remaining time went from `before` to `after`, if any. */
export function crossedWarning(before: number, after: number): number | null {
  for (const point of WARNING_POINTS_MS) {
    if (before > point && after <= point) return point;
  }
  return null;
}
