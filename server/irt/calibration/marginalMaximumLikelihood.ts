/**
 * Marginal maximum likelihood item calibration by EM (Bock & Aitkin 1981) on a fixed
 * quadrature grid (default 61 points on [−6, 6]), for sparse data (missing by design).
 *
 * E-step: for each person, the posterior over the grid given their responses and the current
 * parameters; it yields expected counts r_jqk (people at node q answering item j in category k)
 * and n_q (people at node q), plus the marginal log-likelihood.
 * M-step: each free item maximises Σ_q Σ_k r_jqk·log P_jk(θ_q) (+ log prior on c for the 3PL)
 * by damped Newton on its own few parameters; the 1PL common slope and any free latent mean/SD
 * are then updated the same way with the items held.
 * Standard errors: observed information of the marginal log-likelihood, by central differences
 * of its exact gradient (Fisher's identity: ∂ℓ/∂ψ = ∂Q(ψ | ψ̂)/∂ψ at ψ = ψ̂, Louis 1982), i.e.
 * the full Hessian including item–item covariances, not the complete-data approximation.
 */
import { canonicalItem, compileBank, type CompiledBank } from '../bank';
import { logCategoryProbability } from '../models';
import { gaussHermiteNormal, normalLogDensity, quadratureGrid } from '../quadrature';
import type { Item, QuadratureSpec } from '../types';
import { invertPositiveDefinite, maximiseNewton } from './linearAlgebra';
import {
  admissible,
  parameterCount,
  startingValues,
  toCanonical,
  toWorking,
  writeParameters,
  type CalibrationModel,
} from './itemParameters';
import { CalibrationInputError, type ResponseData } from './responseData';

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface MarginalOptions {
  model: CalibrationModel;
  /** Column index → fixed item (fixed-parameter linking). */
  anchors?: ReadonlyMap<number, Item>;
  quadrature?: Partial<QuadratureSpec>;
  /** Convergence: largest change of any parameter, relative to max(1, |value|). Default 1e-4. */
  tolerance?: number;
  maxIterations?: number;
  /** 3PL prior on c; default Beta(5, 17) (mode 0.2, as BILOG-MG's default of 20p + 1 with p = 0.2). */
  guessingPrior?: BetaPrior;
  /**
   * Integrate over a N(0, 1) ability with an n-point Gauss–Hermite rule instead of the grid
   * (to compare with programs such as R ltm that use one). Not with anchors or the Rasch model,
   * whose ability distribution is estimated on the grid.
   */
  gaussHermitePoints?: number;
  /**
   * Standard errors: 'observed' (observed information by differencing the exact score; costs
   * 2 E-steps per free parameter), 'crossproduct' (Σ over persons of the outer product of each
   * person's score; one pass), true = 'observed' up to 200 free parameters, else 'crossproduct';
   * false = none.
   */
  standardErrors?: boolean | 'observed' | 'crossproduct';
}

export interface ItemEstimate {
  /** Column index in the data. */
  column: number;
  model: CalibrationModel | Item['model'];
  anchor: boolean;
  /** Canonical parameters: Rasch/1PL [b]; 2PL [a, b]; 3PL [a, b, c]; GRM [a, b_1..]; GPCM [a, δ_1..]. */
  parameters: number[];
  /** Standard errors aligned with `parameters` (null where not available). */
  standardErrors: (number | null)[];
  /** Weighted number of responses. */
  responses: number;
  /** The item as the engine reads it (for the bank). */
  item: Item;
}

export interface MarginalResult {
  items: ItemEstimate[];
  /** 1PL common slope (with its SE), otherwise null. */
  commonSlope: { value: number; se: number | null } | null;
  ability: { mean: number; sd: number; meanSe: number | null; sdSe: number | null; meanFree: boolean; sdFree: boolean };
  logLik: number;
  iterations: number;
  converged: boolean;
  standardErrorMethod: string;
  /** Expected counts at the end (for fit statistics): weight of people at each node. */
  nodes: Float64Array;
  nodeWeights: Float64Array;
}

interface Slot {
  column: number;
  free: boolean;
  categories: number;
  canonical: Float64Array;
  /** Offset into the r and log-probability tables: Q·K entries, category-major (k·Q + q). */
  tableOffset: number;
}

