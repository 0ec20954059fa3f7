import fs from 'node:fs';
import path from 'node:path';
import { readBankExport, writeBankExport } from '../../../server/bank/bankExport';
import type { ItemDocument } from '../../../server/scoring/itemDocument';

const starter = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'item-bank', 'items', 'fdp', 'fdp-items.json'), 'utf8')) as ItemDocument[];
const items = starter.slice(0, 12);

test('write then read gives back the same items, keys included', () => {
  const exported = writeBankExport(items, { exportedAt: '2026-11-23T12:00:00Z' });
  expect(exported).toMatchObject({ format: 'waymark-bank', version: 1, exportedAt: '2026-11-23T12:00:00Z' });
  expect(exported.items[0].answer).toEqual(items[0].answer);
  const read = readBankExport(JSON.parse(JSON.stringify(exported)));
  expect(read).toEqual({ ok: true, items });
  expect(readBankExport(JSON.stringify(exported))).toEqual({ ok: true, items });
});

test('database ids are left out of an export', () => {
  const stored = { ...items[0], _id: '65f1c0ffee0000000000abcd' } as ItemDocument;
  expect(writeBankExport([stored]).items[0]).not.toHaveProperty('_id');
});

test('not JSON, the wrong format, a newer version', () => {
  expect(readBankExport('{"format": ')).toEqual({ ok: false, errors: [{ path: '', message: expect.stringMatching(/^The file is not valid JSON/) }] });
  const wrong = readBankExport({ format: 'something-else', version: 1, items: [] });
  expect(wrong.ok).toBe(false);
  expect(!wrong.ok && wrong.errors.map((e) => e.path)).toContain('/format');
  expect(readBankExport({ format: 'waymark-bank', version: 2, items: [] })).toEqual({ ok: false, errors: [{ path: '/version', message: 'This export is format version 2; this Waymark reads version 1.' }] });
});

test('every bad item is reported with its path, and a bad item means no items', () => {
  const broken = writeBankExport([
    items[0],
    { ...items[1], parameters: { ...items[1].parameters, b: 42 } },
    items[2],
    { ...items[3], answer: { type: 'choice', correct: 'Z' } } as ItemDocument,
    items[0],
  ]);
  const read = readBankExport(broken);
  expect(read.ok).toBe(false);
  expect(read).not.toHaveProperty('items');
  const errors = read.ok ? [] : read.errors;
  expect(errors).toEqual(expect.arrayContaining([
    { path: '/items/1/parameters/b', message: expect.stringContaining('difficulty (b)') },
    { path: '/items/3/answer/correct', message: '"Z" is not one of the options.' },
    { path: '/items/4/id', message: `Item ${items[0].id} version ${items[0].version} is already entry 1.` },
  ]));
});
