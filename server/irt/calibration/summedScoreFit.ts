/**
 * S-X² item fit (Orlando & Thissen 2000) for dichotomous items: observed vs expected
 * proportion correct within each summed-score group, with the expected values from the
 * model by the Lord–Wingersky (1984) recursion over a quadrature of the ability distribution,
 * so no ability estimates enter. Needs complete rows (everyone answered every item).
 * X² = Σ_g N_g (O_g − E_g)² / (E_g (1 − E_g)), df = groups − free parameters of the item.
 * Score groups are merged from each end until expected counts correct and incorrect are ≥ 1
 * (Orlando & Thissen's minimum expected frequency rule).
 */
import { ItemKind, type CompiledBank } from '../bank';
import { categoryProbabilities } from '../models';
import { normalGridRule, quadratureGrid } from '../quadrature';
import type { NormalPrior } from '../types';

export interface SummedScoreFit {
  item: number;
  chiSquare: number;
  df: number;
  p: number;
  groups: number;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularised upper incomplete gamma Q(a, x) (series or Lentz continued fraction, NR §6.2). */
export function upperIncompleteGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(χ²_df > x). */
export function chiSquareUpperTail(x: number, df: number): number {
  return upperIncompleteGamma(df / 2, x / 2);
}

/** Lord–Wingersky: distribution of the summed score over `items` at one θ (probabilities p[i]). */
function summedScoreDistribution(p: ArrayLike<number>, skip: number, out: Float64Array): number {
  out[0] = 1;
  let max = 0;
  for (let i = 0; i < p.length; i++) {
    if (i === skip) continue;
    max += 1;
    out[max] = 0;
    for (let s = max; s >= 1; s--) out[s] = out[s] * (1 - p[i]) + out[s - 1] * p[i];
    out[0] *= 1 - p[i];
  }
  return max;
}

export function summedScoreFit(
  bank: CompiledBank,
  rows: readonly (readonly (number | null)[])[],
  freeParameters: ArrayLike<number>,
  ability: NormalPrior = { mean: 0, sd: 1 },
): SummedScoreFit[] {
  const J = bank.size;
  for (let j = 0; j < J; j++) if (bank.kind[j] !== ItemKind.Dichotomous) throw new RangeError(`S-X² here is for dichotomous items; item ${j} is polytomous`);
  const rule = normalGridRule(quadratureGrid(), ability);
  const Q = rule.nodes.length;
  const prob = new Float64Array(2);
  const p: Float64Array[] = Array.from({ length: Q }, (_, q) =>
    Float64Array.from({ length: J }, (_, j) => {
      categoryProbabilities(bank, j, rule.nodes[q], prob);
      return prob[1];
    }),
  );
  // Observed: N_s and the number correct on each item per score.
  const scoreCount = new Float64Array(J + 1);
  const correct = Array.from({ length: J }, () => new Float64Array(J + 1));
  rows.forEach((row, r) => {
    if (row.length !== J) throw new RangeError(`row ${r} has ${row.length} entries, the bank ${J}`);
    let score = 0;
    for (let j = 0; j < J; j++) {
      const x = row[j];
      if (x !== 0 && x !== 1) throw new RangeError(`row ${r} item ${j}: S-X² needs complete 0/1 rows`);
      score += x;
    }
    scoreCount[score] += 1;
    for (let j = 0; j < J; j++) if (row[j] === 1) correct[j][score] += 1;
  });
  // Marginal summed-score probabilities over all items.
  const full = new Float64Array(J + 1);
  const scratch = new Float64Array(J + 1);
  for (let q = 0; q < Q; q++) {
    summedScoreDistribution(p[q], -1, scratch);
    for (let s = 0; s <= J; s++) full[s] += rule.weights[q] * scratch[s];
  }
  const results: SummedScoreFit[] = [];
  for (let j = 0; j < J; j++) {
    // E_js = Σ_q w_q P_j(θ_q) f_{−j}(s − 1 | θ_q) / Σ_q w_q f(s | θ_q), s = 1..J−1.
    const expected = new Float64Array(J + 1);
    for (let q = 0; q < Q; q++) {
      summedScoreDistribution(p[q], j, scratch);
      for (let s = 1; s < J; s++) expected[s] += rule.weights[q] * p[q][j] * scratch[s - 1];
    }
    const groups: { n: number; observed: number; expected: number }[] = [];
    let pending = { n: 0, observed: 0, expected: 0 };
    for (let s = 1; s < J; s++) {
      const n = scoreCount[s];
      pending = { n: pending.n + n, observed: pending.observed + correct[j][s], expected: pending.expected + n * (expected[s] / full[s]) };
      if (pending.expected >= 1 && pending.n - pending.expected >= 1) {
        groups.push(pending);
        pending = { n: 0, observed: 0, expected: 0 };
      }
    }
    if (pending.n > 0) {
      if (groups.length > 0) {
        const last = groups[groups.length - 1];
        groups[groups.length - 1] = { n: last.n + pending.n, observed: last.observed + pending.observed, expected: last.expected + pending.expected };
      } else {
        groups.push(pending);
      }
    }
    let chiSquare = 0;
    for (const g of groups) {
      if (g.n === 0) continue;
      const O = g.observed / g.n;
      const E = g.expected / g.n;
      chiSquare += (g.n * (O - E) ** 2) / (E * (1 - E));
    }
    const df = Math.max(1, groups.length - freeParameters[j]);
    results.push({ item: j, chiSquare, df, p: chiSquareUpperTail(chiSquare, df), groups: groups.length });
  }
  return results;
}
