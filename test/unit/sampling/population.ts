/** A simulated national population of schools and pupils, sampled through the real design code. */
import { normalDeviate } from '../../../server/irt/random';
import type { RandomSource } from '../../../server/irt/types';
import { parseSamplingFrame } from '../../../server/sampling/frame';
import { selectPupils } from '../../../server/sampling/pupilSelection';
import { drawSchoolSample } from '../../../server/sampling/schoolSelection';
import type { SamplingFrame, SchoolSample } from '../../../server/sampling/types';
import type { WeightingSchool } from '../../../server/sampling/weights';

export interface PopulationSchool {
  schoolId: string;
  stratum: string;
  pupils: { pupilId: string; score: number; disadvantaged: boolean }[];
}

export interface Population {
  schools: PopulationSchool[];
  frame: SamplingFrame;
  mean: number;
  totalPupils: number;
}

/** Schools of 15–150 pupils in three strata; score = stratum effect + school effect + pupil noise. */
export function simulatePopulation(random: RandomSource, schoolCount = 150): Population {
  const strata = ['east', 'north', 'west'];
  const rows = ['school_id,stratum,pupils'];
  const schools: PopulationSchool[] = [];
  for (let i = 0; i < schoolCount; i++) {
    const stratum = strata[i % 3];
    const size = 15 + Math.floor(random() * 136);
    const schoolEffect = 0.4 * normalDeviate(random) + (stratum === 'north' ? 0.3 : stratum === 'west' ? -0.2 : 0);
    const pupils = Array.from({ length: size }, (_, j) => {
      const disadvantaged = random() < 0.3;
      return { pupilId: `S${i}-P${j}`, score: schoolEffect + (disadvantaged ? -0.4 : 0) + normalDeviate(random), disadvantaged };
    });
    schools.push({ schoolId: `S${i}`, stratum, pupils });
    rows.push(`S${i},${stratum},${size}`);
  }
  const parsed = parseSamplingFrame(rows.join('\n'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const all = schools.flatMap((s) => s.pupils);
  return { schools, frame: parsed.frame, mean: all.reduce((sum, p) => sum + p.score, 0) / all.length, totalPupils: all.length };
}

export interface DrawnSample {
  schoolSample: SchoolSample;
  weighting: WeightingSchool[];
  /** Pupil id → the pupil's record in the population. */
  pupils: Map<string, PopulationSchool['pupils'][number]>;
}

/**
 * Draws schools and 30 pupils per school; schools refuse with probability `schoolRefusal`,
 * pupils are absent with probability `pupilAbsence`.
 */
export function drawSample(
  population: Population,
  schools: number,
  random: RandomSource,
  response: { schoolRefusal?: number; pupilAbsence?: number } = {},
): DrawnSample {
  const schoolSample = drawSchoolSample(population.frame, { schools, allocation: { kind: 'proportional' } }, random);
  const byId = new Map(population.schools.map((s) => [s.schoolId, s]));
  const pupils = new Map<string, PopulationSchool['pupils'][number]>();
  const weighting: WeightingSchool[] = schoolSample.schools.map((s) => {
    const school = byId.get(s.schoolId) as PopulationSchool;
    const participated = random() >= (response.schoolRefusal ?? 0);
    const drawn = participated ? selectPupils(school.pupils.map((p) => p.pupilId), random) : null;
    const records = new Map(school.pupils.map((p) => [p.pupilId, p]));
    for (const id of drawn?.pupilIds ?? []) pupils.set(id, records.get(id) as PopulationSchool['pupils'][number]);
    return {
      schoolId: s.schoolId,
      stratum: s.stratum,
      framePosition: s.framePosition,
      inclusionProbability: s.inclusionProbability,
      certainty: s.certainty,
      eligiblePupils: s.eligiblePupils,
      participated,
      listedPupils: school.pupils.length,
      pupils: (drawn?.pupilIds ?? []).map((pupilId) => ({ pupilId, responded: random() >= (response.pupilAbsence ?? 0) })),
    };
  });
  return { schoolSample, weighting, pupils };
}
