import { AdmissionQueue } from '../../../server/assessment/admissionQueue';
import { ServiceBusy } from '../../../server/assessment/serviceBusy';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { open, opened };
}

test('runs at most `running` at once, queues up to `waiting`, refuses the rest with BUSY', async () => {
  const queue = new AdmissionQueue({ running: 2, waiting: 1, maxWaitMs: 60_000, retryAfterMs: 1000 }, 'tests');
  const g = gate();
  const started: number[] = [];
  const work = (n: number) => queue.run(async () => { started.push(n); await g.opened; return n; });
  const running = [work(1), work(2), work(3)];
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual([1, 2]);
  expect(queue.load).toEqual({ running: 2, waiting: 1 });
  const refused = work(4);
  await expect(refused).rejects.toBeInstanceOf(ServiceBusy);
  await expect(refused).rejects.toMatchObject({ retryAfterMs: 1000 });
  g.open();
  await expect(Promise.all(running)).resolves.toEqual([1, 2, 3]);
  expect(started).toEqual([1, 2, 3]);
  expect(queue.load).toEqual({ running: 0, waiting: 0 });
});

test('a failing piece of work frees its slot', async () => {
  const queue = new AdmissionQueue({ running: 1, waiting: 0, maxWaitMs: 60_000, retryAfterMs: 10 }, 'tests');
  await expect(queue.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  await expect(queue.run(async () => 'next')).resolves.toBe('next');
});

test('work that waited maxWaitMs for a turn is refused with BUSY and never runs', async () => {
  jest.useFakeTimers();
  try {
    const queue = new AdmissionQueue({ running: 1, waiting: 5, maxWaitMs: 5000, retryAfterMs: 10 }, 'tests');
    const g = gate();
    const ran: string[] = [];
    const first = queue.run(async () => { ran.push('first'); await g.opened; });
    const waiting = queue.run(async () => { ran.push('late'); });
    const refused = expect(waiting).rejects.toBeInstanceOf(ServiceBusy);
    jest.advanceTimersByTime(5000);
    await refused;
    expect(queue.load).toEqual({ running: 1, waiting: 0 });
    g.open();
    await first;
    expect(ran).toEqual(['first']);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  } finally {
    jest.useRealTimers();
  }
});
