/**
 * Content that does not match its subject's published criteria is refused with the JSON path
 * and a sentence a teacher understands, before anything is written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContentError, readItemBank } from '../../../server/content/itemBankContent';
import type { ModuleSource } from '../../../server/content/moduleDefinition';
import { checkSubject, resolveModuleCriteria } from '../../../server/content/subjectCriteria';
import type { SubjectDefinition } from '../../../server/content/subjectDefinition';

const bankRoot = path.resolve(__dirname, '..', '..', '..', 'item-bank');
function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
const subject = readJson<SubjectDefinition>(path.join(bankRoot, 'subjects', 'mathematics.json'));
const numberModule = readJson<ModuleSource>(path.join(bankRoot, 'modules', 'num-1.json'));

test('the published subject passes its own checks', () => {
  expect(checkSubject(subject)).toEqual([]);
});

test('a criterion code that does not spell out its strand and grade, a repeated code or an unknown strand is named', () => {
  const broken = structuredClone(subject);
  broken.criteria[0].id = 'MA.A.1.1'; // a number criterion coded as algebra: and now MA.A.1.1 is published twice
  broken.criteria[5].strand = 'trigonometry';
  broken.criteria[7].grade = '10';
  const problems = checkSubject(broken);
  expect(problems).toEqual(expect.arrayContaining([
    { path: '/criteria/0/id', message: expect.stringContaining('should name strand N and grade 1') },
    { path: expect.stringMatching(/^\/criteria\/\d+\/id$/), message: 'criterion MA.A.1.1 is published twice' },
    { path: '/criteria/5/strand', message: '"trigonometry" is not one of the subject\'s strands' },
    { path: '/criteria/7/grade', message: '"10" is not a grade of the GCSE (9–1) scale' },
  ]));
});

test("a module's criteria are filled in from the subject; unknown codes, wrong grades and reworded statements are refused", () => {
  const resolved = resolveModuleCriteria(numberModule, [subject]);
  expect(resolved.problems).toEqual([]);
  expect(resolved.module!.criteria[0]).toEqual({ id: 'MA.N.1.1', grade: '1', statement: subject.criteria.find((c) => c.id === 'MA.N.1.1')!.statement });
  expect(resolved.module!.subjectVersion).toBe(1);

  const broken: ModuleSource = structuredClone(numberModule);
  broken.criteria[0] = { id: 'MA.N.1.9', grade: '1' };
  broken.criteria[1] = { ...broken.criteria[1], grade: '7' };
  broken.criteria[2] = { ...broken.criteria[2], statement: 'You can do sums.' };
  broken.passGrade = 'A*';
  const { module: none, problems } = resolveModuleCriteria(broken, [subject]);
  expect(none).toBeUndefined();
  expect(problems).toEqual([
    { path: '/criteria/0/id', message: 'MA.N.1.9 is not a published criterion of Mathematics (version 1)' },
    { path: '/criteria/1/grade', message: `${broken.criteria[1].id} is a grade ${numberModule.criteria[1].grade} criterion, not grade 7` },
    { path: '/criteria/2/statement', message: expect.stringMatching(/^differs from the published statement "You can /) },
    { path: '/passGrade', message: '"A*" is not a grade of the GCSE (9–1) scale' },
  ]);
  expect(resolveModuleCriteria({ ...numberModule, subjectVersion: 3 }, [subject]).problems).toEqual([
    { path: '/subjectVersion', message: 'there is no published subject "mathematics" version 3' },
  ]);
});

test('an item tagged with a criterion the subject does not publish stops the whole bank', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bank-'));
  try {
    fs.cpSync(bankRoot, root, { recursive: true });
    const file = path.join(root, 'items', 'geo', 'geo-items.json');
    const items = readJson<Array<{ criteria: string[] }>>(file);
    items[3].criteria = ['MA.G.4.7'];
    fs.writeFileSync(file, JSON.stringify(items));
    let error: unknown;
    try { readItemBank(root); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toEqual(expect.arrayContaining([
      { file: path.join('items', 'geo', 'geo-items.json'), path: '/3/criteria/0', message: '"MA.G.4.7" is not a published criterion of the subject "mathematics"' },
    ]));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
