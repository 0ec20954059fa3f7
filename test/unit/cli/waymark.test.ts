import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../server/cli/waymark';
import { compileBank } from '../../../server/irt/bank';
import { expectedAPosterioriFromPattern, maximumLikelihood } from '../../../server/irt/estimation';
import { simulateAdaptiveTests } from '../../../server/irt/simulation';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'waymark.js');
const workDir = mkdtempSync(path.join(tmpdir(), 'waymark-cli-'));

const items = [
  { id: 'q1', model: '2PL', a: 1.2, b: -0.3 },
  { id: 'q2', model: '3PL', a: 0.9, b: 0.5, c: 0.2 },
  { id: 'q3', model: 'GRM', a: 1.1, thresholds: [-1, 0, 1.2] },
  { id: 'q4', model: 'GPCM', a: 0.8, steps: [-0.5, 0.7] },
  { id: 'q5', model: 'Rasch', b: 0.4 },
  { id: 'q6', model: '4PL', a: 1.4, b: 0.1, c: 0.1, d: 0.95 },
];

/** Run main in process with stdin text; returns exit code, stdout, stderr. */
async function runMain(argv: string[], stdinText = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  stdin.end(stdinText);
  const code = await main(argv, { stdin, stdout, stderr });
  return { code, stdout: out, stderr: err };
}

function spawnBin(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', cwd: repoRoot, timeout: 60000 });
}

describe('waymark command (spawned bin)', () => {
  it('estimate FILE prints θ and SE equal to the library EAP', () => {
    const file = path.join(workDir, 'estimate.json');
    writeFileSync(file, JSON.stringify({ items, responses: [1, 0, 2, 1, null, 1] }));
    const result = spawnBin(['estimate', file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    const bank = compileBank(items as never);
    const expected = expectedAPosterioriFromPattern(bank, [0, 1, 2, 3, 5], [1, 0, 2, 1, 1]);
    expect(output).toEqual({ theta: expected.theta, se: expected.se });
  });

  it('estimate - reads stdin; an all-correct MLE pattern reports the bound and extreme', () => {
    const result = spawnBin(['estimate', '-'], JSON.stringify({ items: items.slice(0, 2), responses: [1, 1], method: 'MLE' }));
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.theta).toBe(6);
    expect(output.extreme).toBe(true);
    expect(Number.isFinite(output.se)).toBe(true);
  });

  it('simulate - prints the summary the library computes for the same input', () => {
    const bank = Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, model: '2PL', a: 0.8 + (i % 5) * 0.1, b: -2 + (4 * i) / 59 }));
    const input = { bank, examinees: { n: 40 }, seed: 3, select: 'MFI', randomesque: 2, stop: { maxItems: 8, cuts: [0], confidence: 0.9 } };
    const result = spawnBin(['simulate', '-'], JSON.stringify(input));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    const expected = simulateAdaptiveTests(compileBank(bank as never), {
      estimator: { method: 'EAP' },
      selection: { method: 'MFI', randomesque: 2 },
      stop: { maxItems: 8, cuts: [0], confidence: 0.9 },
    }, { seed: 3, examinees: { n: 40 } });
    expect(output).toEqual(JSON.parse(JSON.stringify(expected)));
    for (const key of ['n', 'meanLength', 'sdLength', 'bias', 'rmse', 'maxExposure', 'unusedFraction', 'overlap', 'classificationAccuracy', 'conditional']) {
      expect(output).toHaveProperty(key);
    }
  });

  it('bad input: a clear message on stderr, nothing on stdout, exit code 2', () => {
    const result = spawnBin(['estimate', '-'], JSON.stringify({ items: [{ id: 'x', model: '2PL', a: -1, b: 0 }], responses: [1] }));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('waymark estimate: invalid input\n  /items/0/a: must be > 0, got -1 (item "x")\n');
  });
});

describe('waymark command (in process)', () => {
  it('MLE on a mixed pattern equals the library MLE', async () => {
    const { code, stdout } = await runMain(['estimate', '-'], JSON.stringify({ items, responses: [1, 0, 1, 2, 0, 1], method: 'MLE', bounds: [-5, 5] }));
    expect(code).toBe(0);
    const bank = compileBank(items as never);
    const expected = maximumLikelihood(bank, [0, 1, 2, 3, 4, 5], [1, 0, 1, 2, 0, 1], [-5, 5]);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it.each([
    ['not JSON', ['estimate', '-'], '{', /not valid JSON/],
    ['missing file', ['estimate', path.join(workDir, 'absent.json')], '', /cannot read .*absent\.json/],
    ['no file argument', ['estimate'], '', /missing input/],
    ['unknown command', ['fit', '-'], '', /unknown command "fit"/],
    ['wrong response count', ['estimate', '-'], JSON.stringify({ items, responses: [1] }), /\/responses: has 1 entries for 6 items/],
    ['category out of range', ['estimate', '-'], JSON.stringify({ items: items.slice(0, 1), responses: [2] }), /\/responses\/0: must be an integer category 0\.\.1/],
    ['unknown estimate property', ['estimate', '-'], JSON.stringify({ items, responses: [1, 1, 1, 1, 1, 1], methd: 'EAP' }), /\/methd: unknown property/],
    ['duplicate ids', ['estimate', '-'], JSON.stringify({ items: [items[0], items[0]], responses: [1, 1] }), /\/items\/1\/id: duplicate item id/],
    ['bad select', ['simulate', '-'], JSON.stringify({ bank: items, thetas: [0], select: 'MAX', stop: { maxItems: 3 } }), /\/select: must be one of/],
    ['missing stop', ['simulate', '-'], JSON.stringify({ bank: items, thetas: [0] }), /\/stop: is required/],
    ['both thetas and examinees', ['simulate', '-'], JSON.stringify({ bank: items, thetas: [0], examinees: { n: 3 }, stop: { maxItems: 3 } }), /give either thetas or examinees/],
    ['bad rmax', ['simulate', '-'], JSON.stringify({ bank: items, thetas: [0], exposure: { method: 'restricted', rmax: 2 }, stop: { maxItems: 3 } }), /\/exposure\/rmax: must be in \(0, 1\]/],
    [
      'unsatisfiable blueprint',
      ['simulate', '-'],
      JSON.stringify({ bank: items, thetas: [0], blueprint: { constraints: [{ tag: 'criterion', value: 'N1', min: 1 }] }, stop: { maxItems: 3 } }),
      /blueprint cannot be met\n {2}\/blueprint: criterion = N1 needs at least 1 items but only 0 are available/,
    ],
  ])('%s → exit 2 with the reason', async (_name, argv, stdin, pattern) => {
    const { code, stdout, stderr } = await runMain(argv as string[], stdin as string);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern as RegExp);
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await runMain(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('estimate');
    expect(stdout).toContain('simulate');
  });
});
