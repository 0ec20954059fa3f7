/**
 * Within-school pupil sample: simple random sampling without replacement of m pupils
 * (default 30; all of them when the school has fewer), so every pupil on the school's list has
 * probability m/N (Cochran 1977 §2.2). Drawn by a partial Fisher–Yates shuffle (Knuth TAOCP
 * vol. 2, Algorithm 3.4.2P) from the seeded generator.
 */
import type { RandomSource } from '../irt/types';
import { SamplingInputError } from './samplingInputError';

export const DEFAULT_PUPILS_PER_SCHOOL = 30;

export interface PupilSample {
  /** Selected pupils, in the order of the school's list. */
  pupilIds: string[];
  /** m/N: every listed pupil's selection probability. */
  probability: number;
  /** N/m: the within-school base weight. */
  baseWeight: number;
  listed: number;
}

export function selectPupils(pupilIds: readonly string[], random: RandomSource, size = DEFAULT_PUPILS_PER_SCHOOL): PupilSample {
  if (!Number.isInteger(size) || size < 1) {
    throw new SamplingInputError([{ line: null, field: 'pupilsPerSchool', message: `must be a whole number ≥ 1, got ${size}` }]);
  }
  const seen = new Set<string>();
  pupilIds.forEach((id, index) => {
    if (seen.has(id)) throw new SamplingInputError([{ line: null, field: `pupils/${index}`, message: `duplicate pupil "${id}"` }]);
    seen.add(id);
  });
  const listed = pupilIds.length;
  if (listed === 0) throw new SamplingInputError([{ line: null, field: 'pupils', message: 'the school lists no eligible pupils' }]);
  const take = Math.min(size, listed);
  const order = pupilIds.map((_, i) => i);
  for (let k = 0; k < take; k++) {
    const j = k + Math.floor(random() * (listed - k));
    [order[k], order[j]] = [order[j], order[k]];
  }
  const chosen = order.slice(0, take).sort((a, b) => a - b);
  return { pupilIds: chosen.map((i) => pupilIds[i]), probability: take / listed, baseWeight: listed / take, listed };
}
