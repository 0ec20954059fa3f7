/**
 * Uniform marks: a module result on its own scale (a raw mark, or θ) is converted to a common
 * uniform scale by piecewise-linear interpolation between the grade boundaries, so results of
 * modules of different difficulty can be added (the uniform mark scale of England's former
 * modular GCE/GCSE; see docs/credits-and-qualifications.md).
 *
 * The knots are (markMin, 0), (boundary_1, uniform_1), …, (boundary_k, uniform_k),
 * (top, uniformMax) where top = markMax, or with the AQA cap rule the mark at which the slope
 * of the highest grade band, continued upwards, reaches uniformMax: for the GCE uniform
 * boundaries (A = 80 %, B = 70 %) that is A + 2·(A − B), the rule AQA publishes. Marks at or
 * above the top earn uniformMax.
 */
import { RuleViolation, assertNoViolations } from '../grading/ruleValidationError';

export interface UniformMarkScale {
  /** Bottom and top of the scale being converted: 0 and the raw maximum, or the θ bounds. */
  markMin: number;
  markMax: number;
  /** Grade boundaries on that scale, lowest grade's boundary first, strictly increasing. */
  markBoundaries: readonly number[];
  /** The uniform mark each boundary converts to, same order, strictly increasing. */
  uniformBoundaries: readonly number[];
  uniformMax: number;
  /** 'aqa': uniformMax is reached where the top band's slope continued reaches it (see above). */
  cap?: 'none' | 'aqa';
}

/**
 * The GCE convention for the uniform mark of each boundary, lowest first: E 40 %, D 50 %,
 * C 60 %, B 70 %, A 80 % of the unit's maximum uniform mark (and A* 90 % where it exists).
 */
export function gceUniformBoundaries(uniformMax: number, boundaries = 5): number[] {
  return Array.from({ length: boundaries }, (_, i) => (uniformMax * (40 + 10 * i)) / 100);
}

export function validateUniformMarkScale(scale: UniformMarkScale): RuleViolation[] {
  const v: RuleViolation[] = [];
  const { markMin, markMax, markBoundaries, uniformBoundaries, uniformMax } = scale;
  if (!Number.isFinite(markMin) || !Number.isFinite(markMax) || !(markMin < markMax)) {
    v.push({ path: '/markMax', message: 'the top of the mark scale must be above its bottom' });
  }
  if (!(uniformMax > 0) || !Number.isFinite(uniformMax)) {
    v.push({ path: '/uniformMax', message: 'the maximum uniform mark must be a positive number' });
  }
  if (markBoundaries.length !== uniformBoundaries.length || markBoundaries.length === 0) {
    v.push({ path: '/uniformBoundaries', message: 'there must be one uniform mark for each grade boundary' });
    return v;
  }
  markBoundaries.forEach((b, i) => {
    if (!Number.isFinite(b) || b <= markMin || b >= markMax) {
      v.push({ path: `/markBoundaries/${i}`, message: 'a boundary must lie strictly inside the mark scale' });
    } else if (i > 0 && !(b > markBoundaries[i - 1])) {
      v.push({ path: `/markBoundaries/${i}`, message: 'boundaries must be strictly increasing' });
    }
  });
  uniformBoundaries.forEach((u, i) => {
    if (!Number.isFinite(u) || u <= 0 || u >= uniformMax) {
      v.push({ path: `/uniformBoundaries/${i}`, message: 'a uniform boundary must lie strictly between 0 and the maximum' });
    } else if (i > 0 && !(u > uniformBoundaries[i - 1])) {
      v.push({ path: `/uniformBoundaries/${i}`, message: 'uniform boundaries must be strictly increasing' });
    }
  });
  if (scale.cap === 'aqa' && markBoundaries.length < 2) {
    v.push({ path: '/cap', message: 'the AQA cap rule needs at least two boundaries (it continues the top band)' });
  }
  return v;
}

/** The mark at which uniformMax is reached: markMax, or the AQA cap if that comes first. */
export function uniformMarkCap(scale: UniformMarkScale): number {
  const { markBoundaries: m, uniformBoundaries: u, uniformMax, markMax } = scale;
  if (scale.cap !== 'aqa') return markMax;
  const k = m.length - 1;
  const slope = (u[k] - u[k - 1]) / (m[k] - m[k - 1]);
  return Math.min(markMax, m[k] + (uniformMax - u[k]) / slope);
}

/** The unrounded uniform mark of `mark` (clamped to the scale). */
export function uniformMark(mark: number, scale: UniformMarkScale): number {
  assertNoViolations('The uniform mark scale is not valid', validateUniformMarkScale(scale));
  if (!Number.isFinite(mark)) {
    assertNoViolations('The mark is not a number', [{ path: '/mark', message: 'the mark must be a finite number' }]);
  }
  const xs = [scale.markMin, ...scale.markBoundaries, uniformMarkCap(scale)];
  const ys = [0, ...scale.uniformBoundaries, scale.uniformMax];
  if (mark <= xs[0]) return 0;
  if (mark >= xs[xs.length - 1]) return scale.uniformMax;
  let k = 1;
  while (mark >= xs[k]) k += 1;
  return ys[k - 1] + ((mark - xs[k - 1]) / (xs[k] - xs[k - 1])) * (ys[k] - ys[k - 1]);
}

/**
 * Uniform marks are reported as whole numbers, rounded half up. The value is first rounded to
 * 9 decimals so a mark that is a half in exact arithmetic (e.g. 68.5 reached as 68.4999999999)
 * still rounds up.
 */
export function roundUniformMark(unrounded: number): number {
  return Math.floor(Math.round(unrounded * 1e9) / 1e9 + 0.5);
}

/**
 * The grade a uniform mark earns: the highest grade whose uniform boundary it reaches.
 * `grades` runs lowest first and has one more entry than `uniformBoundaries` (the grade below
 * the lowest boundary, e.g. "u").
 */
export function gradeFromUniformMark(
  mark: number,
  uniformBoundaries: readonly number[],
  grades: readonly string[],
): string {
  if (grades.length !== uniformBoundaries.length + 1) {
    assertNoViolations('Grades and boundaries do not match', [
      { path: '/grades', message: 'there must be exactly one more grade than boundaries (the grade below the lowest)' },
    ]);
  }
  let g = 0;
  while (g < uniformBoundaries.length && mark >= uniformBoundaries[g]) g += 1;
  return grades[g];
}

/**
 * The uniform mark scale of a module graded on θ: the bottom and top are the θ bounds, the
 * boundaries are the module's cuts (one per grade boundary, ascending), and the qualification
 * publishes the uniform mark of each boundary and the module's maximum.
 */
export function thetaUniformMarkScale(
  cuts: readonly number[],
  uniformBoundaries: readonly number[],
  uniformMax: number,
  bounds: readonly [number, number] = [-6, 6],
): UniformMarkScale {
  return { markMin: bounds[0], markMax: bounds[1], markBoundaries: cuts, uniformBoundaries, uniformMax };
}
