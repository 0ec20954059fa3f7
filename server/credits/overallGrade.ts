/**
 * The overall grade of a qualification from the results that count toward it. The default rule
 * adds the modules' uniform marks and reads the grade off the qualification's published
 * boundaries on the total; two other rules may be configured instead (documented in
 * docs/credits-and-qualifications.md):
 *  - credit-weighted points: each module grade earns published points, averaged with the
 *    modules' credits as weights, and the mean is read against boundaries on points;
 *  - lowest grade: the overall grade is the lowest module grade (every module must reach a
 *    grade for the qualification to carry it), as many vocational awards do.
 */
import { RuleViolation, assertNoViolations } from '../grading/ruleValidationError';

export interface CountingResult {
  moduleId: string;
  grade: string;
  credits: number;
  /** The module result's uniform mark, rounded (roundUniformMark). */
  uniformMark: number;
}

/** A published boundary: the lowest aggregate that earns `grade`. */
export interface AggregateBoundary {
  grade: string;
  minimum: number;
}

export type AggregationRule =
  | { kind: 'uniform-mark-total'; boundaries: readonly AggregateBoundary[]; belowLowest: string }
  | {
      kind: 'credit-weighted-points';
      points: Readonly<Record<string, number>>;
      boundaries: readonly AggregateBoundary[];
      belowLowest: string;
    }
  | { kind: 'lowest-grade'; grades: readonly string[] };

export interface OverallGrade {
  grade: string;
  rule: AggregationRule['kind'];
  /** The total uniform mark, the credit-weighted mean points, or the rank of the lowest grade. */
  aggregate: number;
  explanation: string;
}

export function validateAggregationRule(rule: AggregationRule, path = '/aggregation'): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (rule.kind === 'lowest-grade') {
    if (rule.grades.length < 2 || new Set(rule.grades).size !== rule.grades.length) {
      v.push({ path: `${path}/grades`, message: 'must list at least two distinct grades, lowest first' });
    }
    return v;
  }
  if (rule.kind !== 'uniform-mark-total' && rule.kind !== 'credit-weighted-points') {
    return [{ path: `${path}/kind`, message: 'must be uniform-mark-total, credit-weighted-points or lowest-grade' }];
  }
  if (rule.boundaries.length === 0) v.push({ path: `${path}/boundaries`, message: 'at least one boundary is needed' });
  const seen = new Set([rule.belowLowest]);
  rule.boundaries.forEach((b, i) => {
    if (seen.has(b.grade)) v.push({ path: `${path}/boundaries/${i}/grade`, message: `grade ${b.grade} appears twice` });
    seen.add(b.grade);
    if (!Number.isFinite(b.minimum)) v.push({ path: `${path}/boundaries/${i}/minimum`, message: 'must be a number' });
    else if (i > 0 && !(b.minimum > rule.boundaries[i - 1].minimum)) {
      v.push({ path: `${path}/boundaries/${i}/minimum`, message: 'boundaries must be listed lowest grade first, strictly increasing' });
    }
  });
  if (rule.kind === 'credit-weighted-points') {
    Object.entries(rule.points).forEach(([grade, p]) => {
      if (!Number.isFinite(p)) v.push({ path: `${path}/points/${grade}`, message: 'must be a number' });
    });
  }
  return v;
}

function fromBoundaries(value: number, boundaries: readonly AggregateBoundary[], belowLowest: string): string {
  let grade = belowLowest;
  for (const b of boundaries) if (value >= b.minimum) grade = b.grade;
  return grade;
}

export function overallGrade(results: readonly CountingResult[], rule: AggregationRule): OverallGrade {
  const v = validateAggregationRule(rule);
  if (results.length === 0) v.push({ path: '/results', message: 'an overall grade needs at least one counted result' });
  results.forEach((r, i) => {
    if (!Number.isFinite(r.uniformMark) || r.uniformMark < 0) v.push({ path: `/results/${i}/uniformMark`, message: 'must be 0 or more' });
    if (rule.kind === 'credit-weighted-points' && rule.points[r.grade] === undefined) {
      v.push({ path: `/results/${i}/grade`, message: `grade ${r.grade} has no published points` });
    }
    if (rule.kind === 'lowest-grade' && !rule.grades.includes(r.grade)) {
      v.push({ path: `/results/${i}/grade`, message: `grade ${r.grade} is not one of the qualification's grades` });
    }
  });
  if (rule.kind === 'credit-weighted-points' && results.reduce((s, r) => s + r.credits, 0) <= 0) {
    v.push({ path: '/results', message: 'credit weights must add up to more than 0' });
  }
  assertNoViolations('The overall grade cannot be worked out', v);

  switch (rule.kind) {
    case 'uniform-mark-total': {
      const total = results.reduce((s, r) => s + r.uniformMark, 0);
      const grade = fromBoundaries(total, rule.boundaries, rule.belowLowest);
      return { grade, rule: rule.kind, aggregate: total, explanation: `Uniform marks total ${total}, which earns grade ${grade}` };
    }
    case 'credit-weighted-points': {
      const weight = results.reduce((s, r) => s + r.credits, 0);
      const mean = results.reduce((s, r) => s + r.credits * rule.points[r.grade], 0) / weight;
      const grade = fromBoundaries(mean, rule.boundaries, rule.belowLowest);
      return { grade, rule: rule.kind, aggregate: mean, explanation: `Credit-weighted mean of grade points ${mean.toFixed(2)}, which earns grade ${grade}` };
    }
    case 'lowest-grade': {
      const rank = Math.min(...results.map((r) => rule.grades.indexOf(r.grade)));
      const grade = rule.grades[rank];
      return { grade, rule: rule.kind, aggregate: rank, explanation: `The lowest module grade is ${grade}` };
    }
  }
}
