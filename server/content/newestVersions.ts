/**
 * Content is versioned and never edited in place (DESIGN.md rule 4), so "the current X" is
 * always the newest version of each id among stored rows. Pure.
 */
export function newestById<T extends { version: number }>(rows: Iterable<T>, idOf: (row: T) => string): Map<string, T> {
  const newest = new Map<string, T>();
  for (const row of rows) {
    const id = idOf(row);
    const seen = newest.get(id);
    if (!seen || seen.version < row.version) newest.set(id, row);
  }
  return newest;
}
