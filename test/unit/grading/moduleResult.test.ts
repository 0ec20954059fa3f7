import { compileBank } from '../../../server/irt/bank';
import { addResponse, bandProbabilities, createPosterior, expectedAPosteriori } from '../../../server/irt/posterior';
import { expectedScore } from '../../../server/irt/models';
import { quadratureGrid } from '../../../server/irt/quadrature';
import { normalDeviate, seededRandom } from '../../../server/irt/random';
import type { Item } from '../../../server/irt/types';
import { answerItem, startAdaptiveTest, type AdaptiveTestConfig } from '../../../server/irt/adaptiveTest';
import { GradeCuts, gradeIndex, proposeCutScores } from '../../../server/grading/cutScores';
import { expectedSuccess } from '../../../server/grading/expectedSuccess';
import {
  canDoStatement, moduleResult, reportingScaleScore, ReportingScale,
} from '../../../server/grading/moduleResult';
import { RuleValidationError } from '../../../server/grading/ruleValidationError';
import { thrownError } from '../credits/thrownError';

const scale: ReportingScale = { name: 'Waymark scale', intercept: 100, slope: 15, decimals: 0 };

function fixture() {
  const items: Item[] = [
    { id: 'n1', model: '2PL', a: 1.2, b: -1.2, tags: { criterion: 'N1' } },
    { id: 'n2', model: '2PL', a: 1.0, b: -0.8, tags: { criterion: 'N1' } },
    { id: 'f1', model: '2PL', a: 1.4, b: 0.1, tags: { criterion: 'F1' } },
    { id: 'f2', model: 'GRM', a: 1.1, thresholds: [-0.4, 0.6], tags: { criterion: 'F1' } },
    { id: 'p1', model: '2PL', a: 0.9, b: 1.2 },
  ];
  const bank = compileBank(items);
  const documents = [{ id: 'p1', criteria: ['P1'] }];
  const criteria = [
    { id: 'N1', grade: 'E', statement: 'You can order decimals' },
    { id: 'F1', grade: 'D', statement: 'simplify fractions' },
    { id: 'P1', grade: 'C', statement: 'You can find a percentage of an amount' },
    { id: 'R1', grade: 'C', statement: 'You can share in a ratio' },
  ];
  const proposal = proposeCutScores({ bank, grades: ['U', 'E', 'D', 'C'], criteria, documents });
  const cutScores: GradeCuts = { moduleId: 'fdp', version: 3, grades: proposal.grades, cuts: proposal.boundaries.map((b) => b.theta) };
  return { bank, documents, criteria, cutScores };
}

