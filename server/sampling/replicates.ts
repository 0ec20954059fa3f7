/**
 * Replicate variance estimation: variance zones from the sorted sample, paired jackknife (JK2)
 * and Fay's balanced repeated replication, with every weighting adjustment re-run in every
 * replicate.
 *
 * Sources: Rust 1985 ("Variance estimation for complex estimators in sample surveys", J. Official
 * Statistics 1:381–397) for JK2 and JKn; Judkins 1990 ("Fay's method for variance estimation",
 * J. Official Statistics 6:223–239) for Fay's BRR with k = 0.5; Wolter 2007, Introduction to
 * Variance Estimation, ch. 3–4; TIMSS 2019 Methods and Procedures ch. 3 (zones from the sorted
 * sample; certainty schools contribute pupils as variance units).
 */
import { hadamardOrderFor, sylvesterHadamard } from './hadamardMatrix';
import { rejectInput } from './samplingInputError';
import { computeWeights, sortedSample, validateWeightingInput, type WeightingOptions, type WeightingResult, type WeightingSchool } from './weights';

/** A primary sampling unit for variance: a school, or a pupil in a certainty school. */
export type VarianceUnit = { kind: 'school'; schoolId: string } | { kind: 'pupil'; schoolId: string; pupilId: string };

export interface VarianceZone {
  /** 1-based zone number. */
  zone: number;
  stratum: string;
  units: VarianceUnit[];
}

/**
 * Zones: non-certainty schools paired in sorted-sample order within each stratum; a stratum
 * with an odd count ends in a triple; a stratum with a single school joins the previous zone
 * (collapsed strata, a conservative choice: Wolter 2007 §2.5). Certainty schools are their own
 * strata and their drawn pupils are paired the same way, since for them only pupil sampling
 * adds variance.
 */
export function formVarianceZones(schools: readonly WeightingSchool[]): VarianceZone[] {
  const ordered = sortedSample(schools);
  const sequences: { stratum: string; units: VarianceUnit[] }[] = [];
  const byStratum = new Map<string, VarianceUnit[]>();
  for (const s of ordered) {
    if (s.certainty) {
      if (s.participated) {
        sequences.push({ stratum: `${s.stratum}/certainty:${s.schoolId}`, units: s.pupils.map((p) => ({ kind: 'pupil', schoolId: s.schoolId, pupilId: p.pupilId })) });
      }
      continue;
    }
    const list = byStratum.get(s.stratum);
    const unit: VarianceUnit = { kind: 'school', schoolId: s.schoolId };
    if (list) list.push(unit);
    else {
      const units = [unit];
      byStratum.set(s.stratum, units);
      sequences.push({ stratum: s.stratum, units });
    }
  }
  const zones: VarianceZone[] = [];
  let pending: VarianceUnit[] = [];
  for (const { stratum, units } of sequences) {
    const all = [...pending, ...units];
    pending = [];
    if (all.length === 1) {
      if (zones.length > 0) zones[zones.length - 1].units.push(all[0]);
      else pending = all;
      continue;
    }
    for (let i = 0; i < all.length; i += 2) {
      const left = all.length - i;
      const take = left === 3 ? 3 : 2;
      zones.push({ zone: zones.length + 1, stratum, units: all.slice(i, i + take) });
      if (take === 3) break;
    }
  }
  if (pending.length > 0) rejectInput('schools', 'the sample has a single variance unit; no replicate variance is possible');
  return zones;
}

export type ReplicationMethod = { kind: 'JK2' } | { kind: 'FayBRR'; k?: number };

/** One replicate: multipliers on base weights, and its coefficient in v = Σ c_r (θ_r − θ)². */
export interface Replicate {
  coefficient: number;
  schoolFactors: Map<string, number>;
  pupilFactors: Map<string, number>;
}

function setFactor(replicate: Replicate, unit: VarianceUnit, factor: number): void {
  if (unit.kind === 'school') replicate.schoolFactors.set(unit.schoolId, factor);
  else replicate.pupilFactors.set(unit.pupilId, factor);
}

const emptyReplicate = (coefficient: number): Replicate => ({ coefficient, schoolFactors: new Map(), pupilFactors: new Map() });

/**
 * JK2 (Rust 1985): for a pair, one replicate doubling the first unit and dropping the second,
 * coefficient 1, so for a total v = Σ_h (t_h1 − t_h2)². For a zone of n ≥ 3 units, the
 * delete-one jackknife JKn: n replicates, each dropping one unit and scaling the others by
 * n/(n−1), coefficient (n−1)/n — the same analytic variance n/(n−1)·Σ(t_i − t̄)².
 */
