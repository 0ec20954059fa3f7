/**
 * The item bank's pure helpers: where a validation error is shown, the information curve,
 * pretest positions and engine configuration, module tags, and try-an-answer.
 */
import { DEFAULT_PRETEST_WINDOW, moduleEngineConfig, pretestPositions } from '../../../server/assessment/adaptiveEngine';
import { pretestItemIdsOf } from '../../../server/assessment/moduleContent';
import { informationCurve } from '../../../server/bank/informationCurve';
import { hasProvisionalParameters, itemModules } from '../../../server/bank/itemModules';
import { isEligibleForCalibration, PRETEST_MIN_RESPONSES } from '../../../server/bank/pretestItems';
import { tryAnswer } from '../../../server/bank/tryAnswer';
import type { ModuleDefinition } from '../../../server/content/moduleDefinition';
import type { ItemDocument } from '../../../server/scoring/itemDocument';
import { fieldPathFor, groupByField } from '../../../client/src/authoring/fieldErrors';

function item(id: string, extra: Partial<ItemDocument> = {}): ItemDocument {
  return {
    id, version: 1, status: 'live', subject: 'mathematics', stem: 'Work out $3 \\times 4$.',
    interaction: { type: 'numeric' }, answer: { type: 'numeric', value: 12 }, criteria: ['N1'],
    parameters: { model: '2PL', a: 1, b: 0, source: { kind: 'provisional' } }, ...extra,
  };
}

describe('fieldPathFor: the longest registered pointer containing the error', () => {
  const registered = ['/stem', '/answer', '/answer/value', '/interaction/options', '/interaction/options/0', ''];
  test.each([
    ['/answer/value', '/answer/value'],
    ['/answer/tolerance/absolute', '/answer'],
    ['/interaction/options/0/content', '/interaction/options/0'],
    ['/interaction/options/3/id', '/interaction/options'],
    ['/stem', '/stem'],
    ['/stemmed', ''],
    ['/parameters/b', ''],
  ])('%s → %s', (error, field) => {
    expect(fieldPathFor(registered, error)).toBe(field);
  });

  test('no catch-all: an unclaimed error has no field', () => {
    expect(fieldPathFor(['/stem'], '/criteria/0')).toBeUndefined();
  });

  test('groupByField puts unclaimed messages under ""', () => {
    const grouped = groupByField(['/stem'], [{ path: '/stem', message: 'a' }, { path: '/criteria', message: 'b' }, { path: '/stem', message: 'c' }]);
    expect([...grouped]).toEqual([['/stem', ['a', 'c']], ['', ['b']]]);
  });
});

describe('informationCurve', () => {
  test('2PL: I(θ) = a²·P·Q, largest at θ = b with a²/4 (Lord 1980, eq. 5-9 with D = 1)', () => {
    const curve = informationCurve({ model: '2PL', a: 1.5, b: -1 });
    // Exact at grid points: tolerance is floating-point only.
    expect(curve.peak.theta).toBeCloseTo(-1, 9);
    expect(curve.peak.information).toBeCloseTo(2.25 / 4, 12);
    const at = curve.points.find((p) => Math.abs(p.theta - 1) < 1e-9)!;
    const P = 1 / (1 + Math.exp(-1.5 * 2));
    expect(at.information).toBeCloseTo(2.25 * P * (1 - P), 12);
    expect(curve.points).toHaveLength(81);
  });

  test('parameters the engine refuses throw', () => {
    expect(() => informationCurve({ model: '2PL', a: Number.NaN, b: 0 })).toThrow();
  });
});

