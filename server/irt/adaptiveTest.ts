/**
 * The adaptive test loop: start a test, take one answer at a time (posterior update in O(grid),
 * estimate, stopping rules, next item), and replay a test from its stored answers.
 *
 * A test is a deterministic function of (bank, config, seed, answers): the only randomness is a
 * generator seeded from `seed` and drawn in a fixed order (pretest positions, exposure
 * eligibility, then per pick: randomesque, Sympson–Hetter lottery, pretest item), so replaying
 * the stored answers after a crash reproduces every θ, SE and next item exactly.
 */
import type { CompiledBank } from './bank';
import {
  blueprintAllows,
  blueprintMaximaAllow,
  blueprintMinimaMet,
  blueprintNeeds,
  blueprintUnsatisfiable,
  compileBlueprint,
  countTaken,
  ruleOut,
  startBlueprintProgress,
  type BlueprintProgress,
  type CompiledBlueprint,
} from './blueprint';
import { validateAdaptiveTestConfig, type AdaptiveTestConfig, type ConfigIssue } from './adaptiveTestConfig';
import { estimateAbility } from './estimation';
import { applyExposureEligibility, exposureValues, sympsonHetterAdmits } from './exposure';
import { informationTable } from './informationTable';
import { logProbabilityTable } from './logProbabilityTable';
import { logCategoryProbability } from './models';
import { addResponse, bandProbabilities, createPosterior, expectedAPosteriori, type Posterior } from './posterior';
import { quadratureGrid } from './quadrature';
import { seededRandom } from './random';
import { randomesquePick, rankItems } from './selection';
import { selectionPoint } from './start';
import { normalCdf, sortedCuts, stoppingDecision, type StopDecision } from './stopping';
import { DEFAULT_PRIOR, type AbilityEstimate, type CategoryResponse, type NormalPrior, type RandomSource } from './types';

export { validateAdaptiveTestConfig, type AdaptiveTestConfig } from './adaptiveTestConfig';

export interface StepReport {
  theta: number;
  se: number;
  /** P(θ in each band) for the sorted cuts (length cuts + 1; [1] without cuts). */
  bandProbabilities: number[];
  /** Null while the test goes on. */
  stop: StopDecision | null;
  /** The item to deliver next (bank position), or null when stopped. */
  nextItem: number | null;
  /** False when the next item is an unscored pretest item. */
  nextItemScored: boolean;
  /** Items answered so far, and how many of them were scored. */
  answered: number;
  scored: number;
  /** Set when an MLE/WLE estimate sits at a bound (no finite maximum). */
  extreme?: boolean;
}

export interface AdaptiveTestState {
  readonly seed: number;
  readonly posterior: Posterior;
  /** Delivered and answered items (bank positions), their categories and whether they counted. */
  readonly items: number[];
  readonly responses: CategoryResponse[];
  readonly scoredFlags: boolean[];
  readonly scoredItems: number[];
  readonly scoredResponses: CategoryResponse[];
  /** 1 = still selectable adaptively. */
  readonly available: Uint8Array;
  /** 1 = unscored item still deliverable as pretest. */
  readonly pretestAvailable: Uint8Array;
  /** 1-based delivery positions reserved for pretest items. */
  readonly pretestPositions: readonly number[];
  readonly blueprint: BlueprintProgress | null;
  /** log L(cut + δ) − log L(cut − δ) per sorted cut (SPRT). */
  readonly sprtLogRatios: Float64Array;
  /** Items that won a selection before the Sympson–Hetter lottery (for deriving K). */
  readonly selections: number[];
  /** Per-item exposure values this test runs with (see exposure.ts), or null. */
  readonly exposureValues: Float64Array | null;
  /** Under eligibility control: the items this test drew as eligible (1), for the caller's counts. */
  readonly eligibleAtStart: Uint8Array | null;
  readonly random: RandomSource;
  report: StepReport;
}

