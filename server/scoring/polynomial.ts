/**
 * Multivariate polynomials with exact rational coefficients, used by the form checks (how many
 * distinct terms an expression really has; the common factor of a bracket's coefficients).
 * A polynomial is a map from a monomial key such as "x^2*y" to its coefficient.
 */
import type { ExpressionNode } from './safeExpression';
import { constantInteger } from './evaluateExpression';
import * as Q from './rational';

export type Polynomial = Map<string, Q.Rational>;

/** Largest number of terms built before giving up (keeps (x+y+z)^20 from exploding). */
const MAX_TERMS = 400;
const MAX_POWER = 20;

type Monomial = Map<string, number>;

function monomialKey(m: Monomial): string {
  return [...m.entries()]
    .filter(([, p]) => p !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([v, p]) => (p === 1 ? v : `${v}^${p}`))
    .join('*');
}

function parseKey(key: string): Monomial {
  const m: Monomial = new Map();
  if (key === '') return m;
  for (const part of key.split('*')) {
    const [v, p] = part.split('^');
    m.set(v as string, p ? Number(p) : 1);
  }
  return m;
}

function addTerm(p: Polynomial, key: string, c: Q.Rational): void {
  const sum = Q.add(p.get(key) ?? Q.ZERO, c);
  if (sum.n === 0n) p.delete(key);
  else p.set(key, sum);
}

function constant(c: Q.Rational): Polynomial {
  return c.n === 0n ? new Map() : new Map([['', c]]);
}

function plus(a: Polynomial, b: Polynomial, sign: 1 | -1): Polynomial {
  const out: Polynomial = new Map(a);
  for (const [k, c] of b) addTerm(out, k, sign === 1 ? c : Q.negate(c));
  return out;
}

function times(a: Polynomial, b: Polynomial): Polynomial | undefined {
  if (a.size * b.size > MAX_TERMS * 4) return undefined;
  const out: Polynomial = new Map();
  for (const [ka, ca] of a) {
    for (const [kb, cb] of b) {
      const m = parseKey(ka);
      for (const [v, p] of parseKey(kb)) m.set(v, (m.get(v) ?? 0) + p);
      addTerm(out, monomialKey(m), Q.multiply(ca, cb));
    }
  }
  return out.size > MAX_TERMS ? undefined : out;
}

/** The expanded polynomial of a tree, or undefined when it is not a polynomial (or too large). */
export function toPolynomial(tree: ExpressionNode): Polynomial | undefined {
  switch (tree.kind) {
    case 'number':
      return Number.isFinite(tree.value) ? constant(Q.fromNumber(tree.value)) : undefined;
    case 'variable':
      return new Map([[tree.name, Q.ONE]]);
    case 'negate': {
      const a = toPolynomial(tree.argument);
      return a && plus(new Map(), a, -1);
    }
    case 'binary': {
      const a = toPolynomial(tree.left);
      if (!a) return undefined;
      if (tree.op === '^') {
        const n = constantInteger(tree.right);
        if (n === undefined || n < 0 || n > MAX_POWER) return undefined;
        let out: Polynomial | undefined = constant(Q.ONE);
        for (let i = 0; i < n && out; i += 1) out = times(out, a);
        return out;
      }
      const b = toPolynomial(tree.right);
      if (!b) return undefined;
      if (tree.op === '+') return plus(a, b, 1);
      if (tree.op === '-') return plus(a, b, -1);
      if (tree.op === '*') return times(a, b);
      // Division only by a non-zero constant keeps a polynomial.
      const divisor = b.size === 1 ? b.get('') : undefined;
      if (!divisor) return undefined;
      return times(a, constant(Q.divide(Q.ONE, divisor)));
    }
    default:
      return undefined;
  }
}

export function isConstantPolynomial(p: Polynomial): boolean {
  return p.size === 0 || (p.size === 1 && p.has(''));
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * The content of a polynomial with whole-number coefficients: the highest common factor of its
 * coefficients (2x + 4 → 2). Also the highest common power of each variable (x² + x → x), which is
 * a common factor too. Undefined for fractional coefficients.
 */
export function commonFactor(p: Polynomial): { number: bigint; variables: boolean } | undefined {
  let g = 0n;
  for (const c of p.values()) {
    if (c.d !== 1n) return undefined;
    g = gcd(g, c.n);
  }
  const keys = [...p.keys()].map(parseKey);
  const shared = keys.length > 1 && [...(keys[0] ?? new Map()).keys()].some((v) => keys.every((m) => (m.get(v) ?? 0) > 0));
  return { number: g, variables: shared };
}
