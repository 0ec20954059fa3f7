import { gaussHermiteNormal, normalGridRule, normalLogDensity, quadratureGrid } from '../../../../server/irt/quadrature';

describe('quadratureGrid', () => {
  it('defaults to 61 equally spaced points on [−6, 6]', () => {
    const grid = quadratureGrid();
    expect(grid.length).toBe(61);
    expect(grid[0]).toBe(-6);
    expect(grid[60]).toBe(6);
    for (let i = 1; i < 61; i++) expect(grid[i] - grid[i - 1]).toBeCloseTo(0.2, 12);
    expect(grid[30]).toBeCloseTo(0, 14);
  });

  it('accepts a partial spec and rejects bad ones', () => {
    const grid = quadratureGrid({ points: 5, min: -2 });
    expect(Array.from(grid)).toEqual([-2, 0, 2, 4, 6]);
    expect(() => quadratureGrid({ points: 1 })).toThrow(RangeError);
    expect(() => quadratureGrid({ min: 3, max: 3 })).toThrow(RangeError);
  });
});

describe('normalLogDensity', () => {
  it('matches the closed form of the normal density', () => {
    expect(normalLogDensity(0, { mean: 0, sd: 1 })).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 14);
    const value = Math.exp(normalLogDensity(1.3, { mean: 0.5, sd: 2 }));
    expect(value).toBeCloseTo(Math.exp(-0.5 * 0.4 ** 2) / (2 * Math.sqrt(2 * Math.PI)), 14);
  });

  it('normalGridRule weights sum to 1 and reproduce the N(0,1) variance on the default grid', () => {
    const rule = normalGridRule(quadratureGrid(), { mean: 0, sd: 1 });
    const sum = rule.weights.reduce((s, w) => s + w, 0);
    expect(sum).toBeCloseTo(1, 14);
    // The rectangle rule on a smooth, rapidly decaying integrand is spectrally accurate at
    // spacing 0.2; what remains is truncation at ±6, where ∫_{|x|>6} x²φ ≈ 2·(6φ(6) + Φ(−6))
    // ≈ 7.3e-8, so the variance is within 1e-7.
    const variance = rule.nodes.reduce((s, x, i) => s + rule.weights[i] * x * x, 0);
    expect(Math.abs(variance - 1)).toBeLessThan(1e-7);
  });
});

describe('gaussHermiteNormal (Golub–Welsch)', () => {
  const doubleFactorial = (n: number): number => (n <= 1 ? 1 : n * doubleFactorial(n - 2));

  it.each([1, 2, 5, 21, 41])('%i-point rule integrates moments exactly up to degree 2n − 1', (n) => {
    const { nodes, weights } = gaussHermiteNormal(n);
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 13);
    for (let degree = 1; degree <= Math.min(2 * n - 1, 20); degree++) {
      const moment = nodes.reduce((s, x, i) => s + weights[i] * x ** degree, 0);
      const exact = degree % 2 === 1 ? 0 : doubleFactorial(degree - 1);
      // Relative to Σ w|x|^degree (the size of the terms summed; odd moments cancel to 0):
      // 1e-13 allows a few hundred ulps of round-off.
      const scale = nodes.reduce((s, x, i) => s + weights[i] * Math.abs(x) ** degree, 0);
      expect(Math.abs(moment - exact)).toBeLessThanOrEqual(1e-13 * scale);
    }
  });

  it('reproduces the textbook 3-point rule: nodes 0, ±√3, weights 2/3, 1/6', () => {
    const { nodes, weights } = gaussHermiteNormal(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(3), 13);
    expect(nodes[1]).toBeCloseTo(0, 13);
    expect(nodes[2]).toBeCloseTo(Math.sqrt(3), 13);
    expect(weights[0]).toBeCloseTo(1 / 6, 13);
    expect(weights[1]).toBeCloseTo(2 / 3, 13);
  });
});
