/**
 * Calibration speed (issue 7): 2PL marginal maximum likelihood (EM) for 500 items from 100,000
 * simulated pupils who each answered 20 of them (sparse, missing by design), converged to a
 * change of 1e-4. Prints the time, the EM iterations, peak resident memory and the recovery
 * RMSE of a and b. `npm run bench:calibration` (PUPILS, ITEMS, PER_PUPIL override the design).
 */
import { compileBank } from '../server/irt/bank';
import { calibrate } from '../server/irt/calibration/calibrate';
import { simulateResponses } from '../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../server/irt/random';
import type { DichotomousItem } from '../server/irt/types';

const pupils = Number(process.env.PUPILS ?? 100000);
const itemCount = Number(process.env.ITEMS ?? 500);
const perPupil = Number(process.env.PER_PUPIL ?? 20);

const random = seededRandom(7);
const truth: DichotomousItem[] = Array.from({ length: itemCount }, (_, i) => ({
  id: `i${i}`, model: '2PL', a: Math.max(0.4, 1 + 0.2 * normalDeviate(random)), b: normalDeviate(random),
}));
const thetas = Float64Array.from({ length: pupils }, () => normalDeviate(random));
const responses = simulateResponses(compileBank(truth), { thetas, itemsPerPerson: perPupil }, random);

function rootMeanSquare(estimates: number[], targets: number[]): number {
  return Math.sqrt(estimates.reduce((sum, value, i) => sum + (value - targets[i]) ** 2, 0) / estimates.length);
}

for (const standardErrors of [false, true]) {
  const started = process.hrtime.bigint();
  const result = calibrate({ model: '2PL', responses, tolerance: 1e-4, standardErrors });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const a = result.items.map((item) => item.a as number);
  const b = result.items.map((item) => item.b as number);
  console.log(
    `2PL EM, ${itemCount} items × ${pupils.toLocaleString('en-GB')} pupils (${perPupil} each)${standardErrors ? ', with item SEs' : ''}: ` +
    `${seconds.toFixed(1)} s, ${result.iterations} iterations, converged ${result.converged}; ` +
    `RMSE a ${rootMeanSquare(a, truth.map((item) => item.a as number)).toFixed(3)}, b ${rootMeanSquare(b, truth.map((item) => item.b)).toFixed(3)} (target ≤ 30 s)`,
  );
}
// maxRSS is in kilobytes; it includes the dense simulated input rows themselves.
console.log(`peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target ≤ 1 GB)`);