interface State {
  model: CalibrationModel;
  data: ResponseData;
  bank: CompiledBank;
  slots: Slot[];
  grid: Float64Array;
  commonSlope: number;
  mean: number;
  sd: number;
  logPrior: Float64Array;
  r: Float64Array;
  logTable: Float64Array;
  nq: Float64Array;
  guessingPrior: BetaPrior;
  /** Gauss–Hermite log weights when the rule replaces the grid (ability fixed at N(0, 1)). */
  fixedLogPrior: Float64Array | null;
}

function setLatent(state: State, mean: number, sd: number): void {
  state.mean = mean;
  state.sd = sd;
  if (state.fixedLogPrior) {
    state.logPrior.set(state.fixedLogPrior);
    return;
  }
  let max = -Infinity;
  for (let q = 0; q < state.grid.length; q++) {
    state.logPrior[q] = normalLogDensity(state.grid[q], { mean, sd });
    if (state.logPrior[q] > max) max = state.logPrior[q];
  }
  let sum = 0;
  for (let q = 0; q < state.grid.length; q++) sum += Math.exp(state.logPrior[q] - max);
  const logSum = max + Math.log(sum);
  for (let q = 0; q < state.grid.length; q++) state.logPrior[q] -= logSum;
}

/** One E-step: fills r and nq, returns the marginal log-likelihood. */
function expectation(state: State): number {
  const { data, bank, slots, grid, logTable, r, nq, logPrior } = state;
  const Q = grid.length;
  for (let j = 0; j < slots.length; j++) {
    const { categories: K, tableOffset } = slots[j];
    for (let k = 0; k < K; k++) for (let q = 0; q < Q; q++) logTable[tableOffset + k * Q + q] = logCategoryProbability(bank, j, grid[q], k);
  }
  r.fill(0);
  nq.fill(0);
  const log = new Float64Array(Q);
  let logLik = 0;
  for (let p = 0; p < data.persons; p++) {
    const weight = data.weight[p];
    if (weight === 0) continue;
    log.set(logPrior);
    for (let e = data.offsets[p]; e < data.offsets[p + 1]; e++) {
      const base = slots[data.item[e]].tableOffset + data.category[e] * Q;
      for (let q = 0; q < Q; q++) log[q] += logTable[base + q];
    }
    let max = -Infinity;
    for (let q = 0; q < Q; q++) if (log[q] > max) max = log[q];
    let sum = 0;
    for (let q = 0; q < Q; q++) {
      log[q] = Math.exp(log[q] - max);
      sum += log[q];
    }
    logLik += weight * (max + Math.log(sum));
    const scale = weight / sum;
    for (let q = 0; q < Q; q++) {
      log[q] *= scale;
      nq[q] += log[q];
    }
    for (let e = data.offsets[p]; e < data.offsets[p + 1]; e++) {
      const base = slots[data.item[e]].tableOffset + data.category[e] * Q;
      for (let q = 0; q < Q; q++) r[base + q] += log[q];
    }
  }
  return logLik;
}

/** Expected complete-data log-likelihood of item j at canonical parameters (+ log prior on c). */
function itemObjective(state: State, j: number, canonical: Float64Array): number {
  const slot = state.slots[j];
  if (!admissible(state.model, canonical, state.commonSlope)) return -Infinity;
  writeParameters(state.bank, j, state.model, canonical, state.commonSlope);
  const { grid, r } = state;
  const K = slot.categories;
  let sum = 0;
  const Q = grid.length;
  for (let k = 0; k < K; k++) {
    const base = slot.tableOffset + k * Q;
    for (let q = 0; q < Q; q++) {
      const count = r[base + q];
      if (count > 0) sum += count * logCategoryProbability(state.bank, j, grid[q], k);
    }
  }
  if (state.model === '3PL') {
    const c = canonical[2];
    sum += (state.guessingPrior.alpha - 1) * Math.log(c) + (state.guessingPrior.beta - 1) * Math.log(1 - c);
  }
  return sum;
}

function latentObjective(state: State, mean: number, sd: number): number {
  if (!(sd > 0)) return -Infinity;
  setLatent(state, mean, sd);
  let sum = 0;
  for (let q = 0; q < state.grid.length; q++) sum += state.nq[q] * state.logPrior[q];
  return sum;
}