export interface PupilContext {
  /** Items this pupil must not see (e.g. seen in the last N days); unknown ids are ignored. */
  excludedItemIds?: readonly string[];
}

export type AdaptiveTestErrorCode = 'INVALID_CONFIG' | 'BLUEPRINT_UNSATISFIABLE' | 'WRONG_ITEM' | 'INVALID_RESPONSE' | 'TEST_STOPPED';

export class AdaptiveTestError extends Error {
  readonly code: AdaptiveTestErrorCode;
  readonly details: ConfigIssue[];
  constructor(code: AdaptiveTestErrorCode, message: string, details: ConfigIssue[] = []) {
    super(details.length > 0 ? `${message}: ${details.map((d) => `${d.path || '/'} ${d.message}`).join('; ')}` : message);
    this.name = 'AdaptiveTestError';
    this.code = code;
    this.details = details;
  }
}

/** What a configuration resolves to against one bank; memoised per (config, bank) object pair. */
interface Plan {
  readonly config: AdaptiveTestConfig;
  readonly grid: Float64Array;
  readonly prior: NormalPrior;
  readonly cuts: number[];
  readonly blueprint: CompiledBlueprint;
  readonly hasConstraints: boolean;
  readonly exposure: Float64Array | null;
}

const plans = new WeakMap<AdaptiveTestConfig, WeakMap<CompiledBank, Plan>>();

/** Internal hook for the simulator: exposure values per test without a config per examinee. */
export interface ExposureOverride {
  values: Float64Array;
}

function planFor(bank: CompiledBank, config: AdaptiveTestConfig): Plan {
  let byBank = plans.get(config);
  const cached = byBank?.get(bank);
  if (cached) return cached;
  const valid = validateAdaptiveTestConfig(config);
  if (!valid.ok) throw new AdaptiveTestError('INVALID_CONFIG', 'invalid adaptive test configuration', valid.errors);
  const compiled = compileBlueprint(bank, config.blueprint);
  if (!compiled.ok) throw new AdaptiveTestError('INVALID_CONFIG', 'the blueprint does not fit this bank', compiled.issues);
  let exposure: Float64Array | null = null;
  if (config.exposure) {
    const { values, unknownIds } = exposureValues(bank, config.exposure);
    if (unknownIds.length > 0) {
      throw new AdaptiveTestError(
        'INVALID_CONFIG',
        'exposure parameters name unknown items',
        unknownIds.slice(0, 20).map((id) => ({ path: `/exposure/parameters/${id}`, message: 'unknown item id' })),
      );
    }
    exposure = values;
  }
  const prior = config.estimator?.prior ?? DEFAULT_PRIOR;
  const plan: Plan = {
    config,
    grid: quadratureGrid(config.estimator?.quadrature),
    prior,
    cuts: sortedCuts(config.stop),
    blueprint: compiled.blueprint,
    hasConstraints: compiled.blueprint.constraints.length > 0,
    exposure,
  };
  if (!byBank) plans.set(config, (byBank = new WeakMap()));
  byBank.set(bank, plan);
  return plan;
}

function takeOut(plan: Plan, state: AdaptiveTestState, item: number): void {
  if (state.available[item]) {
    state.available[item] = 0;
    if (state.blueprint) ruleOut(plan.blueprint, state.blueprint, item);
  }
  state.pretestAvailable[item] = 0;
}

/** Remove a delivered item and its enemies from everything still deliverable. */
function deliver(plan: Plan, state: AdaptiveTestState, item: number): void {
  takeOut(plan, state, item);
  const { enemyOffsets, enemyList } = plan.blueprint;
  for (let e = enemyOffsets[item]; e < enemyOffsets[item + 1]; e++) takeOut(plan, state, enemyList[e]);
}

function currentEstimate(bank: CompiledBank, plan: Plan, state: AdaptiveTestState): AbilityEstimate {
  const method = plan.config.estimator?.method ?? 'EAP';
  if (method === 'EAP' || state.scoredItems.length === 0) return expectedAPosteriori(state.posterior);
  return estimateAbility(bank, state.scoredItems, state.scoredResponses, { method, prior: plan.prior, quadrature: plan.config.estimator?.quadrature });
}

