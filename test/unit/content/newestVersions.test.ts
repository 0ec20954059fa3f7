import { newestById } from '../../../server/content/newestVersions';

test('the newest version of each id, whatever order the rows come in', () => {
  const rows = [
    { id: 'fdp-1', version: 1, title: 'first' },
    { id: 'alg-1', version: 3, title: 'alg three' },
    { id: 'fdp-1', version: 4, title: 'fourth' },
    { id: 'fdp-1', version: 2, title: 'second' },
    { id: 'alg-1', version: 1, title: 'alg one' },
  ];
  const newest = newestById(rows, (row) => row.id);
  expect([...newest.keys()].sort()).toEqual(['alg-1', 'fdp-1']);
  expect(newest.get('fdp-1')).toBe(rows[2]);
  expect(newest.get('alg-1')).toBe(rows[1]);
  expect(newestById([], (row: { id: string; version: number }) => row.id).size).toBe(0);
});
