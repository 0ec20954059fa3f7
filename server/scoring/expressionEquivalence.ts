/**
 * Are two expressions equal for every value of their variables? Decided by evaluating both at
 * random points, never by mathjs symbolicEqual (it calls (x+1)^2 and x^2+2x+1 different and can
 * hang).
 *
 * - Rational functions with whole-number powers are compared EXACTLY at random rational points.
 *   Two different rational functions of degree ≤ d agree at a random point of a set S with
 *   probability ≤ d/|S| (Schwartz 1980; Zippel 1979), so a few points from a set of ~10^5
 *   values settle it.
 * - Anything else (roots, trigonometry, logs, fractional powers, π) is compared in floating
 *   point at real points, with a relative tolerance; where the real points cannot decide (the
 *   expression is undefined for most reals, e.g. √(x − 50)), at complex points. Real points come
 *   first on purpose: a teacher counts √(x²) and |x| as equal for real x.
 */
import Complex from 'complex.js';
import type { RandomSource } from '../irt/types';
import {
  evaluateComplex,
  evaluateRational,
  evaluateReal,
  isRationalExpression,
  type EvaluationBudget,
} from './evaluateExpression';
import * as Q from './rational';
import { renameVariables, variablesOf, type ExpressionNode } from './safeExpression';

export type Equivalence = 'equivalent' | 'not-equivalent' | 'undecided';

/** Points where both sides are defined that must agree before calling two expressions equal. */
const EXACT_POINTS = 6;
const REAL_POINTS = 12;
const COMPLEX_POINTS = 8;
/** Attempts allowed per point wanted, for points where an expression is undefined. */
const ATTEMPTS_PER_POINT = 4;
/** Relative tolerance for floating-point comparison: far above rounding error of school-sized expressions, far below any real difference. */
const RELATIVE_TOLERANCE = 1e-8;

function randomRational(random: RandomSource): Q.Rational {
  // Numerators in [−1000, 1000], denominators in [1, 97]: |S| ≈ 10^5 distinct values, avoiding 0, ±1 (which hide factors).
  for (;;) {
    const numerator = BigInt(Math.floor(random() * 2001) - 1000);
    const denominator = BigInt(1 + Math.floor(random() * 97));
    const value = Q.rational(numerator, denominator);
    if (!(value.d === 1n && (value.n === 0n || value.n === 1n || value.n === -1n))) return value;
  }
}

/**
 * Real points from four ranges: around zero (signs matter), moderate positive, larger positive,
 * and wide (so |x − 100| and 100 − x are told apart).
 */
function randomReal(random: RandomSource, index: number): number {
  const u = random();
  switch (index % 4) {
    case 0:
      return -4 + 8 * u;
    case 1:
      return 0.05 + 3 * u;
    case 2:
      return 3 + 17 * u;
    default:
      return -1000 + 2000 * u;
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

function closeComplex(a: Complex, b: Complex): boolean {
  const scale = Math.max(1, Math.hypot(a.re, a.im), Math.hypot(b.re, b.im));
  return Math.hypot(a.re - b.re, a.im - b.im) <= RELATIVE_TOLERANCE * scale;
}

const finiteComplex = (z: Complex): boolean => Number.isFinite(z.re) && Number.isFinite(z.im);

function compareExactly(a: ExpressionNode, b: ExpressionNode, variables: string[], random: RandomSource, budget: EvaluationBudget): Equivalence {
  let agreed = 0;
  for (let attempt = 0; attempt < EXACT_POINTS * ATTEMPTS_PER_POINT && agreed < EXACT_POINTS; attempt += 1) {
    const point = new Map(variables.map((v) => [v, randomRational(random)]));
    const x = evaluateRational(a, point, budget);
    const y = evaluateRational(b, point, budget);
    if (!x || !y) continue;
    if (!Q.equals(x, y)) return 'not-equivalent';
    agreed += 1;
  }
  return agreed >= EXACT_POINTS ? 'equivalent' : 'undecided';
}

function compareReal(a: ExpressionNode, b: ExpressionNode, variables: string[], random: RandomSource, budget: EvaluationBudget): Equivalence {
  let agreed = 0;
  for (let attempt = 0; attempt < REAL_POINTS * ATTEMPTS_PER_POINT && agreed < REAL_POINTS; attempt += 1) {
    const point = new Map(variables.map((v, i) => [v, randomReal(random, attempt + i)]));
    const x = evaluateReal(a, point, budget);
    const y = evaluateReal(b, point, budget);
    // Undefined on either side: skip. Domains may differ on a set a teacher ignores
    // (x²/x against x at 0; ln(x²) against 2 ln x for x < 0); the defined points decide.
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (!close(x, y)) return 'not-equivalent';
    agreed += 1;
  }
  return agreed >= REAL_POINTS ? 'equivalent' : 'undecided';
}

function compareComplex(a: ExpressionNode, b: ExpressionNode, variables: string[], random: RandomSource, budget: EvaluationBudget): Equivalence {
  let agreed = 0;
  for (let attempt = 0; attempt < COMPLEX_POINTS * ATTEMPTS_PER_POINT && agreed < COMPLEX_POINTS; attempt += 1) {
    const point = new Map(variables.map((v) => [v, new Complex(-3 + 6 * random(), -3 + 6 * random())]));
    const x = evaluateComplex(a, point, budget);
    const y = evaluateComplex(b, point, budget);
    if (!finiteComplex(x) || !finiteComplex(y)) continue;
    if (!closeComplex(x, y)) return 'not-equivalent';
    agreed += 1;
  }
  return agreed >= COMPLEX_POINTS ? 'equivalent' : 'undecided';
}

/** Throws EvaluationBudgetExceeded when the budget runs out (the caller records a note). */
export function expressionsEquivalent(a: ExpressionNode, b: ExpressionNode, random: RandomSource, budget: EvaluationBudget): Equivalence {
  const variables = [...new Set([...variablesOf(a), ...variablesOf(b)])].sort();
  if (isRationalExpression(a) && isRationalExpression(b)) {
    const exact = compareExactly(a, b, variables, random, budget);
    if (exact !== 'undecided') return exact;
  }
  const real = compareReal(a, b, variables, random, budget);
  if (real !== 'undecided') return real;
  return compareComplex(a, b, variables, random, budget);
}

const ZERO_TREE: ExpressionNode = { kind: 'number', value: 0 };

/**
 * Two equations are equivalent when one's (left − right) is a non-zero constant multiple of the
 * other's: y = 2x + 3 and 2x − y + 3 = 0. The ratio q = a/b is constant exactly when
 * q(x) ≡ q(x′) with the variables renamed, which the same random-point test decides.
 */
export function equationsEquivalent(a: ExpressionNode, b: ExpressionNode, random: RandomSource, budget: EvaluationBudget): Equivalence {
  if (expressionsEquivalent(a, ZERO_TREE, random, budget) === 'equivalent') {
    return expressionsEquivalent(b, ZERO_TREE, random, budget) === 'equivalent' ? 'equivalent' : 'not-equivalent';
  }
  const ratio: ExpressionNode = { kind: 'binary', op: '/', left: a, right: b };
  return expressionsEquivalent(ratio, renameVariables(ratio, (name) => `${name}'`), random, budget);
}
