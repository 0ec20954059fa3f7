/**
 * `waymark estimate`: θ and its standard error from one response pattern.
 * Input: {"items":[…],"responses":[1,0,…],"method":"EAP"|"MAP"|"MLE"|"WLE","prior":{"mean","sd"},
 * "quadrature":{"points","min","max"},"bounds":[lo,hi]}; responses may hold null for an item
 * not presented. Output: {"theta","se"} plus "extreme": true when an MLE/WLE pattern has no
 * finite maximum.
 */
import { estimateAbility } from '../irt/estimation';
import type { AbilityEstimate, EstimationMethod } from '../irt/types';
import { compileItems, InputError, isRecord, unknownProperties, type InputIssue } from './commandInput';

const METHODS: readonly EstimationMethod[] = ['EAP', 'MAP', 'MLE', 'WLE'];

export function runEstimate(input: unknown): AbilityEstimate {
  if (!isRecord(input)) throw new InputError('invalid input', [{ path: '', message: 'must be a JSON object with items and responses' }]);
  const issues: InputIssue[] = [];
  unknownProperties(input, ['items', 'responses', 'method', 'prior', 'quadrature', 'bounds'], issues);
  const method = input.method ?? 'EAP';
  if (typeof method !== 'string' || !METHODS.includes(method as EstimationMethod)) issues.push({ path: '/method', message: `must be one of ${METHODS.join(', ')}` });
  const prior = input.prior;
  if (prior !== undefined) {
    if (!isRecord(prior) || typeof prior.mean !== 'number' || !Number.isFinite(prior.mean) || typeof prior.sd !== 'number' || !(prior.sd > 0) || !Number.isFinite(prior.sd)) {
      issues.push({ path: '/prior', message: 'must be {"mean": finite number, "sd": number > 0}' });
    }
  }
  const quadrature = input.quadrature;
  if (quadrature !== undefined) {
    const q = isRecord(quadrature) ? quadrature : null;
    const points = q?.points ?? 61;
    const min = q?.min ?? -6;
    const max = q?.max ?? 6;
    if (!q || !Number.isInteger(points) || (points as number) < 2 || (points as number) > 5001 || typeof min !== 'number' || typeof max !== 'number' || !(min < max)) {
      issues.push({ path: '/quadrature', message: 'must be {"points": integer 2..5001, "min": number, "max": number} with min < max' });
    }
  }
  const bounds = input.bounds;
  if (bounds !== undefined && (!Array.isArray(bounds) || bounds.length !== 2 || !bounds.every((x) => typeof x === 'number' && Number.isFinite(x)) || !(bounds[0] < bounds[1]))) {
    issues.push({ path: '/bounds', message: 'must be [lower, upper] with lower < upper' });
  }
  if (!Array.isArray(input.responses)) issues.push({ path: '/responses', message: 'must be an array with one entry per item (null = not presented)' });
  if (issues.length > 0) throw new InputError('invalid input', issues);

  const bank = compileItems(input.items, '/items');
  const responses = input.responses as unknown[];
  if (responses.length !== bank.size) {
    throw new InputError('invalid input', [{ path: '/responses', message: `has ${responses.length} entries for ${bank.size} items` }]);
  }
  const items: number[] = [];
  const categories: number[] = [];
  responses.forEach((response, i) => {
    if (response === null) return;
    const k = bank.categories[i];
    if (!Number.isInteger(response) || (response as number) < 0 || (response as number) >= k) {
      issues.push({ path: `/responses/${i}`, message: `must be an integer category 0..${k - 1} for item ${bank.items[i].id}, or null` });
    } else {
      items.push(i);
      categories.push(response as number);
    }
  });
  if (issues.length > 0) throw new InputError('invalid input', issues);
  return estimateAbility(bank, items, categories, {
    method: method as EstimationMethod,
    ...(prior !== undefined ? { prior: prior as { mean: number; sd: number } } : {}),
    ...(quadrature !== undefined ? { quadrature: quadrature as { points?: number; min?: number; max?: number } } : {}),
    ...(bounds !== undefined ? { bounds: bounds as [number, number] } : {}),
  });
}
