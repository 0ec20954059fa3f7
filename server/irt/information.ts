/**
 * Fisher information I(θ) = Σ_k P_k·(∂ log P_k/∂θ)² (Lord 1980; Samejima 1969 for GRM;
 * Muraki 1993 for GPCM, where it reduces to (D·a)²·Var(X | θ)), and Warm's
 * J(θ) = Σ_k P'_k·P''_k / P_k (Warm 1989, eq. 11), both allocation-free.
 */
import { ItemKind, type CompiledBank } from './bank';
import { categoryLogDerivatives, logistic } from './models';

const prob = new Float64Array(256);
const first = new Float64Array(256);
const second = new Float64Array(256);

export function itemInformation(bank: CompiledBank, item: number, theta: number): number {
  const kind = bank.kind[item];
  const slope = bank.slope[item];
  if (kind === ItemKind.Dichotomous) {
    // 4PL: I = (D·a)²·(P − c)²(d − P)² / ((d − c)²·P·Q)   (Magis 2013, eq. 6)
    //        = (D·a)²·(d − c)·s·t·(t·(d − c)s/P + s·(d − c)t/Q), s = σ(z), t = σ(−z);
    // this product form has no 0/0 at extreme θ and reduces to (D·a)²·s·t for the 2PL.
    const z = slope * (theta - bank.b[item]);
    const c = bank.c[item];
    const d = bank.d[item];
    const s = logistic(z);
    const t = logistic(-z);
    if (c === 0 && d === 1) return slope * slope * s * t;
    const P = c + (d - c) * s;
    const Q = 1 - d + (d - c) * t;
    const r1 = P > 0 ? ((d - c) * s) / P : 1;
    const r0 = Q > 0 ? ((d - c) * t) / Q : 1;
    return slope * slope * (d - c) * s * t * (t * r1 + s * r0);
  }
  if (kind === ItemKind.Graded) {
    // Σ_k P_k·(D·a·(1 − P*_k − P*_{k+1}))², with P_k in the cancellation-free product form
    // σ(z_k)·σ(−z_{k+1})·(1 − e^{−(z_k − z_{k+1})}); one pass, K logistic evaluations.
    const start = bank.offsets[item];
    const m = bank.offsets[item + 1] - start;
    let upperPrevious = 1; // P*_k
    let lowerPrevious = 0; // 1 − P*_k (σ(−z_k) computed directly)
    let sum = 0;
    for (let k = 0; k <= m; k++) {
      let upperNext = 0;
      let lowerNext = 1;
      if (k < m) {
        const z = slope * (theta - bank.thresholds[start + k]);
        upperNext = logistic(z);
        lowerNext = logistic(-z);
      }
      let p: number;
      if (k === 0) p = lowerNext;
      else if (k === m) p = upperPrevious;
      else p = upperPrevious * lowerNext * -Math.expm1(-slope * (bank.thresholds[start + k] - bank.thresholds[start + k - 1]));
      const derivative = lowerPrevious - upperNext; // 1 − P*_k − P*_{k+1}
      sum += p * derivative * derivative;
      upperPrevious = upperNext;
      lowerPrevious = lowerNext;
    }
    return slope * slope * sum;
  }
  categoryLogDerivatives(bank, item, theta, prob, first, second);
  return -second[0];
}

export function testInformation(bank: CompiledBank, items: ArrayLike<number>, theta: number): number {
  let info = 0;
  for (let i = 0; i < items.length; i++) info += itemInformation(bank, items[i], theta);
  return info;
}

/**
 * Warm's J_i(θ) = Σ_k P'_k P''_k / P_k = Σ_k P_k·l'_k·(l''_k + l'_k²) with l = log P_k
 * (Warm 1989, eq. 11; the polytomous form as in Samejima 1998). Dichotomous items simplify to
 * D·a·(σ(−z) − σ(z))·I(θ).
 */
export function warmBiasTerm(bank: CompiledBank, item: number, theta: number): number {
  const K = categoryLogDerivatives(bank, item, theta, prob, first, second);
  let j = 0;
  for (let k = 0; k < K; k++) j += prob[k] * first[k] * (second[k] + first[k] * first[k]);
  return j;
}
