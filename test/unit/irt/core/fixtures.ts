/** A small bank with every model, shared by the core tests. */
import { compileBank } from '../../../../server/irt/bank';
import type { Item } from '../../../../server/irt/types';

export const mixedItems: Item[] = [
  { id: 'rasch', model: 'Rasch', b: 0.4 },
  { id: 'onepl', model: '1PL', a: 0.8, b: -1.1 },
  { id: 'twopl', model: '2PL', a: 1.7, b: 0.3 },
  { id: 'threepl', model: '3PL', a: 1.3, b: 0.9, c: 0.22 },
  { id: 'fourpl', model: '4PL', a: 2.1, b: -0.4, c: 0.15, d: 0.93 },
  { id: 'normalogive', model: '2PL', a: 1.1, b: -0.2, D: 1.702 },
  { id: 'grm', model: 'GRM', a: 1.4, thresholds: [-1.5, -0.2, 0.6, 2.1] },
  { id: 'grm2', model: 'GRM', a: 0.9, thresholds: [0.5] },
  { id: 'gpcm', model: 'GPCM', a: 0.7, steps: [0.8, -0.6, 1.3] },
  { id: 'pcm', model: 'PCM', steps: [-0.3, 0.4] },
];

export const mixedBank = compileBank(mixedItems);

/** Central second difference of f at x with step h (error O(h²)). */
export function secondDifference(f: (x: number) => number, x: number, h = 1e-4): number {
  return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h);
}

/** Central first difference (error O(h²)). */
export function firstDifference(f: (x: number) => number, x: number, h = 1e-5): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}