describe('pretest positions and engine configuration', () => {
  test('spread evenly over the window, never position 1, never more than the window holds', () => {
    expect(pretestPositions({ maxItems: 1, firstPosition: 2, lastPosition: 5 }, 3)).toEqual([2]);
    expect(pretestPositions({ maxItems: 3, firstPosition: 3, lastPosition: 9 }, 5)).toEqual([3, 6, 9]);
    expect(pretestPositions({ maxItems: 2, firstPosition: 3, lastPosition: 9 }, 1)).toEqual([3]);
    expect(pretestPositions({ maxItems: 5, firstPosition: 1, lastPosition: 3 }, 5)).toEqual([2, 3]);
    expect(pretestPositions({ maxItems: 0, firstPosition: 2, lastPosition: 4 }, 2)).toEqual([]);
  });

  const definition = {
    id: 'm', version: 1, subject: 'mathematics', title: 'M', items: ['a', 'b'], criteria: [], timeLimitMinutes: null,
    adaptive: { selection: { method: 'MFI' }, stop: { maxItems: 10 } },
    reportingScale: { name: 's', intercept: 100, slope: 10, decimals: 0 },
    cutScores: { version: '1', provisional: true, belowLowest: 'U', boundaries: [{ grade: '1', theta: -1 }] },
  } as unknown as ModuleDefinition;

  test('the pretest items become unscored items at the default window', () => {
    const configured = moduleEngineConfig(definition, ['p1', 'p2']);
    expect(configured.ok).toBe(true);
    if (!configured.ok) return;
    expect(configured.config.blueprint).toEqual({ unscoredItems: ['p1', 'p2'], pretest: { count: 1, positions: [DEFAULT_PRETEST_WINDOW.firstPosition] } });
  });

  test('a module pretest block decides how many and where; no pretest items leaves the configuration alone', () => {
    const withBlock = { ...definition, pretest: { maxItems: 2, firstPosition: 4, lastPosition: 8 } } as ModuleDefinition;
    const configured = moduleEngineConfig(withBlock, ['p1', 'p2', 'p3']);
    expect(configured.ok && configured.config.blueprint?.pretest).toEqual({ count: 2, positions: [4, 8] });
    const plain = moduleEngineConfig(definition);
    expect(plain.ok && plain.config.blueprint).toBeUndefined();
  });

  test('pretest items: tagged, not listed, still provisional', () => {
    const calibrated = item('c', { parameters: { model: '2PL', a: 1, b: 0, source: { kind: 'calibrated', sampleSize: 500 } } });
    expect(pretestItemIdsOf(definition, [item('a'), item('p'), calibrated])).toEqual(['p']);
  });

  test('eligibility for calibration at the minimum number of responses', () => {
    expect(isEligibleForCalibration(PRETEST_MIN_RESPONSES - 1)).toBe(false);
    expect(isEligibleForCalibration(PRETEST_MIN_RESPONSES)).toBe(true);
    expect(isEligibleForCalibration(30, 30)).toBe(true);
  });
});

describe('item modules', () => {
  test('from `modules` and from the `modules` tag, without duplicates', () => {
    expect(itemModules(item('x', { tags: { modules: ['m1', 'm2'] } }))).toEqual(['m1', 'm2']);
    expect(itemModules(item('x', { tags: { modules: 'm1' } }))).toEqual(['m1']);
    expect(itemModules({ ...item('x', { tags: { modules: ['m1'] } }), modules: ['m1', 'm3'] } as ItemDocument)).toEqual(['m1', 'm3']);
    expect(itemModules(item('x'))).toEqual([]);
    expect(hasProvisionalParameters(item('x'))).toBe(true);
  });
});

describe('tryAnswer', () => {
  test('marks like a sitting and explains the note', () => {
    const result = tryAnswer(item('t', { answer: { type: 'numeric', value: 12 } }), '12');
    expect(result).toMatchObject({ ok: true, result: { score: 1, maxScore: 1 } });
    if (result.ok) expect(result.result.noteText).toBeDefined();
    const wrong = tryAnswer(item('t'), '13');
    expect(wrong.ok && wrong.result.score).toBe(0);
  });

  test('an answer of the wrong shape is refused with its path', () => {
    const result = tryAnswer(item('t'), ['12']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details[0]?.path).toBe('/answer');
  });
});
