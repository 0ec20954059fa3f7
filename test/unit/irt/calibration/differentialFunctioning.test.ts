import { compileBank } from '../../../../server/irt/bank';
import { etsClass, mantelHaenszel } from '../../../../server/irt/calibration/differentialFunctioning';
import { simulateResponses } from '../../../../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../../../../server/irt/random';
import type { Item } from '../../../../server/irt/types';

describe('Mantel–Haenszel DIF', () => {
  it('reproduces a hand-computed single-stratum table (α, D-DIF, Woolf SE, corrected χ²)', () => {
    // A = 30 reference right, B = 20 reference wrong, C = 20 focal right, D = 30 focal wrong.
    const rows = [
      ...Array.from({ length: 30 }, () => [1]),
      ...Array.from({ length: 20 }, () => [0]),
      ...Array.from({ length: 20 }, () => [1]),
      ...Array.from({ length: 30 }, () => [0]),
    ];
    const groups = rows.map((_, i) => (i < 50 ? 'reference' : 'focal'));
    const [result] = mantelHaenszel({ responses: rows, groups, strata: rows.map(() => 0) });
    expect(result.alpha).toBeCloseTo(2.25, 12); // (30·30/100)/(20·20/100)
    expect(result.deltaDif).toBeCloseTo(-2.35 * Math.log(2.25), 12);
    // One stratum: the RBG variance reduces to Woolf's 1/A + 1/B + 1/C + 1/D.
    expect(result.se).toBeCloseTo(2.35 * Math.sqrt(1 / 30 + 1 / 20 + 1 / 20 + 1 / 30), 12);
    // (|30 − 25| − 0.5)² / (50·50·50·50/(100²·99)).
    expect(result.chiSquare).toBeCloseTo(20.25 / ((50 ** 4) / (100 ** 2 * 99)), 10);
    expect(result.p).toBeCloseTo(0.0733, 3); // χ²(1) upper tail at 3.2076
    expect(result.classification).toBe('A'); // not significant at .05
  });

  it('ETS classes follow the published rule', () => {
    expect(etsClass(0.8, 0.2, 0.001)).toBe('A');
    expect(etsClass(-1.2, 0.2, 0.001)).toBe('B');
    expect(etsClass(1.8, 0.2, 0.001)).toBe('C');
    expect(etsClass(1.6, 0.5, 0.001)).toBe('B'); // |D| ≥ 1.5 but not significantly above 1
    expect(etsClass(2.5, 0.2, 0.2)).toBe('A'); // not significant
  });

  it('flags a Rasch item 0.8 logits harder for the focal group as C with D ≈ −2.35·0.8, others A', () => {
    const random = seededRandom(404);
    const items: Item[] = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, model: 'Rasch', b: -1.5 + (3 * i) / 11 }));
    const shifted = items.map((item, i) => (i === 4 ? { ...item, b: (item as { b: number }).b + 0.8 } : item));
    // Groups differ in ability (impact), which MH matching must not mistake for DIF.
    const reference = simulateResponses(compileBank(items), { thetas: Array.from({ length: 2500 }, () => normalDeviate(random)) }, random);
    const focal = simulateResponses(compileBank(shifted), { thetas: Array.from({ length: 2500 }, () => -0.4 + normalDeviate(random)) }, random);
    const results = mantelHaenszel({ responses: [...reference, ...focal], groups: [...reference.map(() => 'reference'), ...focal.map(() => 'focal')] });
    const studied = results[4];
    // Under the Rasch model with total-score matching, ln α_MH = Δb exactly (Holland & Thayer 1988).
    expect(Math.abs(studied.deltaDif - -2.35 * 0.8)).toBeLessThan(3 * studied.se);
    expect(studied.classification).toBe('C');
    const others = results.filter((r) => r.item !== 4);
    // The studied item contaminates the matching score slightly, so small D on others; never C,
    // and at most two B flags at the 5% level over 11 items.
    expect(others.every((r) => r.classification !== 'C')).toBe(true);
    expect(others.filter((r) => r.classification === 'B').length).toBeLessThanOrEqual(2);
  });

  it('needs strata for sparse rows and rejects non-binary responses', () => {
    expect(() => mantelHaenszel({ responses: [[1, null]], groups: ['reference'] })).toThrow(/strata/);
    expect(() => mantelHaenszel({ responses: [[2]], groups: ['reference'] })).toThrow(RangeError);
  });
});
