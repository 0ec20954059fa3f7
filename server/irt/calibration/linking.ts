/**
 * Linking two separately calibrated forms through their common items: find A, B with
 * θ_target = A·θ_source + B, then a* = a/A, b* = A·b + B (thresholds and steps likewise; c, d
 * unchanged). Mean/sigma (Marco 1977) uses the common items' b's; Stocking & Lord (1983)
 * minimises the squared difference of the common items' test characteristic curves over a
 * N(0, 1) quadrature on the target scale.
 */
import { compileBank } from '../bank';
import { expectedScore } from '../models';
import { normalGridRule, quadratureGrid } from '../quadrature';
import type { DichotomousItem, Item } from '../types';
import { maximiseNewton } from './linearAlgebra';

export interface LinkingConstants {
  /** Slope A of θ_target = A·θ_source + B. */
  A: number;
  /** Intercept B. */
  B: number;
}

/** Re-express an item calibrated on the source scale on the target scale. */
export function transformItem(item: Item, { A, B }: LinkingConstants): Item {
  if (item.model === 'GRM') return { ...item, a: item.a / A, thresholds: item.thresholds.map((t) => A * t + B) };
  if (item.model === 'GPCM' || item.model === 'PCM') {
    // PCM fixes a = 1, so a rescaled PCM item becomes a GPCM item.
    return { ...item, model: A === 1 ? item.model : 'GPCM', a: (item.a ?? 1) / A, steps: item.steps.map((s) => A * s + B) };
  }
  const dichotomous = item as DichotomousItem;
  const model = dichotomous.model === 'Rasch' && A !== 1 ? '1PL' : dichotomous.model;
  return { ...dichotomous, model, a: (dichotomous.a ?? 1) / A, b: A * dichotomous.b + B };
}

function locations(item: Item): number[] {
  if (item.model === 'GRM') return item.thresholds;
  if (item.model === 'GPCM' || item.model === 'PCM') return item.steps;
  return [(item as DichotomousItem).b];
}

function checkPairs(source: readonly Item[], target: readonly Item[]): void {
  if (source.length !== target.length || source.length < 2) {
    throw new RangeError('linking needs the same common items (at least 2) calibrated on both forms, in the same order');
  }
  source.forEach((item, i) => {
    if (locations(item).length !== locations(target[i]).length) throw new RangeError(`common item ${i} has different numbers of categories on the two forms`);
  });
}

/** Mean/sigma: A = SD(b_target)/SD(b_source), B = mean(b_target) − A·mean(b_source). */
export function meanSigmaLinking(source: readonly Item[], target: readonly Item[]): LinkingConstants {
  checkPairs(source, target);
  const from = source.flatMap(locations);
  const to = target.flatMap(locations);
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const sd = (v: number[]): number => {
    const m = mean(v);
    return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
  };
  const A = sd(to) / sd(from);
  if (!(A > 0) || !Number.isFinite(A)) throw new RangeError('mean/sigma linking needs common items with different locations');
  return { A, B: mean(to) - A * mean(from) };
}

/**
 * Stocking–Lord: minimise Σ_q w_q·(T_target(θ_q) − T*_source(θ_q; A, B))², T the common items'
 * test characteristic curve (sum of expected scores), w_q ∝ φ(θ_q) on the target scale's
 * 61-point grid. Started from mean/sigma; Newton with numerical derivatives on (log A, B).
 */
export function stockingLordLinking(source: readonly Item[], target: readonly Item[]): LinkingConstants {
  checkPairs(source, target);
  const rule = normalGridRule(quadratureGrid(), { mean: 0, sd: 1 });
  const targetBank = compileBank(target.map((item, i) => ({ ...item, id: `t${i}` })));
  const targetCurve = rule.nodes.map((theta) => {
    let sum = 0;
    for (let i = 0; i < targetBank.size; i++) sum += expectedScore(targetBank, i, theta);
    return sum;
  });
  const loss = (A: number, B: number): number => {
    const bank = compileBank(source.map((item, i) => ({ ...transformItem(item, { A, B }), id: `s${i}` })));
    let total = 0;
    for (let q = 0; q < rule.nodes.length; q++) {
      let sum = 0;
      for (let i = 0; i < bank.size; i++) sum += expectedScore(bank, i, rule.nodes[q]);
      total += rule.weights[q] * (targetCurve[q] - sum) ** 2;
    }
    return total;
  };
  const start = meanSigmaLinking(source, target);
  const x = Float64Array.of(Math.log(start.A), start.B);
  maximiseNewton((v) => -loss(Math.exp(v[0]), v[1]), x, 100, 1e-10);
  return { A: Math.exp(x[0]), B: x[1] };
}