function writeAll(state: State): void {
  for (let j = 0; j < state.slots.length; j++) {
    const slot = state.slots[j];
    if (slot.free) writeParameters(state.bank, j, state.model, slot.canonical, state.commonSlope);
  }
}

function buildState(data: ResponseData, options: MarginalOptions): State {
  const { model } = options;
  const anchors = options.anchors ?? new Map<number, Item>();
  const polytomous = model === 'GRM' || model === 'GPCM';
  const bankItems: Item[] = [];
  const slots: Slot[] = [];
  let grid = quadratureGrid(options.quadrature ?? {});
  let fixedLogPrior: Float64Array | null = null;
  if (options.gaussHermitePoints !== undefined) {
    if (anchors.size > 0 || model === 'Rasch') {
      throw new CalibrationInputError('/quadrature', 'Gauss–Hermite integration needs a fixed N(0, 1) ability (no anchors, not Rasch)');
    }
    const rule = gaussHermiteNormal(options.gaussHermitePoints);
    grid = rule.nodes;
    fixedLogPrior = rule.weights.map(Math.log);
  }
  let tableOffset = 0;
  for (let j = 0; j < data.items; j++) {
    if (data.count[j] <= 0) throw new CalibrationInputError(`/responses/*/${j}`, `item ${j} has no responses`);
    const anchor = anchors.get(j);
    let categories: number;
    if (anchor) {
      const item = canonicalItem(anchor);
      bankItems.push({ ...item, id: String(j) });
      categories = item.model === 'GRM' ? item.thresholds.length + 1 : item.model === 'GPCM' || item.model === 'PCM' ? item.steps.length + 1 : 2;
      if (data.maxCategory[j] >= categories) {
        throw new CalibrationInputError(`/anchors/${j}`, `item ${j} has responses in category ${data.maxCategory[j]} but the anchor has ${categories} categories`);
      }
    } else if (polytomous) {
      categories = data.maxCategory[j] + 1;
      if (categories < 2) throw new CalibrationInputError(`/responses/*/${j}`, `item ${j} needs responses in at least two categories`);
      const params = Array.from({ length: categories - 1 }, (_, k) => k - (categories - 2) / 2);
      bankItems.push(model === 'GRM' ? { id: String(j), model: 'GRM', a: 1, thresholds: params } : { id: String(j), model: 'GPCM', a: 1, steps: params });
    } else {
      categories = 2;
      if (data.maxCategory[j] > 1) throw new CalibrationInputError(`/responses/*/${j}`, `${model} responses must be 0 or 1 (item ${j} has ${data.maxCategory[j]})`);
      bankItems.push(model === '3PL' ? { id: String(j), model: '3PL', a: 1, b: 0, c: 0.2 } : { id: String(j), model: model === 'Rasch' ? 'Rasch' : model === '1PL' ? '1PL' : '2PL', a: 1, b: 0 });
    }
    const free = !anchor;
    slots.push({ column: j, free, categories, canonical: new Float64Array(free ? parameterCount(model, categories) : 0), tableOffset });
    tableOffset += grid.length * categories;
  }
  const bank = compileBank(bankItems);
  const state: State = {
    model,
    data,
    bank,
    slots,
    grid,
    commonSlope: 1,
    mean: 0,
    sd: 1,
    logPrior: new Float64Array(grid.length),
    r: new Float64Array(tableOffset),
    logTable: new Float64Array(tableOffset),
    nq: new Float64Array(grid.length),
    guessingPrior: options.guessingPrior ?? { alpha: 5, beta: 17 },
    fixedLogPrior,
  };
  setLatent(state, 0, 1);
  // Starting values from observed category proportions (one pass over the data).
  const categoryCounts = slots.map((slot) => new Float64Array(slot.categories));
  for (let p = 0; p < data.persons; p++) {
    for (let e = data.offsets[p]; e < data.offsets[p + 1]; e++) categoryCounts[data.item[e]][data.category[e]] += data.weight[p];
  }
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j];
    if (!slot.free) continue;
    // An item whose responses miss a category below its top one has no finite maximum
    // (all right, all wrong, or an empty middle category): say so rather than report ±∞.
    for (let k = 0; k < slot.categories; k++) {
      if (categoryCounts[j][k] === 0) {
        throw new CalibrationInputError(
          `/responses/*/${j}`,
          `item ${j} has no responses in category ${k} (of 0..${slot.categories - 1}); its parameters have no finite estimate: remove it or collect more responses`,
        );
      }
    }
    const proportions = categoryCounts[j];
    let total = 0;
    for (let k = 0; k < slot.categories; k++) total += proportions[k];
    const observed = new Float64Array(slot.categories);
    for (let k = 0; k < slot.categories; k++) observed[k] = proportions[k] / total;
    startingValues(model, observed, slot.canonical);
    writeParameters(bank, j, model, slot.canonical, state.commonSlope);
  }
  return state;
}

