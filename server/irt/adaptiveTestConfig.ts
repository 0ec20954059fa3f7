/**
 * The configuration of an adaptive test and its validation. Validation is structural (types,
 * ranges, combinations) and bank-independent; what depends on the bank (unknown item ids, an
 * unsatisfiable blueprint) is checked when a test starts.
 */
import type { Blueprint } from './blueprint';
import { EXPOSURE_METHODS, type ExposureControl } from './exposure';
import { SELECTION_METHODS, type SelectionMethod } from './selection';
import type { StartRule } from './start';
import type { StoppingRule } from './stopping';
import type { EstimationMethod, NormalPrior, QuadratureSpec } from './types';

export interface AdaptiveTestConfig {
  /** EAP on 61 points over [−6, 6] with a N(0, 1) prior unless told otherwise. */
  estimator?: { method?: EstimationMethod; prior?: NormalPrior; quadrature?: Partial<QuadratureSpec> };
  selection: { method: SelectionMethod; randomesque?: number };
  /** The first item is chosen at θ = start.theta (default: the prior mean) among the start.randomesque best. */
  start?: StartRule;
  exposure?: ExposureControl;
  blueprint?: Blueprint;
  stop: StoppingRule;
}

export interface ConfigIssue {
  path: string;
  message: string;
}

const ESTIMATION_METHODS: readonly EstimationMethod[] = ['EAP', 'MAP', 'MLE', 'WLE'];

