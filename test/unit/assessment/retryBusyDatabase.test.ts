import { isBusyDatabase, retryBusyDatabase } from '../../../server/assessment/retryBusyDatabase';

const busy = () => Object.assign(new Error('[collection.go:177 sqlite.(*collection).UpdateAll.func1] database is locked (5) (SQLITE_BUSY)'), { code: 1 });

test('recognises FerretDB\'s SQLite lock error and nothing else', () => {
  expect(isBusyDatabase(busy())).toBe(true);
  expect(isBusyDatabase(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(false);
  expect(isBusyDatabase(undefined)).toBe(false);
});

test('a busy write is tried again until it goes through', async () => {
  let calls = 0;
  const result = await retryBusyDatabase(async () => {
    calls += 1;
    if (calls < 3) throw busy();
    return 'written';
  });
  expect(result).toBe('written');
  expect(calls).toBe(3);
});

test('other errors are thrown at once, and a lock that never clears is given up after 8 tries', async () => {
  let calls = 0;
  await expect(retryBusyDatabase(async () => { calls += 1; throw new Error('duplicate'); })).rejects.toThrow('duplicate');
  expect(calls).toBe(1);
  calls = 0;
  await expect(retryBusyDatabase(async () => { calls += 1; throw busy(); })).rejects.toThrow(/SQLITE_BUSY/);
  expect(calls).toBe(8);
});