function jackknifeReplicates(zones: readonly VarianceZone[]): Replicate[] {
  const replicates: Replicate[] = [];
  for (const zone of zones) {
    const n = zone.units.length;
    if (n === 2) {
      const r = emptyReplicate(1);
      setFactor(r, zone.units[0], 2);
      setFactor(r, zone.units[1], 0);
      replicates.push(r);
      continue;
    }
    for (let drop = 0; drop < n; drop++) {
      const r = emptyReplicate((n - 1) / n);
      zone.units.forEach((u, i) => setFactor(r, u, i === drop ? 0 : n / (n - 1)));
      replicates.push(r);
    }
  }
  return replicates;
}

/**
 * Fay's BRR (Judkins 1990): replicate r perturbs zone h's units by 1 ± (1 − k) following
 * Hadamard column h; v = Σ_r (θ_r − θ)² / (R (1 − k)²). A zone of n ≥ 3 units uses n orthogonal
 * columns and δ_i = √(n/(n−1))·(h_i − h̄), whose averages over rows give δ_i² = 1 and
 * δ_i·δ_j = −1/(n−1): the same analytic variance n/(n−1)·Σ(t_i − t̄)² for a total (orthogonal
 * arrays for more than two units per stratum: Gurney & Jewett 1975, J. Amer. Statist. Assoc.
 * 70:819–821). With k = 0.5 every factor stays positive (|δ| < 2).
 */
function fayReplicates(zones: readonly VarianceZone[], k: number): Replicate[] {
  if (!(k >= 0 && k < 1)) rejectInput('replication/k', `Fay's coefficient must lie in [0, 1), got ${k}`);
  const columnsNeeded = zones.reduce((sum, z) => sum + (z.units.length === 2 ? 1 : z.units.length), 0);
  const order = hadamardOrderFor(columnsNeeded);
  const h = sylvesterHadamard(order);
  const coefficient = 1 / (order * (1 - k) ** 2);
  const replicates: Replicate[] = [];
  for (let r = 0; r < order; r++) {
    const replicate = emptyReplicate(coefficient);
    let column = 1;
    for (const zone of zones) {
      const n = zone.units.length;
      if (n === 2) {
        const sign = h[r][column++];
        setFactor(replicate, zone.units[0], 1 + (1 - k) * sign);
        setFactor(replicate, zone.units[1], 1 - (1 - k) * sign);
        continue;
      }
      const signs = zone.units.map(() => h[r][column++]);
      const mean = signs.reduce((a, b) => a + b, 0) / n;
      const scale = Math.sqrt(n / (n - 1));
      zone.units.forEach((u, i) => setFactor(replicate, u, 1 + (1 - k) * scale * (signs[i] - mean)));
    }
    replicates.push(replicate);
  }
  return replicates;
}

export function replicatesFor(zones: readonly VarianceZone[], method: ReplicationMethod): Replicate[] {
  return method.kind === 'JK2' ? jackknifeReplicates(zones) : fayReplicates(zones, method.k ?? 0.5);
}

export interface ReplicateWeights {
  fullSample: WeightingResult;
  zones: VarianceZone[];
  /** Zone number of each responding pupil (aligned with fullSample.pupils). */
  pupilZones: number[];
  /** replicateWeights[r][i]: replicate r's final weight of fullSample.pupils[i]. */
  replicateWeights: Float64Array[];
  coefficients: number[];
}

/** Full-sample and replicate weights: every adjustment (non-response, trimming) re-run per replicate. */
export function computeReplicateWeights(
  schools: readonly WeightingSchool[],
  method: ReplicationMethod = { kind: 'JK2' },
  options: WeightingOptions = {},
): ReplicateWeights {
  validateWeightingInput(schools);
  const fullSample = computeWeights(schools, options);
  const zones = formVarianceZones(schools);
  const zoneOfSchool = new Map<string, number>();
  const zoneOfPupil = new Map<string, number>();
  for (const zone of zones) {
    for (const u of zone.units) {
      if (u.kind === 'school') zoneOfSchool.set(u.schoolId, zone.zone);
      else zoneOfPupil.set(u.pupilId, zone.zone);
    }
  }
  const pupilZones = fullSample.pupils.map((p) => zoneOfPupil.get(p.pupilId) ?? zoneOfSchool.get(p.schoolId) ?? 0);
  const schoolCells = fullSample.schoolCells.map((c) => c.cells);
  const pupilCells = fullSample.pupilCells.map((c) => c.cells);
  const replicates = replicatesFor(zones, method);
  const replicateWeights = replicates.map((replicate) => {
    const result = computeWeights(schools, options, { schoolFactors: replicate.schoolFactors, pupilFactors: replicate.pupilFactors, schoolCells, pupilCells });
    return Float64Array.from(result.pupils, (p) => p.weight);
  });
  return { fullSample, zones, pupilZones, replicateWeights, coefficients: replicates.map((r) => r.coefficient) };
}

/** v = Σ_r c_r (θ_r − θ)². */
export function replicateVariance(estimate: number, replicateEstimates: ArrayLike<number>, coefficients: readonly number[]): number {
  let v = 0;
  for (let r = 0; r < coefficients.length; r++) v += coefficients[r] * (replicateEstimates[r] - estimate) ** 2;
  return v;
}
