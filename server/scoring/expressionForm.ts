/**
 * Form checks made on top of equivalence: is the pupil's expression written expanded,
 * factorised (fully), simplified (like terms collected), with fractions in lowest terms?
 * These look at the tree as the pupil wrote it, not at its value.
 */
import type { ExpressionForm } from './itemDocument';
import { commonFactor, isConstantPolynomial, toPolynomial } from './polynomial';
import type { ExpressionNode } from './safeExpression';
import { variablesOf } from './safeExpression';

const hasVariables = (tree: ExpressionNode): boolean => variablesOf(tree).size > 0;
const isSum = (tree: ExpressionNode): boolean => tree.kind === 'binary' && (tree.op === '+' || tree.op === '-');

/** A single term: numbers, letters, functions, products, quotients and powers with no bracketed sum containing a letter. */
function isTerm(tree: ExpressionNode): boolean {
  switch (tree.kind) {
    case 'number':
    case 'variable':
    case 'pi':
    case 'call':
      return true;
    case 'negate':
      return isTerm(tree.argument);
    case 'binary':
      if (isSum(tree)) return !hasVariables(tree);
      if (tree.op === '^') return isTerm(tree.left) && !hasVariables(tree.right);
      return isTerm(tree.left) && isTerm(tree.right);
  }
}

/** The terms of a sum as written (signs dropped). */
export function termsOf(tree: ExpressionNode): ExpressionNode[] {
  if (tree.kind === 'binary' && isSum(tree)) return [...termsOf(tree.left), ...termsOf(tree.right)];
  if (tree.kind === 'negate' && isSum(tree.argument)) return termsOf(tree.argument);
  return [tree];
}

export function isExpanded(tree: ExpressionNode): boolean {
  return termsOf(tree).every(isTerm);
}

/** The factors of a product as written; a whole-number power of a bracket counts that many times. */
export function factorsOf(tree: ExpressionNode): ExpressionNode[] {
  if (tree.kind === 'negate') return factorsOf(tree.argument);
  if (tree.kind === 'binary' && tree.op === '*') return [...factorsOf(tree.left), ...factorsOf(tree.right)];
  if (tree.kind === 'binary' && tree.op === '^' && tree.right.kind === 'number' && Number.isInteger(tree.right.value) && tree.right.value > 0 && tree.right.value <= 20) {
    return Array.from({ length: tree.right.value }, () => tree.left);
  }
  return [tree];
}

/** Non-constant factors, counting a monomial such as 3x²y as its letters with multiplicity. */
function countFactors(tree: ExpressionNode): number {
  let count = 0;
  for (const factor of factorsOf(tree)) {
    if (!hasVariables(factor)) continue;
    if (factor.kind === 'variable') count += 1;
    else if (factor.kind === 'binary' && factor.op === '/') count += countFactors(factor.left) + countFactors(factor.right);
    else count += 1;
  }
  return count;
}

export type FactorisedCheck = 'fully' | 'partly' | 'not';

/**
 * Factorised means written as a product with no sum at the top. Fully factorised (against the
 * key, which the author wrote fully factorised): no bracket has a common factor left in it
 * (2x + 4, x² + x), and there are at least as many non-constant factors as in the key.
 */
export function factorisedForm(pupil: ExpressionNode, key: ExpressionNode): FactorisedCheck {
  const factors = factorsOf(pupil);
  if (factors.length === 1 && isSum(factors[0] as ExpressionNode)) return 'not';
  if (isSum(pupil)) return 'not';
  for (const factor of factors) {
    if (!isSum(factor)) continue;
    const polynomial = toPolynomial(factor);
    if (!polynomial || isConstantPolynomial(polynomial)) continue;
    const common = commonFactor(polynomial);
    if (common && (common.number > 1n || common.variables)) return 'partly';
  }
  return countFactors(pupil) >= countFactors(key) ? 'fully' : 'partly';
}

/** Like terms collected and each term written simply: no x + x, 2·3x, x·x, 1x, x^1, + 0. */
function isCollected(tree: ExpressionNode): boolean {
  const polynomial = toPolynomial(tree);
  if (!polynomial) return true;
  const terms = termsOf(tree);
  if (terms.length !== Math.max(1, polynomial.size)) return false;
  return terms.every((term) => {
    const factors = factorsOfTerm(term);
    const numbers = factors.filter((f) => f.kind === 'number');
    const letters = factors.filter((f) => f.kind === 'variable').map((f) => (f as { name: string }).name);
    if (numbers.length > 1) return false;
    if (numbers.length === 1 && factors.length > 1 && (numbers[0] as { value: number }).value === 1) return false;
    if (new Set(letters).size !== letters.length) return false;
    return !containsTrivialPower(term);
  });
}

