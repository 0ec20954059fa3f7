import { AggregationRule, overallGrade, CountingResult } from '../../../server/credits/overallGrade';
import { roundUniformMark, thetaUniformMarkScale, uniformMark } from '../../../server/credits/uniformMarks';
import { RuleValidationError } from '../../../server/grading/ruleValidationError';
import { thrownError } from './thrownError';

const results: CountingResult[] = [
  { moduleId: 'number', grade: 'B', credits: 10, uniformMark: 72 },
  { moduleId: 'algebra', grade: 'C', credits: 10, uniformMark: 63 },
  { moduleId: 'mechanics', grade: 'A', credits: 20, uniformMark: 85 },
];

describe('overall grade', () => {
  const total: AggregationRule = {
    kind: 'uniform-mark-total', belowLowest: 'U',
    boundaries: [{ grade: 'E', minimum: 120 }, { grade: 'D', minimum: 150 }, { grade: 'C', minimum: 180 }, { grade: 'B', minimum: 210 }, { grade: 'A', minimum: 240 }],
  };

  it('adds uniform marks and reads the grade off the published boundaries (a boundary mark earns the grade)', () => {
    expect(overallGrade(results, total)).toEqual({
      grade: 'B', rule: 'uniform-mark-total', aggregate: 220, explanation: 'Uniform marks total 220, which earns grade B',
    });
    expect(overallGrade([{ ...results[0], uniformMark: 210 }], total).grade).toBe('B');
    expect(overallGrade([{ ...results[0], uniformMark: 209 }], total).grade).toBe('C');
    expect(overallGrade([{ ...results[0], uniformMark: 3 }], total).grade).toBe('U');
  });

  it('module θ results convert through the module cuts, rounded, then add up', () => {
    const scale = thetaUniformMarkScale([-1, 0, 1], [40, 60, 80], 100);
    const marks = [0.5, 1.5, -0.25].map((theta) => roundUniformMark(uniformMark(theta, scale)));
    // 60 + 0.5·20 = 70; 80 + (0.5/5)·20 = 82; 40 + 0.75·20 = 55 (first principles).
    expect(marks).toEqual([70, 82, 55]);
    expect(overallGrade(marks.map((m, i) => ({ moduleId: `m${i}`, grade: '-', credits: 10, uniformMark: m })), total).aggregate).toBe(207);
  });

  it('credit-weighted points: the mean of grade points weighted by credits', () => {
    const rule: AggregationRule = {
      kind: 'credit-weighted-points', points: { U: 0, E: 1, D: 2, C: 3, B: 4, A: 5 }, belowLowest: 'U',
      boundaries: [{ grade: 'E', minimum: 0.5 }, { grade: 'D', minimum: 1.5 }, { grade: 'C', minimum: 2.5 }, { grade: 'B', minimum: 3.5 }, { grade: 'A', minimum: 4.5 }],
    };
    // (10·4 + 10·3 + 20·5)/40 = 4.25
    expect(overallGrade(results, rule)).toMatchObject({ grade: 'B', aggregate: 4.25 });
  });

  it('lowest grade: the weakest module sets the grade', () => {
    expect(overallGrade(results, { kind: 'lowest-grade', grades: ['U', 'E', 'D', 'C', 'B', 'A'] })).toMatchObject({ grade: 'C', aggregate: 3 });
  });

  it('rejects boundaries out of order, grades without points and an empty list, naming each', () => {
    const err = thrownError<RuleValidationError>(() => overallGrade([], { ...total, boundaries: [{ grade: 'D', minimum: 150 }, { grade: 'E', minimum: 120 }] }));
    expect(err.details).toEqual([
      { path: '/aggregation/boundaries/1/minimum', message: 'boundaries must be listed lowest grade first, strictly increasing' },
      { path: '/results', message: 'an overall grade needs at least one counted result' },
    ]);
    const noPoints = thrownError<RuleValidationError>(() => overallGrade(results, { kind: 'credit-weighted-points', points: { A: 5 }, belowLowest: 'U', boundaries: [{ grade: 'A', minimum: 4 }] }));
    expect(noPoints.details.map((d) => d.path)).toEqual(['/results/0/grade', '/results/1/grade']);
  });
});
