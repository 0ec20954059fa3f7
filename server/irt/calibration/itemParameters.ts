/**
 * Per-model parameter vectors for calibration. "Canonical" vectors are what we report
 * (a, b, c, thresholds, steps); "working" vectors are what the M-step's Newton iteration moves:
 * slope–intercept for dichotomous and GRM items (a, d = −a·b, as mirt does: far better
 * conditioned when b is large) and logit(c) for the lower asymptote (keeps 0 < c < 1).
 * Probabilities always come from the engine's own model code (models.ts), by writing the
 * parameters into the item's slots of a CompiledBank.
 */
import { ItemKind, type CompiledBank } from '../bank';

export type CalibrationModel = 'Rasch' | '1PL' | '2PL' | '3PL' | 'GRM' | 'GPCM';

/** Number of canonical parameters of a free item with K categories (1PL: its b only). */
export function parameterCount(model: CalibrationModel, categories: number): number {
  switch (model) {
    case 'Rasch':
    case '1PL':
      return 1;
    case '2PL':
      return 2;
    case '3PL':
      return 3;
    default:
      return categories; // a and K − 1 thresholds or steps
  }
}

const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));

export function toWorking(model: CalibrationModel, canonical: Float64Array, out: Float64Array): void {
  out.set(canonical);
  if (model === '2PL' || model === '3PL') {
    out[1] = -canonical[0] * canonical[1];
    if (model === '3PL') out[2] = logit(canonical[2]);
  } else if (model === 'GRM') {
    for (let k = 1; k < canonical.length; k++) out[k] = -canonical[0] * canonical[k];
  }
}

export function toCanonical(model: CalibrationModel, working: Float64Array, out: Float64Array): void {
  out.set(working);
  if (model === '2PL' || model === '3PL') {
    out[1] = -working[1] / working[0];
    if (model === '3PL') out[2] = expit(working[2]);
  } else if (model === 'GRM') {
    for (let k = 1; k < working.length; k++) out[k] = -working[k] / working[0];
  }
}

/** Whether canonical parameters are admissible (positive slope, ordered GRM thresholds). */
export function admissible(model: CalibrationModel, canonical: Float64Array, commonSlope: number): boolean {
  for (let k = 0; k < canonical.length; k++) if (!Number.isFinite(canonical[k])) return false;
  if (model === '1PL') return commonSlope > 0;
  if (model === 'Rasch') return true;
  if (!(canonical[0] > 0) || canonical[0] > 50) return false;
  if (model === '3PL') return canonical[2] > 0 && canonical[2] < 1;
  if (model === 'GRM') for (let k = 2; k < canonical.length; k++) if (!(canonical[k] > canonical[k - 1])) return false;
  return true;
}

/** Write a free item's canonical parameters into its slots of the compiled bank. */
export function writeParameters(bank: CompiledBank, item: number, model: CalibrationModel, canonical: Float64Array, commonSlope: number): void {
  const bankA = bank.a as Float64Array;
  const slope = bank.slope as Float64Array;
  const D = bank.D[item];
  if (bank.kind[item] === ItemKind.Dichotomous) {
    const a = model === 'Rasch' ? 1 : model === '1PL' ? commonSlope : canonical[0];
    bankA[item] = a;
    slope[item] = D * a;
    (bank.b as Float64Array)[item] = model === 'Rasch' || model === '1PL' ? canonical[0] : canonical[1];
    (bank.c as Float64Array)[item] = model === '3PL' ? canonical[2] : 0;
    return;
  }
  bankA[item] = canonical[0];
  slope[item] = D * canonical[0];
  const start = bank.offsets[item];
  let sum = 0;
  for (let k = 1; k < canonical.length; k++) {
    (bank.thresholds as Float64Array)[start + k - 1] = canonical[k];
    sum += canonical[k];
    (bank.stepSums as Float64Array)[start + k - 1] = sum;
  }
  (bank.b as Float64Array)[item] = sum / (canonical.length - 1);
}

/**
 * Starting values from the observed category proportions: b from the logit of the proportion
 * correct (PROX-like, slope 1), GRM thresholds from cumulative proportions, GPCM steps from
 * adjacent-category log ratios; a = 1; c = 0.2.
 */
export function startingValues(model: CalibrationModel, proportions: Float64Array, out: Float64Array): void {
  const K = proportions.length;
  const clamp = (p: number): number => Math.min(0.99, Math.max(0.01, p));
  if (model === 'Rasch' || model === '1PL' || model === '2PL' || model === '3PL') {
    const p = clamp(proportions[1]);
    const b = -logit(p);
    if (model === 'Rasch' || model === '1PL') {
      out[0] = b;
      return;
    }
    out[0] = 1;
    out[1] = model === '3PL' ? b - 0.5 : b;
    if (model === '3PL') out[2] = 0.2;
    return;
  }
  out[0] = 1;
  if (model === 'GRM') {
    let above = 1;
    for (let k = 1; k < K; k++) {
      above -= proportions[k - 1];
      out[k] = -logit(clamp(above));
      // Empty middle categories give equal cumulative proportions; keep thresholds ordered.
      if (k > 1 && out[k] <= out[k - 1]) out[k] = out[k - 1] + 0.1;
    }
    return;
  }
  for (let k = 1; k < K; k++) {
    const ratio = Math.max(proportions[k], 0.005) / Math.max(proportions[k - 1], 0.005);
    out[k] = -Math.log(ratio);
  }
}
