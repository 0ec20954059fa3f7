import { seededRandom } from '../../../server/irt/random';
import { naepSmallSchoolMeasureOfSize } from '../../../server/sampling/measureOfSize';
import { selectPupils } from '../../../server/sampling/pupilSelection';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';
import { certaintyUnits, drawSchoolSample, replacementSchools, systematicPps } from '../../../server/sampling/schoolSelection';
import { parseSamplingFrame } from '../../../server/sampling/frame';
import type { SamplingFrame } from '../../../server/sampling/types';
import { loadSamplingExamples, printedTolerance } from './examples';

const examples = loadSamplingExamples();

describe('systematic PPS (worked example pps_systematic)', () => {
  const ex = examples.pps_systematic;
  const result = systematicPps(ex.frame_sorted_MOS, ex.n_schools, ex.random_start);

  it('uses interval ΣMOS/n and the points s + jI', () => {
    expect(result.interval).toBeCloseTo(ex.expected.interval, 10);
    expect(result.selectionPoints).toEqual(ex.expected.selection_points);
  });

  it('selects the units whose cumulative range holds a point', () => {
    expect(result.selected).toEqual(ex.expected.selected_index_0based);
    expect(result.certainty).toEqual([]);
  });

  it('stores every inclusion probability n·M_i/ΣM (printed to 6 decimals)', () => {
    ex.expected.inclusion_prob.forEach((p, i) => expect(Math.abs(result.inclusionProbabilities[i] - p)).toBeLessThanOrEqual(printedTolerance(6)));
    // Σπ = n: the expected sample size is the design's.
    expect(result.inclusionProbabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(ex.n_schools, 12);
  });

  it('names the next school as first replacement and the previous as second, never a sampled one', () => {
    const replacements = replacementSchools(ex.frame_sorted_MOS.length, result.selected);
    result.selected.forEach((i, k) => {
      expect(replacements[k].first).toBe(ex.expected.first_replacement_is_next_on_frame[String(i)]);
      expect(replacements[k].second).toBe(ex.expected.second_replacement_is_previous_on_frame[String(i)]);
    });
    // Adjacent sampled schools cannot replace each other.
    expect(replacementSchools(5, [1, 2])).toEqual([
      { first: null, second: 0 },
      { first: 3, second: null },
    ]);
  });

  it('gives every pupil the same base weight ΣMOS/(n·m) when MOS = enrolment (printed to 4 decimals)', () => {
    const m = ex.expected.within_school_m;
    let total = 0;
    result.selected.forEach((i, k) => {
      const pupilWeight = (1 / result.inclusionProbabilities[i]) * (ex.frame_sorted_MOS[i] / m);
      expect(Math.abs(pupilWeight - ex.expected.student_base_weight_each_selected_school[k])).toBeLessThanOrEqual(printedTolerance(4));
      total += pupilWeight * m;
    });
    expect(total).toBeCloseTo(ex.expected.sum_of_student_weights, 8);
  });

  it('draws the start from the seeded generator inside [0, I)', () => {
    const a = systematicPps(ex.frame_sorted_MOS, ex.n_schools, seededRandom(7));
    const b = systematicPps(ex.frame_sorted_MOS, ex.n_schools, seededRandom(7));
    expect(a).toEqual(b);
    expect(a.start).toBeGreaterThanOrEqual(0);
    expect(a.start).toBeLessThan(ex.expected.interval);
    expect(a.selected).toHaveLength(ex.n_schools);
  });

  it('realises the inclusion probabilities over many random starts (simulation)', () => {
    // 4000 starts: the binomial SE of a hit rate ≤ 0.5 is ≤ 0.0079, so 0.03 is > 3.5 SE.
    const random = seededRandom(11);
    const hits = ex.frame_sorted_MOS.map(() => 0);
    const runs = 4000;
    for (let r = 0; r < runs; r++) for (const i of systematicPps(ex.frame_sorted_MOS, ex.n_schools, random).selected) hits[i]++;
    hits.forEach((h, i) => expect(Math.abs(h / runs - ex.expected.inclusion_prob[i])).toBeLessThan(0.03));
  });
});

describe('certainty units (worked example pps_certainty)', () => {
  const ex = examples.pps_certainty;

  it('takes n·M_i/ΣM ≥ 1 with certainty and recomputes n and ΣM for the rest', () => {
    const { certainty, remainingSample } = certaintyUnits(ex.frame_MOS, ex.n_schools);
    expect(certainty).toEqual(ex.expected.certainty_indices);
    expect(remainingSample).toBe(ex.expected.remaining_n);
    const result = systematicPps(ex.frame_MOS, ex.n_schools, seededRandom(3));
    expect(result.inclusionProbabilities[0]).toBe(1);
    for (let i = 1; i < ex.frame_MOS.length; i++) expect(result.inclusionProbabilities[i]).toBeCloseTo(ex.expected.remaining_prob_each, 12);
    expect(result.selected).toHaveLength(ex.n_schools);
  });

  it('iterates: removing one large unit can make another certain', () => {
    // n = 3 over [500, 300, 100, 100]: 3·500/1000 = 1.5 → certain; then 2·300/500 = 1.2 → certain.
    const { certainty, remainingSample } = certaintyUnits([500, 300, 100, 100], 3);
    expect(certainty).toEqual([0, 1]);
    expect(remainingSample).toBe(1);
  });

  it('refuses a sample larger than the frame', () => {
    expect(() => systematicPps([10, 20], 3, 0)).toThrow(SamplingInputError);
  });
});

describe('NAEP small-school measure of size (published rule)', () => {
  it.each(examples.naep_2002_state_MOS_function.checks)('enrolment $grade_enrolment → MOS $expected_MOS', (check) => {
    expect(naepSmallSchoolMeasureOfSize(check.grade_enrolment)).toBe(check.expected_MOS);
  });
  it('assigns 64 to the flat band (the source leaves it unassigned)', () => {
    expect(naepSmallSchoolMeasureOfSize(64)).toBe(60);
  });
});

function frameOf(csv: string, implicit: string[] = []): SamplingFrame {
  const result = parseSamplingFrame(csv, { implicitSortVariables: implicit });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.frame;
}

describe('drawSchoolSample', () => {
  const rows = ['school_id,stratum,pupils,region'];
  for (let i = 0; i < 40; i++) rows.push(`S${i},${i < 25 ? 'north' : 'south'},${20 + ((i * 37) % 90)},${i % 3}`);
  const frame = frameOf(rows.join('\n'), ['region']);

  it('allocates proportionally, selects within strata and stores every probability', () => {
    const sample = drawSchoolSample(frame, { schools: 10, allocation: { kind: 'proportional' } }, seededRandom(1));
    expect(sample.schools).toHaveLength(10);
    for (const s of sample.strata) {
      expect(sample.schools.filter((x) => x.stratum === s.stratum)).toHaveLength(s.allocated);
      const sum = s.sortedFrame.reduce((acc, id) => acc + sample.inclusionProbabilities[id], 0);
      expect(sum).toBeCloseTo(s.allocated, 10);
    }
    for (const school of sample.schools) {
      expect(school.firstReplacement === null || !sample.schools.some((x) => x.schoolId === school.firstReplacement)).toBe(true);
      expect(school.secondReplacement === null || !sample.schools.some((x) => x.schoolId === school.secondReplacement)).toBe(true);
    }
    expect(drawSchoolSample(frame, { schools: 10, allocation: { kind: 'proportional' } }, seededRandom(1))).toEqual(sample);
  });

  it('honours a specified allocation and rejects one larger than the stratum', () => {
    const sample = drawSchoolSample(frame, { schools: 0, allocation: { kind: 'specified', schoolsByStratum: { north: 4, south: 3 } } }, seededRandom(2));
    expect(sample.schools.filter((s) => s.stratum === 'north')).toHaveLength(4);
    expect(() =>
      drawSchoolSample(frame, { schools: 0, allocation: { kind: 'specified', schoolsByStratum: { north: 4, south: 16 } } }, seededRandom(2)),
    ).toThrow(/larger than the 15 schools on the frame in stratum "south"/);
    expect(() => drawSchoolSample(frame, { schools: 41, allocation: { kind: 'proportional' } }, seededRandom(2))).toThrow(/larger than the frame/);
  });
});

describe('drawSchoolSample with the NAEP small-school measure of size', () => {
  it('uses the rule for every probability', () => {
    const rows = ['school_id,stratum,pupils'];
    const sizes = [8, 15, 30, 64, 65, 120, 200, 12, 40, 90];
    sizes.forEach((size, i) => rows.push(`S${i},all,${size}`));
    const frame = frameOf(rows.join('\n'));
    const sample = drawSchoolSample(frame, { schools: 3, allocation: { kind: 'proportional' }, measureOfSize: 'naepSmallSchools' }, seededRandom(4));
    const measures = sizes.map(naepSmallSchoolMeasureOfSize);
    const total = measures.reduce((a, b) => a + b, 0);
    sizes.forEach((_, i) => expect(sample.inclusionProbabilities[`S${i}`]).toBeCloseTo((3 * measures[i]) / total, 12));
    for (const school of sample.schools) expect(school.measureOfSize).toBe(naepSmallSchoolMeasureOfSize(school.eligiblePupils));
  });
});

describe('selectPupils', () => {
  const list = Array.from({ length: 80 }, (_, i) => `p${i}`);

  it('takes 30 by default with probability m/N, and everyone from a small school', () => {
    const sample = selectPupils(list, seededRandom(5));
    expect(sample.pupilIds).toHaveLength(30);
    expect(new Set(sample.pupilIds).size).toBe(30);
    expect(sample.probability).toBeCloseTo(30 / 80, 12);
    expect(sample.baseWeight).toBeCloseTo(80 / 30, 12);
    expect(selectPupils(list.slice(0, 12), seededRandom(5)).pupilIds).toEqual(list.slice(0, 12));
  });

  it('gives every listed pupil the same chance (simulation)', () => {
    // 3000 draws, p = 3/8: binomial SE 0.0088, tolerance 0.035 ≈ 4 SE for each of 80 pupils.
    const random = seededRandom(9);
    const counts = new Map<string, number>();
    for (let r = 0; r < 3000; r++) for (const id of selectPupils(list, random).pupilIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const id of list) expect(Math.abs((counts.get(id) ?? 0) / 3000 - 30 / 80)).toBeLessThan(0.035);
  });

  it('rejects duplicate pupils and an empty list', () => {
    expect(() => selectPupils(['a', 'b', 'a'], seededRandom(1))).toThrow(/duplicate pupil "a"/);
    expect(() => selectPupils([], seededRandom(1))).toThrow(SamplingInputError);
  });
});
