/**
 * The only randomness in the IRT core: a seeded, reproducible generator.
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, PractRand-clean) with its
 * 128-bit state seeded through splitmix32, so nearby integer seeds give unrelated streams.
 */
import type { RandomSource } from './types';

/** splitmix32 (a 32-bit variant of Steele, Lea & Flood 2014): decorrelates the seed. */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

/** A uniform generator on [0, 1) with 32-bit resolution, fully determined by `seed`. */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  // Fold the whole double into the 32-bit seed so seeds like 1.5 and 2^40 still differ.
  const mixer = { value: (Math.trunc(seed) | 0) ^ Math.trunc(seed / TWO_POW_32) ^ Math.round((seed % 1) * TWO_POW_32) };
  let a = splitmix32(mixer);
  let b = splitmix32(mixer);
  let c = splitmix32(mixer);
  let d = splitmix32(mixer);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  };
  // Discard the first outputs: sfc32's authors advise a short warm-up after seeding.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * A standard normal deviate by the Box–Muller transform (Box & Muller 1958), using one pair of
 * uniforms per call so the result depends only on the generator's stream, not on hidden state.
 */
export function normalDeviate(random: RandomSource): number {
  // 1 − u lies in (0, 1], so the logarithm is finite.
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