function bands(plan: Plan, state: AdaptiveTestState, estimate: AbilityEstimate): number[] {
  const cuts = plan.cuts;
  if (cuts.length === 0) return [1];
  const method = plan.config.estimator?.method ?? 'EAP';
  if (method === 'EAP' || method === 'MAP' || state.scoredItems.length === 0) return bandProbabilities(state.posterior, cuts);
  // MLE and WLE carry no prior: use their asymptotic normal sampling distribution N(θ̂, SE²).
  const result: number[] = [];
  let previous = 0;
  for (const cut of cuts) {
    const cdf = normalCdf((cut - estimate.theta) / estimate.se);
    result.push(Math.max(0, cdf - previous));
    previous = Math.max(previous, cdf);
  }
  result.push(Math.max(0, 1 - previous));
  return result;
}

function pickPretest(state: AdaptiveTestState, plan: Plan): number | null {
  const pool: number[] = [];
  for (const item of plan.blueprint.unscoredItems) if (state.pretestAvailable[item]) pool.push(item);
  if (pool.length === 0) return null;
  return pool[Math.floor(state.random() * pool.length)];
}

function pickAdaptive(bank: CompiledBank, plan: Plan, state: AdaptiveTestState, theta: number): number | null {
  const config = plan.config;
  const taken = state.scoredItems.length;
  const point = selectionPoint(config.start, config.selection.randomesque, plan.prior, taken, theta);
  const maxItems = config.stop.maxItems;
  const blueprint = plan.blueprint;
  const progress = state.blueprint;
  const lookAhead = plan.hasConstraints && progress ? (item: number) => blueprintAllows(blueprint, progress, state.available, item, taken, maxItems) : undefined;
  const request = {
    method: config.selection.method,
    theta: point.theta,
    posterior: state.posterior,
    available: state.available,
    accept: lookAhead,
    count: point.count,
    random: state.random,
  };
  for (;;) {
    let ranked = rankItems(bank, request);
    if (ranked.length === 0 && lookAhead) {
      // No item keeps every outstanding minimum reachable (possible only with crossed tags or
      // items lost to exposure control): keep the maxima, drop the look-ahead.
      ranked = rankItems(bank, { ...request, accept: (item: number) => blueprintMaximaAllow(blueprint, progress!, item) });
    }
    if (ranked.length === 0) return null;
    const item = randomesquePick(ranked, state.random);
    if (config.exposure?.method === 'sympson-hetter' && state.exposureValues) {
      state.selections.push(item);
      // Exposure control yields to the blueprint: an item a minimum cannot do without is given.
      const needed = progress !== null && plan.hasConstraints && blueprintNeeds(blueprint, progress, item);
      if (!sympsonHetterAdmits(state.exposureValues, item, state.random) && !needed) {
        takeOut(plan, state, item);
        continue;
      }
    }
    return item;
  }
}

function evaluate(bank: CompiledBank, plan: Plan, state: AdaptiveTestState): StepReport {
  const estimate = currentEstimate(bank, plan, state);
  const bandProbabilitiesNow = bands(plan, state, estimate);
  const scored = state.scoredItems.length;
  let stop = stoppingDecision(
    plan.config.stop,
    {
      scored,
      theta: estimate.theta,
      se: estimate.se,
      sprtLogRatios: state.sprtLogRatios,
      blueprintMinimaMet: state.blueprint ? blueprintMinimaMet(state.blueprint) : true,
    },
    plan.cuts,
  );
  let nextItem: number | null = null;
  let nextItemScored = true;
  if (!stop) {
    const position = state.items.length + 1;
    if (state.pretestPositions.includes(position)) {
      nextItem = pickPretest(state, plan);
      nextItemScored = nextItem === null;
    }
    if (nextItem === null) nextItem = pickAdaptive(bank, plan, state, estimate.theta);
    if (nextItem === null) {
      stop = { reason: 'bank-exhausted', message: `no eligible item is left after ${scored} scored items` };
    } else {
      deliver(plan, state, nextItem);
    }
  }
  const report: StepReport = {
    theta: estimate.theta,
    se: estimate.se,
    bandProbabilities: bandProbabilitiesNow,
    stop,
    nextItem,
    nextItemScored: nextItem !== null && nextItemScored,
    answered: state.items.length,
    scored,
  };
  if (estimate.extreme) report.extreme = true;
  return report;
}

