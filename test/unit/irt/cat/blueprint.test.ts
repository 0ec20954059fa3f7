import { AdaptiveTestError, answerItem, startAdaptiveTest, type AdaptiveTestConfig } from '../../../../server/irt/adaptiveTest';
import { compileBank, type CompiledBank } from '../../../../server/irt/bank';
import { compileBlueprint } from '../../../../server/irt/blueprint';
import { seededRandom } from '../../../../server/irt/random';
import { simulatedResponse } from '../../../../server/irt/simulation';
import type { Item } from '../../../../server/irt/types';
import { twoParameterItems } from './syntheticBanks';

/**
 * An adversarial bank: criterion A holds every highly discriminating item, B and C only weak
 * ones, so unconstrained MFI would never pick B or C. Strand tags cross the criteria.
 */
function adversarialBank(): CompiledBank {
  const items: Item[] = twoParameterItems(240, 21).map((item, i) => {
    const criterion = i < 160 ? 'A' : i < 200 ? 'B' : 'C';
    const a = criterion === 'A' ? 1.8 : 0.4;
    return { ...item, a, tags: { criterion, strand: i % 2 ? 'number' : 'algebra' } } as Item;
  });
  return compileBank(items);
}

const bank = adversarialBank();

function runTest(config: AdaptiveTestConfig, seed: number, theta: number) {
  const random = seededRandom(seed + 77);
  const scratch = new Float64Array(2);
  const { state } = startAdaptiveTest(bank, config, seed);
  let report = state.report;
  while (report.nextItem !== null) report = answerItem(bank, config, state, report.nextItem, simulatedResponse(bank, report.nextItem, theta, random, scratch));
  return { state, report };
}

function criterionCounts(items: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) {
    const c = bank.items[i].tags!.criterion as string;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  return counts;
}