describe('module result', () => {
  const { bank, documents, criteria, cutScores } = fixture();

  it('reports θ, SE, scale score, grade, its probability and the criteria shown', () => {
    const posterior = createPosterior(quadratureGrid(), { mean: 0, sd: 1 });
    [[0, 1], [1, 1], [2, 1], [3, 1]].forEach(([item, x]) => addResponse(posterior, bank, item, x));
    const eap = expectedAPosteriori(posterior);
    const result = moduleResult({ bank, posterior, cutScores, reportingScale: scale, criteria, documents, stopReason: 'se-reached' });
    expect(result.theta).toBe(eap.theta);
    expect(result.se).toBe(eap.se);
    expect(result.scaleScore).toBe(Math.round(100 + 15 * eap.theta));
    expect(result.scaleSe).toBeCloseTo(15 * eap.se, 12);
    const band = gradeIndex(eap.theta, cutScores.cuts);
    expect(result.grade).toBe(cutScores.grades[band]);
    expect(result.gradeProbability).toBe(bandProbabilities(posterior, cutScores.cuts)[band]);
    expect(result.cutScores).toEqual({ moduleId: 'fdp', version: 3 });
    expect(result.stopReason).toBe('se-reached');
    for (const c of result.criteria) {
      if (c.id === 'R1') {
        expect(c).toEqual({ id: 'R1', statement: 'You can share in a ratio', shown: false, expectedSuccess: null, items: 0 });
        continue;
      }
      const positions = c.id === 'N1' ? [0, 1] : c.id === 'F1' ? [2, 3] : [4];
      expect(c.expectedSuccess).toBeCloseTo(expectedSuccess(bank, positions, eap.theta), 12);
      expect(c.shown).toBe((c.expectedSuccess as number) >= 0.67);
    }
    expect(result.canDo).toEqual(result.criteria.filter((c) => c.shown).map((c) => c.statement));
  });

  it('a pupil exactly at a grade’s cut has expected success RP on that grade’s items: the grade and its criteria agree', () => {
    const posterior = createPosterior(quadratureGrid(), { mean: 0, sd: 1 });
    const cutD = cutScores.cuts[1];
    const at = moduleResult({ bank, posterior, estimate: { theta: cutD, se: 0.3 }, cutScores, reportingScale: scale, criteria, documents });
    expect(at.grade).toBe('D');
    const f1 = at.criteria.find((c) => c.id === 'F1');
    // Both items evidence F1 only, so the D items and the F1 items are the same set.
    expect(f1?.expectedSuccess).toBeCloseTo(0.67, 9);
    expect(at.canDo).toEqual(['You can order decimals', 'You can simplify fractions']);
    const below = moduleResult({ bank, posterior, estimate: { theta: cutD - 1e-6, se: 0.3 }, cutScores, reportingScale: scale, criteria, documents });
    expect(below.grade).toBe('E');
    expect(below.canDo).toEqual(['You can order decimals']);
    // The GRM item counts by its expected proportion of 2 marks.
    expect(expectedSuccess(bank, [3], 0)).toBeCloseTo(expectedScore(bank, 3, 0) / 2, 12);
  });

  it('phrases every statement as “You can …”', () => {
    expect(canDoStatement('simplify fractions')).toBe('You can simplify fractions');
    expect(canDoStatement('  you can  Add fractions ')).toBe('You can Add fractions');
    expect(canDoStatement('Use a protractor')).toBe('You can use a protractor');
  });

  it('converts θ to the reporting scale linearly, with rounding and limits', () => {
    expect(reportingScaleScore(0.5, scale)).toBe(108);
    expect(reportingScaleScore(-0.5, scale)).toBe(93);
    expect(reportingScaleScore(1 / 3, { intercept: 5, slope: 1.5, decimals: 1 })).toBe(5.5);
    expect(reportingScaleScore(-0.1, { intercept: 0, slope: 5, decimals: 0 })).toBe(-1);
    expect(reportingScaleScore(-6, { intercept: 5, slope: 1, decimals: 0, min: 1, max: 9 })).toBe(1);
    expect(reportingScaleScore(6, { intercept: 5, slope: 1, decimals: 0, min: 1, max: 9 })).toBe(9);
  });

  it('rejects a broken reporting scale or cut scores, naming the fields', () => {
    const posterior = createPosterior(quadratureGrid(), { mean: 0, sd: 1 });
    const err = thrownError<RuleValidationError>(() => moduleResult({
      bank, posterior, criteria, cutScores: { ...cutScores, cuts: [0, -1, 1] }, reportingScale: { intercept: 100, slope: 0, decimals: 0.5 },
    }));
    expect(err).toBeInstanceOf(RuleValidationError);
    expect(err.details.map((d) => d.path)).toEqual(['/cuts/1', '/reportingScale/slope', '/reportingScale/decimals']);
  });
});