/** Distinct 1-based positions for `count` pretest items among the first maxItems + count deliveries (never the first). */
function drawPretestPositions(count: number, maxItems: number, random: RandomSource): number[] {
  const slots: number[] = [];
  for (let p = 2; p <= maxItems + count; p++) slots.push(p);
  const chosen: number[] = [];
  for (let k = 0; k < count && slots.length > 0; k++) chosen.push(slots.splice(Math.floor(random() * slots.length), 1)[0]);
  return chosen.sort((x, y) => x - y);
}

/** Internal: start with the exposure values given here instead of the config's (the simulator's running counts). */
export function startAdaptiveTestWith(
  bank: CompiledBank,
  config: AdaptiveTestConfig,
  seed: number,
  pupil: PupilContext | undefined,
  exposureOverride: ExposureOverride | undefined,
): { state: AdaptiveTestState; report: StepReport } {
  const basePlan = planFor(bank, config);
  const plan: Plan = exposureOverride ? { ...basePlan, exposure: exposureOverride.values } : basePlan;
  const random = seededRandom(seed);
  const blueprint = plan.blueprint;
  const available = new Uint8Array(bank.size).fill(1);
  const pretestAvailable = new Uint8Array(bank.size);
  for (const item of blueprint.unscoredItems) pretestAvailable[item] = 1;
  for (let i = 0; i < bank.size; i++) {
    if (blueprint.excluded[i] || blueprint.unscored[i]) available[i] = 0;
    if (blueprint.excluded[i]) pretestAvailable[i] = 0;
  }
  for (const id of pupil?.excludedItemIds ?? []) {
    const i = bank.index.get(id);
    if (i !== undefined) available[i] = pretestAvailable[i] = 0;
  }

  let progress: BlueprintProgress | null = null;
  if (plan.hasConstraints) {
    progress = startBlueprintProgress(blueprint, available);
    const reasons = blueprintUnsatisfiable(blueprint, progress, config.stop.maxItems);
    if (reasons.length > 0) {
      throw new AdaptiveTestError('BLUEPRINT_UNSATISFIABLE', 'the blueprint cannot be met for this pupil', reasons.map((message) => ({ path: '/blueprint', message })));
    }
  }

  const pretestPositions = blueprint.pretestPositions ? [...blueprint.pretestPositions].sort((x, y) => x - y) : drawPretestPositions(blueprint.pretestCount, config.stop.maxItems, random);

  let eligibleAtStart: Uint8Array | null = null;
  if (config.exposure && plan.exposure && config.exposure.method !== 'sympson-hetter') {
    const before = available.slice();
    applyExposureEligibility(config.exposure, plan.exposure, available, random);
    if (progress) {
      // Exposure control yields to the blueprint: if it took away items a minimum needs, give
      // back that constraint's items (Exposure is a soft target; the blueprint is a rule).
      const reduced = startBlueprintProgress(blueprint, available);
      for (let c = 0; c < blueprint.min.length; c++) {
        if (reduced.availableCounts[c] >= blueprint.min[c]) continue;
        for (let i = 0; i < bank.size; i++) {
          if (!before[i] || available[i]) continue;
          for (let p = blueprint.itemOffsets[i]; p < blueprint.itemOffsets[i + 1]; p++) if (blueprint.itemConstraints[p] === c) available[i] = 1;
        }
      }
      progress = startBlueprintProgress(blueprint, available);
    }
    if (config.exposure.method === 'eligibility') eligibleAtStart = available.slice();
  }

  const state: AdaptiveTestState = {
    seed,
    posterior: createPosterior(plan.grid, plan.prior),
    items: [],
    responses: [],
    scoredFlags: [],
    scoredItems: [],
    scoredResponses: [],
    available,
    pretestAvailable,
    pretestPositions,
    blueprint: progress,
    sprtLogRatios: new Float64Array(plan.cuts.length),
    selections: [],
    exposureValues: plan.exposure,
    eligibleAtStart,
    random,
    report: undefined as unknown as StepReport,
  };
  state.report = evaluate(bank, plan, state);
  return { state, report: state.report };
}

