import { compileBank } from '../../../../server/irt/bank';
import { calibrate } from '../../../../server/irt/calibration/calibrate';
import { residualFit } from '../../../../server/irt/calibration/itemFit';
import { CalibrationInputError, responseData } from '../../../../server/irt/calibration/responseData';
import { simulateResponses } from '../../../../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../../../../server/irt/random';
import type { Item } from '../../../../server/irt/types';

describe('residual item fit (infit/outfit)', () => {
  it('is near 1 for items that fit and well above 1 for an item answered at random', () => {
    const random = seededRandom(55);
    const items: Item[] = Array.from({ length: 15 }, (_, i) => ({ id: `q${i}`, model: '2PL', a: 1.5, b: -2 + (4 * i) / 14 }));
    const bank = compileBank(items);
    const rows = simulateResponses(bank, { thetas: Array.from({ length: 1500 }, () => normalDeviate(random)) }, random);
    for (const row of rows) row[7] = random() < 0.5 ? 1 : 0; // item 7: a coin flip, unrelated to θ
    const fit = residualFit(bank, responseData(rows, null, (i) => `/responses/${i}`));
    const bad = fit[7];
    expect(bad.infit).toBeGreaterThan(1.3);
    expect(bad.outfit).toBeGreaterThan(1.5);
    for (const f of fit) {
      if (f.item === 7) continue;
      expect(f.infit).toBeLessThan(bad.infit - 0.2);
      expect(f.outfit).toBeLessThan(bad.outfit - 0.2);
      // θ̂ comes from the same 15 responses, which pulls mean squares below 1 (most for outfit
      // at the easiest and hardest items, where residuals are rarest): measured 0.51–1.23 for
      // outfit and 0.78–1.04 for infit on clean data. Bounds: infit 0.7–1.2, outfit 0.4–1.35.
      expect(f.infit).toBeGreaterThan(0.7);
      expect(f.infit).toBeLessThan(1.2);
      expect(f.outfit).toBeGreaterThan(0.4);
      expect(f.outfit).toBeLessThan(1.35);
    }
  });
});

describe('calibrate input validation', () => {
  const pathOf = (input: unknown): string => {
    try {
      calibrate(input as never);
    } catch (error) {
      if (error instanceof CalibrationInputError) return error.path;
      throw error;
    }
    throw new Error('expected a CalibrationInputError');
  };

  it('names the offending field', () => {
    expect(pathOf({ model: '5PL', responses: [[1]] })).toBe('/model');
    expect(pathOf({ model: '2PL' })).toBe('');
    expect(pathOf({ model: '2PL', responses: [[1, 0], [1]] })).toBe('/responses/1');
    expect(pathOf({ model: '2PL', responses: [[1, 'x']] })).toBe('/responses/0/1');
    expect(pathOf({ model: '2PL', responses: [[1, 2], [0, 1]] })).toBe('/responses/*/1');
    expect(pathOf({ model: '2PL', responses: [[1, null], [0, null]] })).toBe('/responses/*/1');
    expect(pathOf({ model: '2PL', patterns: [{ pattern: [1, 0], freq: -1 }] })).toBe('/patterns/0/freq');
    expect(pathOf({ model: '2PL', responses: [[1, 0]], quadrature: { points: 1 } })).toBe('/quadrature');
    expect(pathOf({ model: '2PL', responses: [[1, 0]], anchors: { 5: { model: '2PL', a: 1, b: 0 } } })).toBe('/anchors/5');
    expect(pathOf({ model: '2PL', responses: [[1, 0]], anchors: { 0: { model: '2PL', a: -1, b: 0 } } })).toBe('/anchors/0/a');
  });

  it('returns the issue-7 output shape for each model', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 300 }, () => {
      const theta = normalDeviate(random);
      return [0, 1, 2, 3].map((j) => (random() < 1 / (1 + Math.exp(-(theta - j + 1.5))) ? 1 : 0));
    });
    const twoPl = calibrate({ model: '2PL', responses: rows });
    expect(Object.keys(twoPl).sort()).toEqual(['ability', 'converged', 'items', 'iterations', 'logLik', 'model', 'standardErrors']);
    expect(twoPl.items[0]).toEqual({ model: '2PL', a: expect.any(Number), b: expect.any(Number), se: { a: expect.any(Number), b: expect.any(Number) }, n: 300 });
    const rasch = calibrate({ model: 'Rasch', patterns: rows.map((pattern) => ({ pattern, freq: 1 })) });
    expect(rasch.items[0]).toEqual({ model: 'Rasch', b: expect.any(Number), se: { b: expect.any(Number) }, n: 300 });
    expect(rasch.ability.sd).toBeGreaterThan(0);
    expect(rasch.ability.se.sd).toEqual(expect.any(Number));
  });
});

describe('calibrate refuses items with no finite estimate', () => {
  it('names an all-correct column and a polytomous column with an empty middle category', () => {
    const error = (input: unknown): CalibrationInputError => {
      try {
        calibrate(input as never);
      } catch (e) {
        if (e instanceof CalibrationInputError) return e;
        throw e;
      }
      throw new Error('expected a CalibrationInputError');
    };
    const allCorrect = error({ model: '2PL', responses: [[1, 0], [1, 1], [1, 0]] });
    expect(allCorrect.path).toBe('/responses/*/0');
    expect(allCorrect.message).toMatch(/category 0/);
    const gap = error({ model: 'GPCM', responses: [[0, 1], [2, 0], [2, 1]] });
    expect(gap.path).toBe('/responses/*/0');
    expect(gap.message).toMatch(/category 1/);
  });
});
