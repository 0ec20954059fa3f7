import { compileBank } from '../../../../server/irt/bank';
import { itemInformation } from '../../../../server/irt/information';
import { categoryProbabilities } from '../../../../server/irt/models';
import { addResponse, createPosterior, posteriorWeights } from '../../../../server/irt/posterior';
import { quadratureGrid } from '../../../../server/irt/quadrature';
import { seededRandom } from '../../../../server/irt/random';
import { randomesquePick, rankItems } from '../../../../server/irt/selection';
import { DEFAULT_PRIOR } from '../../../../server/irt/types';
import { mixedItems } from './syntheticBanks';

const bank = compileBank(mixedItems(600, 11));
const everyItem = new Uint8Array(bank.size).fill(1);

function bruteForceTop(score: (i: number) => number, count: number, available = everyItem): number[] {
  const order: number[] = [];
  for (let i = 0; i < bank.size; i++) if (available[i]) order.push(i);
  order.sort((x, y) => score(y) - score(x) || x - y);
  return order.slice(0, count);
}

describe('maximum Fisher information selection', () => {
  // The screened short list must contain the exact top items: compare with a brute-force ranking
  // by exact information over the whole bank, at θ on and between grid points and in the tails.
  it.each([-3.05, -1.1, 0, 0.37, 1.93, 4.2])('matches a brute-force exact ranking at θ = %p', (theta) => {
    const ranked = rankItems(bank, { method: 'MFI', theta, available: everyItem, count: 5 });
    expect(ranked).toEqual(bruteForceTop((i) => itemInformation(bank, i, theta), 5));
  });

  it('skips unavailable items and honours the accept predicate', () => {
    const available = everyItem.slice();
    const best = bruteForceTop((i) => itemInformation(bank, i, 0.5), 3);
    available[best[0]] = 0;
    const rejected = best[1];
    const ranked = rankItems(bank, { method: 'MFI', theta: 0.5, available, accept: (i) => i !== rejected, count: 3 });
    expect(ranked).not.toContain(best[0]);
    expect(ranked).not.toContain(rejected);
    expect(ranked[0]).toBe(best[2]);
  });

  it('returns fewer items when fewer are admissible, and none when none are', () => {
    const available = new Uint8Array(bank.size);
    available[3] = available[7] = 1;
    expect(rankItems(bank, { method: 'MFI', theta: 0, available, count: 5 }).sort()).toEqual([3, 7]);
    expect(rankItems(bank, { method: 'MFI', theta: 0, available: new Uint8Array(bank.size), count: 1 })).toEqual([]);
  });
});

describe('posterior-weighted Kullback–Leibler selection', () => {
  it('matches the double-precision definition ∫ Σ_k P_k(θ̂) log(P_k(θ̂)/P_k(θ)) π(θ|x) dθ', () => {
    const grid = quadratureGrid();
    const posterior = createPosterior(grid, DEFAULT_PRIOR);
    [5, 40, 77, 300].forEach((item, k) => addResponse(posterior, bank, item, k % 2));
    const weights = posteriorWeights(posterior, new Float64Array(grid.length));
    const theta = 0.4;
    const p = new Float64Array(bank.maxCategories);
    const q = new Float64Array(bank.maxCategories);
    const kl = (i: number): number => {
      categoryProbabilities(bank, i, theta, p);
      let sum = 0;
      for (let g = 0; g < grid.length; g++) {
        categoryProbabilities(bank, i, grid[g], q);
        for (let k = 0; k < bank.categories[i]; k++) sum += weights[g] * p[k] * (Math.log(p[k]) - Math.log(q[k]));
      }
      return sum;
    };
    const ranked = rankItems(bank, { method: 'KL', theta, posterior, available: everyItem, count: 4 });
    expect(ranked).toEqual(bruteForceTop(kl, 4));
  });
});

describe('closest-difficulty and random selection', () => {
  it('closest picks the smallest |b − θ| (polytomous: mean threshold)', () => {
    const ranked = rankItems(bank, { method: 'closest', theta: -0.8, available: everyItem, count: 3 });
    expect(ranked).toEqual(bruteForceTop((i) => -Math.abs(bank.b[i] + 0.8), 3));
  });

  it('random draws only available items, uniformly (chi-square, df 9, 1% critical value 21.67)', () => {
    const available = new Uint8Array(bank.size);
    for (let i = 0; i < 10; i++) available[i * 7] = 1;
    const random = seededRandom(5);
    const counts = new Map<number, number>();
    const draws = 5000;
    for (let d = 0; d < draws; d++) {
      const [item] = rankItems(bank, { method: 'random', theta: 0, available, count: 1, random });
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect([...counts.keys()].every((i) => available[i] === 1)).toBe(true);
    const expected = draws / 10;
    const chiSquare = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(counts.size).toBe(10);
    expect(chiSquare).toBeLessThan(21.67);
  });

  it('randomesque picks each of the k best about equally often', () => {
    const random = seededRandom(9);
    const ranked = [10, 20, 30, 40];
    const counts = [0, 0, 0, 0];
    for (let d = 0; d < 4000; d++) counts[ranked.indexOf(randomesquePick(ranked, random))]++;
    // df 3, 1% critical value 11.34.
    const chiSquare = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chiSquare).toBeLessThan(11.34);
  });
});
