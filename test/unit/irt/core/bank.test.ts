import { compileBank, ItemKind, ItemParameterError } from '../../../../server/irt/bank';
import { logCategoryProbability } from '../../../../server/irt/models';
import type { Item, SlopeInterceptItem } from '../../../../server/irt/types';
import { mixedBank, mixedItems } from './fixtures';

function errorOf(items: unknown[], options?: { commonSlope?: number }): ItemParameterError {
  try {
    compileBank(items as Item[], options);
  } catch (error) {
    if (error instanceof ItemParameterError) return error;
    throw error;
  }
  throw new Error('expected an ItemParameterError');
}

describe('compileBank', () => {
  it('lays items out in typed arrays with an id index', () => {
    expect(mixedBank.size).toBe(mixedItems.length);
    expect(mixedBank.index.get('grm')).toBe(6);
    expect(mixedBank.kind[6]).toBe(ItemKind.Graded);
    expect(mixedBank.kind[8]).toBe(ItemKind.PartialCredit);
    expect(mixedBank.kind[3]).toBe(ItemKind.Dichotomous);
    expect(Array.from(mixedBank.categories)).toEqual([2, 2, 2, 2, 2, 2, 5, 2, 4, 3]);
    expect(mixedBank.maxCategories).toBe(5);
    expect(mixedBank.a[0]).toBe(1);
    expect(mixedBank.slope[5]).toBeCloseTo(1.702 * 1.1, 14);
    expect(mixedBank.c[3]).toBe(0.22);
    expect(mixedBank.d[4]).toBe(0.93);
    const start = mixedBank.offsets[6];
    expect(Array.from(mixedBank.thresholds.subarray(start, mixedBank.offsets[7]))).toEqual([-1.5, -0.2, 0.6, 2.1]);
    expect(Array.from(mixedBank.stepSums.subarray(mixedBank.offsets[8], mixedBank.offsets[9]))).toEqual([0.8, 0.8 - 0.6, 0.8 - 0.6 + 1.3].map((v) => expect.closeTo(v, 14)));
    expect(mixedBank.offsets[mixedBank.size]).toBe(mixedBank.thresholds.length);
  });

  it('gives 1PL items the common slope when they carry none', () => {
    const bank = compileBank([{ id: 'x', model: '1PL', b: 0 }, { id: 'y', model: '1PL', b: 1, a: 0.5 }], { commonSlope: 0.7551 });
    expect(bank.a[0]).toBe(0.7551);
    expect(bank.a[1]).toBe(0.5);
    expect(compileBank([{ id: 'z', model: '1PL', b: 0 }]).a[0]).toBe(1);
  });

  it('converts slope–intercept input at the edge (intercept = −a·b)', () => {
    const input: SlopeInterceptItem[] = [
      { id: 'si', model: '2PL', a: 1.5, intercept: 0.6 },
      { id: 'sg', model: 'GRM', a: 2, intercepts: [1, -1] },
    ];
    const bank = compileBank(input);
    expect(bank.b[0]).toBeCloseTo(-0.4, 14);
    expect(bank.items[0]).toEqual({ id: 'si', model: '2PL', a: 1.5, b: expect.closeTo(-0.4, 14) });
    expect(Array.from(bank.thresholds)).toEqual([-0.5, 0.5]);
    const reference = compileBank([{ id: 'r', model: '2PL', a: 1.5, b: -0.4 }]);
    expect(logCategoryProbability(bank, 0, 0.3, 1)).toBeCloseTo(logCategoryProbability(reference, 0, 0.3, 1), 14);
  });

  it.each([
    [{ id: 'e', model: '2PL', a: 0, b: 0 }, 'a'],
    [{ id: 'e', model: '2PL', a: -1, b: 0 }, 'a'],
    [{ id: 'e', model: '2PL', a: 1, b: Number.NaN }, 'b'],
    [{ id: 'e', model: '2PL', a: 1, b: Infinity }, 'b'],
    [{ id: 'e', model: '2PL', a: 1 }, 'b'],
    [{ id: 'e', model: '3PL', a: 1, b: 0, c: 1 }, 'c'],
    [{ id: 'e', model: '3PL', a: 1, b: 0, c: -0.1 }, 'c'],
    [{ id: 'e', model: '2PL', a: 1, b: 0, c: 0.2 }, 'c'],
    [{ id: 'e', model: '4PL', a: 1, b: 0, c: 0.3, d: 0.3 }, 'd'],
    [{ id: 'e', model: '4PL', a: 1, b: 0, c: 0.1, d: 1.2 }, 'd'],
    [{ id: 'e', model: 'Rasch', a: 1.2, b: 0 }, 'a'],
    [{ id: 'e', model: 'PCM', a: 2, steps: [0] }, 'a'],
    [{ id: 'e', model: 'GRM', a: 1, thresholds: [0.5, 0.5] }, 'thresholds/1'],
    [{ id: 'e', model: 'GRM', a: 1, thresholds: [] }, 'thresholds'],
    [{ id: 'e', model: 'GRM', a: 1, thresholds: [0, 'x'] }, 'thresholds/1'],
    [{ id: 'e', model: 'GPCM', a: 1 }, 'steps'],
    [{ id: 'e', model: '2PL', a: 1, b: 0, D: 0 }, 'D'],
    [{ id: 'e', model: 'XPL', a: 1, b: 0 }, 'model'],
    [{ id: '', model: '2PL', a: 1, b: 0 }, 'id'],
    [{ id: 'e', model: '2PL', a: 1, b: 0, intercept: 0 }, 'intercept'],
  ])('rejects %j naming field %s', (item, field) => {
    const error = errorOf([item]);
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('rejects duplicate ids and names the item', () => {
    const error = errorOf([{ id: 'dup', model: 'Rasch', b: 0 }, { id: 'dup', model: 'Rasch', b: 1 }]);
    expect(error.itemId).toBe('dup');
    expect(error.field).toBe('id');
  });

  it('stores a 100,000-item bank in O(items) typed arrays (no per-item grid tables)', () => {
    const items: Item[] = Array.from({ length: 100_000 }, (_, i) =>
      i % 3 === 2 ? { id: `g${i}`, model: 'GRM', a: 1, thresholds: [-1, 0, 1] } : { id: `q${i}`, model: '3PL', a: 1, b: 0, c: 0.2 },
    );
    const bank = compileBank(items);
    const typedBytes = [bank.categories, bank.kind, bank.a, bank.D, bank.slope, bank.b, bank.c, bank.d, bank.offsets, bank.thresholds, bank.stepSums]
      .reduce((s, array) => s + array.byteLength, 0);
    // 6 Float64 + 2 Uint8 + 1 Uint32 per item, plus 2 Float64 per polytomous threshold: ≈ 6.6 MB.
    expect(typedBytes).toBeLessThan(8 * 1024 * 1024);
  });
});
