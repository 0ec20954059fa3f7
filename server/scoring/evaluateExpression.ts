/**
 * Evaluates a checked expression tree (safeExpression.ts) at a point, in one of three number
 * systems: exact rationals (when only + − × ÷ and whole-number powers occur), real doubles, and
 * complex doubles (mathjs's Complex). Every node visited costs one step of a budget shared by a
 * whole check, so the work per check is bounded without reading a clock.
 */
import Complex from 'complex.js';
import type { ExpressionNode } from './safeExpression';
import * as Q from './rational';

export class EvaluationBudgetExceeded extends Error {
  constructor() {
    super('evaluation budget exceeded');
  }
}

/** Steps left for one check; shared by every evaluation in it. */
export interface EvaluationBudget {
  remaining: number;
}

function spend(budget: EvaluationBudget, steps = 1): void {
  budget.remaining -= steps;
  if (budget.remaining < 0) throw new EvaluationBudgetExceeded();
}

/** Largest whole-number power evaluated exactly; larger powers fall back to floating point. */
const MAX_EXACT_EXPONENT = 64;
/** Largest size of an exact intermediate value, in bits, before falling back to floating point. */
const MAX_EXACT_BITS = 4096;

/** True when the tree is a rational function with whole-number powers: exact evaluation applies. */
export function isRationalExpression(tree: ExpressionNode): boolean {
  switch (tree.kind) {
    case 'number':
      return Number.isFinite(tree.value);
    case 'variable':
      return true;
    case 'pi':
    case 'call':
      return false;
    case 'negate':
      return isRationalExpression(tree.argument);
    case 'binary':
      if (tree.op === '^') {
        const exponent = constantInteger(tree.right);
        return exponent !== undefined && Math.abs(exponent) <= MAX_EXACT_EXPONENT && isRationalExpression(tree.left);
      }
      return isRationalExpression(tree.left) && isRationalExpression(tree.right);
  }
}

/** The value of a constant whole-number exponent such as 2, −1 or (3), else undefined. */
export function constantInteger(tree: ExpressionNode): number | undefined {
  if (tree.kind === 'number') return Number.isInteger(tree.value) ? tree.value : undefined;
  if (tree.kind === 'negate') {
    const inner = constantInteger(tree.argument);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

export type RationalPoint = ReadonlyMap<string, Q.Rational>;
export type ComplexPoint = ReadonlyMap<string, Complex>;

/** Exact value, or undefined where the expression is undefined (division by zero) or too big to be exact. */
export function evaluateRational(tree: ExpressionNode, point: RationalPoint, budget: EvaluationBudget): Q.Rational | undefined {
  spend(budget);
  switch (tree.kind) {
    case 'number':
      return Q.fromNumber(tree.value);
    case 'variable':
      return point.get(tree.name);
    case 'negate': {
      const a = evaluateRational(tree.argument, point, budget);
      return a && Q.negate(a);
    }
    case 'binary': {
      const a = evaluateRational(tree.left, point, budget);
      if (!a) return undefined;
      if (tree.op === '^') {
        const exponent = constantInteger(tree.right);
        if (exponent === undefined) return undefined;
        if (a.n === 0n && exponent < 0) return undefined;
        if (Q.bitLength(a) * Math.abs(exponent) > MAX_EXACT_BITS) return undefined;
        spend(budget, Math.abs(exponent));
        return Q.powerInteger(a, exponent);
      }
      const b = evaluateRational(tree.right, point, budget);
      if (!b) return undefined;
      // Big operands cost more: charge by size so huge exact arithmetic cannot run away.
      spend(budget, Math.ceil((Q.bitLength(a) + Q.bitLength(b)) / 256));
      let result: Q.Rational;
      switch (tree.op) {
        case '+':
          result = Q.add(a, b);
          break;
        case '-':
          result = Q.subtract(a, b);
          break;
        case '*':
          result = Q.multiply(a, b);
          break;
        case '/':
          if (b.n === 0n) return undefined;
          result = Q.divide(a, b);
          break;
      }
      return Q.bitLength(result) > MAX_EXACT_BITS ? undefined : result;
    }
    default:
      return undefined;
  }
}

const LN10 = Math.log(10);

export function evaluateReal(tree: ExpressionNode, point: ReadonlyMap<string, number>, budget: EvaluationBudget): number {
  spend(budget);
  switch (tree.kind) {
    case 'number':
      return tree.value;
    case 'variable':
      return point.get(tree.name) ?? Number.NaN;
    case 'pi':
      return Math.PI;
    case 'negate':
      return -evaluateReal(tree.argument, point, budget);
    case 'binary': {
      const a = evaluateReal(tree.left, point, budget);
      const b = evaluateReal(tree.right, point, budget);
      switch (tree.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          // Real odd roots of negatives, e.g. (−8)^(1/3) = −2, are left undefined here; the complex pass covers them.
          return Math.pow(a, b);
      }
      break;
    }
    case 'call': {
      const x = evaluateReal(tree.argument, point, budget);
      switch (tree.fn) {
        case 'sqrt':
          return Math.sqrt(x);
        case 'sin':
          return Math.sin(x);
        case 'cos':
          return Math.cos(x);
        case 'tan':
          return Math.tan(x);
        case 'ln':
          return Math.log(x);
        case 'log':
          // School convention: log is base 10, ln is natural.
          return Math.log10(x);
        case 'exp':
          return Math.exp(x);
        case 'abs':
          return Math.abs(x);
      }
    }
  }
  return Number.NaN;
}

const complexNaN = (): Complex => new Complex(Number.NaN, Number.NaN);

export function evaluateComplex(tree: ExpressionNode, point: ComplexPoint, budget: EvaluationBudget): Complex {
  spend(budget);
  switch (tree.kind) {
    case 'number':
      return new Complex(tree.value, 0);
    case 'variable':
      return point.get(tree.name) ?? complexNaN();
    case 'pi':
      return new Complex(Math.PI, 0);
    case 'negate':
      return evaluateComplex(tree.argument, point, budget).neg();
    case 'binary': {
      const a = evaluateComplex(tree.left, point, budget);
      const b = evaluateComplex(tree.right, point, budget);
      switch (tree.op) {
        case '+':
          return a.add(b);
        case '-':
          return a.sub(b);
        case '*':
          return a.mul(b);
        case '/':
          return a.div(b);
        case '^':
          return a.pow(b);
      }
      break;
    }
    case 'call': {
      const x = evaluateComplex(tree.argument, point, budget);
      switch (tree.fn) {
        case 'sqrt':
          return x.sqrt();
        case 'sin':
          return x.sin();
        case 'cos':
          return x.cos();
        case 'tan':
          return x.tan();
        case 'ln':
          return x.log();
        case 'log':
          return x.log().div(new Complex(LN10, 0));
        case 'exp':
          return x.exp();
        case 'abs':
          return new Complex(x.abs(), 0);
      }
    }
  }
  return complexNaN();
}
