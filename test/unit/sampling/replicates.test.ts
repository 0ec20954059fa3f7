import { seededRandom } from '../../../server/irt/random';
import { hadamardOrderFor, sylvesterHadamard } from '../../../server/sampling/hadamardMatrix';
import { computeReplicateWeights, formVarianceZones, replicateVariance, type VarianceZone } from '../../../server/sampling/replicates';
import type { WeightingSchool } from '../../../server/sampling/weights';
import { drawSample, simulatePopulation, type DrawnSample } from './population';

/** Analytic stratified with-replacement variance of a total: Σ_zones n/(n−1)·Σ_i (t_i − t̄)². */
function analyticTotalVariance(zones: VarianceZone[], unitTotal: (unitKey: string) => number): number {
  let v = 0;
  for (const zone of zones) {
    const t = zone.units.map((u) => unitTotal(u.kind === 'school' ? u.schoolId : u.pupilId));
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    v += (t.length / (t.length - 1)) * t.reduce((acc, x) => acc + (x - mean) ** 2, 0);
  }
  return v;
}

function school(id: string, stratum: string, position: number, extra: Partial<WeightingSchool> = {}): WeightingSchool {
  return {
    schoolId: id,
    stratum,
    framePosition: position,
    inclusionProbability: 0.2,
    certainty: false,
    eligiblePupils: 40,
    participated: true,
    listedPupils: 40,
    pupils: Array.from({ length: 4 }, (_, j) => ({ pupilId: `${id}-${j}`, responded: true })),
    ...extra,
  };
}

describe('formVarianceZones', () => {
  it('pairs schools in sorted order per stratum, ends odd strata in a triple, pairs pupils of certainty schools', () => {
    const schools = [
      school('a3', 'A', 3),
      school('a1', 'A', 1),
      school('a2', 'A', 2),
      school('b1', 'B', 1),
      school('b2', 'B', 2),
      school('a0', 'A', 0, { certainty: true, inclusionProbability: 1 }),
      school('c1', 'C', 0),
    ];
    const zones = formVarianceZones(schools);
    expect(zones.map((z) => z.units.map((u) => (u.kind === 'school' ? u.schoolId : u.pupilId)))).toEqual([
      ['a0-0', 'a0-1'],
      ['a0-2', 'a0-3'],
      ['a1', 'a2', 'a3'],
      // C's lone school joins the previous zone (collapsed strata).
      ['b1', 'b2', 'c1'],
    ]);
    expect(zones.map((z) => z.zone)).toEqual([1, 2, 3, 4]);
  });
});

describe('sylvesterHadamard', () => {
  it('has orthogonal rows and zero-sum columns after the first', () => {
    const h = sylvesterHadamard(16);
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) expect(h[i].reduce((acc, v, c) => acc + v * h[j][c], 0)).toBe(i === j ? 16 : 0);
    for (let c = 1; c < 16; c++) expect(h.reduce((acc, row) => acc + row[c], 0)).toBe(0);
    expect(hadamardOrderFor(15)).toBe(16);
    expect(hadamardOrderFor(16)).toBe(32);
    expect(() => sylvesterHadamard(12)).toThrow(RangeError);
  });
});

describe('replicate variance of a weighted total', () => {
  const population = simulatePopulation(seededRandom(31), 120);
  // 25 schools: strata of 8, 8 and 9 → pairs and one triple; some certainty units are unlikely at this size.
  const sample: DrawnSample = drawSample(population, 25, seededRandom(32));
  const score = (pupilId: string): number => (sample.pupils.get(pupilId) as { score: number }).score;

  for (const method of [{ kind: 'JK2' } as const, { kind: 'FayBRR', k: 0.5 } as const]) {
    it(`${method.kind} reproduces the analytic between-unit variance (to 1e-9 relative: rounding only)`, () => {
      const reps = computeReplicateWeights(sample.weighting, method);
      const { pupils } = reps.fullSample;
      const total = (weights: ArrayLike<number>): number => pupils.reduce((acc, p, i) => acc + weights[i] * score(p.pupilId), 0);
      const full = total(pupils.map((p) => p.weight));
      const v = replicateVariance(full, reps.replicateWeights.map(total), reps.coefficients);
      const unitTotal = (key: string): number =>
        pupils.reduce((acc, p) => acc + (p.schoolId === key || p.pupilId === key ? p.weight * score(p.pupilId) : 0), 0);
      const analytic = analyticTotalVariance(reps.zones, unitTotal);
      expect(reps.zones.some((z) => z.units.length === 3)).toBe(true);
      expect(Math.abs(v - analytic) / analytic).toBeLessThan(1e-9);
    });
  }

  it('re-runs the non-response adjustment in every replicate: each replicate still sums to the frame total', () => {
    const withRefusals = drawSample(population, 25, seededRandom(33), { schoolRefusal: 0.15, pupilAbsence: 0.1 });
    const frameTotal = population.frame.schools.reduce((sum, s) => sum + s.eligiblePupils, 0);
    for (const method of [{ kind: 'JK2' } as const, { kind: 'FayBRR' } as const]) {
      // Trimming off: a replicate that halves a cell's respondents can push a weight past the cap,
      // and trimming (by design) then lowers the total.
      const reps = computeReplicateWeights(withRefusals.weighting, method, { trimMultiple: Infinity });
      // Self-weighting PPS: perturbing a pair moves E_i/π_i between equal values, so totals hold exactly.
      for (const weights of reps.replicateWeights) expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(frameTotal, 6);
      expect(reps.pupilZones.every((z) => z >= 1)).toBe(true);
    }
  });
});
