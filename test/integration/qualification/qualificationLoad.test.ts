/**
 * Loading item-bank/qualifications on start: all or nothing. A directory with one good file and
 * one whose rules can never be met writes nothing and names the file and the rule; the good
 * file alone loads once, and loading it again writes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QualificationVersion } from '../../../server/qualification/qualificationRecords';
import { QualificationService } from '../../../server/qualification/qualificationService';
import { useTestDatabase } from '../../support/database';
import { testConfig, testLogger } from '../../support/config';
import { startApp, type RunningApp } from '../http/appHarness';
import { fdpQualification } from './qualificationFixtures';

useTestDatabase();

let running: RunningApp;
const logger = testLogger(testConfig());
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'qualifications-'));

beforeAll(async () => {
  running = await startApp();
}, 120_000); // starting the app loads and checks the whole starting bank
afterAll(async () => {
  fs.rmSync(directory, { recursive: true, force: true });
  await running.close();
});

test('a file whose rules can never be met is refused with its reason, and nothing is written', async () => {
  const before = await QualificationVersion.countDocuments();
  fs.writeFileSync(path.join(directory, 'a-good.json'), JSON.stringify(await fdpQualification('load-good')));
  const never = await fdpQualification('load-never');
  never.optionalGroups = [{ id: 'too-many', modules: ['fdp-1'], min: 2 }] as never;
  never.mandatory = [];
  fs.writeFileSync(path.join(directory, 'b-never.json'), JSON.stringify(never));
  const service = new QualificationService({ logger });
  await expect(service.catalogue.loadDirectory(directory, logger, new Date())).rejects.toThrow(/b-never\.json.*\/optionalGroups\/0\/min/);
  expect(await QualificationVersion.countDocuments()).toBe(before);
});

test('good files load once; loading again writes nothing', async () => {
  fs.rmSync(path.join(directory, 'b-never.json'));
  const service = new QualificationService({ logger });
  expect(await service.catalogue.loadDirectory(directory, logger, new Date())).toEqual({ loaded: ['load-good@1'] });
  expect(await service.catalogue.loadDirectory(directory, logger, new Date())).toEqual({ loaded: [] });
  expect(await QualificationVersion.countDocuments({ qualificationId: 'load-good' })).toBe(1);
  expect((await service.catalogue.current('load-good')).rules.mandatory).toEqual(['fdp-1']);
});
