import { SessionLocks } from '../../../server/assessment/sessionLocks';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('work for one key runs one at a time, in order, even when a step fails', async () => {
  const locks = new SessionLocks();
  const log: string[] = [];
  const step = (name: string, fail = false) => async () => {
    log.push(`${name}:start`);
    await tick();
    log.push(`${name}:end`);
    if (fail) throw new Error(name);
    return name;
  };
  const results = await Promise.allSettled([locks.run('s', step('a')), locks.run('s', step('b', true)), locks.run('s', step('c'))]);
  expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
});

test('different keys do not wait for each other', async () => {
  const locks = new SessionLocks();
  const log: string[] = [];
  let release!: () => void;
  const blocked = locks.run('x', () => new Promise<void>((resolve) => { release = resolve; }));
  await locks.run('y', async () => { log.push('y'); });
  expect(log).toEqual(['y']);
  release();
  await blocked;
});

test('drain waits for every piece of work started so far', async () => {
  const locks = new SessionLocks();
  let finished = 0;
  for (let i = 0; i < 5; i++) void locks.run(`k${i % 2}`, async () => { await tick(); finished += 1; });
  await locks.drain();
  expect(finished).toBe(5);
});
