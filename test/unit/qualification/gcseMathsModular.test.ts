/**
 * The published GCSE-style Mathematics (modular) qualification, read from item-bank/ as it is
 * loaded: it validates against its schema, resolves against the starting bank's modules (their
 * credits, levels, pass grades and grade scales), can be met, and its rules of combination say
 * exactly what is missing for typical sets of modules. Uniform marks from first principles: a
 * result exactly at a module's grade-g cut earns g tenths of the module's maximum.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModuleDefinition } from '../../../server/content/moduleDefinition';
import { checkQualification, unmeetableRules } from '../../../server/credits/qualification';
import { moduleFactsOf } from '../../../server/qualification/qualificationCatalogue';
import { resolveQualification, resultUniformMark, type QualificationSource } from '../../../server/qualification/publishedQualification';
import { validateAgainstSchema } from '../../../server/schemas/schemaRegistry';

const itemBank = path.resolve(__dirname, '..', '..', '..', 'item-bank');
const source = JSON.parse(fs.readFileSync(path.join(itemBank, 'qualifications', 'gcse-maths-modular.json'), 'utf8')) as QualificationSource;
const modules = fs.readdirSync(path.join(itemBank, 'modules')).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(itemBank, 'modules', f), 'utf8')) as ModuleDefinition);
const facts = new Map(modules.map((m) => [m.id, moduleFactsOf(m)]));
const qualification = resolveQualification(source, facts);

test('the file validates against qualification.schema.json and its rules can be met', () => {
  expect(validateAgainstSchema('qualification', source)).toEqual([]);
  expect(unmeetableRules(qualification.rules)).toEqual([]);
  expect(qualification.modules.map((m) => m.moduleId).sort()).toEqual(['alg-1', 'fdp-1', 'geo-1', 'num-1', 'prob-1', 'rat-1', 'stat-1']);
});

test('credits, levels and pass grades come from the modules themselves', () => {
  for (const m of qualification.modules) {
    const definition = modules.find((d) => d.id === m.moduleId)!;
    expect(m.credits).toBe(definition.credit!.value);
    expect(m.level).toBe(definition.credit!.level);
    expect(m.grades).toEqual([definition.cutScores.belowLowest, ...definition.cutScores.boundaries.map((b) => b.grade)]);
  }
});

test.each([
  [['num-1', 'alg-1', 'geo-1', 'prob-1', 'stat-1'], true, []],
  // fdp-1 cannot count beside rat-1 (barred): one short module and 5 credits short.
  [['num-1', 'alg-1', 'rat-1', 'fdp-1', 'stat-1'], false, ['GROUP_MINIMUM', 'TOTAL_CREDITS', 'LEVEL_CREDITS']],
  [['num-1', 'alg-1', 'geo-1', 'fdp-1', 'prob-1'], true, []],
  [['num-1', 'geo-1', 'prob-1', 'stat-1'], false, ['MANDATORY_MODULE', 'TOTAL_CREDITS', 'LEVEL_CREDITS']],
  [['num-1', 'alg-1', 'geo-1', 'prob-1'], false, ['GROUP_MINIMUM', 'TOTAL_CREDITS', 'LEVEL_CREDITS']],
])('held %j: met %s, missing %j', (held, met, codes) => {
  const check = checkQualification(qualification.rules, held);
  expect(check.met).toBe(met);
  expect(check.shortfalls.map((s) => s.code).sort()).toEqual([...codes].sort());
  if (met) expect(check.totalCredits).toBe(40);
});

test('fdp-1 and rat-1 never count together (barred: percentages are assessed in both)', () => {
  const check = checkQualification(qualification.rules, ['num-1', 'alg-1', 'rat-1', 'geo-1', 'fdp-1', 'prob-1', 'stat-1']);
  expect(check.met).toBe(true);
  expect(check.counted.includes('fdp-1') && check.counted.includes('rat-1')).toBe(false);
  expect(check.totalCredits).toBe(40);
});

test('uniform marks: exactly at the grade-g cut earns g/10 of the module maximum; the bottom 0, the top the maximum', () => {
  const num = modules.find((m) => m.id === 'num-1')!;
  const cuts = num.cutScores.boundaries.map((b) => b.theta);
  cuts.forEach((cut, g) => expect(resultUniformMark(qualification, 'num-1', cut, cuts)).toBe(10 * (g + 1)));
  expect(resultUniformMark(qualification, 'num-1', -6, cuts)).toBe(0);
  expect(resultUniformMark(qualification, 'num-1', 6, cuts)).toBe(100);
  const stat = modules.find((m) => m.id === 'stat-1')!;
  const statCuts = stat.cutScores.boundaries.map((b) => b.theta);
  expect(resultUniformMark(qualification, 'stat-1', statCuts[4], statCuts)).toBe(25);
});

test('a pupil exactly at grade 5 in every counted module gets grade 5 overall (boundaries on the 400 total are 40 per grade)', () => {
  const boundary = qualification.aggregation.kind === 'uniform-mark-total' ? qualification.aggregation.boundaries : [];
  expect(boundary.find((b) => b.grade === '5')?.minimum).toBe(5 * 40);
  expect(boundary.map((b) => b.minimum)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((g) => 40 * g));
});
