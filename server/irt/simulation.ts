/**
 * Monte Carlo simulation of an adaptive test configuration: N simulated examinees (given θs or
 * drawn from a normal) answer by the bank's own model at their true θ; the report gives bias,
 * RMSE, test length, exposure (maximum, mean, share of the bank never used), test overlap,
 * classification accuracy when cuts are given, and bias/RMSE by decile of true θ.
 *
 * Exposure control across examinees is simulated the way a live service would run it: the
 * simulator keeps the counts and hands each test its exposure values (eligibility probabilities
 * from running counts; restricted: running exposure rates; Sympson–Hetter: parameters derived
 * beforehand by `deriveSympsonHetterParameters` unless given).
 */
import { startAdaptiveTestWith, answerItem, type AdaptiveTestConfig, type AdaptiveTestState } from './adaptiveTest';
import type { CompiledBank } from './bank';
import { eligibilityProbabilities, exposureRates, exposureValues } from './exposure';
import { categoryProbabilities } from './models';
import { normalDeviate, seededRandom } from './random';
import { bandOf, sortedCuts } from './stopping';
import type { RandomSource } from './types';

export type ExamineeSpec = { thetas: readonly number[] } | { n: number; mean?: number; sd?: number };

export interface SimulationOptions {
  seed: number;
  examinees: ExamineeSpec;
}

export interface ConditionalResult {
  /** 1..10, by ascending true θ (fewer groups when N < 10). */
  decile: number;
  thetaMin: number;
  thetaMax: number;
  n: number;
  bias: number;
  rmse: number;
  meanLength: number;
}

export interface SimulationResult {
  n: number;
  meanLength: number;
  /** Population SD (divide by N) of the number of scored items. */
  sdLength: number;
  /** mean(θ̂ − θ). */
  bias: number;
  rmse: number;
  /** Largest share of examinees who saw one item. */
  maxExposure: number;
  /** Mean exposure rate over the bank's items. */
  meanExposure: number;
  /** Share of the bank's items no examinee saw. */
  unusedFraction: number;
  /** Mean number of items two examinees share, over the mean test length (Chen, Ankenmann & Spray 2003). */
  overlap: number;
  /** Share of examinees whose estimate falls in their true band; null without cuts. */
  classificationAccuracy: number | null;
  conditional: ConditionalResult[];
  /** How many tests stopped for each reason. */
  stopReasons: Record<string, number>;
}

/** Everything a run produced, for callers that need more than the summary (Sympson–Hetter derivation). */
export interface SimulationRun {
  result: SimulationResult;
  trueThetas: Float64Array;
  estimates: Float64Array;
  lengths: Int32Array;
  /** Per item: examinees who were given it. */
  administered: Float64Array;
  /** Per item: examinees for whom selection picked it before the Sympson–Hetter lottery. */
  selected: Float64Array;
}

/** Draw (or copy) the true θs; `random` is consumed only when drawing. */
export function examineeThetas(spec: ExamineeSpec, random: RandomSource): Float64Array {
  if ('thetas' in spec) return Float64Array.from(spec.thetas);
  const mean = spec.mean ?? 0;
  const sd = spec.sd ?? 1;
  const thetas = new Float64Array(spec.n);
  for (let e = 0; e < spec.n; e++) thetas[e] = mean + sd * normalDeviate(random);
  return thetas;
}

/** A category drawn from the item's model at θ by inversion of its CDF. */
export function simulatedResponse(bank: CompiledBank, item: number, theta: number, random: RandomSource, scratch: Float64Array): number {
  categoryProbabilities(bank, item, theta, scratch);
  const u = random();
  let cumulative = 0;
  const last = bank.categories[item] - 1;
  for (let k = 0; k < last; k++) {
    cumulative += scratch[k];
    if (u < cumulative) return k;
  }
  return last;
}

function administer(bank: CompiledBank, config: AdaptiveTestConfig, state: AdaptiveTestState, theta: number, random: RandomSource, scratch: Float64Array): void {
  let report = state.report;
  while (report.nextItem !== null) {
    const item = report.nextItem;
    report = answerItem(bank, config, state, item, simulatedResponse(bank, item, theta, random, scratch));
  }
}

