/**
 * The subject and module schemas (item-bank/schemas): the starting bank's files validate, and a
 * broken subject or module is refused with its JSON path and a message free of ajv's jargon.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateAgainstSchema } from '../../../server/schemas/schemaRegistry';

const bankRoot = path.resolve(__dirname, '..', '..', '..', 'item-bank');
function readJson(...parts: string[]): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(bankRoot, ...parts), 'utf8')) as Record<string, any>;
}
const AJV_JARGON = /must have required property|must NOT have|must match|must be <=|must be >=|schema|\$ref|anyOf|oneOf|instancePath/;

test('every subject and module file validates', () => {
  for (const file of fs.readdirSync(path.join(bankRoot, 'subjects'))) expect(validateAgainstSchema('subject', readJson('subjects', file))).toEqual([]);
  for (const file of fs.readdirSync(path.join(bankRoot, 'modules'))) expect(validateAgainstSchema('module', readJson('modules', file))).toEqual([]);
});

test('a subject criterion with a malformed code, no statement or a statement not starting "You can" is named by path', () => {
  const subject = readJson('subjects', 'mathematics.json');
  subject.criteria[0].id = 'N5';
  delete subject.criteria[1].statement;
  subject.criteria[2].statement = 'Pupils should know their tables.';
  subject.gradeScale.grades = [];
  const details = validateAgainstSchema('subject', subject);
  expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(['/criteria/0/id', '/criteria/1/statement', '/criteria/2/statement', '/gradeScale/grades']));
  for (const d of details) expect(d.message).not.toMatch(AJV_JARGON);
});

test('a module criterion without its grade, a blueprint on an unknown tag or without limits, and a bad pass grade are named by path', () => {
  const module = readJson('modules', 'num-1.json');
  delete module.criteria[0].grade;
  module.adaptive.blueprint.constraints[0].tag = 'topic';
  delete module.adaptive.blueprint.constraints[1].max;
  module.adaptive.stop.se = -1;
  module.passGrade = '';
  module.credit = { value: 0, level: 2 };
  const details = validateAgainstSchema('module', module);
  expect(details.map((d) => d.path)).toEqual(expect.arrayContaining([
    '/criteria/0/grade', '/adaptive/blueprint/constraints/0/tag', '/adaptive/blueprint/constraints/1', '/adaptive/stop/se', '/passGrade', '/credit/value',
  ]));
  for (const d of details) expect(d.message).not.toMatch(AJV_JARGON);
});

test('an item may carry a worked solution, and it must be text', () => {
  const item = readJson('items', 'num', 'num-items.json')[0];
  expect(validateAgainstSchema('item', item)).toEqual([]);
  expect(validateAgainstSchema('item', { ...item, solution: 42 }).map((d) => d.path)).toEqual(['/solution']);
});
