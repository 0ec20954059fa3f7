/**
 * The psychometric work of a calibration run, pure (data in, data out; run in a worker thread
 * by calibrationWorker.ts so EM never blocks the server's event loop).
 *
 * Calibration (issue 7): FIXED-ANCHOR marginal maximum likelihood (Bock & Aitkin 1981; the
 * fixed-parameter linking of Kim 2006): live items keep their parameters as anchors, which puts
 * the free (pretest) items on the bank's θ scale; the sample's ability mean and SD are
 * estimated. Free items are estimated under the model their provisional parameters name, one
 * EM per model when the free items mix models. Alongside: residual fit (infit/outfit, Wright &
 * Masters 1982), Mantel–Haenszel DIF with the ETS A/B/C classes between two groups, and item
 * information curves for the provisional and the estimated parameters.
 *
 * Drift (issue 7): each live item in turn is freed while every other item stays anchored at its
 * published parameters ("fixed anchors from the rest"), and the change is tested with a Wald z
 * (server/irt/calibration/parameterDrift.ts). Many items are tested at once, so the critical
 * value is Bonferroni-adjusted to a family-wise 5% over every parameter checked; a plain 1.96
 * would flag about one stable parameter in twenty.
 *
 * DIF matching: pupils sit adaptive modules, so their number-right scores are not comparable
 * (each saw different items). They are matched instead on their EAP θ under the calibrated
 * bank, in strata 0.5 wide, the approach of Zwick, Thayer & Wingersky (1994) for CAT data.
 */
import { compileBank, type CompiledBank } from '../irt/bank';
import { expectedAPosterioriFromPattern } from '../irt/estimation';
import { itemInformation } from '../irt/information';
import { normalQuantile } from '../irt/stopping';
import type { Item } from '../irt/types';
import type { ItemParameters } from '../scoring/itemDocument';
import { mantelHaenszel, type DifClass } from '../irt/calibration/differentialFunctioning';
import { residualFit } from '../irt/calibration/itemFit';
import type { CalibrationModel } from '../irt/calibration/itemParameters';
import { marginalMaximumLikelihood } from '../irt/calibration/marginalMaximumLikelihood';
import { parameterDrift, type DriftCheck, type ParameterWithError } from '../irt/calibration/parameterDrift';
import { responseData } from '../irt/calibration/responseData';

export type ColumnRole = 'anchor' | 'free';
export type RunKind = 'calibration' | 'drift';

/** One (item, version) the data holds answers to. */
export interface RunColumn {
  itemId: string;
  version: number;
  role: ColumnRole;
  /** The parameters in force: fixed for anchors, the starting (provisional) values for free items. */
  parameters: ItemParameters;
  /** Standard errors recorded when the parameters were accepted from an earlier run (drift). */
  previousSe?: Record<string, number | null>;
}

/** One sitting: its answers as (column, category), and the pupil's group for DIF. */
export interface RunPerson {
  answers: readonly (readonly [number, number])[];
  group: 'reference' | 'focal' | null;
}

export interface RunInput {
  kind: RunKind;
  columns: readonly RunColumn[];
  persons: readonly RunPerson[];
  /** DIF is only reported when each group has at least this many pupils. */
  minGroupSize: number;
  /** Family-wise error rate for the drift flags. */
  driftAlpha?: number;
}

export interface NamedParameters {
  model: string;
  a?: number;
  b?: number;
  c?: number;
  thresholds?: number[];
  steps?: number[];
}

export interface ItemDif {
  classification: DifClass;
  deltaDif: number;
  se: number;
  p: number;
  reference: number;
  focal: number;
}

export interface ItemOutcome {
  itemId: string;
  version: number;
  role: ColumnRole;
  responses: number;
  provisional: NamedParameters;
  /** null for anchors (their parameters are fixed) and for items that could not be estimated. */
  estimate: NamedParameters | null;
  se: Record<string, number | null> | null;
  /** Why an item was not estimated. */
  problem?: string;
  fit: { infit: number; outfit: number } | null;
  /** null when DIF could not be computed (groups too small, polytomous item). */
  dif: ItemDif | null;
  information: { provisional: number[]; estimate: number[] | null };
  drift?: { checks: DriftCheck[]; drifted: boolean; critical: number };
}