describe('blueprint constraints', () => {
  const config: AdaptiveTestConfig = {
    selection: { method: 'MFI', randomesque: 3 },
    blueprint: {
      constraints: [
        { tag: 'criterion', value: 'A', max: 6 },
        { tag: 'criterion', value: 'B', min: 3 },
        { tag: 'criterion', value: 'C', min: 2, max: 2 },
      ],
      enemies: [['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']],
    },
    stop: { minItems: 4, maxItems: 11, se: 0.2 },
  };

  it('meets every minimum and maximum whatever the responses, even when MFI would never choose the constrained items', () => {
    for (let seed = 0; seed < 30; seed++) {
      const theta = -2.5 + (5 * seed) / 29;
      const { state, report } = runTest(config, seed, theta);
      const counts = criterionCounts(state.items);
      expect(counts.A ?? 0).toBeLessThanOrEqual(6);
      expect(counts.B ?? 0).toBeGreaterThanOrEqual(3);
      expect(counts.C ?? 0).toBe(2);
      expect(state.items.filter((i) => i < 8).length).toBeLessThanOrEqual(1);
      // The SE target is out of reach in 11 items, so every test runs to the maximum.
      expect(report.stop?.reason).toBe('max-items');
    }
  });

  it('does not stop on SE before the minimums are met', () => {
    // SE ≤ 0.9 holds from the first item on; MFI takes the 6 allowed A items first, then must
    // take 3 B and 2 C: the test can stop only at item 11.
    const lenient: AdaptiveTestConfig = { ...config, blueprint: { constraints: config.blueprint!.constraints }, stop: { minItems: 1, maxItems: 40, se: 0.9 } };
    const { state, report } = runTest(lenient, 3, 0);
    const counts = criterionCounts(state.items);
    expect(report.stop?.reason).toBe('se-reached');
    expect(report.scored).toBe(11);
    expect(counts).toEqual({ A: 6, B: 3, C: 2 });
  });

  it('handles crossed tags (criterion × strand) within the counting conditions', () => {
    const crossed: AdaptiveTestConfig = {
      selection: { method: 'MFI' },
      blueprint: {
        constraints: [
          { tag: 'criterion', value: 'B', min: 2 },
          { tag: 'criterion', value: 'C', min: 2 },
          { tag: 'strand', value: 'number', min: 5, max: 5 },
        ],
      },
      stop: { maxItems: 10 },
    };
    for (let seed = 0; seed < 10; seed++) {
      const { state } = runTest(crossed, seed, seed / 5 - 1);
      const counts = criterionCounts(state.items);
      expect(counts.B).toBeGreaterThanOrEqual(2);
      expect(counts.C).toBeGreaterThanOrEqual(2);
      expect(state.items.filter((i) => bank.items[i].tags!.strand === 'number')).toHaveLength(5);
    }
  });

  it('never delivers blueprint-excluded items', () => {
    const excludedIds = Array.from({ length: 150 }, (_, i) => `q${i}`);
    const { state } = runTest({ selection: { method: 'MFI' }, blueprint: { excludedItems: excludedIds }, stop: { maxItems: 20 } }, 1, 0);
    expect(state.items.every((i) => i >= 150)).toBe(true);
  });

  it('says why a blueprint is unsatisfiable for a pupil', () => {
    const impossible: AdaptiveTestConfig = {
      selection: { method: 'MFI' },
      blueprint: {
        constraints: [
          { tag: 'criterion', value: 'B', min: 6 },
          { tag: 'criterion', value: 'C', min: 5 },
        ],
      },
      stop: { maxItems: 10 },
    };
    let error: AdaptiveTestError | undefined;
    try {
      startAdaptiveTest(bank, impossible, 1, { excludedItemIds: Array.from({ length: 37 }, (_, i) => `q${200 + i}`) });
    } catch (e) {
      error = e as AdaptiveTestError;
    }
    expect(error?.code).toBe('BLUEPRINT_UNSATISFIABLE');
    const messages = error!.details.map((d) => d.message);
    expect(messages).toContain('criterion = C needs at least 5 items but only 3 are available to this pupil');
    expect(messages).toContain('the minimums for criterion add up to 11 items, more than the maximum test length 10');
  });

  it('reports structural problems: unknown ids, min above max, duplicate constraints, too few unscored items', () => {
    const result = compileBlueprint(bank, {
      constraints: [
        { tag: 'criterion', value: 'A', min: 4, max: 2 },
        { tag: 'criterion', value: 'A', max: 3 },
      ],
      enemies: [['q1', 'nope']],
      unscoredItems: ['q2'],
      pretest: { count: 2 },
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(['/blueprint/constraints/0', '/blueprint/constraints/1', '/blueprint/enemies/0/1', '/blueprint/pretest/count']);
  });
});

describe('blueprint and exposure control together', () => {
  it('Sympson–Hetter yields to a minimum: needed items are given even with K = 0', () => {
    // Criterion C has 40 items, all with K = 0, and the test needs 3 C items.
    const parameters = Array.from({ length: bank.size }, (_, i) => (i >= 200 && i < 240 ? 0 : 1));
    const config: AdaptiveTestConfig = {
      selection: { method: 'MFI' },
      exposure: { method: 'sympson-hetter', rmax: 0.2, parameters },
      blueprint: { constraints: [{ tag: 'criterion', value: 'C', min: 3 }] },
      stop: { maxItems: 8 },
    };
    for (let seed = 0; seed < 10; seed++) {
      const { state, report } = runTest(config, seed, seed / 3 - 1.5);
      expect(report.stop?.reason).toBe('max-items');
      expect(criterionCounts(state.items).C).toBeGreaterThanOrEqual(3);
    }
  });

  it('eligibility draws never leave a minimum short of items', () => {
    const parameters = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`q${200 + k}`, 0.01]));
    const config: AdaptiveTestConfig = {
      selection: { method: 'MFI' },
      exposure: { method: 'eligibility', rmax: 0.2, parameters },
      blueprint: { constraints: [{ tag: 'criterion', value: 'C', min: 4 }] },
      stop: { maxItems: 8 },
    };
    for (let seed = 0; seed < 10; seed++) {
      const { state } = runTest(config, seed, 0);
      expect(criterionCounts(state.items).C).toBeGreaterThanOrEqual(4);
    }
  });
});
