import {
  applyExposureEligibility,
  eligibilityProbabilities,
  exposureRates,
  exposureValues,
  sympsonHetterAdmits,
} from '../../../../server/irt/exposure';
import { seededRandom } from '../../../../server/irt/random';
import { twoParameterBank } from './syntheticBanks';

const bank = twoParameterBank(10, 2);

describe('exposure values', () => {
  it('reads parameters by item id or in bank order; unmentioned items are unrestricted', () => {
    const byId = exposureValues(bank, { method: 'sympson-hetter', rmax: 0.2, parameters: { q3: 0.4, ghost: 0.1 } });
    expect(byId.values[3]).toBe(0.4);
    expect(byId.values[0]).toBe(1);
    expect(byId.unknownIds).toEqual(['ghost']);
    const restricted = exposureValues(bank, { method: 'restricted', rmax: 0.2, parameters: [0.5, 0.1] });
    expect(Array.from(restricted.values.subarray(0, 3))).toEqual([0.5, 0.1, 0]);
  });

  it('restricted control removes exactly the items whose rate has reached r_max', () => {
    const available = new Uint8Array(10).fill(1);
    const rates = Float64Array.from([0.25, 0.2, 0.19, 0, 0, 0, 0, 0, 0, 0]);
    applyExposureEligibility({ method: 'restricted', rmax: 0.2 }, rates, available, seededRandom(1));
    expect(Array.from(available.subarray(0, 4))).toEqual([0, 0, 1, 1]);
  });

  it('eligibility draws keep each item with its probability (binomial: 4 SD bounds over 20,000 draws)', () => {
    const random = seededRandom(3);
    const probabilities = Float64Array.from([1, 0, 0.3, 0.5, 0.9, 1, 1, 1, 1, 1]);
    const kept = new Float64Array(10);
    const draws = 20000;
    for (let d = 0; d < draws; d++) {
      const available = new Uint8Array(10).fill(1);
      applyExposureEligibility({ method: 'eligibility', rmax: 0.2 }, probabilities, available, random);
      for (let i = 0; i < 10; i++) kept[i] += available[i];
    }
    expect(kept[0]).toBe(draws);
    expect(kept[1]).toBe(0);
    for (const i of [2, 3, 4]) {
      const p = probabilities[i];
      expect(Math.abs(kept[i] / draws - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws));
    }
  });

  it('the Sympson–Hetter lottery admits with probability K (4 SD bound)', () => {
    const random = seededRandom(4);
    const k = Float64Array.from([0.25]);
    let admitted = 0;
    for (let d = 0; d < 20000; d++) if (sympsonHetterAdmits(k, 0, random)) admitted++;
    expect(Math.abs(admitted / 20000 - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / 20000));
    expect(sympsonHetterAdmits(Float64Array.from([1]), 0, () => 0.999)).toBe(true);
  });

  it('eligibility probabilities: P(E) = min(1, r_max / P(A | E)) with P(A | E) = administered / eligible', () => {
    const out = eligibilityProbabilities(0.2, [0, 10, 50, 5], [0, 100, 60, 5], new Float64Array(4));
    expect(out[0]).toBe(1); // never administered: no evidence, fully eligible
    expect(out[1]).toBe(1); // P(A|E) = 0.1 ≤ r_max
    expect(out[2]).toBeCloseTo(0.24, 12); // 0.2 / (50/60)
    expect(out[3]).toBeCloseTo(0.2, 12); // always given when eligible
    expect(Array.from(exposureRates([3, 0, 10], 10, new Float64Array(3)))).toEqual([0.3, 0, 1]);
    expect(Array.from(exposureRates([3, 0, 10], 0, new Float64Array(3)))).toEqual([0, 0, 0]);
  });
});