export interface RunOutcome {
  kind: RunKind;
  persons: number;
  ability: { mean: number; sd: number } | null;
  converged: boolean;
  iterations: number;
  /** θ points of the information curves. */
  informationGrid: number[];
  groups: { reference: number; focal: number; enough: boolean; message: string };
  items: ItemOutcome[];
}

export const INFORMATION_GRID: readonly number[] = Array.from({ length: 33 }, (_, i) => -4 + i * 0.25);

const CALIBRATION_MODELS: Readonly<Record<string, CalibrationModel>> = {
  Rasch: 'Rasch', '1PL': '1PL', '2PL': '2PL', '3PL': '3PL', GRM: 'GRM', GPCM: 'GPCM',
};

function engineItem(id: string, p: ItemParameters | NamedParameters): Item {
  const { model, a, b, c, thresholds, steps } = p as ItemParameters;
  const { d, D } = p as ItemParameters;
  return { id, model, a, b, c, d, D, thresholds, steps } as Item;
}

function named(p: ItemParameters): NamedParameters {
  const out: NamedParameters = { model: p.model };
  if (p.a !== undefined) out.a = p.a;
  if (p.b !== undefined) out.b = p.b;
  if (p.c !== undefined) out.c = p.c;
  if (p.thresholds) out.thresholds = [...p.thresholds];
  if (p.steps) out.steps = [...p.steps];
  return out;
}

/** Canonical parameter vector (marginalMaximumLikelihood's order) → named parameters and SEs. */
function fromCanonical(model: CalibrationModel, values: readonly number[], ses: readonly (number | null)[], commonSlope: { value: number; se: number | null } | null):
  { estimate: NamedParameters; se: Record<string, number | null> } {
  switch (model) {
    case 'Rasch': return { estimate: { model, b: values[0] }, se: { b: ses[0] } };
    case '1PL': return { estimate: { model, a: commonSlope?.value ?? 1, b: values[0] }, se: { a: commonSlope?.se ?? null, b: ses[0] } };
    case '2PL': return { estimate: { model, a: values[0], b: values[1] }, se: { a: ses[0], b: ses[1] } };
    case '3PL': return { estimate: { model, a: values[0], b: values[1], c: values[2] }, se: { a: ses[0], b: ses[1], c: ses[2] } };
    case 'GRM': {
      const se: Record<string, number | null> = { a: ses[0] };
      values.slice(1).forEach((_, k) => { se[`thresholds/${k}`] = ses[k + 1]; });
      return { estimate: { model, a: values[0], thresholds: values.slice(1) }, se };
    }
    default: {
      const se: Record<string, number | null> = { a: ses[0] };
      values.slice(1).forEach((_, k) => { se[`steps/${k}`] = ses[k + 1]; });
      return { estimate: { model, a: values[0], steps: values.slice(1) }, se };
    }
  }
}

/** Named parameters as {name: value} for the drift test. */
function flatParameters(p: NamedParameters, se: Record<string, number | null> | undefined): Record<string, ParameterWithError> {
  const out: Record<string, ParameterWithError> = {};
  const put = (key: string, value: number | undefined): void => {
    if (value !== undefined) out[key] = { value, se: se?.[key] ?? null };
  };
  if (p.model !== 'Rasch' && p.model !== '1PL') put('a', p.a);
  put('b', p.b);
  put('c', p.c);
  p.thresholds?.forEach((t, k) => put(`thresholds/${k}`, t));
  p.steps?.forEach((t, k) => put(`steps/${k}`, t));
  return out;
}

function categoriesOf(p: ItemParameters): number {
  if (p.thresholds) return p.thresholds.length + 1;
  if (p.steps) return p.steps.length + 1;
  return 2;
}

/** Dense rows over the chosen columns (null = not presented). */
function rowsFor(persons: readonly RunPerson[], columns: readonly number[]): { rows: (number | null)[][]; who: number[] } {
  const position = new Map(columns.map((c, i) => [c, i]));
  const rows: (number | null)[][] = [];
  const who: number[] = [];
  persons.forEach((person, p) => {
    const row = new Array<number | null>(columns.length).fill(null);
    let any = false;
    for (const [column, category] of person.answers) {
      const i = position.get(column);
      if (i !== undefined) {
        row[i] = category;
        any = true;
      }
    }
    if (any) {
      rows.push(row);
      who.push(p);
    }
  });
  return { rows, who };
}