/**
 * Resolve the configuration against the bank and build the selection tables now (information
 * table for MFI, log-probability table for KL) so the first pupil does not wait for them.
 * Optional: everything is built lazily otherwise. Throws AdaptiveTestError like a start would.
 */
export function prepareAdaptiveTest(bank: CompiledBank, config: AdaptiveTestConfig): void {
  const plan = planFor(bank, config);
  if (config.selection.method === 'MFI') informationTable(bank);
  if (config.selection.method === 'KL') logProbabilityTable(bank, plan.grid);
}

export function startAdaptiveTest(
  bank: CompiledBank,
  config: AdaptiveTestConfig,
  seed: number,
  pupil?: PupilContext,
): { state: AdaptiveTestState; report: StepReport } {
  return startAdaptiveTestWith(bank, config, seed, pupil, undefined);
}

/**
 * Record the answer to the item the last report named, update the posterior (O(grid); skipped
 * for an unscored pretest item) and the SPRT ratios, then stop or choose the next item.
 */
export function answerItem(bank: CompiledBank, config: AdaptiveTestConfig, state: AdaptiveTestState, item: number, category: CategoryResponse): StepReport {
  const plan = planFor(bank, config);
  const expected = state.report.nextItem;
  if (state.report.stop) throw new AdaptiveTestError('TEST_STOPPED', `the test has stopped (${state.report.stop.reason}); no further answers are taken`);
  if (item !== expected) throw new AdaptiveTestError('WRONG_ITEM', `answered item ${item} but the item delivered was ${expected}`);
  const categories = bank.categories[item];
  if (!Number.isInteger(category) || category < 0 || category >= categories) {
    throw new AdaptiveTestError('INVALID_RESPONSE', `category must be an integer in 0..${categories - 1} for item ${bank.items[item].id}, got ${category}`);
  }
  const scored = state.report.nextItemScored;
  state.items.push(item);
  state.responses.push(category);
  state.scoredFlags.push(scored);
  if (scored) {
    addResponse(state.posterior, bank, item, category);
    state.scoredItems.push(item);
    state.scoredResponses.push(category);
    if (state.blueprint) countTaken(plan.blueprint, state.blueprint, item);
    const sprt = config.stop.sprt;
    if (sprt) {
      for (let k = 0; k < plan.cuts.length; k++) {
        const cut = plan.cuts[k];
        state.sprtLogRatios[k] += logCategoryProbability(bank, item, cut + sprt.delta, category) - logCategoryProbability(bank, item, cut - sprt.delta, category);
      }
    }
  }
  state.report = evaluate(bank, plan, state);
  return state.report;
}

/** Rebuild a test from its seed and stored answers; equal, step for step, to the live run. */
export function replayAdaptiveTest(
  bank: CompiledBank,
  config: AdaptiveTestConfig,
  seed: number,
  answers: readonly { item: number; category: CategoryResponse }[],
  pupil?: PupilContext,
): { state: AdaptiveTestState; report: StepReport } {
  const { state } = startAdaptiveTest(bank, config, seed, pupil);
  for (const answer of answers) answerItem(bank, config, state, answer.item, answer.category);
  return { state, report: state.report };
}