/**
 * Run the simulation. `exposureOverride` fixes the per-item exposure values for every test
 * (used by the Sympson–Hetter derivation); otherwise eligibility and restricted control are
 * driven by the running counts, and Sympson–Hetter uses the configured parameters.
 */
export function runSimulation(bank: CompiledBank, config: AdaptiveTestConfig, options: SimulationOptions, exposureOverride?: Float64Array): SimulationRun {
  const master = seededRandom(options.seed);
  const responses = seededRandom(options.seed ^ 0x5bd1e995);
  const trueThetas = examineeThetas(options.examinees, master);
  const n = trueThetas.length;
  const estimates = new Float64Array(n);
  const lengths = new Int32Array(n);
  const administered = new Float64Array(bank.size);
  const eligible = new Float64Array(bank.size);
  const selected = new Float64Array(bank.size);
  const scratch = new Float64Array(bank.maxCategories);
  const cuts = sortedCuts(config.stop);
  const method = config.exposure?.method;
  const running = new Float64Array(bank.size);
  const configured = config.exposure ? exposureValues(bank, config.exposure).values : null;
  const stopReasons: Record<string, number> = {};
  let sharedPairs = 0;
  let correctBands = 0;

  for (let e = 0; e < n; e++) {
    const testSeed = Math.floor(master() * 4294967296);
    let values: Float64Array | undefined = exposureOverride;
    if (!values && config.exposure && config.exposure.parameters === undefined) {
      if (method === 'eligibility') values = eligibilityProbabilities(config.exposure.rmax, administered, eligible, running);
      else if (method === 'restricted') values = exposureRates(administered, e, running);
    }
    if (!values && configured) values = configured;
    const { state } = startAdaptiveTestWith(bank, config, testSeed, undefined, values ? { values } : undefined);
    administer(bank, config, state, trueThetas[e], responses, scratch);
    const report = state.report;
    estimates[e] = report.theta;
    lengths[e] = report.scored;
    const reason = report.stop?.reason ?? 'unknown';
    stopReasons[reason] = (stopReasons[reason] ?? 0) + 1;
    for (const item of state.items) {
      sharedPairs += administered[item]; // pairs (earlier examinee, this one) sharing the item
      administered[item] += 1;
    }
    for (const item of state.selections) selected[item] += 1;
    if (state.eligibleAtStart) for (let i = 0; i < bank.size; i++) eligible[i] += state.eligibleAtStart[i];
    if (cuts.length > 0 && bandOf(report.theta, cuts) === bandOf(trueThetas[e], cuts)) correctBands++;
  }

  let sumError = 0;
  let sumSquared = 0;
  let sumLength = 0;
  for (let e = 0; e < n; e++) {
    const error = estimates[e] - trueThetas[e];
    sumError += error;
    sumSquared += error * error;
    sumLength += lengths[e];
  }
  const meanLength = sumLength / n;
  let lengthVariance = 0;
  for (let e = 0; e < n; e++) lengthVariance += (lengths[e] - meanLength) ** 2;
  let maxExposure = 0;
  let totalExposure = 0;
  let unused = 0;
  for (let i = 0; i < bank.size; i++) {
    const rate = administered[i] / n;
    if (rate > maxExposure) maxExposure = rate;
    totalExposure += rate;
    if (administered[i] === 0) unused++;
  }
  const pairs = (n * (n - 1)) / 2;
  const result: SimulationResult = {
    n,
    meanLength,
    sdLength: Math.sqrt(lengthVariance / n),
    bias: sumError / n,
    rmse: Math.sqrt(sumSquared / n),
    maxExposure,
    meanExposure: totalExposure / bank.size,
    unusedFraction: unused / bank.size,
    overlap: pairs > 0 && meanLength > 0 ? sharedPairs / pairs / meanLength : 0,
    classificationAccuracy: cuts.length > 0 ? correctBands / n : null,
    conditional: conditionalResults(trueThetas, estimates, lengths),
    stopReasons,
  };
  return { result, trueThetas, estimates, lengths, administered, selected };
}

