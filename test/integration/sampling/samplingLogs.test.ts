/**
 * No log line yields sampling data: a whole small cycle (and a failing request) runs with the
 * logger at `trace`, and the captured lines are searched for every pseudonymous key, code and
 * the service key, and for posteriors and plausible values.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createWaymarkApp, type WaymarkApp } from '../../../server/app';
import { SamplingParticipant } from '../../../server/db/models';
import { createLogger } from '../../../server/log';
import { resolveSamplingKey } from '../../../server/samplingService/samplingKey';
import { useTestDatabase } from '../../support/database';
import { testConfig } from '../../support/config';
import { createTestSchool, loginTeacher } from '../http/appHarness';
import { codesOf, CSRF, openCycle, sitWholeForm, syntheticFrameCsv } from './samplingHarness';

jest.setTimeout(180_000);
useTestDatabase();

const lines: string[] = [];
let app: WaymarkApp;
let baseUrl: string;

beforeAll(async () => {
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  const config = testConfig({ logLevel: 'trace' });
  app = await createWaymarkApp({ config, logger: createLogger(config, sink), seedDemo: false });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

test('a whole cycle at log level trace leaves no sampling data in the log', async () => {
  const admin = { email: `logs-admin-${process.pid}@l.test`, password: 'logs-pass-1', name: 'Admin L', roles: ['sampling-administrator'] as const };
  await createTestSchool(1, [admin]);
  const cookie = await loginTeacher(baseUrl, admin.email, admin.password);
  const { cycleId } = await openCycle(baseUrl, cookie, { name: 'Logs', schools: 4, pupilsPerSchool: 3, frame: syntheticFrameCsv(4), seed: 3 });
  const participants = await SamplingParticipant.find({ cycleId }, { _id: 1, code: 1 }).lean();
  const codes = await codesOf(cycleId);
  for (const code of codes) await sitWholeForm(baseUrl, code, 0.4);
  // A failing request and a bad frame are logged too.
  await request(baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/frame`).set(CSRF).set('Cookie', cookie).send({ csv: 'x' }).expect(409);
  await request(baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/close`).set(CSRF).set('Cookie', cookie).send({}).expect(200);
  await request(baseUrl).get(`/api/sampling/admin/cycles/${cycleId}/exports/analysis-file.csv`).set('Cookie', cookie).expect(200);

  const log = lines.join('');
  expect(log.length).toBeGreaterThan(0);
  const secrets = [...participants.map((p) => p._id), ...codes, resolveSamplingKey(null, testConfig().dataDir).toString('utf8')];
  expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
  expect(log).not.toMatch(/logDensity|plausible|repwt|"posterior"/);
});
