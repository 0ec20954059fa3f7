import { Award, CountableResult, CertificationInput, currentAward, requestAward } from '../../../server/credits/certification';
import { CreditRules, bankedResults, emptyLedger, recordAttempt, Ledger } from '../../../server/credits/ledger';
import { AggregationRule } from '../../../server/credits/overallGrade';
import { QualificationRules } from '../../../server/credits/qualification';
import { roundUniformMark, thetaUniformMarkScale, uniformMark } from '../../../server/credits/uniformMarks';
import { RuleConflictError, RuleValidationError } from '../../../server/grading/ruleValidationError';
import { transcript } from '../../../server/credits/transcript';
import { thrownError } from './thrownError';

const grades = ['U', 'E', 'D', 'C', 'B', 'A'];
const cuts = [-1.5, -0.8, -0.1, 0.6, 1.3];
const uniformBoundaries = [40, 50, 60, 70, 80];
const qualification: QualificationRules = {
  qualificationId: 'maths-cert',
  modules: [
    { moduleId: 'number', credits: 10, level: 1 },
    { moduleId: 'algebra', credits: 10, level: 2 },
    { moduleId: 'geometry', credits: 10, level: 2 },
  ],
  mandatory: ['number', 'algebra'],
  optionalGroups: [{ id: 'options', modules: ['geometry'], min: 1 }],
  minTotalCredits: 30,
};
const creditRules: CreditRules = {
  modules: qualification.modules.map((m) => ({ ...m, grades, passGrade: 'E' })),
  policy: { counts: 'best', maxAttempts: 3, minIntervalDays: 14 },
};
const aggregation: AggregationRule = {
  kind: 'uniform-mark-total', belowLowest: 'U',
  boundaries: [{ grade: 'E', minimum: 120 }, { grade: 'D', minimum: 150 }, { grade: 'C', minimum: 180 }, { grade: 'B', minimum: 210 }, { grade: 'A', minimum: 240 }],
};
const gradeOf = (theta: number) => grades[cuts.filter((c) => theta >= c).length];

function sit(ledger: Ledger, resultId: string, moduleId: string, satAt: string, theta: number): Ledger {
  return recordAttempt(ledger, creditRules, { resultId, moduleId, satAt, grade: gradeOf(theta), theta }, satAt).ledger;
}

/** What the service would hand to certification: banked results with their uniform marks. */
function countable(ledger: Ledger): CountableResult[] {
  const scale = thetaUniformMarkScale(cuts, uniformBoundaries, 100);
  return bankedResults(ledger).map((b) => ({
    moduleId: b.moduleId, resultId: b.resultId, grade: b.grade, theta: b.theta, credits: b.credits, level: b.level,
    uniformMark: roundUniformMark(uniformMark(b.theta, scale)), satAt: b.satAt, cutScores: { moduleId: b.moduleId, version: 1 },
  }));
}

function input(ledger: Ledger, awards: Award[], key: string, at: string, by: 'pupil' | 'teacher' = 'pupil'): CertificationInput {
  return {
    request: { pupilId: 'p1', qualificationId: 'maths-cert', idempotencyKey: key, requestedBy: { role: by, id: by === 'pupil' ? 'p1' : 't1' }, at },
    awards, banked: countable(ledger), rules: qualification, aggregation,
  };
}

