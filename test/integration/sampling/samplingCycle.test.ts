/**
 * National sampling on FerretDB, through the real app: bad frames refused with line numbers and
 * nothing written; a full cycle (draw, publish, sittings over /sampling-sitting, live completion
 * over /sampling-admin, close); the firewall (pseudonymous collections, no result to a school or
 * pupil, the school link dropped at close); the audit log.
 */
import request from 'supertest';
import { SamplingAudit, SamplingCycle, SamplingParticipant, SamplingResponse, SamplingSitting } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginPupil, loginTeacher, startApp, type RunningApp, type TestSchool } from '../http/appHarness';
import {
  answerFor, codesOf, connectNamespace, CSRF, inBatches, loginSamplingPupil, openCycle, sitWholeForm, syntheticFrameCsv,
} from './samplingHarness';

jest.setTimeout(180_000);
useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let adminCookie: string;
let teacherCookie: string;
const admin = { email: `sampling-admin-${process.pid}@cycle.test`, password: 'sampling-pass', name: 'Ms Admin', roles: ['sampling-administrator'] as const };

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(4, [admin]);
  adminCookie = await loginTeacher(running.baseUrl, admin.email, admin.password);
  teacherCookie = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
});
afterAll(() => running.close());

async function newCycle(name = 'Bad input'): Promise<string> {
  const created = await request(running.baseUrl).post('/api/sampling/admin/cycles').set(CSRF).set('Cookie', adminCookie)
    .send({ name, moduleId: 'fdp-1', schools: 4 }).expect(201);
  return created.body.cycle.id;
}

