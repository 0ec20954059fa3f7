/**
 * A calibration run left 'running' by a server that stopped mid-run is run again when the next
 * server starts, from its stored options, and reaches the state a run of those options reaches.
 */
import { Types } from 'mongoose';
import { CalibrationRuns } from '../../../server/calibrationRuns/calibrationRunService';
import { seedSimulatedSittings } from '../../../server/calibrationRuns/simulatedSittings';
import { CalibrationRun } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { startApp, type RunningApp } from '../http/appHarness';

useTestDatabase();

let running: RunningApp | undefined;
afterAll(async () => {
  await running?.close();
});

test('a run interrupted by a stop is resumed at the next start and finishes', async () => {
  // A first server loads the content; the simulated sittings give the run data to work on.
  running = await startApp();
  await seedSimulatedSittings({ moduleId: 'fdp-1', pupils: 300, itemsPerPupil: 12, pretestShare: 0.75, seed: 5, answeredAt: new Date(), schoolCode: 'RESUME1' });
  await running.close();
  running = undefined;

  const options = { kind: 'calibration', moduleId: 'fdp-1', minResponses: 50, minGroupSize: 100 };
  const interrupted = await CalibrationRun.create({
    kind: 'calibration', moduleId: 'fdp-1', moduleVersion: 1, status: 'running', stage: 'estimating', options,
    requestedBy: new Types.ObjectId(), requestedByName: 'Dr Adeyemi', requestedAt: new Date(),
  });

  const runs = new CalibrationRuns();
  expect(await runs.resumeInterrupted()).toBe(1);
  await runs.idle();
  const after = (await CalibrationRun.findById(interrupted._id).lean())!;
  expect({ status: after.status, error: after.error ?? null }).toEqual({ status: 'finished', error: null });
  expect((after.outcome as { items: unknown[] }).items.length).toBeGreaterThan(0);
  expect(await new CalibrationRuns().resumeInterrupted()).toBe(0);
}, 300_000);
