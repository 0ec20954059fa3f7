import { createPosterior, expectedAPosteriori, type Posterior } from '../../../server/irt/posterior';
import { quadratureGrid } from '../../../server/irt/quadrature';
import { normalDeviate, seededRandom } from '../../../server/irt/random';
import { DEFAULT_PRIOR } from '../../../server/irt/types';
import {
  conditionedPosterior,
  drawFromGrid,
  drawPlausibleValues,
  fitPopulationModel,
  logLikelihoodOnGrid,
  plausibleValuesForPupils,
} from '../../../server/sampling/plausibleValues';
import { combineImputations } from '../../../server/sampling/rubinsRules';
import { SamplingInputError } from '../../../server/sampling/samplingInputError';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

/** A pupil measured with normal error: log L(θ) = −(x − θ)²/(2s²) folded into an engine posterior. */
function measuredPupil(grid: Float64Array, observed: number, errorSd: number): Posterior {
  const posterior = createPosterior(grid, DEFAULT_PRIOR);
  let max = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    posterior.logDensity[i] += -((observed - grid[i]) ** 2) / (2 * errorSd * errorSd);
    max = Math.max(max, posterior.logDensity[i]);
  }
  posterior.maxLogDensity = max;
  return posterior;
}

describe('drawFromGrid', () => {
  it('reproduces a grid distribution’s mean and spread (cell-uniform reading)', () => {
    const grid = quadratureGrid({ points: 121, min: -6, max: 6 });
    const weights = conditionedPosterior(grid, new Float64Array(grid.length), 0.5, 0.8);
    const random = seededRandom(41);
    const draws = Array.from({ length: 20000 }, () => drawFromGrid(grid, weights, random));
    // SE of the mean 0.8/√20000 = 0.0057: tolerance 0.025 is > 4 SE. Spreading mass over cells of
    // width h adds h²/12 = 0.0008 to the variance; the SE of a variance from 20000 normal draws is
    // 0.64·√(2/20000) = 0.0064, tolerance 0.03.
    expect(Math.abs(mean(draws) - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(variance(draws) - (0.64 + 0.01 / 12))).toBeLessThan(0.03);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(-6.05);
    expect(Math.max(...draws)).toBeLessThanOrEqual(6.05);
  });

  it('draws at least 5 values by default and rejects a non-positive count', () => {
    const grid = quadratureGrid();
    const weights = conditionedPosterior(grid, new Float64Array(grid.length), 0, 1);
    expect(drawPlausibleValues(grid, weights, seededRandom(1))).toHaveLength(5);
    expect(() => drawPlausibleValues(grid, weights, seededRandom(1), 0)).toThrow(SamplingInputError);
  });
});

describe('population model and plausible values (normal–normal simulation)', () => {
  // θ ~ N(0.4, 0.9²) in group a, N(−0.3, 0.9²) in group b; x = θ + e, e ~ N(0, 0.7²).
  const grid = quadratureGrid();
  const random = seededRandom(43);
  const pupils = Array.from({ length: 1500 }, (_, i) => {
    const group = i % 2 === 0 ? 'a' : 'b';
    const theta = (group === 'a' ? 0.4 : -0.3) + 0.9 * normalDeviate(random);
    const posterior = measuredPupil(grid, theta + 0.7 * normalDeviate(random), 0.7);
    return { group, theta, posterior, logLikelihood: logLikelihoodOnGrid(posterior) };
  });

  it('recovers the log-likelihood from the engine posterior', () => {
    const ll = pupils[0].logLikelihood;
    const shift = ll[30];
    // Defined up to a constant: compare differences against the normal likelihood directly.
    expect(ll[40] - shift).toBeCloseTo(pupils[0].posterior.logDensity[40] - pupils[0].posterior.logDensity[30] - (-0.5 * grid[40] ** 2 + 0.5 * grid[30] ** 2), 9);
  });

  it('fits group means and the common SD by EM, and plausible values recover the population where EAPs shrink', () => {
    const model = fitPopulationModel(
      grid,
      pupils.map((p) => ({ logLikelihood: p.logLikelihood, weight: 1, group: p.group })),
    );
    expect(model.converged).toBe(true);
    // 750 pupils per group, marginal SD √(0.81 + 0.49) = 1.14: SE of a group mean 0.042 →
    // tolerance 0.15 (> 3.5 SE); SD estimate SE ≈ 0.03 → tolerance 0.12.
    expect(Math.abs(model.means.a - 0.4)).toBeLessThan(0.15);
    expect(Math.abs(model.means.b + 0.3)).toBeLessThan(0.15);
    expect(Math.abs(model.sd - 0.9)).toBeLessThan(0.12);

    const pv = pupils.map((p) => drawPlausibleValues(grid, conditionedPosterior(grid, p.logLikelihood, model.means[p.group], model.sd), random, 5));
    const eap = pupils.map((p) => expectedAPosteriori(p.posterior).theta);
    const groupA = pupils.map((p, i) => i).filter((i) => pupils[i].group === 'a');
    const pvVarianceA = mean([0, 1, 2, 3, 4].map((k) => variance(groupA.map((i) => pv[i][k]))));
    const eapVarianceA = variance(groupA.map((i) => eap[i]));
    // Within-group θ variance is 0.81; the EAP variance is shrunk by the reliability (≈ 0.62).
    expect(Math.abs(pvVarianceA - 0.81)).toBeLessThan(0.15);
    expect(eapVarianceA).toBeLessThan(0.65);
    const contrast = mean(groupA.map((i) => pv[i][0])) - mean(pupils.map((p, i) => i).filter((i) => pupils[i].group === 'b').map((i) => pv[i][0]));
    expect(Math.abs(contrast - 0.7)).toBeLessThan(0.2);
  });
});

describe("Rubin's rules", () => {
  it('combines Q̄, Ū and B into T = Ū + (1 + 1/M)·B', () => {
    // Q = 1, 2, 3 with U = 0.5 each: Q̄ = 2, Ū = 0.5, B = 1, T = 0.5 + 4/3, ν = 2·(1 + 0.5/(4/3))².
    const c = combineImputations([1, 2, 3].map((estimate) => ({ estimate, variance: 0.5 })));
    expect(c.estimate).toBe(2);
    expect(c.samplingVariance).toBe(0.5);
    expect(c.imputationVariance).toBe(1);
    expect(c.totalVariance).toBeCloseTo(0.5 + 4 / 3, 12);
    expect(c.se).toBeCloseTo(Math.sqrt(0.5 + 4 / 3), 12);
    expect(c.degreesOfFreedom).toBeCloseTo(2 * (1 + 0.375) ** 2, 12);
    expect(c.fractionMissingInformation).toBeCloseTo(4 / 3 / (0.5 + 4 / 3), 12);
  });

  it('reduces to the sampling variance when the imputations agree, and needs two of them', () => {
    const c = combineImputations([{ estimate: 4, variance: 0.2 }, { estimate: 4, variance: 0.4 }]);
    expect(c.totalVariance).toBeCloseTo(0.3, 12);
    expect(c.degreesOfFreedom).toBe(Infinity);
    expect(() => combineImputations([{ estimate: 1, variance: 1 }])).toThrow(SamplingInputError);
  });
});

describe('plausibleValuesForPupils', () => {
  it('draws 5 values per pupil under the fitted model and refuses fewer than 5', () => {
    const grid = quadratureGrid();
    const random = seededRandom(47);
    const pupils = Array.from({ length: 200 }, () => ({ posterior: measuredPupil(grid, 0.5 + normalDeviate(random), 0.5), weight: 2, group: 'all' }));
    const { model, plausibleValues } = plausibleValuesForPupils(pupils, random);
    expect(plausibleValues).toHaveLength(200);
    expect(plausibleValues.every((pv) => pv.length === 5)).toBe(true);
    // Observed x has mean 0.5: SE √(1/200) ≈ 0.07 → tolerance 0.3 (> 4 SE).
    expect(Math.abs(model.means.all - 0.5)).toBeLessThan(0.3);
    expect(() => plausibleValuesForPupils(pupils, random, 4)).toThrow(SamplingInputError);
    expect(() => plausibleValuesForPupils([{ ...pupils[0], posterior: measuredPupil(quadratureGrid({ points: 41 }), 0, 1) }, pupils[1]], random)).toThrow(/same grid/);
  });
});
