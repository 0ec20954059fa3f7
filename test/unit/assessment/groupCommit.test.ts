import { GroupCommit, type BatchInsert } from '../../../server/assessment/groupCommit';
import { ServiceBusy } from '../../../server/assessment/serviceBusy';

const limits = { maxBatch: 100, maxQueued: 1000, retryAfterMs: 500 };
const duplicate = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
const busy = new Error('database is locked (SQLITE_BUSY)');

/** An insert that records each batch and fails the documents named in `failing`. */
function recordingInsert(failing: Map<string, unknown[]> = new Map()) {
  const batches: string[][] = [];
  const insert: BatchInsert<string> = async (documents) => {
    batches.push([...documents]);
    const failures = new Map<number, unknown>();
    documents.forEach((document, index) => {
      const queue = failing.get(document);
      const failure = queue?.shift();
      if (failure !== undefined) failures.set(index, failure);
    });
    return failures;
  };
  return { insert, batches };
}

test('answers arriving in one event-loop turn are written by one insert, each confirmed', async () => {
  const { insert, batches } = recordingInsert();
  const commit = new GroupCommit(insert, limits);
  const outcomes = await Promise.all(['a', 'b', 'c'].map((d) => commit.write(d)));
  expect(outcomes).toEqual(['written', 'written', 'written']);
  expect(batches).toEqual([['a', 'b', 'c']]);
});

test('a write resolves only after the insert holding it has returned', async () => {
  let release!: (failures: Map<number, unknown>) => void;
  const commit = new GroupCommit<string>(() => new Promise((resolve) => { release = resolve; }), limits);
  let settled = false;
  const write = commit.write('a').then((outcome) => { settled = true; return outcome; });
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  expect(release).toBeDefined();
  expect(settled).toBe(false);
  release(new Map());
  await expect(write).resolves.toBe('written');
});

test('answers arriving while a batch is written go together in the next batch', async () => {
  const batches: string[][] = [];
  let release!: () => void;
  const commit = new GroupCommit<string>(async (documents) => {
    batches.push([...documents]);
    if (batches.length === 1) await new Promise<void>((resolve) => { release = resolve; });
    return new Map();
  }, limits);
  const first = commit.write('a');
  await new Promise((resolve) => setImmediate(resolve));
  const later = [commit.write('b'), commit.write('c')];
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches).toEqual([['a']]);
  release();
  await Promise.all([first, ...later]);
  expect(batches).toEqual([['a'], ['b', 'c']]);
});

test('a duplicate key is reported for that document only; the others are written', async () => {
  const { insert } = recordingInsert(new Map([['b', [duplicate]]]));
  const commit = new GroupCommit(insert, limits);
  await expect(Promise.all(['a', 'b', 'c'].map((d) => commit.write(d)))).resolves.toEqual(['written', 'duplicate', 'written']);
});

test('another failure rejects that document alone; a whole failed command rejects the batch', async () => {
  const broken = new Error('document failed validation');
  const { insert } = recordingInsert(new Map([['b', [broken]]]));
  const commit = new GroupCommit(insert, limits);
  const results = await Promise.allSettled(['a', 'b'].map((d) => commit.write(d)));
  expect(results).toEqual([{ status: 'fulfilled', value: 'written' }, { status: 'rejected', reason: broken }]);

  const down = new Error('connection closed');
  const failing = new GroupCommit<string>(async () => { throw down; }, limits);
  await expect(failing.write('x')).rejects.toBe(down);
});

test('a document that met a busy database is written again in a later batch', async () => {
  const { insert, batches } = recordingInsert(new Map([['b', [busy, busy]]]));
  const commit = new GroupCommit(insert, limits);
  await expect(Promise.all(['a', 'b'].map((d) => commit.write(d)))).resolves.toEqual(['written', 'written']);
  expect(batches).toEqual([['a', 'b'], ['b'], ['b']]);
});

test('batches hold at most maxBatch documents', async () => {
  const { insert, batches } = recordingInsert();
  const commit = new GroupCommit(insert, { ...limits, maxBatch: 2 });
  await Promise.all(['a', 'b', 'c', 'd', 'e'].map((d) => commit.write(d)));
  expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
});

test('a full queue refuses with BUSY at once and never writes that document', async () => {
  const { insert, batches } = recordingInsert();
  const commit = new GroupCommit(insert, { ...limits, maxQueued: 2 });
  const accepted = [commit.write('a'), commit.write('b')];
  const refused = commit.write('c');
  await expect(refused).rejects.toBeInstanceOf(ServiceBusy);
  await expect(refused).rejects.toMatchObject({ code: 'BUSY', retryAfterMs: 500 });
  await Promise.all(accepted);
  expect(batches.flat()).toEqual(['a', 'b']);
});

test('drain waits for every queued document', async () => {
  const stored: string[] = [];
  const commit = new GroupCommit<string>(async (documents) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    stored.push(...documents);
    return new Map();
  }, limits);
  void commit.write('a');
  void commit.write('b');
  await commit.drain();
  expect(stored).toEqual(['a', 'b']);
});