/** The gradient of the marginal log-likelihood at `vector` (Fisher's identity), for SEs. */
interface ParameterLayout {
  size: number;
  slopeIndex: number;
  meanIndex: number;
  sdIndex: number;
}

function layout(state: State, meanFree: boolean, sdFree: boolean): ParameterLayout {
  let size = 0;
  for (const slot of state.slots) size += slot.canonical.length;
  const slopeIndex = state.model === '1PL' ? size++ : -1;
  const meanIndex = meanFree ? size++ : -1;
  const sdIndex = sdFree ? size++ : -1;
  return { size, slopeIndex, meanIndex, sdIndex };
}

function readVector(state: State, l: ParameterLayout): Float64Array {
  const vector = new Float64Array(l.size);
  let cursor = 0;
  for (const slot of state.slots) {
    vector.set(slot.canonical, cursor);
    cursor += slot.canonical.length;
  }
  if (l.slopeIndex >= 0) vector[l.slopeIndex] = state.commonSlope;
  if (l.meanIndex >= 0) vector[l.meanIndex] = state.mean;
  if (l.sdIndex >= 0) vector[l.sdIndex] = state.sd;
  return vector;
}

function applyVector(state: State, l: ParameterLayout, vector: Float64Array): void {
  let cursor = 0;
  for (const slot of state.slots) {
    slot.canonical.set(vector.subarray(cursor, cursor + slot.canonical.length));
    cursor += slot.canonical.length;
  }
  if (l.slopeIndex >= 0) state.commonSlope = vector[l.slopeIndex];
  setLatent(state, l.meanIndex >= 0 ? vector[l.meanIndex] : state.mean, l.sdIndex >= 0 ? vector[l.sdIndex] : state.sd);
  writeAll(state);
}

function marginalGradient(state: State, l: ParameterLayout, vector: Float64Array, out: Float64Array): void {
  applyVector(state, l, vector);
  expectation(state);
  const h = (x: number): number => 1e-5 * Math.max(1, Math.abs(x));
  let cursor = 0;
  for (let j = 0; j < state.slots.length; j++) {
    const slot = state.slots[j];
    const point = Float64Array.from(slot.canonical);
    for (let i = 0; i < point.length; i++) {
      const step = h(point[i]);
      point[i] = slot.canonical[i] + step;
      const plus = itemObjective(state, j, point);
      point[i] = slot.canonical[i] - step;
      const minus = itemObjective(state, j, point);
      point[i] = slot.canonical[i];
      out[cursor + i] = (plus - minus) / (2 * step);
    }
    if (slot.free) writeParameters(state.bank, j, state.model, slot.canonical, state.commonSlope);
    cursor += point.length;
  }
  if (l.slopeIndex >= 0) {
    const a = state.commonSlope;
    const step = h(a);
    const total = (slope: number): number => {
      state.commonSlope = slope;
      let sum = 0;
      for (let j = 0; j < state.slots.length; j++) if (state.slots[j].free) sum += itemObjective(state, j, state.slots[j].canonical);
      return sum;
    };
    out[l.slopeIndex] = (total(a + step) - total(a - step)) / (2 * step);
    state.commonSlope = a;
    writeAll(state);
  }
  const { mean, sd } = state;
  if (l.meanIndex >= 0) {
    const step = h(mean);
    out[l.meanIndex] = (latentObjective(state, mean + step, sd) - latentObjective(state, mean - step, sd)) / (2 * step);
  }
  if (l.sdIndex >= 0) {
    const step = h(sd);
    out[l.sdIndex] = (latentObjective(state, mean, sd + step) - latentObjective(state, mean, sd - step)) / (2 * step);
  }
  setLatent(state, mean, sd);
}

