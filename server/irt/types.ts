/**
 * Domain types of the IRT core. Logistic metric; D = 1 unless an item sets it.
 * Dichotomous: P(θ) = c + (d − c) / (1 + exp(−D·a·(θ − b))).
 * GRM: P(X ≥ k) = 1 / (1 + exp(−D·a·(θ − b_k))), thresholds ordered.
 * GPCM: P(X = k) ∝ exp Σ_{v≤k} D·a·(θ − δ_v) (empty sum = 0 for k = 0); PCM is GPCM with a = 1.
 * Category responses are 0..K−1 (dichotomous: 0 or 1).
 */
export type DichotomousModel = 'Rasch' | '1PL' | '2PL' | '3PL' | '4PL';
export type PolytomousModel = 'GRM' | 'GPCM' | 'PCM';
export type ModelName = DichotomousModel | PolytomousModel;

export interface ItemTags {
  [tag: string]: string | string[];
}

interface ItemBase {
  id: string;
  /** Scaling constant: 1 (logistic metric, default) or 1.702 (normal-ogive approximation). */
  D?: number;
  /** e.g. { criterion: 'N1', strand: 'number' }: what blueprints constrain on. */
  tags?: ItemTags;
}

export interface DichotomousItem extends ItemBase {
  model: DichotomousModel;
  /** Slope. Rasch: 1. 1PL: the bank's common slope. */
  a?: number;
  b: number;
  /** Lower asymptote (3PL, 4PL), default 0. */
  c?: number;
  /** Upper asymptote (4PL), default 1. */
  d?: number;
}

export interface GradedResponseItem extends ItemBase {
  model: 'GRM';
  a: number;
  /** b_1 < b_2 < … < b_{K−1}. */
  thresholds: number[];
}

export interface PartialCreditItem extends ItemBase {
  model: 'GPCM' | 'PCM';
  /** GPCM slope; PCM fixes a = 1. */
  a?: number;
  /** Step parameters δ_1 … δ_{K−1}. */
  steps: number[];
}

export type Item = DichotomousItem | GradedResponseItem | PartialCreditItem;

/**
 * Slope–intercept input (as mirt prints it: logit = a·θ + intercept, so intercept = −a·b for
 * dichotomous items and intercepts_k = −a·b_k for GRM). compileBank converts it to Item.
 */
export type SlopeInterceptItem =
  | (Omit<DichotomousItem, 'b'> & { intercept: number })
  | (Omit<GradedResponseItem, 'thresholds'> & { intercepts: number[] });

/** Category score 0..K−1 for a presented item. */
export type CategoryResponse = number;

/** A normal prior on θ. */
export interface NormalPrior {
  mean: number;
  sd: number;
}

/** Equally spaced quadrature grid on [min, max]. Default 61 points on [−6, 6]. */
export interface QuadratureSpec {
  points: number;
  min: number;
  max: number;
}

export type EstimationMethod = 'EAP' | 'MAP' | 'MLE' | 'WLE';

export interface AbilityEstimate {
  theta: number;
  /** Standard error (EAP: posterior SD; MLE/MAP/WLE: from the test information). */
  se: number;
  /** True when an MLE/WLE pattern has no finite maximum and θ is the bound. */
  extreme?: boolean;
}

/** Seeded uniform generator on [0, 1): the only source of randomness the core accepts. */
export type RandomSource = () => number;

export const THETA_BOUNDS: readonly [number, number] = [-6, 6];
export const DEFAULT_QUADRATURE: QuadratureSpec = { points: 61, min: -6, max: 6 };
export const DEFAULT_PRIOR: NormalPrior = { mean: 0, sd: 1 };
