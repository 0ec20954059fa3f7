/**
 * DESIGN.md rule 2 on the real starter module: a session's θ, SE and next item are a function of
 * its seed and stored answers, so replaying the stored answers gives the live run exactly.
 */
import path from 'node:path';
import { beginAdaptiveTest, compileModuleBank, moduleEngineConfig, replayAnswers, takeAnswer } from '../../../server/assessment/adaptiveEngine';
import { readItemBank } from '../../../server/content/itemBankContent';
import { seededRandom } from '../../../server/irt/random';

const content = readItemBank(path.resolve(__dirname, '..', '..', '..', 'item-bank'));
const fdpModule = content.modules.find((m) => m.id === 'fdp-1')!;
const items = fdpModule.items.map((id) => content.items.find((item) => item.id === id)!);
const bank = compileModuleBank(items.map((item) => ({ id: item.id, parameters: item.parameters, criteria: item.criteria })));
const configured = moduleEngineConfig(fdpModule);
if (!configured.ok) throw new Error(JSON.stringify(configured.errors));
const config = configured.config;

test('replaying stored answers reproduces θ, SE and the next item at every step', () => {
  for (const seed of [1, 42, 987654321]) {
    const answerRandom = seededRandom(seed + 7);
    const live = beginAdaptiveTest(bank, config, seed);
    const answers: { item: number; category: number }[] = [];
    while (!live.report.stop) {
      const item = live.report.nextItem!;
      const category = answerRandom() < 0.6 ? 1 : 0;
      takeAnswer(bank, config, live, item, category);
      answers.push({ item, category });
      const replayed = replayAnswers(bank, config, seed, answers);
      expect(replayed.report).toEqual(live.report);
    }
    expect(answers.length).toBeLessThanOrEqual(15);
    expect(answers.length).toBeGreaterThanOrEqual(8);
  }
});

test('the module configuration uses the published cut scores as classification bands', () => {
  const run = beginAdaptiveTest(bank, config, 3);
  expect(run.report.bandProbabilities).toHaveLength(fdpModule.cutScores.boundaries.length + 1);
  expect(run.report.bandProbabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
});
