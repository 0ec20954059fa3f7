/**
 * Item exposure control. Exposure is a property of many tests, so the counts live with the
 * caller (the service keeps them per bank; the simulator keeps them across its examinees); the
 * pure engine receives per-item values through the configuration:
 * - 'sympson-hetter' (Sympson & Hetter 1985): values are the exposure-control parameters K_i.
 *   An item the selection picks is administered with probability K_i; otherwise it is set aside
 *   for the rest of this test and selection moves on. K is derived for a target r_max by
 *   `deriveSympsonHetterParameters` (simulation.ts), the classic iterative simulation.
 * - 'eligibility' (van der Linden & Veldkamp 2004): values are eligibility probabilities P(E_i).
 *   At the start of a test each item is eligible with probability P(E_i), for the whole test.
 *   The caller updates them from its counts with `eligibilityProbabilities`.
 * - 'restricted' (restricted maximum information, Revuelta & Ponsoda 1998): values are the
 *   items' current exposure rates; an item whose rate has reached r_max is not eligible.
 * Randomesque (Kingsbury & Zara 1989) is selection's `randomesque` option, combinable with these.
 */
import type { CompiledBank } from './bank';
import type { RandomSource } from './types';

export type ExposureMethod = 'sympson-hetter' | 'eligibility' | 'restricted';

export const EXPOSURE_METHODS: readonly ExposureMethod[] = ['sympson-hetter', 'eligibility', 'restricted'];

/** Per-item values by item id, or an array in bank order. */
export type ExposureParameters = Readonly<Record<string, number>> | readonly number[] | Float64Array;

export interface ExposureControl {
  method: ExposureMethod;
  /** Target maximum exposure rate, in (0, 1]. */
  rmax: number;
  /** See the module comment for what the values mean per method. */
  parameters?: ExposureParameters;
}

/** The value an item takes when the parameters do not mention it: no restriction. */
function neutralValue(method: ExposureMethod): number {
  return method === 'restricted' ? 0 : 1;
}

/** Per-item values in bank order; unknown ids are reported, unmentioned items are unrestricted. */
export function exposureValues(bank: CompiledBank, control: ExposureControl): { values: Float64Array; unknownIds: string[] } {
  const values = new Float64Array(bank.size).fill(neutralValue(control.method));
  const unknownIds: string[] = [];
  const parameters = control.parameters;
  if (parameters === undefined) return { values, unknownIds };
  if (Array.isArray(parameters) || parameters instanceof Float64Array) {
    const list = parameters as ArrayLike<number>;
    for (let i = 0; i < Math.min(list.length, bank.size); i++) values[i] = list[i];
    return { values, unknownIds };
  }
  for (const [id, value] of Object.entries(parameters as Record<string, number>)) {
    const i = bank.index.get(id);
    if (i === undefined) unknownIds.push(id);
    else values[i] = value;
  }
  return { values, unknownIds };
}

/**
 * Clear `available` for items this test may not use under eligibility or restricted control.
 * Eligibility draws one uniform per item whose probability is below 1, in bank order, so the
 * outcome is a function of the seed. Sympson–Hetter acts later, per pick (`sympsonHetterAdmits`).
 */
export function applyExposureEligibility(control: ExposureControl, values: Float64Array, available: Uint8Array, random: RandomSource): void {
  if (control.method === 'eligibility') {
    for (let i = 0; i < values.length; i++) {
      if (values[i] < 1 && random() >= values[i]) available[i] = 0;
    }
  } else if (control.method === 'restricted') {
    for (let i = 0; i < values.length; i++) if (values[i] >= control.rmax) available[i] = 0;
  }
}

/** Sympson–Hetter lottery for a selected item: administer with probability K_i. */
export function sympsonHetterAdmits(values: Float64Array, item: number, random: RandomSource): boolean {
  const k = values[item];
  return k >= 1 || random() < k;
}

/**
 * Eligibility probabilities for the next test from running counts (van der Linden & Veldkamp
 * 2004): P(A_i) = P(A_i | E_i)·P(E_i) ≤ r_max gives P(E_i) = min(1, r_max / P(A_i | E_i)), with
 * P(A_i | E_i) estimated by administered_i / eligible_i over the tests so far.
 */
export function eligibilityProbabilities(rmax: number, administered: ArrayLike<number>, eligible: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) {
    out[i] = administered[i] === 0 ? 1 : Math.min(1, (rmax * eligible[i]) / administered[i]);
  }
  return out;
}

/** Current exposure rates administered_i / tests for restricted control (0 before the first test). */
export function exposureRates(administered: ArrayLike<number>, tests: number, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = tests === 0 ? 0 : administered[i] / tests;
  return out;
}
