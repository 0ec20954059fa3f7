import {
  AdaptiveTestError,
  answerItem,
  prepareAdaptiveTest,
  replayAdaptiveTest,
  startAdaptiveTest,
  validateAdaptiveTestConfig,
  type AdaptiveTestConfig,
  type StepReport,
} from '../../../../server/irt/adaptiveTest';
import { compileBank, type CompiledBank } from '../../../../server/irt/bank';
import { expectedAPosterioriFromPattern } from '../../../../server/irt/estimation';
import { itemInformation } from '../../../../server/irt/information';
import { seededRandom } from '../../../../server/irt/random';
import { simulatedResponse } from '../../../../server/irt/simulation';
import { mixedItems, twoParameterBank } from './syntheticBanks';

const bank = compileBank(mixedItems(400, 3));

/** Run a whole test for a simulee at `theta`, returning every report and answer. */
function run(b: CompiledBank, config: AdaptiveTestConfig, seed: number, theta: number, pupil?: { excludedItemIds?: string[] }) {
  const random = seededRandom(seed + 1000);
  const scratch = new Float64Array(b.maxCategories);
  const { state, report } = startAdaptiveTest(b, config, seed, pupil);
  const reports: StepReport[] = [report];
  const answers: { item: number; category: number }[] = [];
  let current = report;
  while (current.nextItem !== null) {
    const category = simulatedResponse(b, current.nextItem, theta, random, scratch);
    answers.push({ item: current.nextItem, category });
    current = answerItem(b, config, state, current.nextItem, category);
    reports.push(current);
  }
  return { state, reports, answers };
}

const configs: Record<string, AdaptiveTestConfig> = {
  mfiRandomesque: { selection: { method: 'MFI', randomesque: 4 }, start: { randomesque: 8 }, stop: { maxItems: 15, se: 0.35 } },
  klWithCuts: { selection: { method: 'KL' }, stop: { maxItems: 12, cuts: [-0.5, 0.8], confidence: 0.9 } },
  sympsonHetter: {
    selection: { method: 'MFI' },
    exposure: { method: 'sympson-hetter', rmax: 0.2, parameters: Array.from({ length: 400 }, (_, i) => (i % 2 ? 0.5 : 1)) },
    stop: { maxItems: 10 },
  },
  eligibilityAndPretest: {
    selection: { method: 'MFI', randomesque: 2 },
    exposure: { method: 'eligibility', rmax: 0.2, parameters: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`m${i}`, 0.5])) },
    blueprint: { unscoredItems: ['m1', 'm2', 'm3', 'm4'], pretest: { count: 2 } },
    stop: { maxItems: 10 },
  },
  closestWithBlueprint: {
    selection: { method: 'closest', randomesque: 2 },
    blueprint: { constraints: [{ tag: 'criterion', value: 'none', max: 0 }], enemies: [['m0', 'm1', 'm2']] },
    stop: { maxItems: 8 },
  },
  randomRestricted: {
    selection: { method: 'random' },
    exposure: { method: 'restricted', rmax: 0.3, parameters: Array.from({ length: 400 }, (_, i) => (i < 100 ? 0.5 : 0)) },
    stop: { maxItems: 8 },
  },
  mleSprt: { estimator: { method: 'WLE' }, selection: { method: 'MFI' }, stop: { maxItems: 30, cuts: [0], sprt: { delta: 0.3 } } },
};

