import { beginAdaptiveTest, compileModuleBank, moduleEngineConfig, takeAnswer } from '../../../server/assessment/adaptiveEngine';
import { sittingResult } from '../../../server/assessment/moduleResult';
import type { ModuleDefinition } from '../../../server/content/moduleDefinition';

const definition: ModuleDefinition = {
  id: 'm', version: 1, subject: 'mathematics', title: 'M', items: ['easy', 'mid', 'hard'], timeLimitMinutes: null,
  criteria: [{ id: 'E1', statement: 'You can do the easy thing.' }, { id: 'H1', statement: 'You can do the hard thing.' }, { id: 'X1', statement: 'You can do a thing with no items.' }],
  adaptive: { selection: { method: 'closest' }, stop: { maxItems: 3 } },
  reportingScale: { name: 'scale', intercept: 100, slope: 15, decimals: 1 },
  cutScores: { version: 'v1', provisional: true, belowLowest: 'U', boundaries: [{ grade: '1', theta: -1 }, { grade: '2', theta: 0 }, { grade: '3', theta: 1 }] },
};
const bank = compileModuleBank([
  { id: 'easy', parameters: { model: '2PL', a: 1, b: -3 }, criteria: ['E1'] },
  { id: 'mid', parameters: { model: '2PL', a: 1.2, b: 0 }, criteria: ['E1'] },
  { id: 'hard', parameters: { model: '2PL', a: 1, b: 3 }, criteria: ['H1'] },
]);
const configured = moduleEngineConfig(definition);
if (!configured.ok) throw new Error(JSON.stringify(configured.errors));

function runTo(categories: number[]) {
  const run = beginAdaptiveTest(bank, configured.ok ? configured.config : (undefined as never), 5);
  for (const category of categories) takeAnswer(bank, configured.ok ? configured.config : (undefined as never), run, run.report.nextItem!, category);
  return run;
}

test('the result maps the module cut scores (below the lowest boundary: its own label) and reports the grade probability from the same bands as the engine', () => {
  for (const pattern of [[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1]]) {
    const run = runTo(pattern);
    const result = sittingResult(definition, bank, run.state, run.report, 'max-items');
    const band = definition.cutScores.boundaries.filter((b) => run.report.theta >= b.theta).length;
    expect(result.grade).toBe(['U', '1', '2', '3'][band]);
    expect(result.gradeProbability).toBeCloseTo(run.report.bandProbabilities[band], 9);
    expect(result.theta).toBe(run.report.theta);
    expect(result.se).toBe(run.report.se);
    expect(result.scaleScore).toBeCloseTo(Math.round((100 + 15 * run.report.theta) * 10) / 10, 9);
    expect(result.stopReason).toBe('max-items');
  }
});

test('can-do statements follow expected success at RP 0.67 on the criterion items', () => {
  const run = runTo([1, 1, 0]);
  const { theta } = run.report;
  const p = (a: number, b: number) => 1 / (1 + Math.exp(-a * (theta - b)));
  const easySuccess = (p(1, -3) + p(1.2, 0)) / 2;
  const result = sittingResult(definition, bank, run.state, run.report, 'max-items');
  expect(result.canDo.includes('You can do the easy thing.')).toBe(easySuccess >= 0.67);
  expect(result.canDo.includes('You can do the hard thing.')).toBe(p(1, 3) >= 0.67);
  expect(result.canDo).not.toContain('You can do a thing with no items.');
});