/** Observed-information covariance by central differences of the Fisher-identity gradient. */
function observedCovariance(state: State, l: ParameterLayout): Float64Array | null {
  const n = l.size;
  const center = readVector(state, l);
  const hessian = new Float64Array(n * n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const point = Float64Array.from(center);
  for (let i = 0; i < n; i++) {
    const step = 1e-4 * Math.max(1, Math.abs(center[i]));
    point[i] = center[i] + step;
    marginalGradient(state, l, point, plus);
    point[i] = center[i] - step;
    marginalGradient(state, l, point, minus);
    point[i] = center[i];
    for (let k = 0; k < n; k++) hessian[k * n + i] = -(plus[k] - minus[k]) / (2 * step);
  }
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const average = 0.5 * (hessian[i * n + k] + hessian[k * n + i]);
      hessian[i * n + k] = average;
      hessian[k * n + i] = average;
    }
  }
  applyVector(state, l, center);
  return invertPositiveDefinite(hessian, n);
}

/**
 * Cross-product ("XPD", empirical) information: I ≈ Σ_i w_i·s_i·s_iᵀ with s_i person i's
 * marginal score Σ_q post_iq·∂ log L_i(θ_q)/∂ψ (Fisher's identity per person). One pass over the
 * data; consistent, somewhat noisier than the observed information in small samples.
 */
