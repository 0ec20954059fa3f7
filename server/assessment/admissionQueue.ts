import { ServiceBusy } from './serviceBusy';

export interface AdmissionLimits {
  /** Pieces of work running at once (their database commands share one connection anyway). */
  running: number;
  /** Pieces of work waiting for a turn; one more is refused with BUSY. */
  waiting: number;
  /** A piece of work that has waited this long for a turn is refused with BUSY instead. */
  maxWaitMs: number;
  /** What the BUSY answer tells the client to wait. */
  retryAfterMs: number;
}

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

/**
 * A bounded queue in front of database-heavy requests (logins, sitting starts): at most
 * `running` at once, at most `waiting` queued and none queued longer than `maxWaitMs`; the rest
 * are refused with ServiceBusy, which clients resend after a backoff. Without it an overload
 * queued thousands of requests behind the one database connection, each waited until its
 * client gave up, and no pupil made progress (bench/load/README.md).
 */
export class AdmissionQueue {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly limits: AdmissionLimits, private readonly what: string) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.running) {
      if (this.queue.length >= this.limits.waiting) throw this.busy();
      await new Promise<void>((admit, refuse) => {
        const waiter: Waiter = {
          admit,
          timer: setTimeout(() => {
            this.queue.splice(this.queue.indexOf(waiter), 1);
            refuse(this.busy());
          }, this.limits.maxWaitMs),
        };
        this.queue.push(waiter);
      });
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (the count stays the same), or free it.
      const next = this.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        next.admit();
      } else this.running -= 1;
    }
  }

  private busy(): ServiceBusy {
    return new ServiceBusy(`The server is busy (${this.what}): trying again shortly.`, this.limits.retryAfterMs);
  }
}