describe('adaptive test loop', () => {
  it.each(Object.keys(configs))('replaying the stored answers reproduces the live run exactly (%s)', (name) => {
    const config = configs[name];
    for (const [seed, theta] of [[1, -1.2], [2, 0.3], [3, 1.7]] as const) {
      const live = run(bank, config, seed, theta);
      for (let k = 0; k <= live.answers.length; k++) {
        const replay = replayAdaptiveTest(bank, config, seed, live.answers.slice(0, k));
        expect(replay.report).toEqual(live.reports[k]);
      }
      expect(live.reports[live.reports.length - 1].stop).not.toBeNull();
    }
  });

  it('every step reports θ, SE, band probabilities summing to 1, and a reason when it stops', () => {
    const { reports } = run(bank, configs.klWithCuts, 4, 0.2);
    for (const report of reports) {
      expect(Number.isFinite(report.theta)).toBe(true);
      expect(report.se).toBeGreaterThan(0);
      expect(report.bandProbabilities).toHaveLength(3);
      expect(report.bandProbabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    }
    const last = reports[reports.length - 1];
    expect(['max-items', 'classified']).toContain(last.stop?.reason);
    expect(last.stop?.message.length).toBeGreaterThan(10);
    expect(last.nextItem).toBeNull();
  });

  it('the incremental EAP equals the batch EAP on the same pattern (to 1e−12: same arithmetic, different order)', () => {
    const { state, reports } = run(bank, configs.mfiRandomesque, 5, 0.9);
    const batch = expectedAPosterioriFromPattern(bank, state.scoredItems, state.scoredResponses);
    const last = reports[reports.length - 1];
    expect(last.theta).toBeCloseTo(batch.theta, 12);
    expect(last.se).toBeCloseTo(batch.se, 12);
  });

  it('never delivers an item twice, and the first item is one of the start.randomesque most informative at θ = 0', () => {
    const firsts = new Set<number>();
    const infoAtZero = Array.from({ length: bank.size }, (_, i) => itemInformation(bank, i, 0));
    const top8 = infoAtZero.map((v, i) => [v, i]).sort((x, y) => y[0] - x[0]).slice(0, 8).map(([, i]) => i);
    for (let seed = 0; seed < 40; seed++) {
      const { state } = run(bank, configs.mfiRandomesque, seed, 0);
      expect(new Set(state.items).size).toBe(state.items.length);
      firsts.add(state.items[0]);
      expect(top8).toContain(state.items[0]);
    }
    // 40 draws among 8: all equal would have probability 8·(1/8)^40.
    expect(firsts.size).toBeGreaterThan(3);
  });

  it('pretest items are delivered unscored: θ and SE do not move, they count as answered, not scored', () => {
    const config = configs.eligibilityAndPretest;
    const { state, reports } = run(bank, config, 6, 0.5);
    const unscored = new Set(['m1', 'm2', 'm3', 'm4'].map((id) => bank.index.get(id)));
    const pretestSteps = state.items.map((item, k) => (unscored.has(item) ? k : -1)).filter((k) => k >= 0);
    expect(pretestSteps).toHaveLength(2);
    for (const k of pretestSteps) {
      expect(state.scoredFlags[k]).toBe(false);
      expect(reports[k].nextItemScored).toBe(false);
      expect(reports[k + 1].theta).toBe(reports[k].theta);
      expect(reports[k + 1].se).toBe(reports[k].se);
    }
    const last = reports[reports.length - 1];
    expect(last.scored).toBe(10);
    expect(last.answered).toBe(12);
  });

  it('WLE with an SPRT stops with reason sprt and classifies a clearly able simulee above the cut', () => {
    const { reports } = run(bank, configs.mleSprt, 7, 2.5);
    const last = reports[reports.length - 1];
    expect(last.stop?.reason).toBe('sprt');
    expect(last.theta).toBeGreaterThan(0);
    expect(last.bandProbabilities[1]).toBeGreaterThan(0.9);
  });

  it('stops with bank-exhausted when the bank runs out before maxItems', () => {
    const small = twoParameterBank(5, 1);
    const { reports } = run(small, { selection: { method: 'MFI' }, stop: { maxItems: 10 } }, 1, 0);
    const last = reports[reports.length - 1];
    expect(last.stop?.reason).toBe('bank-exhausted');
    expect(last.scored).toBe(5);
  });

  it('refuses an answer to another item, a category out of range and answers after the stop', () => {
    const config = configs.mfiRandomesque;
    const { state, report } = startAdaptiveTest(bank, config, 1);
    const other = report.nextItem === 0 ? 1 : 0;
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return error instanceof AdaptiveTestError ? error.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => answerItem(bank, config, state, other, 0))).toBe('WRONG_ITEM');
    expect(codeOf(() => answerItem(bank, config, state, report.nextItem!, 7))).toBe('INVALID_RESPONSE');
    expect(codeOf(() => answerItem(bank, config, state, report.nextItem!, 0.5))).toBe('INVALID_RESPONSE');
    expect(state.items).toHaveLength(0);
    const done = run(bank, { selection: { method: 'MFI' }, stop: { maxItems: 2 } }, 1, 0);
    expect(codeOf(() => answerItem(bank, { selection: { method: 'MFI' }, stop: { maxItems: 2 } }, done.state, 0, 0))).toBe('TEST_STOPPED');
  });

  it('restricted exposure never delivers an item whose rate has reached r_max', () => {
    for (let seed = 0; seed < 10; seed++) {
      const { state } = run(bank, configs.randomRestricted, seed, 0);
      expect(state.items.every((item) => item >= 100)).toBe(true);
    }
  });

  it('honours the pupil exclusions', () => {
    const excluded = Array.from({ length: 300 }, (_, i) => `m${i}`);
    const { state } = run(bank, configs.mfiRandomesque, 8, 0, { excludedItemIds: [...excluded, 'not-in-bank'] });
    for (const item of state.items) expect(item).toBeGreaterThanOrEqual(300);
  });
});