function crossProductCovariance(state: State, l: ParameterLayout): Float64Array | null {
  const { data, slots, grid, logTable, logPrior, bank, model } = state;
  const Q = grid.length;
  const n = l.size;
  expectation(state);
  // Derivative tables: derivative[slot][(i·Q + q)·K + k] = ∂ log P_jk(θ_q)/∂ψ_i, by central differences.
  const parameterStart: number[] = [];
  const derivatives: Float64Array[] = [];
  const slopeDerivatives: (Float64Array | null)[] = [];
  let cursor = 0;
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j];
    const K = slot.categories;
    const p = slot.canonical.length;
    parameterStart.push(cursor);
    cursor += p;
    const table = new Float64Array(p * Q * K);
    const point = Float64Array.from(slot.canonical);
    const fill = (target: Float64Array, offset: number, sign: number): void => {
      for (let q = 0; q < Q; q++) for (let k = 0; k < K; k++) target[offset + q * K + k] += sign * logCategoryProbability(bank, j, grid[q], k);
    };
    for (let i = 0; i < p; i++) {
      const h = 1e-5 * Math.max(1, Math.abs(point[i]));
      point[i] = slot.canonical[i] + h;
      writeParameters(bank, j, model, point, state.commonSlope);
      fill(table, i * Q * K, 1);
      point[i] = slot.canonical[i] - h;
      writeParameters(bank, j, model, point, state.commonSlope);
      fill(table, i * Q * K, -1);
      point[i] = slot.canonical[i];
      for (let e = i * Q * K; e < (i + 1) * Q * K; e++) table[e] /= 2 * h;
    }
    derivatives.push(table);
    let slopeTable: Float64Array | null = null;
    if (l.slopeIndex >= 0 && slot.free) {
      slopeTable = new Float64Array(Q * K);
      const a = state.commonSlope;
      const h = 1e-5 * Math.max(1, a);
      writeParameters(bank, j, model, slot.canonical, a + h);
      fill(slopeTable, 0, 1);
      writeParameters(bank, j, model, slot.canonical, a - h);
      fill(slopeTable, 0, -1);
      for (let e = 0; e < Q * K; e++) slopeTable[e] /= 2 * h;
    }
    slopeDerivatives.push(slopeTable);
    if (slot.free) writeParameters(bank, j, model, slot.canonical, state.commonSlope);
  }
  // ∂ log π_q/∂μ and ∂ log π_q/∂σ for a free ability distribution.
  const latentDerivative = (index: number, which: 'mean' | 'sd'): Float64Array | null => {
    if (index < 0) return null;
    const out = new Float64Array(Q);
    const { mean, sd } = state;
    const h = 1e-5 * Math.max(1, Math.abs(which === 'mean' ? mean : sd));
    setLatent(state, which === 'mean' ? mean + h : mean, which === 'sd' ? sd + h : sd);
    for (let q = 0; q < Q; q++) out[q] = state.logPrior[q];
    setLatent(state, which === 'mean' ? mean - h : mean, which === 'sd' ? sd - h : sd);
    for (let q = 0; q < Q; q++) out[q] = (out[q] - state.logPrior[q]) / (2 * h);
    setLatent(state, mean, sd);
    return out;
  };
  const meanDerivative = latentDerivative(l.meanIndex, 'mean');
  const sdDerivative = latentDerivative(l.sdIndex, 'sd');

  const information = new Float64Array(n * n);
  const posterior = new Float64Array(Q);
  const score = new Float64Array(n);
  const touched: number[] = [];
  for (let p = 0; p < data.persons; p++) {
    const weight = data.weight[p];
    if (weight === 0) continue;
    posterior.set(logPrior);
    for (let e = data.offsets[p]; e < data.offsets[p + 1]; e++) {
      const base = slots[data.item[e]].tableOffset + data.category[e] * Q;
      for (let q = 0; q < Q; q++) posterior[q] += logTable[base + q];
    }
    let max = -Infinity;
    for (let q = 0; q < Q; q++) if (posterior[q] > max) max = posterior[q];
    let sum = 0;
    for (let q = 0; q < Q; q++) {
      posterior[q] = Math.exp(posterior[q] - max);
      sum += posterior[q];
    }
    for (let q = 0; q < Q; q++) posterior[q] /= sum;
    touched.length = 0;
    for (let e = data.offsets[p]; e < data.offsets[p + 1]; e++) {
      const j = data.item[e];
      const slot = slots[j];
      const K = slot.categories;
      const x = data.category[e];
      const table = derivatives[j];
      for (let i = 0; i < slot.canonical.length; i++) {
        let value = 0;
        for (let q = 0; q < Q; q++) value += posterior[q] * table[(i * Q + q) * K + x];
        score[parameterStart[j] + i] = value;
        touched.push(parameterStart[j] + i);
      }
      const slopeTable = slopeDerivatives[j];
      if (slopeTable) {
        let value = 0;
        for (let q = 0; q < Q; q++) value += posterior[q] * slopeTable[q * K + x];
        score[l.slopeIndex] += value;
      }
    }
    if (l.slopeIndex >= 0) touched.push(l.slopeIndex);
    for (const [index, table] of [[l.meanIndex, meanDerivative], [l.sdIndex, sdDerivative]] as const) {
      if (!table) continue;
      let value = 0;
      for (let q = 0; q < Q; q++) value += posterior[q] * table[q];
      score[index] = value;
      touched.push(index);
    }
    for (const r of touched) {
      const row = r * n;
      const value = weight * score[r];
      for (const c of touched) information[row + c] += value * score[c];
    }
    for (const r of touched) score[r] = 0;
  }
  if (model === '3PL') {
    // The Beta prior on c adds its curvature (α − 1)/c² + (β − 1)/(1 − c)² to the information.
    for (let j = 0; j < slots.length; j++) {
      if (!slots[j].free) continue;
      const c = slots[j].canonical[2];
      const index = parameterStart[j] + 2;
      information[index * n + index] += (state.guessingPrior.alpha - 1) / (c * c) + (state.guessingPrior.beta - 1) / ((1 - c) * (1 - c));
    }
  }
  return invertPositiveDefinite(information, n);
}

