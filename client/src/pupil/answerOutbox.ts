import type { AnswerMessage } from '../shared/protocol';

/**
 * The answer waiting for the server's acknowledgement, kept in localStorage so neither a lost
 * network nor a reload nor a closed laptop lid loses it. One per session: the next item only
 * comes after the server has this one. Its idempotency key makes resending always safe.
 */
export class AnswerOutbox {
  constructor(private readonly storage: Storage) {}

  private key(sessionId: string): string {
    return `waymark.outbox.${sessionId}`;
  }

  put(message: AnswerMessage): void {
    try {
      this.storage.setItem(this.key(message.sessionId), JSON.stringify(message));
    } catch {
      // Storage blocked or full: the answer still goes out from memory while the page lives.
    }
  }

  get(sessionId: string): AnswerMessage | null {
    try {
      const stored = this.storage.getItem(this.key(sessionId));
      if (!stored) return null;
      const parsed = JSON.parse(stored) as Partial<AnswerMessage>;
      if (parsed.sessionId !== sessionId || typeof parsed.idempotencyKey !== 'string'
        || typeof parsed.sequence !== 'number' || typeof parsed.itemId !== 'string' || parsed.answer === undefined) {
        return null;
      }
      return parsed as AnswerMessage;
    } catch {
      return null;
    }
  }

  /** Removes the message only if it is still the one acknowledged (not a newer answer). */
  remove(sessionId: string, idempotencyKey: string): void {
    try {
      if (this.get(sessionId)?.idempotencyKey === idempotencyKey) this.storage.removeItem(this.key(sessionId));
    } catch {
      // nothing stored
    }
  }
}

/** The sitting a pupil is in, so a reload or a new tab resumes it (the server holds the truth). */
export interface SittingPointer { userId: string; sessionId: string }

const POINTER_KEY = 'waymark.sitting';

export function loadSittingPointer(storage: Storage, userId: string): string | null {
  try {
    const parsed = JSON.parse(storage.getItem(POINTER_KEY) ?? 'null') as Partial<SittingPointer> | null;
    // A shared classroom laptop: another pupil's sitting is never resumed.
    return parsed && parsed.userId === userId && typeof parsed.sessionId === 'string' ? parsed.sessionId : null;
  } catch {
    return null;
  }
}

export function saveSittingPointer(storage: Storage, pointer: SittingPointer | null): void {
  try {
    if (pointer) storage.setItem(POINTER_KEY, JSON.stringify(pointer));
    else storage.removeItem(POINTER_KEY);
  } catch {
    // storage blocked: resuming then starts from the assignment list instead
  }
}

/**
 * A v4 UUID for the idempotency key. crypto.randomUUID exists only in secure contexts (HTTPS or
 * localhost); a school server on plain http over the LAN still gets a random key from
 * getRandomValues, which every browser has (RFC 9562 §5.4 layout).
 */
export function newIdempotencyKey(source: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string }): string {
  if (typeof source.randomUUID === 'function') {
    try {
      return source.randomUUID();
    } catch {
      // insecure context in some browsers throws instead of being absent
    }
  }
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { busyRetryDelayMs } from '../shared/busyRetry';
