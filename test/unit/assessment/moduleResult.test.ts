import { compileModuleBank } from '../../../server/assessment/adaptiveEngine';
import { CAN_DO_RESPONSE_PROBABILITY, gradeBand, moduleResult } from '../../../server/assessment/moduleResult';
import type { ModuleDefinition } from '../../../server/content/moduleDefinition';

const definition: ModuleDefinition = {
  id: 'm', version: 1, subject: 'mathematics', title: 'M', items: ['easy', 'hard'], timeLimitMinutes: null,
  criteria: [{ id: 'E1', statement: 'You can do the easy thing.' }, { id: 'H1', statement: 'You can do the hard thing.' }, { id: 'X1', statement: 'You can do a thing with no items.' }],
  adaptive: { selection: { method: 'MFI' }, stop: { maxItems: 2 } },
  reportingScale: { name: 'scale', intercept: 100, slope: 15, decimals: 1 },
  cutScores: { version: 'v1', provisional: true, belowLowest: 'U', boundaries: [{ grade: '1', theta: -1 }, { grade: '2', theta: 0 }, { grade: '3', theta: 1 }] },
};
const bank = compileModuleBank([
  { id: 'easy', parameters: { model: '2PL', a: 1, b: -3 }, criteria: ['E1'] },
  { id: 'hard', parameters: { model: '2PL', a: 1, b: 3 }, criteria: ['H1'] },
]);

test('the grade band counts the boundaries at or below θ (a boundary is the lowest θ of its grade)', () => {
  expect(gradeBand(definition, -1.5)).toBe(0);
  expect(gradeBand(definition, -1)).toBe(1);
  expect(gradeBand(definition, 0.5)).toBe(2);
  expect(gradeBand(definition, 4)).toBe(3);
});

test('scale score, grade, its probability from the matching band, and can-do statements at RP67', () => {
  const result = moduleResult(definition, bank, { theta: 0.5, se: 0.3, bandProbabilities: [0.01, 0.04, 0.8, 0.15] }, 'se-reached');
  expect(result).toEqual({
    theta: 0.5, se: 0.3, scaleScore: 107.5, grade: '2', gradeProbability: 0.8,
    // 2PL at θ = 0.5: easy item P = 1/(1+e^−3.5) = 0.971 ≥ 0.67; hard item P = 1/(1+e^2.5) = 0.076 < 0.67.
    canDo: ['You can do the easy thing.'], stopReason: 'se-reached',
  });
  expect(CAN_DO_RESPONSE_PROBABILITY).toBe(0.67);
});

test('below the lowest boundary the grade is the module\'s "below lowest" label', () => {
  const result = moduleResult(definition, bank, { theta: -4, se: 0.5, bandProbabilities: [0.9, 0.1, 0, 0] }, 'max-items');
  expect(result.grade).toBe('U');
  expect(result.gradeProbability).toBe(0.9);
  // At θ = −4 the easy item has P = 1/(1+e^1) = 0.269: nothing is shown.
  expect(result.canDo).toEqual([]);
});
