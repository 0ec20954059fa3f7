import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadItemBankIfEmpty } from '../../../server/content/loadItemBank';
import { AssessmentModule, ItemVersion } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { testLogger } from '../../support/config';

const database = useTestDatabase();
beforeEach(() => database.clear());

const repoBank = path.resolve(__dirname, '..', '..', '..', 'item-bank');

test('an empty database gets the item bank once; a second start leaves it alone', async () => {
  const first = await loadItemBankIfEmpty(repoBank, testLogger());
  expect(first.loaded).toBe(true);
  expect(await AssessmentModule.countDocuments()).toBe(first.modules);
  expect(await ItemVersion.countDocuments()).toBe(first.items);
  const stored = await ItemVersion.findOne({ itemId: 'fdp-001' }).lean();
  expect(stored).toMatchObject({ version: 1, status: 'live', document: { id: 'fdp-001' } });
  expect((await loadItemBankIfEmpty(repoBank, testLogger())).loaded).toBe(false);
  expect(await ItemVersion.countDocuments()).toBe(first.items);
});

test('a bank with one bad item writes nothing at all', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bank-'));
  try {
    fs.cpSync(repoBank, root, { recursive: true });
    const file = path.join(root, 'items', 'fdp', 'fdp-items.json');
    const items = JSON.parse(fs.readFileSync(file, 'utf8'));
    items[items.length - 1].answer = { type: 'choice' };
    fs.writeFileSync(file, JSON.stringify(items));
    await expect(loadItemBankIfEmpty(root, testLogger())).rejects.toThrow(/nothing was loaded/);
    expect(await ItemVersion.countDocuments()).toBe(0);
    expect(await AssessmentModule.countDocuments()).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a write that fails part-way is undone', async () => {
  // A clashing item version already stored makes the insert fail after some items are written.
  const content = JSON.parse(fs.readFileSync(path.join(repoBank, 'items', 'fdp', 'fdp-items.json'), 'utf8'));
  const last = content[content.length - 1];
  await ItemVersion.create({ itemId: last.id, version: last.version, status: 'draft', document: last });
  await expect(loadItemBankIfEmpty(repoBank, testLogger())).rejects.toThrow();
  expect(await ItemVersion.countDocuments()).toBe(1);
  expect(await AssessmentModule.countDocuments()).toBe(0);
});
