/**
 * `waymark simulate`: run simulated examinees through an adaptive configuration.
 * Input: {"bank":[…],"thetas":[…]} or {"bank":[…],"examinees":{"n","mean","sd"}}, plus "seed",
 * "method", "prior", "quadrature", "select", "randomesque", "exposure", "blueprint", "start",
 * "stop". Output: the simulation summary (see docs/waymark-command.md).
 */
import { validateAdaptiveTestConfig, AdaptiveTestError, type AdaptiveTestConfig } from '../irt/adaptiveTest';
import { simulateAdaptiveTests, type ExamineeSpec, type SimulationResult } from '../irt/simulation';
import { compileItems, InputError, isRecord, unknownProperties, type InputIssue } from './commandInput';

const MAX_EXAMINEES = 1_000_000;

/** Config paths back to the command's own field names, so messages point at what the user wrote. */
const PATH_NAMES: readonly [string, string][] = [
  ['/estimator/method', '/method'],
  ['/estimator/prior', '/prior'],
  ['/estimator/quadrature', '/quadrature'],
  ['/selection/method', '/select'],
  ['/selection/randomesque', '/randomesque'],
];

function commandPath(path: string): string {
  for (const [from, to] of PATH_NAMES) if (path === from || path.startsWith(`${from}/`)) return to + path.slice(from.length);
  return path;
}

function examineeSpec(input: Record<string, unknown>, issues: InputIssue[]): ExamineeSpec | null {
  if (input.thetas !== undefined && input.examinees !== undefined) {
    issues.push({ path: '/examinees', message: 'give either thetas or examinees, not both' });
    return null;
  }
  if (Array.isArray(input.thetas)) {
    if (input.thetas.length === 0) issues.push({ path: '/thetas', message: 'must not be empty' });
    input.thetas.forEach((theta, k) => {
      if (typeof theta !== 'number' || !Number.isFinite(theta)) issues.push({ path: `/thetas/${k}`, message: 'must be a finite number' });
    });
    return { thetas: input.thetas as number[] };
  }
  if (input.thetas !== undefined) {
    issues.push({ path: '/thetas', message: 'must be an array of numbers' });
    return null;
  }
  const examinees = input.examinees;
  if (!isRecord(examinees)) {
    issues.push({ path: '/examinees', message: 'give "thetas":[…] or "examinees":{"n":1000,"mean":0,"sd":1}' });
    return null;
  }
  unknownProperties(examinees, ['n', 'mean', 'sd'], issues);
  const { n, mean = 0, sd = 1 } = examinees;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_EXAMINEES) issues.push({ path: '/examinees/n', message: `must be an integer in 1..${MAX_EXAMINEES}` });
  if (typeof mean !== 'number' || !Number.isFinite(mean)) issues.push({ path: '/examinees/mean', message: 'must be a finite number' });
  if (typeof sd !== 'number' || !(sd >= 0) || !Number.isFinite(sd)) issues.push({ path: '/examinees/sd', message: 'must be a number ≥ 0' });
  return { n: n as number, mean: mean as number, sd: sd as number };
}

export function runSimulate(input: unknown): SimulationResult {
  if (!isRecord(input)) throw new InputError('invalid input', [{ path: '', message: 'must be a JSON object with bank and thetas or examinees' }]);
  const issues: InputIssue[] = [];
  unknownProperties(input, ['bank', 'thetas', 'examinees', 'seed', 'method', 'prior', 'quadrature', 'select', 'randomesque', 'exposure', 'blueprint', 'start', 'stop'], issues);
  const examinees = examineeSpec(input, issues);
  const seed = input.seed ?? 1;
  if (!Number.isInteger(seed)) issues.push({ path: '/seed', message: 'must be an integer' });

  const estimator: Record<string, unknown> = { method: input.method ?? 'EAP' };
  if (input.prior !== undefined) estimator.prior = input.prior;
  if (input.quadrature !== undefined) estimator.quadrature = input.quadrature;
  const selection: Record<string, unknown> = { method: input.select ?? 'MFI' };
  if (input.randomesque !== undefined) selection.randomesque = input.randomesque;
  const candidate: Record<string, unknown> = { estimator, selection, stop: input.stop };
  for (const key of ['exposure', 'blueprint', 'start'] as const) if (input[key] !== undefined) candidate[key] = input[key];
  const validated = validateAdaptiveTestConfig(candidate);
  if (!validated.ok) issues.push(...validated.errors.map((e) => ({ path: commandPath(e.path), message: e.message })));
  if (issues.length > 0) throw new InputError('invalid input', issues);

  const bank = compileItems(input.bank, '/bank');
  try {
    return simulateAdaptiveTests(bank, (validated as { config: AdaptiveTestConfig }).config, { seed: seed as number, examinees: examinees! });
  } catch (error) {
    if (error instanceof AdaptiveTestError) throw new InputError(error.code === 'BLUEPRINT_UNSATISFIABLE' ? 'the blueprint cannot be met' : 'invalid input', error.details);
    throw error;
  }
}
