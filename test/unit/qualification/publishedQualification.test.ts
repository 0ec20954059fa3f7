/**
 * Resolving a qualification against its modules (pure): every problem is reported with its path
 * in the file, and nothing is resolved when any is found.
 */
import { RuleValidationError } from '../../../server/grading/ruleValidationError';
import { resolveQualification, type ModuleFacts, type QualificationSource } from '../../../server/qualification/publishedQualification';

const grades = ['U', '1', '2', '3'];
const moduleFacts = (moduleId: string, extra: Partial<ModuleFacts> = {}): ModuleFacts => ({
  moduleId, title: moduleId.toUpperCase(), grades, cuts: [-1, 0, 1], credit: { value: 10, level: 2 }, passGrade: '2', ...extra,
});
const facts = new Map([['a', moduleFacts('a')], ['b', moduleFacts('b')], ['c', moduleFacts('c', { credit: undefined, passGrade: undefined })]]);

function source(overrides: Partial<QualificationSource> = {}): QualificationSource {
  return {
    id: 'q', version: 1, title: 'Q', subject: 'mathematics',
    modules: [{ moduleId: 'a', uniformMax: 100 }, { moduleId: 'b', uniformMax: 100 }],
    mandatory: ['a'], optionalGroups: [{ id: 'g', modules: ['b'], min: 1 }], minTotalCredits: 20,
    policy: { counts: 'best' },
    uniformMarks: { boundaryFractions: [0.4, 0.6, 0.8] },
    aggregation: { kind: 'uniform-mark-total', belowLowest: 'U', boundaries: [{ grade: '1', minimum: 80 }, { grade: '2', minimum: 120 }, { grade: '3', minimum: 160 }] },
    ...overrides,
  };
}

function problems(s: QualificationSource): { path: string; message: string }[] {
  try {
    resolveQualification(s, facts);
  } catch (error) {
    if (error instanceof RuleValidationError) return [...error.details];
    throw error;
  }
  return [];
}

test('a valid qualification resolves with each module\'s own credits, level, grades and pass grade', () => {
  const q = resolveQualification(source(), facts);
  expect(q.creditRules.modules).toEqual([
    { moduleId: 'a', credits: 10, level: 2, grades, passGrade: '2' },
    { moduleId: 'b', credits: 10, level: 2, grades, passGrade: '2' },
  ]);
  expect(q.rules).toMatchObject({ qualificationId: 'q', mandatory: ['a'], minTotalCredits: 20 });
});

test('values that disagree with the module, or that a module lacks and the file does not give, are refused by path', () => {
  expect(problems(source({ modules: [{ moduleId: 'a', uniformMax: 100, credits: 5 }, { moduleId: 'b', uniformMax: 100 }] })))
    .toEqual([{ path: '/modules/0/credits', message: "says 5 but the module's credit value is 10" }]);
  expect(problems(source({ modules: [{ moduleId: 'a', uniformMax: 100 }, { moduleId: 'c', uniformMax: 100 }], optionalGroups: [{ id: 'g', modules: ['c'], min: 1 }] })).map((p) => p.path))
    .toEqual(['/modules/1/credits', '/modules/1/level', '/modules/1/passGrade']);
  expect(problems(source({ modules: [{ moduleId: 'a', uniformMax: 100 }, { moduleId: 'c', uniformMax: 100, credits: 10, level: 2, passGrade: 'A*' }], optionalGroups: [{ id: 'g', modules: ['c'], min: 1 }] })))
    .toEqual([{ path: '/modules/1/passGrade', message: '"A*" is not a grade of module c' }]);
});

test('uniform-mark boundaries must fit every module\'s grade scale and rise', () => {
  expect(problems(source({ uniformMarks: { boundaryFractions: [0.5, 0.7] } })).map((p) => p.path)).toContain('/uniformMarks/boundaryFractions');
  expect(problems(source({ uniformMarks: { boundaryFractions: [0.4, 0.4, 0.8] } }))).toEqual([{ path: '/uniformMarks/boundaryFractions/1', message: 'must be larger than the one before' }]);
});

test('rules that can never be met are refused with the rule that fails', () => {
  expect(problems(source({ minTotalCredits: 30 }))).toEqual([{ path: '/minTotalCredits', message: expect.stringMatching(/can never be met: .* 20 of the 30 credits/) }]);
  // a is mandatory and b the only module of a group with minimum 1: barring them together leaves the group short and 10 credits short.
  const barred = problems(source({ barred: [{ modules: ['a', 'b'] }] }));
  expect(barred.map((p) => p.path).sort()).toEqual(['/minTotalCredits', '/optionalGroups/0/min']);
  for (const p of barred) expect(p.message).toMatch(/^can never be met/);
});

test('an unpublished module and an invalid policy are reported together', () => {
  const found = problems(source({ modules: [{ moduleId: 'a', uniformMax: 100 }, { moduleId: 'zz', uniformMax: 100 }], policy: { counts: 'best', maxAttempts: 0 } }));
  expect(found).toEqual(expect.arrayContaining([
    { path: '/modules/1/moduleId', message: 'module zz is not published' },
    { path: '/policy/maxAttempts', message: 'must be a whole number of at least 1' },
  ]));
});
