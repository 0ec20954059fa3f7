/**
 * FerretDB's SQLite backend answers a write that meets another writer's lock with
 * "database is locked (SQLITE_BUSY)" instead of waiting for it. Such a write changed nothing, so
 * it is safe to try again after a short, jittered pause; anything else is thrown at once.
 */
const ATTEMPTS = 8;
const FIRST_PAUSE_MS = 5;

export function isBusyDatabase(error: unknown): boolean {
  const message = typeof error === 'object' && error !== null ? String((error as { message?: unknown }).message ?? '') : '';
  return /database is locked|SQLITE_BUSY/.test(message);
}

export async function retryBusyDatabase<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isBusyDatabase(error) || attempt >= ATTEMPTS) throw error;
      // Exponential backoff with full jitter, so waiting writers do not collide again in step.
      const pause = FIRST_PAUSE_MS * 2 ** attempt * Math.random();
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
