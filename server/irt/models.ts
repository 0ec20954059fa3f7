/**
 * Response models: category probabilities, their logarithms and θ-derivatives, for every model
 * in a CompiledBank. Allocation-free (module scratch buffers, single-threaded) and stable for any
 * finite θ: every probability is built from logistic terms computed on the side where exp does
 * not overflow, and differences of logistics are rewritten as products (no cancellation).
 *
 * Dichotomous: P = c + (d − c)·σ(z), z = D·a·(θ − b).
 * GRM (Samejima 1969): P*_k = σ(D·a·(θ − b_k)), P(X = k) = P*_k − P*_{k+1}, P*_0 = 1, P*_K = 0.
 * GPCM (Muraki 1992): P(X = k) ∝ exp Σ_{v≤k} D·a·(θ − δ_v).
 */
import { ItemKind, type CompiledBank } from './bank';

/** σ(z) = 1 / (1 + e^−z), evaluated without overflow. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log σ(z) = −log(1 + e^−z), accurate in both tails. */
export function logLogistic(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** log(1 − e^−x) for x > 0 (Mächler 2012, "Accurately computing log(1 − exp(−|a|))"). */
export function logOneMinusExp(x: number): number {
  return x <= Math.LN2 ? Math.log(-Math.expm1(-x)) : Math.log1p(-Math.exp(-x));
}

// Scratch for polytomous items (K ≤ 255, enforced by compileBank).
const scratchUpper = new Float64Array(257); // P*_k for GRM, k = 0..K
const scratchProb = new Float64Array(256);

/** GRM: fill scratchUpper[0..K] with P*_k (P*_0 = 1, P*_K = 0). */
function gradedUpper(bank: CompiledBank, item: number, theta: number): number {
  const start = bank.offsets[item];
  const m = bank.offsets[item + 1] - start;
  const slope = bank.slope[item];
  scratchUpper[0] = 1;
  for (let k = 0; k < m; k++) scratchUpper[k + 1] = logistic(slope * (theta - bank.thresholds[start + k]));
  scratchUpper[m + 1] = 0;
  return m + 1;
}

/** GPCM: fill out[0..K−1] with probabilities (log-sum-exp); returns K. */
function partialCreditProbabilities(bank: CompiledBank, item: number, theta: number, out: Float64Array): number {
  const start = bank.offsets[item];
  const m = bank.offsets[item + 1] - start;
  const slope = bank.slope[item];
  out[0] = 0;
  let max = 0;
  for (let k = 1; k <= m; k++) {
    const z = slope * (k * theta - bank.stepSums[start + k - 1]);
    out[k] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let k = 0; k <= m; k++) {
    out[k] = Math.exp(out[k] - max);
    sum += out[k];
  }
  for (let k = 0; k <= m; k++) out[k] /= sum;
  return m + 1;
}

/** out[0..K−1] = P(X = k | θ). */
export function categoryProbabilities(bank: CompiledBank, item: number, theta: number, out: Float64Array): void {
  const kind = bank.kind[item];
  if (kind === ItemKind.Dichotomous) {
    const z = bank.slope[item] * (theta - bank.b[item]);
    const c = bank.c[item];
    const d = bank.d[item];
    // 1 − P = (1 − d) + (d − c)·σ(−z): no cancellation when P is near 1.
    out[0] = 1 - d + (d - c) * logistic(-z);
    out[1] = c + (d - c) * logistic(z);
    return;
  }
  if (kind === ItemKind.Graded) {
    const K = gradedUpper(bank, item, theta);
    const start = bank.offsets[item];
    const slope = bank.slope[item];
    out[0] = logistic(-slope * (theta - bank.thresholds[start]));
    for (let k = 1; k < K - 1; k++) {
      // P*_k − P*_{k+1} = σ(z_k)·σ(−z_{k+1})·(1 − e^{−(z_k − z_{k+1})}): a product, no cancellation.
      const gap = slope * (bank.thresholds[start + k] - bank.thresholds[start + k - 1]);
      out[k] = scratchUpper[k] * logistic(-slope * (theta - bank.thresholds[start + k])) * -Math.expm1(-gap);
    }
    out[K - 1] = scratchUpper[K - 1];
    return;
  }
  partialCreditProbabilities(bank, item, theta, out);
}

/** log P(X = category | θ), finite for every finite θ. */
export function logCategoryProbability(bank: CompiledBank, item: number, theta: number, category: number): number {
  const kind = bank.kind[item];
  const slope = bank.slope[item];
  if (kind === ItemKind.Dichotomous) {
    const z = slope * (theta - bank.b[item]);
    const c = bank.c[item];
    const d = bank.d[item];
    if (category === 1) return c === 0 ? Math.log(d) + logLogistic(z) : Math.log(c + (d - c) * logistic(z));
    return d === 1 ? Math.log(1 - c) + logLogistic(-z) : Math.log(1 - d + (d - c) * logistic(-z));
  }
  if (kind === ItemKind.Graded) {
    const start = bank.offsets[item];
    const K = bank.offsets[item + 1] - start + 1;
    if (category === 0) return logLogistic(-slope * (theta - bank.thresholds[start]));
    const lower = slope * (theta - bank.thresholds[start + category - 1]);
    if (category === K - 1) return logLogistic(lower);
    const upper = slope * (theta - bank.thresholds[start + category]);
    return logLogistic(lower) + logLogistic(-upper) + logOneMinusExp(lower - upper);
  }
  const start = bank.offsets[item];
  const m = bank.offsets[item + 1] - start;
  let max = 0;
  for (let k = 1; k <= m; k++) {
    const z = slope * (k * theta - bank.stepSums[start + k - 1]);
    if (z > max) max = z;
  }
  let sum = Math.exp(-max);
  for (let k = 1; k <= m; k++) sum += Math.exp(slope * (k * theta - bank.stepSums[start + k - 1]) - max);
  const zx = category === 0 ? 0 : slope * (category * theta - bank.stepSums[start + category - 1]);
  return zx - max - Math.log(sum);
}

/** E[X | θ] = Σ k·P(X = k | θ) (dichotomous: P(correct)). */
export function expectedScore(bank: CompiledBank, item: number, theta: number): number {
  if (bank.kind[item] === ItemKind.Dichotomous) {
    const c = bank.c[item];
    return c + (bank.d[item] - c) * logistic(bank.slope[item] * (theta - bank.b[item]));
  }
  if (bank.kind[item] === ItemKind.Graded) {
    // E[X] = Σ_{k≥1} P(X ≥ k).
    const K = gradedUpper(bank, item, theta);
    let sum = 0;
    for (let k = 1; k < K; k++) sum += scratchUpper[k];
    return sum;
  }
  const K = partialCreditProbabilities(bank, item, theta, scratchProb);
  let sum = 0;
  for (let k = 1; k < K; k++) sum += k * scratchProb[k];
  return sum;
}

/**
 * Derivatives of the category log-probability with respect to θ for one item, for all
 * categories at once: the building blocks of Fisher information, the score function and Warm's
 * correction. Fills prob[k] = P_k, first[k] = ∂ log P_k/∂θ, second[k] = ∂² log P_k/∂θ².
 *   Dichotomous: P' = D·a·(d − c)·σ(z)·σ(−z), P'' = (D·a)²·(d − c)·σ(z)σ(−z)(σ(−z) − σ(z)).
 *   GRM: ∂ log P_k/∂θ = D·a·(1 − P*_k − P*_{k+1}) (from the product form above),
 *        ∂² log P_k/∂θ² = −(D·a)²·(P*_k Q*_k + P*_{k+1} Q*_{k+1}).
 *   GPCM: ∂ log P_k/∂θ = D·a·(k − E[X]), ∂² = −(D·a)²·Var(X).
 * Returns K.
 */
export function categoryLogDerivatives(
  bank: CompiledBank,
  item: number,
  theta: number,
  prob: Float64Array,
  first: Float64Array,
  second: Float64Array,
): number {
  const kind = bank.kind[item];
  const slope = bank.slope[item];
  if (kind === ItemKind.Dichotomous) {
    const z = slope * (theta - bank.b[item]);
    const c = bank.c[item];
    const d = bank.d[item];
    const s = logistic(z);
    const t = logistic(-z);
    const P = c + (d - c) * s;
    const Q = 1 - d + (d - c) * t;
    // (d − c)σ(z)/P and (d − c)σ(−z)/Q lie in [0, 1]; their limits are 1 when P or Q underflows.
    const r1 = P > 0 ? ((d - c) * s) / P : 1;
    const r0 = Q > 0 ? ((d - c) * t) / Q : 1;
    prob[0] = Q;
    prob[1] = P;
    first[1] = slope * t * r1;
    first[0] = -slope * s * r0;
    second[1] = slope * slope * t * (t - s) * r1 - first[1] * first[1];
    second[0] = -slope * slope * s * (t - s) * r0 - first[0] * first[0];
    return 2;
  }
  if (kind === ItemKind.Graded) {
    categoryProbabilities(bank, item, theta, prob);
    const K = gradedUpper(bank, item, theta);
    for (let k = 0; k < K; k++) {
      const lo = scratchUpper[k];
      const hi = scratchUpper[k + 1];
      first[k] = slope * (1 - lo - hi);
      second[k] = -slope * slope * (lo * (1 - lo) + hi * (1 - hi));
    }
    return K;
  }
  const K = partialCreditProbabilities(bank, item, theta, prob);
  let mean = 0;
  for (let k = 1; k < K; k++) mean += k * prob[k];
  let variance = 0;
  for (let k = 0; k < K; k++) variance += prob[k] * (k - mean) * (k - mean);
  for (let k = 0; k < K; k++) {
    first[k] = slope * (k - mean);
    second[k] = -slope * slope * variance;
  }
  return K;
}

const derivProb = new Float64Array(256);
const derivFirst = new Float64Array(256);
const derivSecond = new Float64Array(256);

/** ∂ log P(X = category | θ)/∂θ: one item's contribution to the score function. */
export function logProbabilityDerivative(bank: CompiledBank, item: number, theta: number, category: number): number {
  if (bank.kind[item] === ItemKind.Dichotomous) {
    const slope = bank.slope[item];
    const z = slope * (theta - bank.b[item]);
    const c = bank.c[item];
    const d = bank.d[item];
    if (category === 1) {
      const s = logistic(z);
      const P = c + (d - c) * s;
      return slope * logistic(-z) * (P > 0 ? ((d - c) * s) / P : 1);
    }
    const t = logistic(-z);
    const Q = 1 - d + (d - c) * t;
    return -slope * logistic(z) * (Q > 0 ? ((d - c) * t) / Q : 1);
  }
  categoryLogDerivatives(bank, item, theta, derivProb, derivFirst, derivSecond);
  return derivFirst[category];
}

/** ∂² log P(X = category | θ)/∂θ² (observed information is its negative). */
export function logProbabilitySecondDerivative(bank: CompiledBank, item: number, theta: number, category: number): number {
  categoryLogDerivatives(bank, item, theta, derivProb, derivFirst, derivSecond);
  return derivSecond[category];
}
