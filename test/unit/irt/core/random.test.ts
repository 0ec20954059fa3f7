import { normalDeviate, seededRandom } from '../../../../server/irt/random';

describe('seededRandom', () => {
  it('reproduces the same stream for the same seed and differs across seeds', () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    const other = seededRandom(43);
    const a = Array.from({ length: 100 }, () => first());
    const b = Array.from({ length: 100 }, () => second());
    const c = Array.from({ length: 100 }, () => other());
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const u of a) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('is uniform: chi-square over 100 bins of 100,000 draws below the 0.999 critical value', () => {
    // χ²(99) 0.999 quantile = 148.23: a correct generator fails this once in 1000 seeds; the
    // seed is fixed so the test is deterministic.
    const random = seededRandom(20261123);
    const bins = new Array<number>(100).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) bins[Math.floor(random() * 100)] += 1;
    const expected = n / 100;
    const chiSquare = bins.reduce((sum, observed) => sum + ((observed - expected) ** 2) / expected, 0);
    expect(chiSquare).toBeLessThan(148.23);
    // And not suspiciously perfect (0.001 quantile of χ²(99) = 58.5).
    expect(chiSquare).toBeGreaterThan(58.5);
  });

  it('has no lag-1 correlation (|r| < 4/√n, four standard errors)', () => {
    const random = seededRandom(7);
    const n = 50_000;
    let previous = random();
    let sxy = 0;
    let sx = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      const next = random();
      sxy += previous * next;
      sx += previous;
      sxx += previous * previous;
      previous = next;
    }
    const mean = sx / n;
    const r = (sxy / n - mean * mean) / (sxx / n - mean * mean);
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('rejects a non-finite seed', () => {
    expect(() => seededRandom(Number.NaN)).toThrow(RangeError);
  });
});

describe('normalDeviate', () => {
  it('has mean 0, variance 1 and kurtosis 3 within sampling error (5 SE)', () => {
    const random = seededRandom(99);
    const n = 200_000;
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const z = normalDeviate(random);
      m1 += z;
      m2 += z * z;
      m4 += z ** 4;
    }
    m1 /= n;
    m2 /= n;
    m4 /= n;
    // SE of the mean 1/√n, of the variance √(2/n), of the 4th moment √(96/n).
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('puts 95% of draws within ±1.96 (binomial 5 SE)', () => {
    const random = seededRandom(5);
    const n = 100_000;
    let inside = 0;
    for (let i = 0; i < n; i++) if (Math.abs(normalDeviate(random)) < 1.959964) inside += 1;
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / n));
  });
});
