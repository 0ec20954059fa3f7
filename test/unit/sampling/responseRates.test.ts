import { responseRates, type SchoolResponse } from '../../../server/sampling/responseRates';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';

const school = (id: string, stratum: string, pi: number, enrolment: number, participation: SchoolResponse['participation'], responded = 27): SchoolResponse => ({
  schoolId: id,
  stratum,
  inclusionProbability: pi,
  eligiblePupils: enrolment,
  participation,
  listedPupils: enrolment,
  pupilsSampled: participation === 'none' ? 0 : 30,
  pupilsResponded: participation === 'none' ? 0 : responded,
});

describe('responseRates', () => {
  const schools = [
    school('a', 'n', 0.5, 100, 'sampled'),
    school('b', 'n', 0.25, 50, 'replacement'),
    school('c', 's', 0.2, 40, 'none'),
    school('d', 's', 0.4, 80, 'sampled', 30),
  ];

  it('weights schools by w·E and pupils by their base weight, before and after replacement', () => {
    const report = responseRates(schools);
    // w·E: a 200, b 200, c 200, d 200 → before 400/800, after 600/800.
    expect(report.weighted.schoolBeforeReplacement).toBeCloseTo(0.5, 12);
    expect(report.weighted.schoolAfterReplacement).toBeCloseTo(0.75, 12);
    // Pupil weights 2·100/30, 4·50/30, 2.5·80/30: responding share (27·200 + 27·200 + 30·200) / (30·600).
    expect(report.weighted.pupil).toBeCloseTo((27 * 200 + 27 * 200 + 30 * 200) / (30 * 600), 12);
    expect(report.weighted.overallAfterReplacement).toBeCloseTo(0.75 * report.weighted.pupil, 12);
    expect(report.unweighted.schoolBeforeReplacement).toBe(0.5);
    expect(report.unweighted.schoolAfterReplacement).toBe(0.75);
    expect(report.byStratum.s.weighted.schoolAfterReplacement).toBeCloseTo(0.5, 12);
    expect(report.meetsThresholds).toBe(false);
    expect(responseRates(schools, { school: 0.7, pupil: 0.9 }).meetsThresholds).toBe(true);
  });

  it('rejects impossible counts', () => {
    expect(() => responseRates([{ ...schools[0], pupilsResponded: 31 }])).toThrow(SamplingInputError);
    expect(() => responseRates([])).toThrow(SamplingInputError);
  });
});