describe('classification probabilities: consistency by simulation', () => {
  /*
   * Pupils are drawn from N(0, 1), the prior of the EAP posterior, and sit a fixed 20-item 2PL
   * form. The probability that the grade is right is then a calibrated posterior probability:
   * averaged over pupils, it must equal the share of pupils whose true θ lies in the band of
   * their reported grade. (At one fixed θ it need not: the posterior shrinks towards the
   * prior mean, so the statement is about the population the prior describes.)
   *
   * Tolerance: the hit count is a sum of independent Bernoulli(p_i) given the predictions, so
   * its SD is sqrt(Σ p_i(1 − p_i)); we allow 3.5 SD (a false alarm rate below 1 in 2,000), for
   * all pupils and within each quartile of predicted probability. The 61-point grid's
   * quadrature error in the band masses is far below this sampling tolerance.
   */
  const N = 4000;
  const random = seededRandom(20261123);
  const items: Item[] = Array.from({ length: 20 }, (_, i) => ({
    id: `q${i}`, model: '2PL' as const, a: 0.8 + 0.6 * random(), b: -2 + (4 * i) / 19,
  }));
  const bank = compileBank(items);
  const cuts: GradeCuts = { moduleId: 'sim', version: 1, grades: ['U', 'E', 'D', 'C', 'B'], cuts: [-1.2, -0.3, 0.5, 1.3] };
  const grid = quadratureGrid();
  const predicted: number[] = [];
  const hit: boolean[] = [];
  for (let p = 0; p < N; p += 1) {
    const theta = normalDeviate(random);
    const posterior = createPosterior(grid, { mean: 0, sd: 1 });
    for (let i = 0; i < bank.size; i += 1) {
      addResponse(posterior, bank, i, random() < expectedScore(bank, i, theta) ? 1 : 0);
    }
    const result = moduleResult({ bank, posterior, cutScores: cuts, reportingScale: scale, criteria: [] });
    predicted.push(result.gradeProbability);
    hit.push(cuts.grades[gradeIndex(theta, cuts.cuts)] === result.grade);
  }

  function check(indices: number[]) {
    const expectedHits = indices.reduce((s, i) => s + predicted[i], 0);
    const sd = Math.sqrt(indices.reduce((s, i) => s + predicted[i] * (1 - predicted[i]), 0));
    const observedHits = indices.filter((i) => hit[i]).length;
    return { expectedHits, observedHits, sd };
  }

  it('over all pupils, the correct-grade rate equals the mean classification probability within 3.5 SD', () => {
    const { expectedHits, observedHits, sd } = check(predicted.map((_, i) => i));
    expect(Math.abs(observedHits - expectedHits)).toBeLessThanOrEqual(3.5 * sd);
    // The test must be informative enough to mean something: most pupils classified correctly, some not.
    expect(observedHits / N).toBeGreaterThan(0.5);
    expect(observedHits / N).toBeLessThan(0.95);
  });

  it('within each quartile of predicted probability, the rate matches the prediction within 3.5 SD', () => {
    // Quartiles of the predicted probability, so every bin holds N/4 pupils.
    const order = predicted.map((_, i) => i).sort((x, y) => predicted[x] - predicted[y]);
    for (let b = 0; b < 4; b += 1) {
      const indices = order.slice((b * N) / 4, ((b + 1) * N) / 4);
      const { expectedHits, observedHits, sd } = check(indices);
      expect(Math.abs(observedHits - expectedHits)).toBeLessThanOrEqual(3.5 * sd);
    }
  });
});

describe('classification probabilities: consistency through the adaptive engine', () => {
  /*
   * The same check with the engine's adaptive test (MFI, randomesque 3, fixed length 12, EAP)
   * on a 150-item 2PL bank. Adaptive selection depends only on earlier responses, so the
   * posterior stays a correct Bayesian posterior and its band masses stay calibrated over the
   * N(0, 1) population. Same tolerance: 3.5 SD of the hit count given the predictions.
   */
  const N = 2000;
  const random = seededRandom(5);
  const items: Item[] = Array.from({ length: 150 }, (_, i) => ({
    id: `c${i}`, model: '2PL' as const, a: 0.7 + 0.8 * random(), b: normalDeviate(random) * 1.2,
  }));
  const bank = compileBank(items);
  const config: AdaptiveTestConfig = { selection: { method: 'MFI', randomesque: 3 }, stop: { minItems: 12, maxItems: 12 } };
  const cuts: GradeCuts = { moduleId: 'cat', version: 1, grades: ['U', 'E', 'D', 'C'], cuts: [-0.8, 0, 0.9] };
  const predicted: number[] = [];
  let hits = 0;
  for (let p = 0; p < N; p += 1) {
    const theta = normalDeviate(random);
    const { state } = startAdaptiveTest(bank, config, 1000 + p);
    while (state.report.nextItem !== null) {
      const item = state.report.nextItem;
      answerItem(bank, config, state, item, random() < expectedScore(bank, item, theta) ? 1 : 0);
    }
    const result = moduleResult({
      bank, posterior: state.posterior, cutScores: cuts, reportingScale: scale, criteria: [], stopReason: state.report.stop?.reason,
    });
    expect(result.stopReason).toBe('max-items');
    predicted.push(result.gradeProbability);
    if (cuts.grades[gradeIndex(theta, cuts.cuts)] === result.grade) hits += 1;
  }

  it('the correct-grade rate equals the mean classification probability within 3.5 SD', () => {
    const expectedHits = predicted.reduce((s, p) => s + p, 0);
    const sd = Math.sqrt(predicted.reduce((s, p) => s + p * (1 - p), 0));
    expect(Math.abs(hits - expectedHits)).toBeLessThanOrEqual(3.5 * sd);
    expect(hits / N).toBeGreaterThan(0.5);
  });
});
