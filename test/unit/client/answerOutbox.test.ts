import { AnswerOutbox, busyRetryDelayMs, loadSittingPointer, newIdempotencyKey, saveSittingPointer } from '../../../client/src/pupil/answerOutbox';
import { randomFillSync } from 'node:crypto';

/** The Storage interface over a Map, like a browser's localStorage. */
function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() { return values.size; },
    clear: () => values.clear(),
    getItem: (key: string) => values.get(key) ?? null,
    key: (index: number) => Array.from(values.keys())[index] ?? null,
    removeItem: (key: string) => { values.delete(key); },
    setItem: (key: string, value: string) => { values.set(key, String(value)); },
  };
}

const message = {
  sessionId: 's1', sequence: 3, itemId: 'fdp-007', answer: '3/4', idempotencyKey: 'k-1',
};

describe('AnswerOutbox: the answer waiting for the server', () => {
  it('keeps an answer across a reload (a new outbox on the same storage)', () => {
    const storage = memoryStorage();
    new AnswerOutbox(storage).put(message);
    expect(new AnswerOutbox(storage).get('s1')).toEqual(message);
    expect(new AnswerOutbox(storage).get('s2')).toBeNull();
  });

  it('removes the answer only when the acknowledged key is the one stored', () => {
    const storage = memoryStorage();
    const outbox = new AnswerOutbox(storage);
    outbox.put(message);
    outbox.remove('s1', 'some-older-key');
    expect(outbox.get('s1')).toEqual(message);
    outbox.remove('s1', 'k-1');
    expect(outbox.get('s1')).toBeNull();
  });

  it('ignores a damaged stored value rather than sending it', () => {
    const storage = memoryStorage();
    storage.setItem('waymark.outbox.s1', '{"sessionId":"s1"');
    expect(new AnswerOutbox(storage).get('s1')).toBeNull();
    storage.setItem('waymark.outbox.s1', JSON.stringify({ ...message, idempotencyKey: 7 }));
    expect(new AnswerOutbox(storage).get('s1')).toBeNull();
  });
});

describe('the sitting pointer', () => {
  it('resumes only the same pupil’s sitting on a shared laptop', () => {
    const storage = memoryStorage();
    saveSittingPointer(storage, { userId: 'pupil-a', sessionId: 's1' });
    expect(loadSittingPointer(storage, 'pupil-a')).toBe('s1');
    expect(loadSittingPointer(storage, 'pupil-b')).toBeNull();
    saveSittingPointer(storage, null);
    expect(loadSittingPointer(storage, 'pupil-a')).toBeNull();
  });
});

describe('newIdempotencyKey', () => {
  const getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    if (array) randomFillSync(array as unknown as Uint8Array);
    return array;
  };

  it('uses crypto.randomUUID where the browser has it', () => {
    expect(newIdempotencyKey({ getRandomValues, randomUUID: () => '0b0e5c0a-1d2b-4c3d-8e4f-5a6b7c8d9e0f' }))
      .toBe('0b0e5c0a-1d2b-4c3d-8e4f-5a6b7c8d9e0f');
  });

  it('makes a version-4 UUID from getRandomValues on plain http (no randomUUID)', () => {
    const keys = new Set<string>();
    for (let index = 0; index < 200; index += 1) {
      const key = newIdempotencyKey({ getRandomValues });
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      keys.add(key);
    }
    expect(keys.size).toBe(200);
  });
});

describe('busyRetryDelayMs: waiting after a BUSY answer', () => {
  it('starts from the server\'s hint, doubles per refusal, and stays within [half, whole) of it', () => {
    expect(busyRetryDelayMs(0, 500, 0)).toBe(250);
    expect(busyRetryDelayMs(0, 500, 0.999)).toBeLessThan(500);
    expect(busyRetryDelayMs(1, 500, 0)).toBe(500);
    expect(busyRetryDelayMs(3, 500, 0)).toBe(2000);
  });

  it('never waits more than 15 s, and uses 1 s when the server gave no usable hint', () => {
    expect(busyRetryDelayMs(30, 500, 0.999)).toBeLessThanOrEqual(15_000);
    expect(busyRetryDelayMs(30, 500, 0)).toBe(7500);
    expect(busyRetryDelayMs(0, undefined, 0)).toBe(500);
    expect(busyRetryDelayMs(0, -3, 0)).toBe(500);
  });

  it('spreads a classroom\'s retries: different draws give different pauses', () => {
    const pauses = new Set([0, 0.25, 0.5, 0.75].map((r) => busyRetryDelayMs(2, 1000, r)));
    expect(pauses.size).toBe(4);
  });
});
