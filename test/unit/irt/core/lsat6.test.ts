/**
 * LSAT6 (Bock & Lieberman 1970): the published marginal log-likelihoods of R ltm's Rasch
 * (common slope) and 2PL fits, reproduced from the published parameters.
 * logLik = Σ_patterns freq · log ∫ L(pattern | θ) φ(θ) dθ.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileBank } from '../../../../server/irt/bank';
import { logLikelihood } from '../../../../server/irt/likelihood';
import { gaussHermiteNormal, normalGridRule, quadratureGrid, type QuadratureRule } from '../../../../server/irt/quadrature';
import type { Item } from '../../../../server/irt/types';

interface Lsat6 {
  patterns: { pattern: number[]; freq: number }[];
  published_estimates: {
    rasch_common_slope: { a_common: number; b: number[]; logLik: number };
    '2pl': { a: number[]; b: number[]; logLik: number };
  };
}

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const lsat6 = JSON.parse(fs.readFileSync(path.resolve(repoRoot, '..', 'shared', 'data', 'lsat6.json'), 'utf8')) as Lsat6;

function marginalLogLikelihood(items: Item[], rule: QuadratureRule): number {
  const bank = compileBank(items);
  const positions = items.map((_, i) => i);
  let total = 0;
  for (const { pattern, freq } of lsat6.patterns) {
    if (freq === 0) continue;
    let marginal = 0;
    for (let q = 0; q < rule.nodes.length; q++) {
      marginal += rule.weights[q] * Math.exp(logLikelihood(bank, positions, pattern, rule.nodes[q]));
    }
    total += freq * Math.log(marginal);
  }
  return total;
}

const rasch = lsat6.published_estimates.rasch_common_slope;
const twoPl = lsat6.published_estimates['2pl'];
const raschItems: Item[] = rasch.b.map((b, i) => ({ id: `item${i + 1}`, model: '1PL', a: rasch.a_common, b }));
const twoPlItems: Item[] = twoPl.a.map((a, i) => ({ id: `item${i + 1}`, model: '2PL', a, b: twoPl.b[i] }));

describe('LSAT6 marginal log-likelihood from the published estimates', () => {
  it('has 1000 examinees in 32 patterns', () => {
    expect(lsat6.patterns.length).toBe(32);
    expect(lsat6.patterns.reduce((s, p) => s + p.freq, 0)).toBe(1000);
  });

  // Tolerance 0.001. The published logLik is printed to 3 decimals (±0.0005). The Rasch
  // parameters are printed to 4 decimals; as they are the MLE the log-likelihood is flat at
  // them (gradient 0), so rounding by ≤ 5e-5 moves logLik by O(n·δ²) ≈ 1e-5. The 2PL values are
  // given to 7 digits. Quadrature: 21-point Gauss–Hermite is what ltm used; the 61-point
  // rectangular grid on [−6, 6] differs from it by < 1e-4 here (integrands are smooth and
  // the normal tail beyond ±6 holds 2e-9 of the mass).
  it.each([
    ['Rasch (common slope), 21-point Gauss–Hermite', raschItems, rasch.logLik, 'gh'],
    ['Rasch (common slope), 61-point grid', raschItems, rasch.logLik, 'grid'],
    ['2PL, 21-point Gauss–Hermite', twoPlItems, twoPl.logLik, 'gh'],
    ['2PL, 61-point grid', twoPlItems, twoPl.logLik, 'grid'],
  ])('%s reproduces the published logLik within 0.001', (_label, items, published, quadrature) => {
    const rule = quadrature === 'gh' ? gaussHermiteNormal(21) : normalGridRule(quadratureGrid(), { mean: 0, sd: 1 });
    const value = marginalLogLikelihood(items as Item[], rule);
    expect(Math.abs(value - (published as number))).toBeLessThan(0.001);
  });

  it('the two quadratures agree to 1e-4 (the grid is not the source of any discrepancy)', () => {
    const gh = marginalLogLikelihood(twoPlItems, gaussHermiteNormal(21));
    const grid = marginalLogLikelihood(twoPlItems, normalGridRule(quadratureGrid(), { mean: 0, sd: 1 }));
    expect(Math.abs(gh - grid)).toBeLessThan(1e-4);
  });
});