interface Estimated {
  estimate: NamedParameters;
  se: Record<string, number | null>;
}

/** One fixed-anchor EM: `free` columns estimated under `model`, every other used column anchored. */
function fixedAnchorEm(input: RunInput, used: readonly number[], free: ReadonlySet<number>, model: CalibrationModel):
  { estimates: Map<number, Estimated>; ability: { mean: number; sd: number }; converged: boolean; iterations: number } {
  const { rows } = rowsFor(input.persons, used);
  const data = responseData(rows, null, (i) => `/persons/${i}`);
  const anchors = new Map<number, Item>();
  used.forEach((column, i) => {
    if (!free.has(column)) anchors.set(i, engineItem(input.columns[column].itemId, input.columns[column].parameters));
  });
  const result = marginalMaximumLikelihood(data, { model, anchors, standardErrors: true });
  const estimates = new Map<number, Estimated>();
  for (const e of result.items) {
    if (e.anchor) continue;
    estimates.set(used[e.column], fromCanonical(model, e.parameters, e.standardErrors, result.commonSlope));
  }
  return { estimates, ability: { mean: result.ability.mean, sd: result.ability.sd }, converged: result.converged, iterations: result.iterations };
}

export function analyseRun(input: RunInput): RunOutcome {
  const { columns, persons } = input;
  const counts = new Array<number>(columns.length).fill(0);
  const highest = new Array<number>(columns.length).fill(-1);
  const lowest = new Array<number>(columns.length).fill(Infinity);
  for (const person of persons) {
    for (const [column, category] of person.answers) {
      counts[column] += 1;
      highest[column] = Math.max(highest[column], category);
      lowest[column] = Math.min(lowest[column], category);
    }
  }
  const problems = new Map<number, string>();
  const answered = columns.map((_, j) => j).filter((j) => counts[j] > 0);
  for (const j of answered) {
    const column = columns[j];
    if (column.role !== 'free') continue;
    if (!CALIBRATION_MODELS[column.parameters.model]) {
      problems.set(j, `the ${column.parameters.model} model is not estimated by the calibration (Rasch, 1PL, 2PL, 3PL, GRM, GPCM are)`);
    } else if (lowest[j] > 0 || highest[j] < categoriesOf(column.parameters) - 1) {
      problems.set(j, 'not every score category has been observed yet (e.g. nobody has got it wrong, or right): wait for more responses');
    }
  }
  const estimable = answered.filter((j) => !problems.has(j));
  const anchorsUsed = estimable.filter((j) => columns[j].role === 'anchor');
  const estimates = new Map<number, Estimated>();
  let ability: { mean: number; sd: number } | null = null;
  let converged = true;
  let iterations = 0;
  const driftCritical = new Map<number, number>();

  if (input.kind === 'calibration' && anchorsUsed.length === 0 && estimable.some((j) => columns[j].role === 'free')) {
    for (const j of estimable) if (columns[j].role === 'free') problems.set(j, 'no anchor item was answered with it, so it cannot be put on the bank’s scale');
  } else if (input.kind === 'calibration') {
    const byModel = new Map<CalibrationModel, number[]>();
    for (const j of estimable) {
      if (columns[j].role !== 'free') continue;
      const model = CALIBRATION_MODELS[columns[j].parameters.model];
      byModel.set(model, [...(byModel.get(model) ?? []), j]);
    }
    for (const [model, free] of byModel) {
      const run = fixedAnchorEm(input, [...anchorsUsed, ...free], new Set(free), model);
      for (const [j, e] of run.estimates) estimates.set(j, e);
      ability ??= run.ability;
      converged &&= run.converged;
      iterations = Math.max(iterations, run.iterations);
    }
  } else {
    const targets = estimable.filter((j) => columns[j].role === 'free' && CALIBRATION_MODELS[columns[j].parameters.model]);
    const tests = targets.reduce((n, j) => n + Object.keys(flatParameters(named(columns[j].parameters), undefined)).length, 0);
    const critical = tests > 0 ? normalQuantile(1 - (input.driftAlpha ?? 0.05) / (2 * tests)) : 1.96;
    for (const j of targets) {
      const run = fixedAnchorEm(input, estimable, new Set([j]), CALIBRATION_MODELS[columns[j].parameters.model]);
      const e = run.estimates.get(j);
      if (e) estimates.set(j, e);
      ability ??= run.ability;
      converged &&= run.converged;
      iterations = Math.max(iterations, run.iterations);
      driftCritical.set(j, critical);
    }
  }

  // The bank as this run leaves it: estimates where there are some, else the parameters in force.
  const bankColumns = estimable;
  const bank: CompiledBank | null = bankColumns.length > 0
    ? compileBank(bankColumns.map((j) => engineItem(columns[j].itemId, estimates.get(j)?.estimate ?? columns[j].parameters)))
    : null;
  const fit = new Map<number, { infit: number; outfit: number }>();
  const thetas = new Map<number, number>();
  if (bank) {
    const { rows, who } = rowsFor(persons, bankColumns);
    const data = responseData(rows, null, (i) => `/persons/${i}`);
    residualFit(bank, data).forEach((f, i) => fit.set(bankColumns[i], { infit: f.infit, outfit: f.outfit }));
    rows.forEach((row, r) => {
      const items: number[] = [];
      const answers: number[] = [];
      row.forEach((x, i) => {
        if (x !== null) {
          items.push(i);
          answers.push(x);
        }
      });
      thetas.set(who[r], expectedAPosterioriFromPattern(bank, items, answers).theta);
    });
  }

  const reference = persons.filter((p) => p.group === 'reference').length;
  const focal = persons.filter((p) => p.group === 'focal').length;
  const enough = reference >= input.minGroupSize && focal >= input.minGroupSize;
  const dif = new Map<number, ItemDif>();
  if (enough && bank) {
    const dichotomous = bankColumns.filter((j) => categoriesOf(columns[j].parameters) === 2);
    const { rows, who } = rowsFor(persons, dichotomous);
    const groups = who.map((p) => persons[p].group ?? 'none');
    // EAP strata 0.5 wide on θ (Zwick, Thayer & Wingersky 1994), from the whole calibrated bank.
    const strata = who.map((p) => Math.floor((thetas.get(p) ?? 0) / 0.5));
    if (rows.length > 0) {
      for (const r of mantelHaenszel({ responses: rows, groups, strata })) {
        if (!Number.isFinite(r.deltaDif)) continue;
        dif.set(dichotomous[r.item], {
          classification: r.classification, deltaDif: r.deltaDif, se: r.se, p: r.p, reference: r.reference, focal: r.focal,
        });
      }
    }
  }

  const curve = (item: Item): number[] => {
    const single = compileBank([item]);
    return INFORMATION_GRID.map((theta) => itemInformation(single, 0, theta));
  };
  const items: ItemOutcome[] = columns.map((column, j) => {
    const e = estimates.get(j);
    const outcome: ItemOutcome = {
      itemId: column.itemId, version: column.version, role: column.role, responses: counts[j],
      provisional: named(column.parameters), estimate: e?.estimate ?? null, se: e?.se ?? null,
      fit: fit.get(j) ?? null, dif: dif.get(j) ?? null,
      information: {
        provisional: curve(engineItem(column.itemId, column.parameters)),
        estimate: e ? curve(engineItem(column.itemId, e.estimate)) : null,
      },
    };
    if (counts[j] === 0) outcome.problem = 'no responses in the chosen data';
    else if (problems.has(j)) outcome.problem = problems.get(j);
    if (input.kind === 'drift' && e && driftCritical.has(j)) {
      const critical = driftCritical.get(j)!;
      const checks = parameterDrift(flatParameters(named(column.parameters), column.previousSe), flatParameters(e.estimate, e.se), critical);
      outcome.drift = { checks, drifted: checks.some((c) => c.drifted), critical };
    }
    return outcome;
  });
  return {
    kind: input.kind, persons: persons.length, ability, converged, iterations, informationGrid: [...INFORMATION_GRID],
    groups: {
      reference, focal, enough,
      message: enough
        ? `DIF between ${reference} reference and ${focal} focal pupils`
        : `DIF not computed: each group needs at least ${input.minGroupSize} pupils (reference ${reference}, focal ${focal})`,
    },
    items,
  };
}
