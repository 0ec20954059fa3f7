/**
 * Group commit for responses: answers that arrive while the previous batch is being written
 * (or within the same event-loop turn) go to the database in ONE unordered insertMany. On
 * FerretDB 1.24/SQLite one insert costs ~3–4 ms of database time and a batch of 20 ~0.5 ms per
 * document (`npx tsx bench/load/insertCost.ts`): each statement is its own SQLite transaction.
 *
 * DESIGN.md rule 1 holds per document: `write` resolves only after the batch holding that
 * document has returned and the database reported no error for it, so the caller acknowledges
 * the answer only when its own document is stored. A duplicate key is reported per document
 * ('duplicate'), as a single insert would have thrown it; a document that met a busy database is
 * written again in a later batch; any other error rejects that document's write alone.
 */
import { isBusyDatabase } from './retryBusyDatabase';
import { ServiceBusy } from './serviceBusy';

export type WriteOutcome = 'written' | 'duplicate';

/**
 * Inserts documents unordered; returns the error of each document NOT written, by its index in
 * `documents` (an empty map: all written). Throwing means the outcome of every document is unknown.
 */
export type BatchInsert<D> = (documents: D[]) => Promise<Map<number, unknown>>;

export interface GroupCommitLimits {
  /** Documents per insertMany. */
  maxBatch: number;
  /** Documents waiting for a batch; one more is refused with BUSY (nothing written). */
  maxQueued: number;
  /** What the BUSY answer tells the client to wait. */
  retryAfterMs: number;
}

const DUPLICATE_KEY = 11000;
const BUSY_ATTEMPTS = 8;

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === DUPLICATE_KEY;
}

interface Pending<D> {
  document: D;
  attempts: number;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export class GroupCommit<D> {
  private queue: Pending<D>[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;

  constructor(private readonly insert: BatchInsert<D>, private readonly limits: GroupCommitLimits) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves once `document` is stored ('written'), or already was under its unique keys ('duplicate'). */
  write(document: D): Promise<WriteOutcome> {
    if (this.queue.length >= this.limits.maxQueued) {
      return Promise.reject(new ServiceBusy('The server is busy saving answers: your answer was not saved yet and is being sent again.', this.limits.retryAfterMs));
    }
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ document, attempts: 0, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when every document queued so far has been written or refused. */
  async drain(): Promise<void> {
    while (this.flushing || this.scheduled || this.queue.length > 0) {
      if (this.flushing) await this.flushing;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // Let the rest of this event-loop turn's answers join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    // While one batch is written the next one fills: batches grow with the load.
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.limits.maxBatch);
      let failures: Map<number, unknown>;
      try {
        failures = await this.insert(batch.map((pending) => pending.document));
      } catch (error) {
        failures = new Map(batch.map((_, index) => [index, error]));
      }
      const again: Pending<D>[] = [];
      batch.forEach((pending, index) => {
        const failure = failures.get(index);
        if (failure === undefined) pending.resolve('written');
        else if (isDuplicateKey(failure)) pending.resolve('duplicate');
        else if (isBusyDatabase(failure) && pending.attempts + 1 < BUSY_ATTEMPTS) {
          pending.attempts += 1;
          again.push(pending);
        } else pending.reject(failure);
      });
      if (again.length > 0) {
        // A busy SQLite wrote nothing for these: back off with jitter, then put them first.
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** Math.max(...again.map((p) => p.attempts)) * Math.random()));
        this.queue = [...again, ...this.queue];
      }
    }
  }
}
