import { seededRandom } from '../../../server/irt/random';
import { estimateDomain, nationalEstimates, Z_95, type AnalysisPupil, type EstimationInput } from '../../../server/sampling/estimates';
import { computeReplicateWeights } from '../../../server/sampling/replicates';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';
import { drawSample, simulatePopulation, type Population } from './population';

/** Analysis input from a drawn sample, with `copies` identical plausible values (no measurement error). */
function analysisInput(population: Population, seed: number, schools: number, copies = 2, response = {}): { input: EstimationInput; weightsSum: number } {
  const sample = drawSample(population, schools, seededRandom(seed), response);
  const reps = computeReplicateWeights(sample.weighting, { kind: 'JK2' });
  const pupils: AnalysisPupil[] = reps.fullSample.pupils.map((p, i) => {
    const record = sample.pupils.get(p.pupilId) as { score: number; disadvantaged: boolean };
    return {
      stratum: p.stratum,
      reportingGroups: { disadvantaged: record.disadvantaged ? 'yes' : 'no' },
      plausibleValues: Array.from({ length: copies }, () => record.score),
      weight: p.weight,
      zone: reps.pupilZones[i],
    };
  });
  return {
    input: { pupils, replicateWeights: reps.replicateWeights, coefficients: reps.coefficients, cuts: [{ label: 'expected', value: 0.5 }] },
    weightsSum: pupils.reduce((a, p) => a + p.weight, 0),
  };
}

describe('nationalEstimates', () => {
  const population = simulatePopulation(seededRandom(51), 150);

  it('reports the nation, each stratum and each reporting group, with intervals', () => {
    const { input, weightsSum } = analysisInput(population, 52, 45);
    const estimates = nationalEstimates(input);
    expect(estimates.map((e) => e.domain)).toEqual([
      { kind: 'nation' },
      { kind: 'stratum', stratum: 'east' },
      { kind: 'stratum', stratum: 'north' },
      { kind: 'stratum', stratum: 'west' },
      { kind: 'group', variable: 'disadvantaged', value: 'no' },
      { kind: 'group', variable: 'disadvantaged', value: 'yes' },
    ]);
    const nation = estimates[0];
    expect(nation.population).toBeCloseTo(weightsSum, 9);
    expect(nation.suppressed).toBe(false);
    const mean = nation.mean;
    if (!mean) throw new Error('nation must be reported');
    expect(mean.upper - mean.estimate).toBeCloseTo(Z_95 * mean.se, 12);
    // Identical plausible values: no measurement variance, all sampling variance.
    expect(mean.imputationVariance).toBe(0);
    const share = nation.atOrAbove?.[0].share;
    expect(share && share.estimate > 0 && share.estimate < 1).toBe(true);
    // The weighted share equals the direct computation.
    const direct = input.pupils.reduce((a, p) => a + (p.plausibleValues[0] >= 0.5 ? p.weight : 0), 0) / weightsSum;
    expect(share?.estimate).toBeCloseTo(direct, 12);
  });

  it('suppresses cells under 62 pupils or under 5 variance zones, publishing no figures for them', () => {
    const { input } = analysisInput(population, 53, 45);
    const few = estimateDomain({ ...input, pupils: input.pupils.map((p, i) => (i < 61 ? { ...p, reportingGroups: { tiny: 'yes' } } : p)) }, { kind: 'group', variable: 'tiny', value: 'yes' });
    expect(few).toMatchObject({ pupils: 61, suppressed: true, mean: null, atOrAbove: null });
    expect(few.suppressionReason).toMatch(/fewer than 62 pupils/);
    // Pupils from 4 zones only, however many.
    const zones = [...new Set(input.pupils.map((p) => p.zone))].slice(0, 4);
    const narrow = estimateDomain(
      { ...input, pupils: input.pupils.map((p) => (zones.includes(p.zone) ? { ...p, reportingGroups: { narrow: 'yes' } } : p)) },
      { kind: 'group', variable: 'narrow', value: 'yes' },
    );
    expect(narrow.pupils).toBeGreaterThanOrEqual(62);
    expect(narrow).toMatchObject({ zones: 4, suppressed: true, mean: null });
    expect(narrow.suppressionReason).toMatch(/fewer than 5 variance zones/);
  });

  it('rejects inconsistent input', () => {
    const { input } = analysisInput(population, 54, 30);
    expect(() => nationalEstimates({ ...input, coefficients: input.coefficients.slice(1) })).toThrow(SamplingInputError);
    expect(() => nationalEstimates({ ...input, pupils: input.pupils.map((p, i) => (i === 3 ? { ...p, plausibleValues: [1] } : p)) })).toThrow(/2 plausible values/);
    expect(() => nationalEstimates({ ...input, pupils: [] })).toThrow(SamplingInputError);
  });

  it('covers the known population mean at close to the advertised 95% over repeated samples', () => {
    // 200 independent samples of 30 schools (of 600: a 5% sampling fraction, so JK2's neglect of
    // the finite-population correction is immaterial) × 30 pupils, with school refusals and pupil
    // absence; weights and JK2 re-run each time. Coverage is binomial: at 95% its SE over 200
    // samples is √(0.95·0.05/200) = 0.0154; accept 0.95 ± 3 SE = [0.904, 0.996].
    const large = simulatePopulation(seededRandom(55), 600);
    const runs = 200;
    let covered = 0;
    const estimates: number[] = [];
    const ses: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { input } = analysisInput(large, 5000 + run, 30, 2, { schoolRefusal: 0.1, pupilAbsence: 0.05 });
      const mean = estimateDomain(input, { kind: 'nation' }).mean;
      if (!mean) throw new Error('the nation is never suppressed here');
      if (mean.lower <= large.mean && large.mean <= mean.upper) covered++;
      estimates.push(mean.estimate);
      ses.push(mean.se);
    }
    const rate = covered / runs;
    expect(Math.abs(rate - 0.95)).toBeLessThanOrEqual(3 * Math.sqrt((0.95 * 0.05) / runs));
    // The average replicate SE matches the spread of the estimates over samples: the SD of 200
    // draws has a relative SE of 1/√398 = 5%, so 15% is 3 SE.
    const average = estimates.reduce((a, b) => a + b, 0) / runs;
    const empiricalSd = Math.sqrt(estimates.reduce((a, b) => a + (b - average) ** 2, 0) / (runs - 1));
    const meanSe = ses.reduce((a, b) => a + b, 0) / runs;
    expect(Math.abs(meanSe / empiricalSd - 1)).toBeLessThan(0.15);
  });
});