describe('certification (cash-in)', () => {
  let ledger = emptyLedger('p1', 'maths-cert');
  ledger = sit(ledger, 'r1', 'number', '2026-01-10T09:00:00Z', 0.2);
  ledger = sit(ledger, 'r2', 'algebra', '2026-02-10T09:00:00Z', -0.5);

  it('refuses while the rules are not met, saying what is missing, and issues nothing', () => {
    const err = thrownError<RuleValidationError>(() => requestAward(input(ledger, [], 'key-00000001', '2026-02-11T00:00:00Z')));
    expect(err).toBeInstanceOf(RuleValidationError);
    expect(err.details).toEqual([
      { path: '/qualification', message: '1 more module needed from group options (0 of 1); choose from geometry' },
      { path: '/qualification', message: '10 more credits needed (20 of 30)' },
    ]);
  });

  const withGeometry = sit(ledger, 'r3', 'geometry', '2026-03-10T09:00:00Z', 1.0);
  const first = requestAward(input(withGeometry, [], 'key-00000001', '2026-03-11T00:00:00Z'));

  it('issues an award that freezes the counted results and the grade', () => {
    expect(first.outcome).toBe('issued');
    const award = first.award;
    // Uniform marks: number 0.2 → 60 + (0.3/0.7)·10 = 64.29 → 64; algebra −0.5 → 50 + (0.3/0.7)·10 → 54; geometry 1.0 → 70 + (0.4/0.7)·10 → 76.
    expect(award.counted.map((c) => [c.resultId, c.uniformMark])).toEqual([['r1', 64], ['r2', 54], ['r3', 76]]);
    expect(award).toMatchObject({
      awardId: 'p1:maths-cert:1', number: 1, grade: 'C', totalCredits: 30, supersedes: null, issuedAt: '2026-03-11T00:00:00.000Z',
      aggregation: { rule: 'uniform-mark-total', aggregate: 194 },
    });
    expect(Object.isFrozen(award)).toBe(true);
    expect(Object.isFrozen(award.counted[0])).toBe(true);
    expect(Object.isFrozen(award.counted[0].cutScores)).toBe(true);
    // The caller's objects are copied, not frozen or shared.
    const offered = input(withGeometry, [], 'key-00000003', '2026-03-11T00:00:00Z');
    const issued = requestAward(offered).award;
    expect(Object.isFrozen(offered.banked[0])).toBe(false);
    expect(Object.isFrozen(offered.banked[0].cutScores)).toBe(false);
    expect(issued.counted[0].cutScores).not.toBe(offered.banked[0].cutScores);
  });

  it('repeating the request with the same idempotency key returns the same award and issues nothing', () => {
    const again = requestAward(input(withGeometry, [first.award], 'key-00000001', '2026-03-11T00:00:05Z'));
    expect(again).toEqual({ outcome: 'replayed', award: first.award });
    expect(again.award).toBe(first.award);
    expect(() => requestAward(input(withGeometry, [first.award], 'key-00000001', '2026-03-11T00:00:05Z', 'teacher'))).toThrow(RuleConflictError);
  });

  it('two different requests at once: both aim at the same award id (the store’s unique index keeps one), and the loser is refused on re-check', () => {
    const a = requestAward(input(withGeometry, [], 'key-aaaaaaaa', '2026-03-11T00:00:00Z'));
    const b = requestAward(input(withGeometry, [], 'key-bbbbbbbb', '2026-03-11T00:00:00Z', 'teacher'));
    expect(a.award.awardId).toBe(b.award.awardId);
    const err = thrownError<RuleConflictError>(() => requestAward(input(withGeometry, [a.award], 'key-bbbbbbbb', '2026-03-11T00:00:01Z', 'teacher')));
    expect(err).toBeInstanceOf(RuleConflictError);
    expect(err.message).toBe('An award has already been issued on these results');
  });

  it('a later cash-in after a resit issues a new award and keeps the old one unchanged', () => {
    const resat = sit(withGeometry, 'r4', 'algebra', '2026-05-10T09:00:00Z', 1.5);
    const second = requestAward(input(resat, [first.award], 'key-00000002', '2026-05-11T00:00:00Z', 'teacher'));
    expect(second.outcome).toBe('issued');
    expect(second.award).toMatchObject({ awardId: 'p1:maths-cert:2', number: 2, supersedes: 'p1:maths-cert:1', requestedBy: { role: 'teacher', id: 't1' } });
    expect(second.award.counted.map((c) => c.resultId)).toEqual(['r1', 'r4', 'r3']);
    // algebra 1.5 → 80 + (0.2/4.7)·20 = 80.85 → 81; total 64 + 81 + 76 = 221 → B.
    expect(second.award.grade).toBe('B');
    expect(first.award.counted.map((c) => c.resultId)).toEqual(['r1', 'r2', 'r3']);
    expect(first.award.grade).toBe('C');
    expect(currentAward([first.award, second.award])).toBe(second.award);

    // The transcript shows every result, what banks now, where each counted, and both awards.
    const t = transcript(resat, [second.award, first.award]);
    expect(t.creditBalance).toBe(30);
    expect(t.modules.find((m) => m.moduleId === 'algebra')).toEqual({
      moduleId: 'algebra', creditsBanked: 10,
      results: [
        { resultId: 'r2', satAt: '2026-02-10T09:00:00.000Z', grade: 'D', passed: true, banked: false, countedIn: ['p1:maths-cert:1'] },
        { resultId: 'r4', satAt: '2026-05-10T09:00:00.000Z', grade: 'A', passed: true, banked: true, countedIn: ['p1:maths-cert:2'] },
      ],
    });
    expect(t.awards.map((a) => [a.awardId, a.grade, a.current, a.supersededBy])).toEqual([
      ['p1:maths-cert:1', 'C', false, 'p1:maths-cert:2'],
      ['p1:maths-cert:2', 'B', true, null],
    ]);
  });

  it('rejects a malformed request, naming each field', () => {
    const bad = input(withGeometry, [], 'short', 'not a date');
    const err = thrownError<RuleValidationError>(() => requestAward({
      ...bad, request: { ...bad.request, qualificationId: 'other', requestedBy: { role: 'parent' as 'pupil', id: 'x' } },
    }));
    expect(err.details.map((d) => d.path)).toEqual(['/qualificationId', '/idempotencyKey', '/requestedBy/role']);
    expect(() => requestAward(input(withGeometry, [], 'key-00000009', 'not a date'))).toThrow(RuleValidationError);
  });
});
