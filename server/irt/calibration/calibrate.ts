/**
 * `calibrate(input)`: the JSON-in, JSON-out calibration entry point used by
 * `waymark calibrate FILE` (issue 7). Validates the input (throwing CalibrationInputError with
 * a path), runs marginal maximum likelihood, and shapes the result.
 */
import { canonicalItem, ItemParameterError } from '../bank';
import { quadratureGrid } from '../quadrature';
import type { Item, QuadratureSpec } from '../types';
import { marginalMaximumLikelihood, type BetaPrior, type ItemEstimate } from './marginalMaximumLikelihood';
import type { CalibrationModel } from './itemParameters';
import { CalibrationInputError, responseData, type ResponseRow } from './responseData';

export interface CalibrationInput {
  model: CalibrationModel;
  patterns?: { pattern: ResponseRow; freq: number }[];
  responses?: ResponseRow[];
  quadrature?: Partial<QuadratureSpec>;
  /** Column index (as a string key) → anchor item with fixed, published parameters. */
  anchors?: Record<string, Item>;
  tolerance?: number;
  maxIterations?: number;
  guessingPrior?: BetaPrior;
  standardErrors?: boolean | 'observed' | 'crossproduct';
}

export interface CalibratedItem {
  model: string;
  a?: number;
  b?: number;
  c?: number;
  thresholds?: number[];
  steps?: number[];
  se: { a?: number | null; b?: number | null; c?: number | null; thresholds?: (number | null)[]; steps?: (number | null)[] };
  /** Weighted number of responses. */
  n: number;
  anchor?: true;
}

export interface CalibrationResult {
  model: CalibrationModel;
  items: CalibratedItem[];
  /** Ability distribution: N(0, 1) unless estimated (Rasch: SD; with anchors: mean and SD). */
  ability: { mean: number; sd: number; se: { mean: number | null; sd: number | null } };
  logLik: number;
  iterations: number;
  converged: boolean;
  standardErrors: string;
}

const MODELS: readonly CalibrationModel[] = ['Rasch', '1PL', '2PL', '3PL', 'GRM', 'GPCM'];

function shape(estimate: ItemEstimate, model: CalibrationModel, commonSlope: { value: number; se: number | null } | null): CalibratedItem {
  const p = estimate.parameters;
  const s = estimate.standardErrors;
  if (estimate.anchor) {
    const item = estimate.item as Item & Record<string, unknown>;
    const { id: _id, tags: _tags, ...rest } = item;
    return { ...(rest as Omit<CalibratedItem, 'se' | 'n'>), se: {}, n: estimate.responses, anchor: true };
  }
  switch (model) {
    case 'Rasch':
      return { model, b: p[0], se: { b: s[0] }, n: estimate.responses };
    case '1PL':
      return { model, a: commonSlope!.value, b: p[0], se: { a: commonSlope!.se, b: s[0] }, n: estimate.responses };
    case '2PL':
      return { model, a: p[0], b: p[1], se: { a: s[0], b: s[1] }, n: estimate.responses };
    case '3PL':
      return { model, a: p[0], b: p[1], c: p[2], se: { a: s[0], b: s[1], c: s[2] }, n: estimate.responses };
    case 'GRM':
      return { model, a: p[0], thresholds: p.slice(1), se: { a: s[0], thresholds: s.slice(1) }, n: estimate.responses };
    default:
      return { model, a: p[0], steps: p.slice(1), se: { a: s[0], steps: s.slice(1) }, n: estimate.responses };
  }
}

export function calibrate(input: CalibrationInput): CalibrationResult {
  if (typeof input !== 'object' || input === null) throw new CalibrationInputError('', 'must be an object');
  if (!MODELS.includes(input.model)) throw new CalibrationInputError('/model', `must be one of ${MODELS.join(', ')}`);
  if ((input.patterns === undefined) === (input.responses === undefined)) {
    throw new CalibrationInputError('', 'give exactly one of "patterns" or "responses"');
  }
  let data;
  if (input.patterns !== undefined) {
    if (!Array.isArray(input.patterns)) throw new CalibrationInputError('/patterns', 'must be an array');
    input.patterns.forEach((p, i) => {
      if (typeof p !== 'object' || p === null) throw new CalibrationInputError(`/patterns/${i}`, 'must be {"pattern":[…],"freq":n}');
    });
    data = responseData(input.patterns.map((p) => p.pattern), input.patterns.map((p) => p.freq), (i) => `/patterns/${i}/pattern`);
  } else {
    if (!Array.isArray(input.responses)) throw new CalibrationInputError('/responses', 'must be an array of rows');
    data = responseData(input.responses, null, (i) => `/responses/${i}`);
  }
  if (input.quadrature !== undefined) {
    try {
      quadratureGrid(input.quadrature);
    } catch (error) {
      throw new CalibrationInputError('/quadrature', (error as Error).message);
    }
  }
  if (input.tolerance !== undefined && !(input.tolerance > 0)) throw new CalibrationInputError('/tolerance', 'must be > 0');
  if (input.maxIterations !== undefined && !(Number.isInteger(input.maxIterations) && input.maxIterations > 0)) {
    throw new CalibrationInputError('/maxIterations', 'must be a positive integer');
  }
  const anchors = new Map<number, Item>();
  for (const [key, item] of Object.entries(input.anchors ?? {})) {
    const column = Number(key);
    if (!Number.isInteger(column) || column < 0 || column >= data.items) {
      throw new CalibrationInputError(`/anchors/${key}`, `must be a column index 0..${data.items - 1}`);
    }
    try {
      anchors.set(column, canonicalItem({ ...item, id: item?.id ?? `anchor${key}` }));
    } catch (error) {
      if (error instanceof ItemParameterError) throw new CalibrationInputError(`/anchors/${key}/${error.field}`, error.message);
      throw error;
    }
  }
  if (anchors.size === data.items) throw new CalibrationInputError('/anchors', 'every item is an anchor: nothing to calibrate');
  const result = marginalMaximumLikelihood(data, {
    model: input.model,
    anchors,
    quadrature: input.quadrature,
    tolerance: input.tolerance,
    maxIterations: input.maxIterations,
    guessingPrior: input.guessingPrior,
    standardErrors: input.standardErrors,
  });
  return {
    model: input.model,
    items: result.items.map((estimate) => shape(estimate, input.model, result.commonSlope)),
    ability: { mean: result.ability.mean, sd: result.ability.sd, se: { mean: result.ability.meanSe, sd: result.ability.sdSe } },
    logLik: result.logLik,
    iterations: result.iterations,
    converged: result.converged,
    standardErrors: result.standardErrorMethod,
  };
}