describe('validateAdaptiveTestConfig', () => {
  it('accepts a full configuration', () => {
    const result = validateAdaptiveTestConfig({
      estimator: { method: 'EAP', prior: { mean: 0, sd: 1 }, quadrature: { points: 41, min: -5, max: 5 } },
      selection: { method: 'KL', randomesque: 3 },
      start: { theta: 0, randomesque: 5 },
      exposure: { method: 'restricted', rmax: 0.25 },
      blueprint: { constraints: [{ tag: 'criterion', value: 'N1', min: 2, max: 4 }], enemies: [['a', 'b']], pretest: { count: 0 } },
      stop: { minItems: 5, maxItems: 20, se: 0.3, cuts: [-1, 1], confidence: 0.95, sprt: { delta: 0.2 } },
    });
    expect(result.ok).toBe(true);
  });

  it('names every problem with a JSON-pointer path', () => {
    const result = validateAdaptiveTestConfig({
      estimator: { method: 'ML', prior: { mean: 0, sd: -1 } },
      selection: { method: 'MFI', randomesque: 0 },
      exposure: { method: 'sympson-hetter', rmax: 1.5 },
      stop: { minItems: 30, maxItems: 20, confidence: 0.95, sprt: { delta: 0 } },
      extra: true,
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path).sort();
    expect(paths).toEqual(
      [
        '/estimator/method',
        '/estimator/prior/sd',
        '/exposure/rmax',
        '/extra',
        '/selection/randomesque',
        '/stop/confidence',
        '/stop/minItems',
        '/stop/sprt',
        '/stop/sprt/delta',
      ].sort(),
    );
    expect(validateAdaptiveTestConfig(null)).toEqual({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
  });

  it('startAdaptiveTest throws INVALID_CONFIG with the details', () => {
    expect(() => startAdaptiveTest(bank, { selection: { method: 'MFI' }, stop: { maxItems: 0 } }, 1)).toThrow(AdaptiveTestError);
    try {
      startAdaptiveTest(bank, { selection: { method: 'MFI' }, stop: { maxItems: 0 } }, 1);
    } catch (error) {
      expect((error as AdaptiveTestError).code).toBe('INVALID_CONFIG');
      expect((error as AdaptiveTestError).details[0].path).toBe('/stop/maxItems');
    }
  });
});

describe('prepareAdaptiveTest', () => {
  it('builds the tables up front without changing any result', () => {
    const fresh = compileBank(mixedItems(200, 12));
    const config: AdaptiveTestConfig = { selection: { method: 'KL', randomesque: 2 }, stop: { maxItems: 6 } };
    prepareAdaptiveTest(fresh, config);
    const prepared = run(fresh, config, 3, 0.4);
    const lazy = run(compileBank(mixedItems(200, 12)), config, 3, 0.4);
    expect(prepared.reports).toEqual(lazy.reports);
    expect(() => prepareAdaptiveTest(fresh, { selection: { method: 'MFI' }, stop: { maxItems: -1 } })).toThrow(AdaptiveTestError);
  });
});