export function marginalMaximumLikelihood(data: ResponseData, options: MarginalOptions): MarginalResult {
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 500;
  const state = buildState(data, options);
  const { model, slots } = state;
  const anchored = (options.anchors?.size ?? 0) > 0;
  // Rasch: slope 1, ability SD free. With anchors the anchors fix the scale, so the ability
  // mean and SD of this sample are estimated (fixed-parameter calibration).
  const meanFree = anchored;
  const sdFree = model === 'Rasch' || anchored;

  const working = slots.map((slot) => new Float64Array(slot.canonical.length));
  const canonical = slots.map((slot) => new Float64Array(slot.canonical.length));
  let logLik = -Infinity;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; ) {
    logLik = expectation(state);
    iterations += 1;
    let largest = 0;
    const change = (before: number, after: number): void => {
      largest = Math.max(largest, Math.abs(after - before) / Math.max(1, Math.abs(before)));
    };
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j];
      if (!slot.free) continue;
      toWorking(model, slot.canonical, working[j]);
      const target = canonical[j];
      maximiseNewton((x) => {
        toCanonical(model, x, target);
        return itemObjective(state, j, target);
      }, working[j], 20);
      toCanonical(model, working[j], target);
      for (let i = 0; i < target.length; i++) change(slot.canonical[i], target[i]);
      slot.canonical.set(target);
      writeParameters(state.bank, j, model, slot.canonical, state.commonSlope);
    }
    if (model === '1PL') {
      const before = state.commonSlope;
      const x = Float64Array.of(before);
      maximiseNewton((v) => {
        state.commonSlope = v[0];
        let sum = 0;
        for (let j = 0; j < slots.length; j++) if (slots[j].free) sum += itemObjective(state, j, slots[j].canonical);
        return sum;
      }, x, 20);
      state.commonSlope = x[0];
      writeAll(state);
      change(before, x[0]);
    }
    if (meanFree || sdFree) {
      const before = [state.mean, state.sd];
      const x = Float64Array.of(state.mean, Math.log(state.sd));
      const fixedMean = state.mean;
      const fixedSd = state.sd;
      maximiseNewton((v) => latentObjective(state, meanFree ? v[0] : fixedMean, sdFree ? Math.exp(v[1]) : fixedSd), x, 20);
      setLatent(state, meanFree ? x[0] : fixedMean, sdFree ? Math.exp(x[1]) : fixedSd);
      change(before[0], state.mean);
      change(before[1], state.sd);
    }
    if (largest < tolerance) {
      converged = true;
      break;
    }
  }
  logLik = expectation(state);

  const l = layout(state, meanFree, sdFree);
  let covariance: Float64Array | null = null;
  const seMethod = options.standardErrors === false ? 'none' : options.standardErrors === 'observed' || options.standardErrors === 'crossproduct' ? options.standardErrors : l.size <= 200 ? 'observed' : 'crossproduct';
  if (seMethod === 'observed') covariance = observedCovariance(state, l);
  else if (seMethod === 'crossproduct') covariance = crossProductCovariance(state, l);
  const se = (index: number): number | null => {
    if (!covariance || index < 0) return null;
    const v = covariance[index * l.size + index];
    return v > 0 ? Math.sqrt(v) : null;
  };

  const items: ItemEstimate[] = [];
  let cursor = 0;
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j];
    const parameters = Array.from(slot.canonical);
    const standardErrors = parameters.map((_, i) => se(cursor + i));
    cursor += parameters.length;
    const item = state.bank.items[j];
    const engineItem = slot.free ? freeItem(model, j, slot.canonical, state.commonSlope) : item;
    items.push({ column: j, model: slot.free ? model : item.model, anchor: !slot.free, parameters, standardErrors, responses: data.count[j], item: engineItem });
  }
  return {
    items,
    commonSlope: model === '1PL' ? { value: state.commonSlope, se: se(l.slopeIndex) } : null,
    ability: { mean: state.mean, sd: state.sd, meanSe: se(l.meanIndex), sdSe: se(l.sdIndex), meanFree, sdFree },
    logLik,
    iterations,
    converged,
    standardErrorMethod:
      seMethod === 'none'
        ? 'none'
        : seMethod === 'observed'
          ? 'observed information: central differences of the Fisher-identity score of the marginal log-likelihood (Louis 1982), inverted'
          : 'cross-product (empirical) information: Σ over persons of the outer product of each person’s marginal score (plus the c prior’s curvature), inverted',
    nodes: state.grid,
    nodeWeights: Float64Array.from(state.nq),
  };
}

function freeItem(model: CalibrationModel, column: number, p: Float64Array, commonSlope: number): Item {
  const id = String(column);
  switch (model) {
    case 'Rasch':
      return { id, model: 'Rasch', b: p[0] };
    case '1PL':
      return { id, model: '1PL', a: commonSlope, b: p[0] };
    case '2PL':
      return { id, model: '2PL', a: p[0], b: p[1] };
    case '3PL':
      return { id, model: '3PL', a: p[0], b: p[1], c: p[2] };
    case 'GRM':
      return { id, model: 'GRM', a: p[0], thresholds: Array.from(p.subarray(1)) };
    default:
      return { id, model: 'GPCM', a: p[0], steps: Array.from(p.subarray(1)) };
  }
}