function conditionalResults(trueThetas: Float64Array, estimates: Float64Array, lengths: Int32Array): ConditionalResult[] {
  const n = trueThetas.length;
  const order = Array.from({ length: n }, (_, e) => e).sort((x, y) => trueThetas[x] - trueThetas[y] || x - y);
  const groups = Math.min(10, n);
  const rows: ConditionalResult[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups);
    const to = Math.floor(((g + 1) * n) / groups);
    let sumError = 0;
    let sumSquared = 0;
    let sumLength = 0;
    for (let k = from; k < to; k++) {
      const e = order[k];
      const error = estimates[e] - trueThetas[e];
      sumError += error;
      sumSquared += error * error;
      sumLength += lengths[e];
    }
    const size = to - from;
    rows.push({
      decile: g + 1,
      thetaMin: trueThetas[order[from]],
      thetaMax: trueThetas[order[to - 1]],
      n: size,
      bias: sumError / size,
      rmse: Math.sqrt(sumSquared / size),
      meanLength: sumLength / size,
    });
  }
  return rows;
}

export interface SympsonHetterOptions {
  rmax: number;
  examinees: ExamineeSpec;
  seed: number;
  /** Default 20. */
  maxIterations?: number;
  /**
   * Stop once the largest exposure rate is at most rmax + tolerance. Default: two binomial
   * standard errors of a rate at rmax over the N examinees, 2·√(rmax(1 − rmax)/N): a tighter
   * target only chases the sampling noise of one simulated sample.
   */
  tolerance?: number;
}

export interface SympsonHetterParameters {
  /** K_i in bank order. */
  parameters: Float64Array;
  iterations: number;
  /** Largest exposure rate in the last simulation run with these parameters. */
  maxExposure: number;
  converged: boolean;
}

/**
 * Sympson & Hetter (1985) exposure-control parameters for a target r_max, by their iterative
 * simulation: start from K = 1; simulate the examinees; with P(S_i) the rate at which selection
 * picks item i (before the lottery), set K_i = r_max / P(S_i) where P(S_i) > r_max and 1
 * elsewhere; repeat until every exposure rate P(A_i) = P(S_i)·K_i is within tolerance of r_max.
 * Every iteration reuses the same examinees and seeds (common random numbers), so the sequence
 * of K is a function of the inputs and converges smoothly.
 */
export function deriveSympsonHetterParameters(bank: CompiledBank, config: AdaptiveTestConfig, options: SympsonHetterOptions): SympsonHetterParameters {
  const base: AdaptiveTestConfig = { ...config, exposure: { method: 'sympson-hetter', rmax: options.rmax } };
  const parameters = new Float64Array(bank.size).fill(1);
  const maxIterations = options.maxIterations ?? 20;
  let maxExposure = 1;
  let tolerance = options.tolerance ?? 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const run = runSimulation(bank, base, { seed: options.seed, examinees: options.examinees }, parameters);
    const n = run.result.n;
    if (options.tolerance === undefined) tolerance = 2 * Math.sqrt((options.rmax * (1 - options.rmax)) / n);
    maxExposure = run.result.maxExposure;
    if (maxExposure <= options.rmax + tolerance) return { parameters, iterations: iteration, maxExposure, converged: true };
    for (let i = 0; i < bank.size; i++) {
      const selectionRate = run.selected[i] / n;
      parameters[i] = selectionRate > options.rmax ? options.rmax / selectionRate : 1;
    }
  }
  const check = runSimulation(bank, base, { seed: options.seed, examinees: options.examinees }, parameters);
  maxExposure = check.result.maxExposure;
  return { parameters, iterations: maxIterations, maxExposure, converged: maxExposure <= options.rmax + tolerance };
}

/**
 * The summary of `runSimulation`. Sympson–Hetter without parameters derives them first on the
 * same examinees with a separate seed.
 */
export function simulateAdaptiveTests(bank: CompiledBank, config: AdaptiveTestConfig, options: SimulationOptions): SimulationResult {
  const exposure = config.exposure;
  if (exposure?.method === 'sympson-hetter' && exposure.parameters === undefined) {
    const derived = deriveSympsonHetterParameters(bank, config, { rmax: exposure.rmax, examinees: options.examinees, seed: options.seed + 1 });
    return runSimulation(bank, { ...config, exposure: { ...exposure, parameters: derived.parameters } }, options).result;
  }
  return runSimulation(bank, config, options).result;
}
