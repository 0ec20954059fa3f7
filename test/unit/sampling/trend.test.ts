import { trendComparisons, twoSidedNormalP } from '../../../server/sampling/trend';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';

describe('twoSidedNormalP', () => {
  it('matches the standard normal table (to 1e-9)', () => {
    // Φ⁻¹(0.975) = 1.959963985 and Φ⁻¹(0.995) = 2.575829304 (Abramowitz & Stegun Table 26.5).
    expect(twoSidedNormalP(1.959963985)).toBeCloseTo(0.05, 9);
    expect(twoSidedNormalP(-2.575829304)).toBeCloseTo(0.01, 9);
    expect(twoSidedNormalP(0)).toBe(1);
  });
});

describe('trendComparisons', () => {
  const current = { cycle: '2027', estimate: 0.3, se: 0.02 };

  it('adds the link error to the SE of the change', () => {
    const [c] = trendComparisons(current, [{ cycle: '2025', estimate: 0.2, se: 0.025 }], { '2025': 0.015 });
    // √(0.02² + 0.025² + 0.015²) = √0.00125.
    expect(c.change).toBeCloseTo(0.1, 12);
    expect(c.se).toBeCloseTo(Math.sqrt(0.00125), 12);
    expect(c.z).toBeCloseTo(0.1 / Math.sqrt(0.00125), 12);
    expect(c.upper - c.change).toBeCloseTo(1.959963985 * c.se, 8);
    expect(c.significant).toBe(true);
  });

  it('applies the Bonferroni correction over the comparisons made', () => {
    // A change with p ≈ 0.03 is significant alone (α = 0.05) but not among two comparisons (α/2 = 0.025).
    const earlier = { cycle: '2025', estimate: 0.3 - 2.17 * 0.05, se: 0.05 };
    const alone = trendComparisons({ ...current, se: 0 }, [earlier], { '2025': 0 });
    expect(alone[0].p).toBeCloseTo(0.030, 3);
    expect(alone[0].significant).toBe(true);
    const both = trendComparisons({ ...current, se: 0 }, [earlier, { cycle: '2023', estimate: 0.3, se: 0.05 }], { '2025': 0, '2023': 0 });
    expect(both[0].threshold).toBe(0.025);
    expect(both[0].significant).toBe(false);
    expect(both[1].significant).toBe(false);
  });

  it('requires a link error for every earlier cycle', () => {
    expect(() => trendComparisons(current, [{ cycle: '2025', estimate: 0, se: 0.1 }], {})).toThrow(SamplingInputError);
  });
});
