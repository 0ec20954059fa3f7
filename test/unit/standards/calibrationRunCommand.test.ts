/**
 * `waymark calibration-run`: usage errors and the missing MONGODB_URI are explained with exit
 * code 2 before anything connects; the table prints one line per item with its estimates.
 */
import { PassThrough } from 'node:stream';
import { analyseRun } from '../../../server/calibrationRuns/calibrationAnalysis';
import { runCalibrationRunCommand, runTable } from '../../../server/calibrationRuns/calibrationRunCommand';
import { main } from '../../../server/cli/waymark';
import { compileBank } from '../../../server/irt/bank';
import { simulateResponses } from '../../../server/irt/calibration/simulateResponses';
import { normalDeviate, seededRandom } from '../../../server/irt/random';

function io() {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk) => { out.stdout += String(chunk); });
  stderr.on('data', (chunk) => { out.stderr += String(chunk); });
  return { streams: { stdin: new PassThrough(), stdout, stderr }, out };
}

test('without --module or MONGODB_URI the command says what to do and exits 2', async () => {
  const a = io();
  expect(await main(['calibration-run'], a.streams)).toBe(2);
  expect(a.out.stderr).toMatch(/--module is required/);
  const b = io();
  expect(await runCalibrationRunCommand(['--module', 'fdp-1', '--min-responses', 'many'], b.streams, {})).toBe(2);
  expect(b.out.stderr).toMatch(/--min-responses must be a whole number/);
  const c = io();
  expect(await runCalibrationRunCommand(['--module', 'fdp-1'], c.streams, {})).toBe(2);
  expect(c.out.stderr).toMatch(/set MONGODB_URI/);
  const d = io();
  expect(await main(['calibration-run', '--help'], d.streams)).toBe(0);
  expect(d.out.stdout).toMatch(/usage: waymark calibration-run --module ID/);
});

test('the table lists each item with its provisional and estimated parameters', () => {
  // Two anchors and a free item, 300 simulated pupils answering all three.
  const random = seededRandom(5);
  const truth = compileBank([{ id: 'live-1', model: '2PL', a: 1, b: 0 }, { id: 'live-2', model: '2PL', a: 1.2, b: -0.7 }, { id: 'new-1', model: '2PL', a: 1.1, b: 0.6 }]);
  const rows = simulateResponses(truth, { thetas: Array.from({ length: 300 }, () => normalDeviate(random)) }, random);
  const persons = rows.map((row) => ({ answers: row.map((x, j) => [j, x!] as [number, number]), group: null }));
  const outcome = analyseRun({
    kind: 'calibration', minGroupSize: 100, persons,
    columns: [
      { itemId: 'live-1', version: 1, role: 'anchor', parameters: { model: '2PL', a: 1, b: 0, source: { kind: 'provisional' } } },
      { itemId: 'live-2', version: 1, role: 'anchor', parameters: { model: '2PL', a: 1.2, b: -0.7, source: { kind: 'provisional' } } },
      { itemId: 'new-1', version: 1, role: 'free', parameters: { model: '2PL', a: 1, b: 0.5, source: { kind: 'provisional' } } },
    ],
  });
  const table = runTable({ kind: 'calibration', moduleId: 'm', excluded: [{ itemId: 'new-2', version: 1, responses: 12, reason: 'not yet eligible: 12 of the 200 responses needed' }], outcome });
  const lines = table.split('\n');
  expect(lines[0]).toMatch(/^calibration run of m: 300 sittings, converged/);
  const row = lines.find((l) => l.startsWith('new-1'))!;
  const estimate = outcome.items[2].estimate!;
  expect(row).toContain(estimate.b!.toFixed(2));
  expect(row).toContain('free');
  expect(table).toMatch(/left out: new-2 v1 \(12 responses\): not yet eligible/);
  expect(table).toMatch(/DIF not computed/);
  // Anchors are summarised, not listed.
  expect(table).toMatch(/^2 item versions held at their published parameters as anchors/m);
  expect(lines.some((l) => l.startsWith('live-1'))).toBe(false);
});
