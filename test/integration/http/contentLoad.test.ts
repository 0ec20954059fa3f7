/**
 * Loading item-bank/ into the database: every subject, item and module version not yet stored
 * is added, all or nothing per run; stored versions are never overwritten; a new live item
 * version retires the older live one, in the audit trail; new modules reach the demo class of
 * an already-seeded database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readItemBank } from '../../../server/content/itemBankContent';
import { loadItemBank, loadItemBankIfEmpty } from '../../../server/content/loadItemBank';
import { AssessmentModule, Assignment, BankAudit, ItemVersion, SchoolClass, SubjectVersion } from '../../../server/db/models';
import { STARTER_MODULE_ID } from '../../../server/seed/createSchool';
import { assignModulesToDemoClass, DEMO_CLASS, seedDemoSchool } from '../../../server/seed/demoSchool';
import { useTestDatabase } from '../../support/database';
import { testLogger } from '../../support/config';

const database = useTestDatabase();
beforeEach(() => database.clear());

const repoBank = path.resolve(__dirname, '..', '..', '..', 'item-bank');
const content = readItemBank(repoBank);

async function counts(): Promise<{ subjects: number; modules: number; items: number }> {
  return { subjects: await SubjectVersion.countDocuments(), modules: await AssessmentModule.countDocuments(), items: await ItemVersion.countDocuments() };
}

/** A copy of the bank to break or extend; removed after the test. */
function bankCopy(edit: (root: string) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bank-'));
  fs.cpSync(repoBank, root, { recursive: true });
  edit(root);
  return root;
}
const copies: string[] = [];
afterEach(() => { for (const root of copies.splice(0)) fs.rmSync(root, { recursive: true, force: true }); });
function copy(edit: (root: string) => void): string {
  const root = bankCopy(edit);
  copies.push(root);
  return root;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

test('an empty database gets every version once; loading again writes nothing new', async () => {
  const first = await loadItemBank(repoBank, testLogger());
  expect(first).toEqual({
    subjects: content.subjects.length, modules: content.modules.length, items: content.items.length,
    newModuleIds: content.modules.map((m) => m.id).sort(), retired: [],
  });
  expect(await counts()).toEqual({ subjects: 1, modules: content.modules.length, items: content.items.length });
  const stored = await AssessmentModule.findOne({ moduleId: 'num-1' }).lean();
  // The stored definition carries the subject's statements, which the result page reads.
  expect(stored!.definition.criteria[0]).toEqual({ id: 'MA.N.1.1', grade: '1', statement: expect.stringMatching(/^You can /) });
  expect(await ItemVersion.findOne({ itemId: 'fdp-001' }).lean()).toMatchObject({ version: 2, status: 'live', document: { criteria: ['MA.N.2.3'] } });

  expect(await loadItemBank(repoBank, testLogger())).toEqual({ subjects: 0, modules: 0, items: 0, newModuleIds: [], retired: [] });
  expect(await BankAudit.countDocuments({ action: 'import' })).toBe(content.items.length);
  expect(await counts()).toEqual({ subjects: 1, modules: content.modules.length, items: content.items.length });
  expect((await loadItemBankIfEmpty(repoBank, testLogger())).loaded).toBe(false);
});

test('only versions not yet stored are added; a stored version is never overwritten; a new live version retires the old', async () => {
  await loadItemBank(repoBank, testLogger());
  const root = copy((dir) => {
    const itemsFile = path.join(dir, 'items', 'num', 'num-items.json');
    const items = readJson<Array<Record<string, unknown>>>(itemsFile);
    items[0].stem = 'Changed without a new version: must not replace the stored one.';
    items[2] = { ...items[2], version: 2, stem: `${items[2].stem as string} (version 2)` };
    const added = { ...items[1], id: 'num-new-1', stem: 'Work out $7 + 8$.', interaction: { type: 'numeric' }, answer: { type: 'numeric', value: 15 } };
    fs.writeFileSync(itemsFile, JSON.stringify([...items, added]));
    const moduleFile = path.join(dir, 'modules', 'num-1.json');
    const module = readJson<{ version: number; items: string[] }>(moduleFile);
    fs.writeFileSync(moduleFile, JSON.stringify({ ...module, version: 2, items: [...module.items, 'num-new-1'] }));
  });
  const second = await loadItemBank(root, testLogger());
  expect(second).toEqual({ subjects: 0, modules: 1, items: 2, newModuleIds: [], retired: ['num-003@1'] });
  expect((await ItemVersion.find({ itemId: 'num-003' }).lean()).map((row) => [row.version, row.status, row.document.status]).sort())
    .toEqual([[1, 'retired', 'retired'], [2, 'live', 'live']]);
  expect((await BankAudit.find({ itemId: 'num-003' }).lean()).map((e) => [e.version, e.action, e.toStatus]).sort())
    .toEqual([[1, 'import', 'live'], [1, 'retire', 'retired'], [2, 'import', 'live']]);
  expect(await AssessmentModule.countDocuments({ moduleId: 'num-1' })).toBe(2);
  const first = content.items.find((item) => item.id === 'num-001')!;
  expect((await ItemVersion.findOne({ itemId: 'num-001' }).lean())!.document.stem).toBe(first.stem);
});

test('a broken content file writes nothing, into an empty or a loaded database', async () => {
  const broken = copy((dir) => {
    const file = path.join(dir, 'items', 'stat', 'stat-items.json');
    const items = readJson<Array<Record<string, unknown>>>(file);
    items[items.length - 1].answer = { type: 'choice' };
    fs.writeFileSync(file, JSON.stringify(items));
  });
  await expect(loadItemBank(broken, testLogger())).rejects.toThrow(/nothing was loaded/);
  expect(await counts()).toEqual({ subjects: 0, modules: 0, items: 0 });

  await loadItemBank(repoBank, testLogger());
  const before = await counts();
  const brokenAddition = copy((dir) => {
    // A new module whose criterion is not published: the whole run is refused.
    const module = readJson<Record<string, unknown> & { criteria: Array<{ id: string; grade: string }> }>(path.join(dir, 'modules', 'prob-1.json'));
    fs.writeFileSync(path.join(dir, 'modules', 'prob-2.json'), JSON.stringify({ ...module, id: 'prob-2', criteria: [...module.criteria, { id: 'MA.P.9.9', grade: '9' }] }));
    fs.writeFileSync(path.join(dir, 'subjects', 'mathematics-2.json'), JSON.stringify({ ...readJson<object>(path.join(dir, 'subjects', 'mathematics.json')), version: 2 }));
  });
  await expect(loadItemBank(brokenAddition, testLogger())).rejects.toThrow(/prob-2\.json \/criteria\/\d+\/id: MA\.P\.9\.9 is not a published criterion/);
  expect(await counts()).toEqual(before);
});

test('a write that fails part-way is undone, including a retirement', async () => {
  const failing = jest.spyOn(AssessmentModule, 'insertMany').mockRejectedValueOnce(new Error('disk full'));
  try {
    await expect(loadItemBank(repoBank, testLogger())).rejects.toThrow('disk full');
  } finally {
    failing.mockRestore();
  }
  expect(await counts()).toEqual({ subjects: 0, modules: 0, items: 0 });

  await loadItemBank(repoBank, testLogger());
  const before = await counts();
  const root = copy((dir) => {
    const itemsFile = path.join(dir, 'items', 'geo', 'geo-items.json');
    const items = readJson<Array<Record<string, unknown>>>(itemsFile);
    items[0] = { ...items[0], version: 2 };
    fs.writeFileSync(itemsFile, JSON.stringify(items));
  });
  const failingAudit = jest.spyOn(BankAudit, 'insertMany').mockRejectedValueOnce(new Error('disk full'));
  try {
    await expect(loadItemBank(root, testLogger())).rejects.toThrow('disk full');
  } finally {
    failingAudit.mockRestore();
  }
  expect(await counts()).toEqual(before);
  expect((await ItemVersion.find({ itemId: 'geo-001' }).lean()).map((row) => [row.version, row.status])).toEqual([[1, 'live']]);
});

test('a seeded demo class is assigned every module, the starter first; modules loaded later reach it too', async () => {
  const starterOnly = copy((dir) => {
    for (const file of fs.readdirSync(path.join(dir, 'modules'))) if (file !== `${STARTER_MODULE_ID}.json`) fs.rmSync(path.join(dir, 'modules', file));
  });
  await loadItemBank(starterOnly, testLogger());
  await seedDemoSchool();
  const demoClass = await SchoolClass.findOne({ name: DEMO_CLASS }).lean();
  expect((await Assignment.find({ classId: demoClass!._id }).lean()).map((a) => a.moduleId)).toEqual([STARTER_MODULE_ID]);

  const loaded = await loadItemBank(repoBank, testLogger());
  expect(loaded.newModuleIds).toEqual(content.modules.map((m) => m.id).filter((id) => id !== STARTER_MODULE_ID).sort());
  expect(await assignModulesToDemoClass(loaded.newModuleIds)).toEqual(loaded.newModuleIds);
  expect(await assignModulesToDemoClass(loaded.newModuleIds)).toEqual([]);
  const assigned = (await Assignment.find({ classId: demoClass!._id }).sort({ createdAt: 1 }).lean()).map((a) => a.moduleId);
  expect(assigned[0]).toBe(STARTER_MODULE_ID);
  expect([...assigned].sort()).toEqual(content.modules.map((m) => m.id).sort());
});