function factorsOfTerm(tree: ExpressionNode): ExpressionNode[] {
  if (tree.kind === 'negate') return factorsOfTerm(tree.argument);
  if (tree.kind === 'binary' && tree.op === '*') return [...factorsOfTerm(tree.left), ...factorsOfTerm(tree.right)];
  if (tree.kind === 'binary' && tree.op === '^') return [tree.left];
  return [tree];
}

function containsTrivialPower(tree: ExpressionNode): boolean {
  switch (tree.kind) {
    case 'binary':
      if (tree.op === '^' && tree.right.kind === 'number' && (tree.right.value === 1 || tree.right.value === 0)) return true;
      return containsTrivialPower(tree.left) || containsTrivialPower(tree.right);
    case 'negate':
    case 'call':
      return containsTrivialPower(tree.argument);
    default:
      return false;
  }
}

function nodeCount(tree: ExpressionNode): number {
  switch (tree.kind) {
    case 'binary':
      return 1 + nodeCount(tree.left) + nodeCount(tree.right);
    case 'negate':
    case 'call':
      return 1 + nodeCount(tree.argument);
    default:
      return 1;
  }
}

/**
 * Simplified: when the key is a polynomial written as a sum of terms, the pupil's answer must be
 * too, with like terms collected. Otherwise (algebraic fractions, surds…) no longer than the
 * key as the author wrote it.
 */
export function isSimplified(pupil: ExpressionNode, key: ExpressionNode): boolean {
  if (hasUnsimplifiedSurd(pupil)) return false;
  if (isExpanded(key) && toPolynomial(key)) return isExpanded(pupil) && isCollected(pupil);
  return nodeCount(pupil) <= nodeCount(key);
}

/** √n with a square factor left in it (√8 = 2√2, √12 = 2√3): a surd not in simplest form. */
function hasUnsimplifiedSurd(tree: ExpressionNode): boolean {
  switch (tree.kind) {
    case 'call':
      if (tree.fn === 'sqrt' && tree.argument.kind === 'number' && Number.isInteger(tree.argument.value) && tree.argument.value > 3) {
        const n = tree.argument.value;
        for (let f = 2; f * f <= n; f += 1) if (n % (f * f) === 0) return true;
      }
      return hasUnsimplifiedSurd(tree.argument);
    case 'negate':
      return hasUnsimplifiedSurd(tree.argument);
    case 'binary':
      return hasUnsimplifiedSurd(tree.left) || hasUnsimplifiedSurd(tree.right);
    default:
      return false;
  }
}

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Whole-number coefficient of a term as written (3x → 3, x → 1), if there is one. */
function coefficientOf(tree: ExpressionNode): number | undefined {
  const numbers = factorsOfTerm(tree).filter((f) => f.kind === 'number');
  if (numbers.length === 0) return 1;
  const value = numbers.reduce((product, f) => product * (f as { value: number }).value, 1);
  return Number.isInteger(value) ? value : undefined;
}

/** No fraction a/b, or (coefficient · …)/(coefficient · …), with a common factor left in it. */
export function isInLowestTerms(tree: ExpressionNode): boolean {
  switch (tree.kind) {
    case 'binary': {
      if (tree.op === '/') {
        const top = termsOf(tree.left).map(coefficientOf);
        const bottom = termsOf(tree.right).map(coefficientOf);
        const all = [...top, ...bottom];
        if (all.every((c) => c !== undefined && c !== 0)) {
          const g = (all as number[]).reduce((acc, c) => gcd(acc, c), 0);
          if (g > 1) return false;
        }
      }
      return isInLowestTerms(tree.left) && isInLowestTerms(tree.right);
    }
    case 'negate':
    case 'call':
      return isInLowestTerms(tree.argument);
    default:
      return true;
  }
}

/** Notes for the required forms the pupil's (equivalent) answer is not in, in the order asked. */
export function formProblems(pupil: ExpressionNode, key: ExpressionNode, forms: readonly ExpressionForm[]): string[] {
  const problems: string[] = [];
  for (const form of forms) {
    if (form === 'expanded' && !isExpanded(pupil)) problems.push('ALG_EQUIV_NOT_EXPANDED');
    if (form === 'factorised') {
      const check = factorisedForm(pupil, key);
      if (check === 'not') problems.push('ALG_EQUIV_NOT_FACTORISED');
      if (check === 'partly') problems.push('ALG_EQUIV_NOT_FULLY_FACTORISED');
    }
    if (form === 'simplified' && !isSimplified(pupil, key)) problems.push('ALG_EQUIV_NOT_SIMPLIFIED');
    if (form === 'lowest-terms' && !isInLowestTerms(pupil)) problems.push('ALG_EQUIV_NOT_LOWEST_TERMS');
  }
  return problems;
}