type Check = (value: unknown, path: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues while walking an unknown value; each helper returns whether the value passed. */
class Checker {
  readonly issues: ConfigIssue[] = [];
  fail(path: string, message: string): false {
    this.issues.push({ path, message });
    return false;
  }
  record(value: unknown, path: string, allowed: readonly string[]): value is Record<string, unknown> {
    if (!isRecord(value)) return this.fail(path, 'must be an object');
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.fail(`${path}/${key}`, `unknown property (allowed: ${allowed.join(', ')})`);
    return true;
  }
  number(value: unknown, path: string, test?: (x: number) => boolean, rule?: string): boolean {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, 'must be a finite number');
    if (test && !test(value)) return this.fail(path, `must be ${rule}`);
    return true;
  }
  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      return this.fail(path, max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer in ${min}..${max}`);
    }
    return true;
  }
  oneOf(value: unknown, path: string, options: readonly string[]): boolean {
    if (typeof value !== 'string' || !options.includes(value)) return this.fail(path, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
    return true;
  }
  stringList(value: unknown, path: string): boolean {
    if (!Array.isArray(value)) return this.fail(path, 'must be an array of strings');
    value.forEach((v, k) => {
      if (typeof v !== 'string' || v.length === 0) this.fail(`${path}/${k}`, 'must be a non-empty string');
    });
    return true;
  }
  optional(value: unknown, path: string, check: Check): void {
    if (value !== undefined) check(value, path);
  }
}

function checkPrior(c: Checker, value: unknown, path: string): void {
  if (!c.record(value, path, ['mean', 'sd'])) return;
  c.number(value.mean, `${path}/mean`);
  c.number(value.sd, `${path}/sd`, (x) => x > 0, '> 0');
}

function checkQuadrature(c: Checker, value: unknown, path: string): void {
  if (!c.record(value, path, ['points', 'min', 'max'])) return;
  c.optional(value.points, `${path}/points`, (v, p) => c.integer(v, p, 2, 2001));
  c.optional(value.min, `${path}/min`, (v, p) => c.number(v, p));
  c.optional(value.max, `${path}/max`, (v, p) => c.number(v, p));
  const min = typeof value.min === 'number' ? value.min : -6;
  const max = typeof value.max === 'number' ? value.max : 6;
  if (!(min < max)) c.fail(path, `min (${min}) must be below max (${max})`);
}

function checkExposure(c: Checker, value: unknown, path: string): void {
  if (!c.record(value, path, ['method', 'rmax', 'parameters'])) return;
  c.oneOf(value.method, `${path}/method`, EXPOSURE_METHODS);
  c.number(value.rmax, `${path}/rmax`, (x) => x > 0 && x <= 1, 'in (0, 1]');
  const parameters = value.parameters;
  if (parameters === undefined) return;
  const inUnitInterval = (x: number): boolean => x >= 0 && x <= 1;
  if (Array.isArray(parameters) || parameters instanceof Float64Array) {
    for (let k = 0; k < parameters.length; k++) c.number(parameters[k], `${path}/parameters/${k}`, inUnitInterval, 'in [0, 1]');
  } else if (isRecord(parameters)) {
    for (const [id, x] of Object.entries(parameters)) c.number(x, `${path}/parameters/${id}`, inUnitInterval, 'in [0, 1]');
  } else {
    c.fail(`${path}/parameters`, 'must be an object of item id → value or an array in bank order');
  }
}

function checkBlueprint(c: Checker, value: unknown, path: string): void {
  if (!c.record(value, path, ['constraints', 'enemies', 'excludedItems', 'unscoredItems', 'pretest'])) return;
  c.optional(value.constraints, `${path}/constraints`, (list, p) => {
    if (!Array.isArray(list)) return c.fail(p, 'must be an array');
    list.forEach((constraint: unknown, k) => {
      const q = `${p}/${k}`;
      if (!c.record(constraint, q, ['tag', 'value', 'min', 'max'])) return;
      if (typeof constraint.tag !== 'string' || constraint.tag.length === 0) c.fail(`${q}/tag`, 'must be a non-empty string');
      if (typeof constraint.value !== 'string') c.fail(`${q}/value`, 'must be a string');
      c.optional(constraint.min, `${q}/min`, (v, r) => c.integer(v, r, 0));
      c.optional(constraint.max, `${q}/max`, (v, r) => c.integer(v, r, 0));
      if (constraint.min === undefined && constraint.max === undefined) c.fail(q, 'give min, max or both');
    });
  });
  c.optional(value.enemies, `${path}/enemies`, (list, p) => {
    if (!Array.isArray(list)) return c.fail(p, 'must be an array of arrays of item ids');
    list.forEach((group, k) => c.stringList(group, `${p}/${k}`));
  });
  c.optional(value.excludedItems, `${path}/excludedItems`, (v, p) => c.stringList(v, p));
  c.optional(value.unscoredItems, `${path}/unscoredItems`, (v, p) => c.stringList(v, p));
  c.optional(value.pretest, `${path}/pretest`, (pretest, p) => {
    if (!c.record(pretest, p, ['count', 'positions'])) return;
    c.integer(pretest.count, `${p}/count`, 0);
    c.optional(pretest.positions, `${p}/positions`, (positions, r) => {
      if (!Array.isArray(positions)) return c.fail(r, 'must be an array of 1-based positions');
      positions.forEach((x, k) => c.integer(x, `${r}/${k}`, 1));
    });
  });
}

function checkStop(c: Checker, value: unknown, path: string): void {
  if (!c.record(value, path, ['minItems', 'maxItems', 'se', 'cuts', 'confidence', 'sprt'])) return;
  c.integer(value.maxItems, `${path}/maxItems`, 1);
  c.optional(value.minItems, `${path}/minItems`, (v, p) => {
    if (c.integer(v, p, 0) && Number.isInteger(value.maxItems) && (v as number) > (value.maxItems as number)) c.fail(p, 'must not exceed maxItems');
  });
  c.optional(value.se, `${path}/se`, (v, p) => c.number(v, p, (x) => x > 0, '> 0'));
  const hasCuts = Array.isArray(value.cuts) && value.cuts.length > 0;
  c.optional(value.cuts, `${path}/cuts`, (cuts, p) => {
    if (!Array.isArray(cuts)) return c.fail(p, 'must be an array of numbers');
    cuts.forEach((x, k) => c.number(x, `${p}/${k}`, (y) => y >= -6 && y <= 6, 'within the θ bounds [−6, 6]'));
    if (new Set(cuts).size !== cuts.length) c.fail(p, 'cuts must be distinct');
  });
  c.optional(value.confidence, `${path}/confidence`, (v, p) => {
    c.number(v, p, (x) => x > 0 && x < 1, 'in (0, 1)');
    if (!hasCuts) c.fail(p, 'classification by confidence interval needs cuts');
  });
  c.optional(value.sprt, `${path}/sprt`, (sprt, p) => {
    if (!c.record(sprt, p, ['delta', 'alpha', 'beta'])) return;
    c.number(sprt.delta, `${p}/delta`, (x) => x > 0, '> 0');
    c.optional(sprt.alpha, `${p}/alpha`, (v, r) => c.number(v, r, (x) => x > 0 && x < 0.5, 'in (0, 0.5)'));
    c.optional(sprt.beta, `${p}/beta`, (v, r) => c.number(v, r, (x) => x > 0 && x < 0.5, 'in (0, 0.5)'));
    if (!hasCuts) c.fail(p, 'the sequential probability ratio test needs cuts');
  });
}

export function validateAdaptiveTestConfig(config: unknown): { ok: true; config: AdaptiveTestConfig } | { ok: false; errors: ConfigIssue[] } {
  const c = new Checker();
  if (c.record(config, '', ['estimator', 'selection', 'start', 'exposure', 'blueprint', 'stop'])) {
    if (config.estimator !== undefined && c.record(config.estimator, '/estimator', ['method', 'prior', 'quadrature'])) {
      c.optional(config.estimator.method, '/estimator/method', (v, p) => c.oneOf(v, p, ESTIMATION_METHODS));
      c.optional(config.estimator.prior, '/estimator/prior', (v, p) => checkPrior(c, v, p));
      c.optional(config.estimator.quadrature, '/estimator/quadrature', (v, p) => checkQuadrature(c, v, p));
    }
    if (c.record(config.selection, '/selection', ['method', 'randomesque'])) {
      c.oneOf(config.selection.method, '/selection/method', SELECTION_METHODS);
      c.optional(config.selection.randomesque, '/selection/randomesque', (v, p) => c.integer(v, p, 1, 1000));
    }
    c.optional(config.start, '/start', (start, p) => {
      if (!c.record(start, p, ['theta', 'randomesque'])) return;
      c.optional(start.theta, `${p}/theta`, (v, q) => c.number(v, q, (x) => x >= -6 && x <= 6, 'within the θ bounds [−6, 6]'));
      c.optional(start.randomesque, `${p}/randomesque`, (v, q) => c.integer(v, q, 1, 1000));
    });
    c.optional(config.exposure, '/exposure', (v, p) => checkExposure(c, v, p));
    c.optional(config.blueprint, '/blueprint', (v, p) => checkBlueprint(c, v, p));
    if (config.stop === undefined) c.fail('/stop', 'is required (at least maxItems)');
    else checkStop(c, config.stop, '/stop');
  }
  if (c.issues.length > 0) return { ok: false, errors: c.issues };
  return { ok: true, config: config as unknown as AdaptiveTestConfig };
}