describe('frame import and draw: bad input is a clear 400 and nothing is written', () => {
  test('broken lines, duplicate schools and a one-school stratum are reported by line', async () => {
    const cycleId = await newCycle();
    const csv = [
      'school_id,stratum,pupils,urbanicity',
      'A1,North,40,rural',
      'A2,North,forty,rural',
      'A1,North,30,urban',
      'B1,Lonely,20,urban',
      'A3,North,10',
    ].join('\n');
    const response = await request(running.baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/frame`).set(CSRF).set('Cookie', adminCookie)
      .send({ csv, implicitSortVariables: ['urbanicity'] }).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const messages = response.body.error.details.map((d: { message: string }) => d.message).join('\n');
    expect(messages).toMatch(/line 3, pupils/);
    expect(messages).toMatch(/line 4, school_id: duplicate school "A1" \(first on line 2\)/);
    expect(messages).toMatch(/line 6, csv: expected 4 fields, found 3/);
    const stored = await SamplingCycle.findById(cycleId).lean();
    expect(stored).toMatchObject({ status: 'created', frame: null });

    const single = 'school_id,stratum,pupils\nA1,North,40\nA2,North,30\nB1,Lonely,20\n';
    const lonely = await request(running.baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/frame`).set(CSRF).set('Cookie', adminCookie).send({ csv: single }).expect(400);
    expect(lonely.body.error.details[0]).toMatchObject({ path: '/csv/line/4' });
    expect(lonely.body.error.details[0].message).toMatch(/stratum "Lonely" has only one school/);
    expect((await SamplingCycle.findById(cycleId).lean())?.frame).toBeNull();
  });

  test('a sample larger than the frame is refused; a bad body names its fields', async () => {
    const cycleId = await newCycle('Too big');
    const response = await request(running.baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/frame`).set(CSRF).set('Cookie', adminCookie)
      .send({ csv: 'school_id,stratum,pupils\nA1,N,40\nA2,N,30\nA3,N,20\n' }).expect(400);
    expect(response.body.error.message).toMatch(/sample of 4 schools is larger than the frame's 3/);
    expect((await SamplingCycle.findById(cycleId).lean())?.status).toBe('created');
    const bad = await request(running.baseUrl).post('/api/sampling/admin/cycles').set(CSRF).set('Cookie', adminCookie)
      .send({ name: '', moduleId: 'fdp-1', schools: -1, extra: true }).expect(400);
    expect(bad.body.error.details.length).toBeGreaterThanOrEqual(2);
    await request(running.baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/draw`).set(CSRF).set('Cookie', adminCookie).send({}).expect(409);
    await request(running.baseUrl).get('/api/sampling/admin/cycles/not-an-id').set('Cookie', adminCookie).expect(404);
  });

  test('the exclusion rate above 5% is reported with a warning', async () => {
    const cycleId = await newCycle('Exclusions');
    const imported = await request(running.baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/frame`).set(CSRF).set('Cookie', adminCookie)
      .send({ csv: syntheticFrameCsv(), implicitSortVariables: ['urbanicity'] }).expect(200);
    expect(imported.body.cycle.frame.exclusionRate).toBeGreaterThan(0.05);
    expect(imported.body.cycle.frame.warnings[0]).toMatch(/exclusion rate .* is above 5%/);
    expect(imported.body.cycle.frame.exclusions).toBe(1);
  });
});

describe('a whole cycle', () => {
  let cycleId: string;

  test('draw and publish: every inclusion probability and replacement stored; the sampled school sees only codes', async () => {
    // The test school is on the frame with a large enrolment, so it is a certainty unit.
    const frame = syntheticFrameCsv(10, [`${school.code},North,400,0,,urban`]);
    const opened = await openCycle(running.baseUrl, adminCookie, { name: 'Cycle 2026', frame });
    cycleId = opened.cycleId;
    const stored = await SamplingCycle.findById(cycleId).lean();
    const sample = stored!.sample as { schools: { schoolId: string; certainty: boolean; inclusionProbability: number }[]; inclusionProbabilities: { schoolId: string; probability: number }[] };
    expect(sample.inclusionProbabilities).toHaveLength(21);
    expect(sample.schools.find((s) => s.schoolId === school.code)).toMatchObject({ certainty: true, inclusionProbability: 1 });

    const codes = await request(running.baseUrl).get('/api/sampling/school').set('Cookie', teacherCookie).expect(200);
    expect(codes.body.cycles).toHaveLength(1);
    // Its 4 Waymark pupils are all drawn (fewer than 6), by name, each with a code; nothing else.
    expect(codes.body.cycles[0].pupils).toHaveLength(4);
    expect(Object.keys(codes.body.cycles[0].pupils[0]).sort()).toEqual(['code', 'pupil']);
    expect(JSON.stringify(codes.body)).not.toMatch(/estimate|theta|score|result"/i);
  });

  test('a pupil sits with a sampling code: thank-you state with no result, durable and idempotent answers', async () => {
    const [code] = await codesOf(cycleId);
    const cookie = await loginSamplingPupil(running.baseUrl, code.toLowerCase().replace('-', ' '));
    // An ordinary pupil login cannot open the sampling sitting, nor the sampling cookie the ordinary one.
    const pupilCookie = await loginPupil(running.baseUrl, school.code, school.pupils[0].pin);
    await expect(connectNamespace(running.baseUrl, '/sampling-sitting', pupilCookie)).rejects.toMatchObject({ data: { error: { code: 'UNAUTHENTICATED' } } });
    await expect(connectNamespace(running.baseUrl, '/sitting', cookie)).rejects.toBeDefined();

    const socket = await connectNamespace(running.baseUrl, '/sampling-sitting', cookie);
    try {
      const started = await socket.emitWithAck('sampling:start', {});
      expect(started).toMatchObject({ ok: true, state: { status: 'in-progress', sequence: 1, result: null } });
      expect(JSON.stringify(started.state.item)).not.toMatch(/"(answer|parameters|accept|correct)"/);
      const again = await socket.emitWithAck('sampling:start', {});
      expect(again.state.sessionId).toBe(started.state.sessionId);

      const bad = await socket.emitWithAck('sampling:answer', { sessionId: started.state.sessionId, sequence: 2, itemId: started.state.item.id, answer: 'x', idempotencyKey: 'key-00000001' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const shape = await socket.emitWithAck('sampling:answer', { sessionId: started.state.sessionId, sequence: 1, itemId: started.state.item.id, idempotencyKey: 'short' });
      expect(shape).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const other = await socket.emitWithAck('sampling:resume', { sessionId: 'someone-else' });
      expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      const message = { sessionId: started.state.sessionId, sequence: 1, itemId: started.state.item.id, answer: answerFor(started.state.item, true), idempotencyKey: 'key-first-answer' };
      const first = await socket.emitWithAck('sampling:answer', message);
      const retry = await socket.emitWithAck('sampling:answer', message);
      expect(first.ok).toBe(true);
      expect(retry).toEqual(first);
      expect(await SamplingResponse.countDocuments({ idempotencyKey: 'key-first-answer' })).toBe(1);

      let state = first.state;
      while (state.status !== 'finished') {
        const ack = await socket.emitWithAck('sampling:answer', { sessionId: state.sessionId, sequence: state.sequence, itemId: state.item.id, answer: answerFor(state.item, false), idempotencyKey: `key-next-${state.sequence}` });
        expect(ack.ok).toBe(true);
        state = ack.state;
      }
      expect(state).toMatchObject({ status: 'finished', item: null, result: null, answered: 8 });
      const resumed = await socket.emitWithAck('sampling:resume', { sessionId: state.sessionId });
      expect(resumed.state).toEqual(state);
    } finally {
      socket.disconnect();
    }
    // The sitting is stored under the pseudonymous key, with no school, pupil or class field.
    const sitting = await SamplingSitting.findOne({ cycleId }).lean();
    expect(Object.keys(sitting!)).not.toEqual(expect.arrayContaining(['schoolId']));
    expect(Object.keys(sitting!).filter((k) => /school|pupil|class|code/i.test(k))).toEqual([]);
  });

  test('the administrator watches completion by stratum live', async () => {
    const socket = await connectNamespace(running.baseUrl, '/sampling-admin', adminCookie);
    try {
      const watched = await socket.emitWithAck('sampling:watch', { cycleId });
      expect(watched.ok).toBe(true);
      expect(watched.progress.strata.map((s: { stratum: string }) => s.stratum)).toEqual(['North', 'South']);
      const pushes: { strata: { sampled: number; finished: number }[] }[] = [];
      socket.on('sampling:completion', (progress) => pushes.push(progress));
      const codes = await codesOf(cycleId);
      const finishedBefore = await SamplingSitting.countDocuments({ cycleId, status: 'finished' });
      const remaining = [];
      for (const code of codes) {
        const participant = await SamplingParticipant.findOne({ cycleId, code }, { _id: 1 }).lean();
        if (!(await SamplingSitting.exists({ _id: participant!._id }))) remaining.push(code);
      }
      await inBatches(remaining, 6, (code, i) => sitWholeForm(running.baseUrl, code, (i % 5) / 5));
      const allFinished = (p: (typeof pushes)[number]): boolean => p.strata.every((s) => s.finished === s.sampled);
      for (let waited = 0; waited < 10_000 && !pushes.some(allFinished); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(pushes.some(allFinished)).toBe(true);
      expect(pushes.at(-1)!.strata.reduce((sum, s) => sum + s.finished, 0)).toBeGreaterThan(finishedBefore);
      const teacherSocket = connectNamespace(running.baseUrl, '/sampling-admin', teacherCookie);
      await expect(teacherSocket).rejects.toMatchObject({ data: { error: { code: 'FORBIDDEN' } } });
    } finally {
      socket.disconnect();
    }
  });

  test('closing publishes suppressed national aggregates and drops the link to schools', async () => {
    const closed = await request(running.baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/close`).set(CSRF).set('Cookie', adminCookie).send({}).expect(200);
    const { estimates } = closed.body;
    const nation = estimates.estimates.find((e: { domain: { kind: string } }) => e.domain.kind === 'nation');
    expect(nation.suppressed).toBe(false);
    expect(nation.pupils).toBeGreaterThanOrEqual(62);
    expect(nation.mean.lower).toBeLessThan(nation.mean.estimate);
    expect(nation.atOrAbove.length).toBeGreaterThan(0);
    for (const cell of estimates.estimates) {
      expect(['nation', 'stratum', 'group']).toContain(cell.domain.kind);
      if (cell.pupils < 62 || cell.zones < 5) expect(cell).toMatchObject({ suppressed: true, mean: null, atOrAbove: null });
    }
    expect(estimates.plausibleValues).toBeGreaterThanOrEqual(5);
    expect(estimates.responseRates.weighted.pupil).toBeCloseTo(1, 10);

    // The link is gone: no participant names a school, a pupil or a code; the teacher sees nothing.
    const linked = await SamplingParticipant.countDocuments({ cycleId, $or: [{ schoolId: { $ne: null } }, { code: { $ne: null } }, { pupilRef: { $ne: null } }, { sampledSchoolId: { $ne: null } }] });
    expect(linked).toBe(0);
    expect(await SamplingParticipant.countDocuments({ cycleId })).toBeGreaterThan(0);
    const codes = await request(running.baseUrl).get('/api/sampling/school').set('Cookie', teacherCookie).expect(200);
    expect(codes.body.cycles).toEqual([]);

    const tables = await request(running.baseUrl).get(`/api/sampling/admin/cycles/${cycleId}/exports/national-tables.csv`).set('Cookie', adminCookie).expect(200);
    expect(tables.text.split('\r\n')[0]).toBe('domain,statistic,estimate,se,lower95,upper95,pupils,zones,suppressed');
    const file = await request(running.baseUrl).get(`/api/sampling/admin/cycles/${cycleId}/exports/analysis-file.csv`).set('Cookie', adminCookie).expect(200);
    const header = file.text.split('\r\n')[0].split(',');
    expect(header.slice(0, 3)).toEqual(['stratum', 'zone', 'urbanicity']);
    expect(header).toEqual(expect.arrayContaining(['pv1', 'pv5', 'weight', 'repwt1']));
    expect(file.text).not.toContain(school.code);
  });

  test('a teacher at the sampled school is refused every result; every access is audited', async () => {
    for (const path of [`/api/sampling/admin/cycles/${cycleId}/estimates`, `/api/sampling/admin/cycles/${cycleId}/exports/analysis-file.csv`, '/api/sampling/admin/audit']) {
      const refused = await request(running.baseUrl).get(path).set('Cookie', teacherCookie).expect(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    await request(running.baseUrl).get(`/api/sampling/admin/cycles/${cycleId}/estimates`).expect(401);
    const audit = await request(running.baseUrl).get('/api/sampling/admin/audit').set('Cookie', adminCookie).expect(200);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining([
      'frame-imported', 'sample-drawn', 'sample-published', 'school-codes-viewed', 'completion-watched', 'cycle-closed',
      'national-tables-exported', 'analysis-file-exported', 'sitting-login',
    ]));
    expect(await SamplingAudit.countDocuments({ action: 'analysis-file-exported', actorName: admin.name })).toBe(1);
  });
});
