/**
 * Engine benchmarks (`npm run bench`): prints figures, asserts nothing.
 *   1. One adaptive step (answer → posterior update → EAP on 61 points → MFI with randomesque
 *      and a blueprint) on a 10,000-item mixed bank (2PL, 3PL, GRM): median and p99.
 *   2. The same step with posterior-weighted KL selection.
 *   3. Side by side with @bdelab/jscat on one 1,000-item 2PL bank: time per step (ratio) and
 *      RMSE of 20-item tests for the same simulees and the same responses model.
 *   4. Heap for a 100,000-item bank loaded and ready (compiled + information table + one test).
 * Targets (issue 2): 1. median ≤ 0.1 ms, p99 ≤ 0.5 ms; 2. median ≤ 5 ms; 3. ≥ 300× at equal or
 * better RMSE; 4. ≤ 100 MB.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Cat } from '@bdelab/jscat';
import { answerItem, startAdaptiveTest, type AdaptiveTestConfig } from '../server/irt/adaptiveTest';
import { compileBank, type CompiledBank } from '../server/irt/bank';
import { informationTable } from '../server/irt/informationTable';
import { normalDeviate, seededRandom } from '../server/irt/random';
import { simulatedResponse } from '../server/irt/simulation';
import type { Item } from '../server/irt/types';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function mixedBank(size: number, seed: number): Item[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i): Item => {
    const a = Math.max(0.3, 1 + 0.25 * normalDeviate(random));
    const b = normalDeviate(random);
    const tags = { criterion: `C${i % 10}` };
    if (i % 3 === 0) return { id: `m${i}`, model: '2PL', a, b, tags };
    if (i % 3 === 1) return { id: `m${i}`, model: '3PL', a, b, c: 0.1 + 0.1 * random(), tags };
    return { id: `m${i}`, model: 'GRM', a, thresholds: [b - 1, b, b + 1], tags };
  });
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Time every answerItem call over `tests` simulated tests; returns per-step milliseconds. */
function stepTimes(bank: CompiledBank, config: AdaptiveTestConfig, tests: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const scratch = new Float64Array(bank.maxCategories);
  const times: number[] = [];
  for (let t = 0; t < tests; t++) {
    const theta = normalDeviate(random);
    const { state, report } = startAdaptiveTest(bank, config, seed * 1000 + t);
    let current = report;
    while (current.nextItem !== null) {
      const category = simulatedResponse(bank, current.nextItem, theta, random, scratch);
      const start = process.hrtime.bigint();
      current = answerItem(bank, config, state, current.nextItem, category);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Float64Array.from(times).sort();
}

function report(label: string, times: Float64Array): void {
  console.log(`${label}: n=${times.length} median ${quantile(times, 0.5).toFixed(4)} ms, p99 ${quantile(times, 0.99).toFixed(4)} ms`);
}

function benchSteps(): void {
  const bank = compileBank(mixedBank(10_000, 1));
  const blueprint = { constraints: Array.from({ length: 10 }, (_, c) => ({ tag: 'criterion', value: `C${c}`, min: 2, max: 4 })) };
  const mfi: AdaptiveTestConfig = { selection: { method: 'MFI', randomesque: 5 }, start: { randomesque: 10 }, blueprint, stop: { maxItems: 30 } };
  stepTimes(bank, mfi, 20, 9); // warm-up: JIT and the lazily built information table
  report('MFI step, 10,000-item mixed bank, EAP 61 pts, randomesque 5, blueprint 10 criteria', stepTimes(bank, mfi, 200, 1));
  const kl: AdaptiveTestConfig = { ...mfi, selection: { method: 'KL', randomesque: 5 } };
  stepTimes(bank, kl, 2, 9);
  report('KL step, same bank', stepTimes(bank, kl, 20, 2));
}

interface JsCatStimulus {
  a: number;
  b: number;
  c: number;
  d: number;
  id: number;
}

function benchAgainstJsCat(): void {
  const size = 1000;
  const length = 20;
  const random = seededRandom(11);
  const items: Item[] = Array.from({ length: size }, (_, i) => ({ id: `j${i}`, model: '2PL', a: Math.max(0.2, 1 + 0.2 * normalDeviate(random)), b: normalDeviate(random) }));
  const bank = compileBank(items);
  const stimuli: JsCatStimulus[] = items.map((item, i) => ({ a: (item as { a: number }).a, b: (item as { b: number }).b, c: 0, d: 1, id: i }));
  const config: AdaptiveTestConfig = { selection: { method: 'MFI' }, stop: { maxItems: length } };
  const scratch = new Float64Array(2);

  const thetaSource = seededRandom(12);
  const examinees = 300;
  const thetas = Array.from({ length: examinees }, () => normalDeviate(thetaSource));

  // Waymark: every simulee twice (the first pass warms the JIT); per-step times from the second.
  const ourTimes: number[] = [];
  const ourErrors: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    ourTimes.length = 0;
    ourErrors.length = 0;
    const responses = seededRandom(13);
    for (let e = 0; e < examinees; e++) {
      const { state, report: first } = startAdaptiveTest(bank, config, e);
      let current = first;
      while (current.nextItem !== null) {
        const category = simulatedResponse(bank, current.nextItem, thetas[e], responses, scratch);
        const start = process.hrtime.bigint();
        current = answerItem(bank, config, state, current.nextItem, category);
        ourTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      ourErrors.push(current.theta - thetas[e]);
    }
  }

  // jsCAT: EAP with a N(0, 1) prior on [−6, 6]; a step is updateAbilityEstimate + findNextItem
  // (its default deep copy of the remaining stimuli included: that is how it is meant to be called).
  const theirTimes: number[] = [];
  const theirErrors: number[] = [];
  const responses = seededRandom(13);
  const jsCatExaminees = 30;
  for (let e = 0; e < jsCatExaminees; e++) {
    const cat = new Cat({ method: 'EAP', itemSelect: 'MFI', theta: 0, minTheta: -6, maxTheta: 6, priorDist: 'norm', priorPar: [0, 1] });
    let remaining = stimuli as unknown as Parameters<Cat['findNextItem']>[0];
    let { nextStimulus, remainingStimuli } = cat.findNextItem(remaining);
    remaining = remainingStimuli;
    for (let k = 0; k < length; k++) {
      const stimulus = nextStimulus as unknown as JsCatStimulus;
      const category = simulatedResponse(bank, stimulus.id, thetas[e], responses, scratch);
      const start = process.hrtime.bigint();
      cat.updateAbilityEstimate(stimulus as never, category as 0 | 1);
      if (k < length - 1) {
        ({ nextStimulus, remainingStimuli } = cat.findNextItem(remaining));
        remaining = remainingStimuli;
      }
      theirTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    theirErrors.push(cat.theta - thetas[e]);
  }
  const median = (values: number[]): number => quantile(Float64Array.from(values).sort(), 0.5);
  const rmse = (errors: number[]): number => Math.sqrt(errors.reduce((s, x) => s + x * x, 0) / errors.length);
  const ourStep = median(ourTimes);
  const theirStep = median(theirTimes);
  console.log(`1,000-item 2PL bank, ${length}-item MFI/EAP tests, same simulees (θ ~ N(0, 1)):`);
  console.log(`  waymark: median ${ourStep.toFixed(4)} ms per step; RMSE ${rmse(ourErrors.slice(0, jsCatExaminees)).toFixed(3)} on the ${jsCatExaminees} simulees jsCAT ran, ${rmse(ourErrors).toFixed(3)} on all ${examinees}`);
  console.log(`  jsCAT:   median ${theirStep.toFixed(4)} ms per step; RMSE ${rmse(theirErrors).toFixed(3)} on ${jsCatExaminees} simulees`);
  console.log(`  ratio:   waymark is ${(theirStep / ourStep).toFixed(0)}× faster per step (medians)`);
}

function benchMemory(): void {
  collectGarbage();
  const before = process.memoryUsage();
  const bank = compileBank(mixedBank(100_000, 3));
  informationTable(bank);
  const { report: first } = startAdaptiveTest(bank, { selection: { method: 'MFI', randomesque: 5 }, stop: { maxItems: 20 } }, 1);
  collectGarbage();
  const after = process.memoryUsage();
  const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
  const heap = after.heapUsed - before.heapUsed;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  console.log(
    `100,000-item mixed bank loaded and ready (first item ${first.nextItem}): JS heap +${mb(heap)} MB, typed-array buffers +${mb(buffers)} MB, together ${mb(heap + buffers)} MB`,
  );
}

benchSteps();
benchAgainstJsCat();
benchMemory();
