import { seededRandom } from '../../../server/irt/random';
import { collapseNonresponseCells, computeWeights, trimWeights, type AdjustmentUnit, type WeightingSchool } from '../../../server/sampling/weights';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';
import { loadSamplingExamples, printedTolerance } from './examples';
import { drawSample, simulatePopulation } from './population';

const examples = loadSamplingExamples();

describe('weight trimming (worked example naep_weight_trimming)', () => {
  it('caps weights above 4.5 × the median at that value', () => {
    const ex = examples.naep_weight_trimming;
    const result = trimWeights(ex.weights);
    expect(result.median).toBe(ex.expected.median);
    expect(result.cap).toBeCloseTo(ex.expected.cap, 10);
    expect(result.weights).toEqual(ex.expected.trimmed);
    expect(result.trimmed).toBe(1);
  });
});

describe('school non-response adjustment (worked example school_nonresponse_adjustment)', () => {
  const ex = examples.school_nonresponse_adjustment;
  // Each responding school brings its enrolment as respondents, as the worked example assumes.
  const units: AdjustmentUnit[] = ex.cell.map((s) => ({ cell: 'c', weight: s.base_wt, size: s.enrol, responded: s.responded, respondents: s.responded ? s.enrol : 0 }));

  it('gives Σ w·E over eligible / Σ w·E over responding without collapsing (printed to 6 decimals)', () => {
    const { cells } = collapseNonresponseCells(units);
    expect(cells).toHaveLength(1);
    expect(cells[0].eligibleWeight).toBeCloseTo(ex.expected.numerator, 10);
    expect(cells[0].respondingWeight).toBeCloseTo(ex.expected.denominator, 10);
    expect(Math.abs(cells[0].factor - ex.expected.factor)).toBeLessThanOrEqual(printedTolerance(6));
    expect(cells[0].cells.length > 1).toBe(ex.expected.collapse_required);
  });

  it('collapses a cell with fewer than 20 respondents into its neighbour', () => {
    const small: AdjustmentUnit[] = [...units, { cell: 'd', weight: 2, size: 10, responded: true, respondents: 10 }];
    const { cells } = collapseNonresponseCells(small);
    expect(cells.map((c) => c.cells)).toEqual([['c', 'd']]);
    expect(cells[0].factor).toBeCloseTo((760 + 20) / (560 + 20), 12);
  });

  it('collapses a cell whose factor exceeds 2.0 and keeps a passing one', () => {
    const cellUnits: AdjustmentUnit[] = [
      ...units,
      { cell: 'e', weight: 1, size: 30, responded: true, respondents: 30 },
      { cell: 'e', weight: 1, size: 40, responded: false, respondents: 0 },
      { cell: 'f', weight: 1, size: 50, responded: true, respondents: 50 },
    ];
    const { cells } = collapseNonresponseCells(cellUnits, undefined, ['c', 'e', 'f']);
    // e alone: 70/30 = 2.33 > 2 → merged with f: 120/80 = 1.5.
    expect(cells.map((c) => c.cells)).toEqual([['c'], ['e', 'f']]);
    expect(cells[1].factor).toBeCloseTo(1.5, 12);
  });

  it('refuses a cell structure that leaves no respondent', () => {
    expect(() => collapseNonresponseCells([{ cell: 'x', weight: 1, size: 10, responded: false, respondents: 0 }])).toThrow(SamplingInputError);
  });
});

describe('computeWeights', () => {
  const population = simulatePopulation(seededRandom(21), 90);
  const frameTotal = (stratum: string): number =>
    population.frame.schools.filter((s) => s.stratum === stratum).reduce((sum, s) => sum + s.eligiblePupils, 0);

  it('sums to the frame totals in every stratum when everyone responds', () => {
    const sample = drawSample(population, 18, seededRandom(22));
    const result = computeWeights(sample.weighting);
    for (const stratum of ['east', 'north', 'west']) {
      const sum = result.pupils.filter((p) => p.stratum === stratum).reduce((acc, p) => acc + p.weight, 0);
      expect(sum).toBeCloseTo(frameTotal(stratum), 6);
    }
    expect(result.trimming[0].trimmed).toBe(0);
  });

  it('still sums to the frame totals after school and pupil non-response adjustments', () => {
    const sample = drawSample(population, 24, seededRandom(23), { schoolRefusal: 0.2, pupilAbsence: 0.1 });
    expect(sample.weighting.some((s) => !s.participated)).toBe(true);
    const result = computeWeights(sample.weighting);
    const total = result.pupils.reduce((acc, p) => acc + p.weight, 0);
    expect(total).toBeCloseTo(population.frame.schools.reduce((sum, s) => sum + s.eligiblePupils, 0), 6);
    for (const p of result.pupils) {
      expect(p.weight).toBeCloseTo(p.schoolBaseWeight * p.schoolAdjustment * p.pupilBaseWeight * p.pupilAdjustment, 9);
      expect(p.schoolAdjustment).toBeLessThanOrEqual(2);
    }
  });

  it('gives a replacement school the probability of the school it replaced (input carries it)', () => {
    const schools: WeightingSchool[] = ['A', 'B'].map((id, i) => ({
      schoolId: id,
      stratum: 's',
      framePosition: i,
      inclusionProbability: 0.25,
      certainty: false,
      eligiblePupils: 40,
      participated: true,
      listedPupils: 40,
      pupils: Array.from({ length: 30 }, (_, j) => ({ pupilId: `${id}${j}`, responded: true })),
    }));
    const result = computeWeights(schools);
    expect(result.pupils[0].weight).toBeCloseTo(4 * (40 / 30), 12);
  });

  it('trims a weight above 4.5 × the median', () => {
    const schools: WeightingSchool[] = ['A', 'B', 'C'].map((id, i) => ({
      schoolId: id,
      stratum: 's',
      framePosition: i,
      inclusionProbability: id === 'C' ? 0.01 : 0.5,
      certainty: false,
      eligiblePupils: 30,
      participated: true,
      listedPupils: 30,
      pupils: Array.from({ length: 30 }, (_, j) => ({ pupilId: `${id}${j}`, responded: true })),
    }));
    const result = computeWeights(schools);
    // Median weight 2, cap 9: school C's pupils (weight 100) are trimmed to 9.
    expect(result.trimming[0]).toMatchObject({ median: 2, cap: 9, trimmed: 30 });
    expect(result.pupils.filter((p) => p.schoolId === 'C').every((p) => p.weight === 9 && p.trimmed)).toBe(true);
  });

  it('rejects duplicate schools, impossible probabilities and more pupils drawn than listed', () => {
    const base: WeightingSchool = {
      schoolId: 'A',
      stratum: 's',
      framePosition: 0,
      inclusionProbability: 0.5,
      certainty: false,
      eligiblePupils: 30,
      participated: true,
      listedPupils: 30,
      pupils: [{ pupilId: 'a1', responded: true }],
    };
    expect(() => computeWeights([base, { ...base, framePosition: 1 }])).toThrow(/duplicate school "A"/);
    expect(() => computeWeights([{ ...base, inclusionProbability: 1.5 }])).toThrow(SamplingInputError);
    expect(() => computeWeights([{ ...base, listedPupils: 0 }])).toThrow(/1 pupils drawn from a list of 0/);
    expect(() => computeWeights([base, { ...base, schoolId: 'B', framePosition: 1 }])).toThrow(/duplicate pupil "a1"/);
  });
});
