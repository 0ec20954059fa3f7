/**
 * The whole national pipeline on simulated pupils, through the real engine: frame → school and
 * pupil samples → rotated forms → IRT responses → engine posteriors → plausible values →
 * weights and JK2 replicates → national estimates. Checks against the known population.
 */
import { compileBank } from '../../../server/irt/bank';
import { addResponse, createPosterior, expectedAPosteriori } from '../../../server/irt/posterior';
import { quadratureGrid } from '../../../server/irt/quadrature';
import { seededRandom } from '../../../server/irt/random';
import { simulatedResponse } from '../../../server/irt/simulation';
import { DEFAULT_PRIOR, type DichotomousItem } from '../../../server/irt/types';
import { nationalEstimates, type AnalysisPupil } from '../../../server/sampling/estimates';
import { buildBlocks, rotateBlocks, spiralForms } from '../../../server/sampling/forms';
import { plausibleValuesForPupils } from '../../../server/sampling/plausibleValues';
import { computeReplicateWeights } from '../../../server/sampling/replicates';
import { drawSample, simulatePopulation } from './population';

describe('national pipeline (simulation through the IRT engine)', () => {
  const random = seededRandom(61);
  const population = simulatePopulation(random, 400);
  const items: DichotomousItem[] = Array.from({ length: 36 }, (_, i) => ({ id: `i${i}`, model: '2PL', a: 0.9 + (i % 4) * 0.25, b: -2 + (4 * i) / 35 }));
  const bank = compileBank(items);
  // 6 blocks of 6 items, 2 blocks per form: each pupil answers 12 of the 36 items.
  const blocks = buildBlocks([], items.map((item) => item.id), 6);
  const forms = rotateBlocks(blocks, 2);
  const blockItems = new Map(blocks.map((b) => [b.blockId, b.itemIds]));
  const sample = drawSample(population, 36, random, { schoolRefusal: 0.1, pupilAbsence: 0.05 });
  const reps = computeReplicateWeights(sample.weighting, { kind: 'JK2' });
  const grid = quadratureGrid();
  const scratch = new Float64Array(bank.maxCategories);

  const formOf = new Map<string, string>();
  for (const school of sample.weighting) {
    for (const a of spiralForms(school.pupils.map((p) => p.pupilId), forms, random)) formOf.set(a.pupilId, a.formId);
  }
  const responding = reps.fullSample.pupils.map((p) => {
    const record = sample.pupils.get(p.pupilId) as { score: number; disadvantaged: boolean };
    const posterior = createPosterior(grid, DEFAULT_PRIOR);
    const form = forms.find((f) => f.formId === formOf.get(p.pupilId));
    for (const blockId of form?.blockIds ?? []) {
      for (const id of blockItems.get(blockId) ?? []) {
        const item = bank.index.get(id) as number;
        addResponse(posterior, bank, item, simulatedResponse(bank, item, record.score, random, scratch));
      }
    }
    return { weight: p, record, posterior };
  });
  const { model, plausibleValues } = plausibleValuesForPupils(
    responding.map((r) => ({ posterior: r.posterior, weight: r.weight.weight, group: `${r.weight.stratum}|${r.record.disadvantaged}` })),
    random,
  );
  const pupils: AnalysisPupil[] = responding.map((r, i) => ({
    stratum: r.weight.stratum,
    reportingGroups: { disadvantaged: r.record.disadvantaged ? 'yes' : 'no' },
    plausibleValues: plausibleValues[i],
    weight: r.weight.weight,
    zone: reps.pupilZones[i],
  }));
  const estimates = nationalEstimates({ pupils, replicateWeights: reps.replicateWeights, coefficients: reps.coefficients, cuts: [{ label: 'zero', value: 0 }] });
  const all = population.schools.flatMap((s) => s.pupils);

  it('fits the population model', () => {
    expect(model.converged).toBe(true);
    expect(Object.keys(model.means)).toHaveLength(6);
  });

  it('recovers the national mean and share within 4 SE, with measurement variance from the plausible values', () => {
    // 4 SE: a correct procedure fails this with probability 6e-5.
    const nation = estimates[0];
    const mean = nation.mean;
    if (!mean || !nation.atOrAbove) throw new Error('the nation must be published');
    expect(Math.abs(mean.estimate - population.mean)).toBeLessThan(4 * mean.se);
    expect(mean.imputationVariance).toBeGreaterThan(0);
    const trueShare = all.filter((p) => p.score >= 0).length / all.length;
    expect(Math.abs(nation.atOrAbove[0].share.estimate - trueShare)).toBeLessThan(4 * nation.atOrAbove[0].share.se);
  });

  it('recovers the disadvantaged contrast where EAP scores would attenuate the spread', () => {
    const group = (value: string) => estimates.find((e) => e.domain.kind === 'group' && e.domain.value === value)?.mean;
    const yes = group('yes');
    const no = group('no');
    if (!yes || !no) throw new Error('both groups must be published');
    const trueMean = (d: boolean) => {
      const members = all.filter((p) => p.disadvantaged === d);
      return members.reduce((a, p) => a + p.score, 0) / members.length;
    };
    const contrast = no.estimate - yes.estimate;
    const trueContrast = trueMean(false) - trueMean(true);
    // SE of a difference of two correlated domain means is at most se_no + se_yes.
    expect(Math.abs(contrast - trueContrast)).toBeLessThan(4 * (no.se + yes.se));
    // Spread: the weighted SD of the first plausible value vs the population SD (1.1 here) and the EAPs.
    const sd = (values: number[]) => {
      const w = pupils.map((p) => p.weight);
      const sw = w.reduce((a, b) => a + b, 0);
      const m = values.reduce((a, v, i) => a + w[i] * v, 0) / sw;
      return Math.sqrt(values.reduce((a, v, i) => a + w[i] * (v - m) ** 2, 0) / sw);
    };
    const populationSd = Math.sqrt(all.reduce((a, p) => a + (p.score - population.mean) ** 2, 0) / all.length);
    const pvSd = sd(plausibleValues.map((pv) => pv[0]));
    const eapSd = sd(responding.map((r) => expectedAPosteriori(r.posterior).theta));
    // SD of ~1000 pupils in clusters: relative SE ≈ 5%; tolerance 15%.
    expect(Math.abs(pvSd / populationSd - 1)).toBeLessThan(0.15);
    expect(eapSd).toBeLessThan(pvSd);
  });
});
