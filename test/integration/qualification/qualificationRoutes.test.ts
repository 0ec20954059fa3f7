/**
 * The qualification API against FerretDB: publishing rules (refused when they can never be
 * met), banking on finish and by reconciliation on read, progress, transcript, cash-in (twice
 * at once writes one award), certification, the teacher's class results, and who may see what.
 */
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { AssessmentSession, Assignment } from '../../../server/db/models';
import { AwardCertification, CreditLedgerEntry, QualificationAward, QualificationVersion } from '../../../server/qualification/qualificationRecords';
import { useTestDatabase } from '../../support/database';
import { connectSocket, createTestSchool, emitWithAck, loginPupil, loginTeacher, startApp, type RunningApp, type TestSchool } from '../http/appHarness';
import { fdpQualification, sitModule } from './qualificationFixtures';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let other: TestSchool;
const sockets: Socket[] = [];
const qualificationId = `test-fdp-${process.pid}`;
const manager = { email: `standards-${process.pid}@q.test`, password: 'standards-pass', name: 'Stan Dards', roles: ['standards-manager'] as const };
const sampler = { email: `sampler-${process.pid}@q.test`, password: 'sampler-pass', name: 'Sam Pler', roles: ['sampling-administrator'] as const };
const otherManager = { email: `standards2-${process.pid}@q.test`, password: 'standards-pass', name: 'Other Manager', roles: ['teacher', 'standards-manager'] as const };
const cookies: Record<string, string> = {};
/** The grade of pupil 0's all-correct sitting (a pass; how high depends on where the module stops). */
let passedGrade = '';

const api = () => request(running.baseUrl);
const csrf = { 'X-Waymark-CSRF': '1' };

async function fdpAssignment(s: TestSchool): Promise<string> {
  const assignment = await Assignment.findOne({ classId: s.classId, moduleId: 'fdp-1' }).lean();
  return String(assignment!._id);
}

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(5, [manager, sampler]);
  other = await createTestSchool(1, [otherManager]);
  cookies.manager = await loginTeacher(running.baseUrl, manager.email, manager.password);
  cookies.sampler = await loginTeacher(running.baseUrl, sampler.email, sampler.password);
  cookies.teacher = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
  cookies.otherTeacher = await loginTeacher(running.baseUrl, other.teacher.email, other.teacher.password);
  cookies.otherManager = await loginTeacher(running.baseUrl, otherManager.email, otherManager.password);
  for (let i = 0; i < school.pupils.length; i++) cookies[`pupil${i}`] = await loginPupil(running.baseUrl, school.code, school.pupils[i].pin);
  cookies.otherPupil = await loginPupil(running.baseUrl, other.code, other.pupils[0].pin);
  const published = await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send(await fdpQualification(qualificationId));
  expect(published.status).toBe(201);
}, 120_000); // starting the app loads and checks the whole starting bank
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => running.close());

async function sit(pupil: number, right: boolean) {
  const socket = await connectSocket(running.baseUrl, '/sitting', cookies[`pupil${pupil}`]);
  sockets.push(socket);
  return sitModule(socket, await fdpAssignment(school), right);
}

describe('publishing qualification rules', () => {
  test('rules that can never be met are refused with the reason, and nothing is written', async () => {
    const before = await QualificationVersion.countDocuments();
    const rules = { ...(await fdpQualification(`never-${process.pid}`)), minTotalCredits: 500 };
    const refused = await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send(rules).expect(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: '/minTotalCredits', message: expect.stringMatching(/can never be met/) })]);
    expect(await QualificationVersion.countDocuments()).toBe(before);
  });

  test('a module that is not published, and a file that breaks the schema, are refused by path', async () => {
    const rules = await fdpQualification(`unknown-${process.pid}`);
    rules.modules.push({ moduleId: 'no-such-module', uniformMax: 100 });
    const unknown = await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send(rules).expect(400);
    expect(unknown.body.error.details).toContainEqual({ path: '/modules/1/moduleId', message: 'module no-such-module is not published' });
    const broken = await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send({ ...rules, policy: { counts: 'sometimes' } }).expect(400);
    expect(broken.body.error.details.map((d: { path: string }) => d.path)).toContain('/policy/counts');
  });

  test('the same version again is a no-op; different rules under it are a conflict', async () => {
    const same = await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send(await fdpQualification(qualificationId)).expect(200);
    expect(same.body.qualification).toMatchObject({ id: qualificationId, version: 1 });
    const changed = { ...(await fdpQualification(qualificationId)), title: 'Changed' };
    const conflict = await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send(changed).expect(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
  });

  test('only a standards manager publishes', async () => {
    const rules = await fdpQualification(`nope-${process.pid}`);
    await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.teacher).send(rules).expect(403);
    await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.pupil0).send(rules).expect(403);
  });
});

describe('a pupil banks credits and is awarded the qualification', () => {
  test('before any module: nothing banked, the mandatory module is what is missing, cash-in refused with the shortfall', async () => {
    const progress = await api().get(`/api/pupil/qualifications/${qualificationId}/progress`).set('Cookie', cookies.pupil1).expect(200);
    expect(progress.body.progress).toMatchObject({ balance: 0, met: false });
    expect(progress.body.progress.shortfalls[0]).toMatchObject({ code: 'MANDATORY_MODULE', moduleId: 'fdp-1' });
    const refused = await api().post(`/api/pupil/qualifications/${qualificationId}/awards`).set(csrf).set('Cookie', cookies.pupil1)
      .send({ idempotencyKey: 'too-early-key-1' }).expect(400);
    expect(refused.body.error.details[0].path).toBe('/qualification');
    expect(await QualificationAward.countDocuments({ qualificationId })).toBe(0);
  });

  test('a passed module banks its credits once; the transcript lists it; a second read writes nothing', async () => {
    const finished = await sit(0, true);
    passedGrade = finished.result!.grade;
    expect(['4', '5', '6', '7', '8', '9']).toContain(passedGrade);
    const progress = await api().get(`/api/pupil/qualifications/${qualificationId}/progress`).set('Cookie', cookies.pupil0).expect(200);
    const { credits } = progress.body.progress.modules[0];
    expect(progress.body.progress).toMatchObject({ balance: credits, met: true, shortfalls: [] });
    expect(progress.body.progress.modules[0]).toMatchObject({ moduleId: 'fdp-1', status: 'banked', attempts: 1, place: 'mandatory' });
    const entries = await CreditLedgerEntry.countDocuments({ ledgerId: `${school.pupilIds[0]}:${qualificationId}` });
    expect(entries).toBe(2); // the attempt and the credit it banked
    const transcript = await api().get(`/api/pupil/qualifications/${qualificationId}/transcript`).set('Cookie', cookies.pupil0).expect(200);
    expect(transcript.body.transcript.modules).toEqual([
      expect.objectContaining({ moduleId: 'fdp-1', creditsBanked: credits, results: [expect.objectContaining({ resultId: finished.sessionId, grade: passedGrade, banked: true })] }),
    ]);
    expect(await CreditLedgerEntry.countDocuments({ ledgerId: `${school.pupilIds[0]}:${qualificationId}` })).toBe(entries);
    const results = await api().get('/api/pupil/results').set('Cookie', cookies.pupil0).expect(200);
    expect(results.body.results[0]).toMatchObject({ sessionId: finished.sessionId, moduleId: 'fdp-1', grade: passedGrade });
    expect(results.body.results[0].criteria.length).toBeGreaterThan(0);
  });

  test('two cash-in requests at once issue one award; the same key again replays it', async () => {
    const send = (key: string) => api().post(`/api/pupil/qualifications/${qualificationId}/awards`).set(csrf).set('Cookie', cookies.pupil0).send({ idempotencyKey: key });
    const [a, b] = await Promise.all([send('first-request-key'), send('second-request-key')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const issued = a.status === 201 ? a : b;
    expect(issued.body.award).toMatchObject({ awardId: `${school.pupilIds[0]}:${qualificationId}:1`, number: 1, grade: expect.any(String), supersedes: null });
    expect(issued.body.award.counted).toEqual([expect.objectContaining({ moduleId: 'fdp-1', grade: passedGrade })]);
    expect(await QualificationAward.countDocuments({ qualificationId, pupilId: school.pupilIds[0] })).toBe(1);
    const key = a.status === 201 ? 'first-request-key' : 'second-request-key';
    const [r1, r2] = await Promise.all([send(key), send(key)]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body).toMatchObject({ outcome: 'replayed', award: { awardId: issued.body.award.awardId } });
    expect(await QualificationAward.countDocuments({ qualificationId, pupilId: school.pupilIds[0] })).toBe(1);
  });

  test('the standards manager sees and certifies the award once; the transcript shows it', async () => {
    const listed = await api().get('/api/standards/awards').set('Cookie', cookies.manager).expect(200);
    const award = listed.body.awards.find((a: { pupilId: string }) => a.pupilId === school.pupilIds[0]);
    expect(award).toMatchObject({ pupilName: school.pupils[0].name, certification: null, current: true });
    const certified = await api().post(`/api/standards/awards/${encodeURIComponent(award.awardId)}/certify`).set(csrf).set('Cookie', cookies.manager).expect(200);
    expect(certified.body.award.certification).toMatchObject({ certifiedBy: manager.name });
    const again = await api().post(`/api/standards/awards/${encodeURIComponent(award.awardId)}/certify`).set(csrf).set('Cookie', cookies.manager).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(await AwardCertification.countDocuments({ _id: award.awardId })).toBe(1);
    const transcript = await api().get(`/api/pupil/qualifications/${qualificationId}/transcript`).set('Cookie', cookies.pupil0).expect(200);
    expect(transcript.body.transcript.awards).toEqual([expect.objectContaining({ awardId: award.awardId, current: true, certification: expect.objectContaining({ certifiedBy: manager.name }) })]);
  });

  test('a failed module is recorded but banks nothing', async () => {
    const finished = await sit(2, false);
    const progress = await api().get(`/api/pupil/qualifications/${qualificationId}/progress`).set('Cookie', cookies.pupil2).expect(200);
    // Every answer wrong: the lowest grade, below any pass grade.
    expect(finished.result!.grade).toBe('U');
    expect(progress.body.progress).toMatchObject({ balance: 0, met: false });
    expect(progress.body.progress.modules[0]).toMatchObject({ status: 'attempted', attempts: 1, banked: null });
    const transcript = await api().get(`/api/pupil/qualifications/${qualificationId}/transcript`).set('Cookie', cookies.pupil2).expect(200);
    expect(transcript.body.transcript.modules[0].results).toEqual([expect.objectContaining({ resultId: finished.sessionId })]);
  });

  test('a finished session whose banking was lost (crash) is banked when the ledger is next read', async () => {
    const finished = await sit(3, true);
    // As if the process died between the finish write and the banking.
    await CreditLedgerEntry.deleteMany({ ledgerId: `${school.pupilIds[3]}:${qualificationId}` });
    const progress = await api().get(`/api/teacher/pupils/${school.pupilIds[3]}/qualifications/${qualificationId}/progress`).set('Cookie', cookies.teacher).expect(200);
    expect(progress.body.progress).toMatchObject({ met: true });
    expect(progress.body.progress.modules[0].banked).toMatchObject({ resultId: finished.sessionId });
    expect(await CreditLedgerEntry.countDocuments({ ledgerId: `${school.pupilIds[3]}:${qualificationId}` })).toBe(2);
    // The teacher cashes in for the pupil.
    const award = await api().post(`/api/teacher/pupils/${school.pupilIds[3]}/qualifications/${qualificationId}/awards`).set(csrf).set('Cookie', cookies.teacher)
      .send({ idempotencyKey: 'teacher-cash-in-1' }).expect(201);
    expect(award.body.award.requestedBy).toEqual({ role: 'teacher', id: school.teacherId });
  });

  test('the resit policy is checked before a new attempt starts (the assessment service\'s attemptPolicy hook)', async () => {
    const oneTry = { ...(await fdpQualification(`one-try-${process.pid}`, { counts: 'best', maxAttempts: 1 })) };
    await api().post('/api/standards/qualifications').set(csrf).set('Cookie', cookies.manager).send(oneTry).expect(201);
    const socket = await connectSocket(running.baseUrl, '/sitting', cookies.pupil0);
    sockets.push(socket);
    const sessions = await AssessmentSession.countDocuments({ pupilId: school.pupilIds[0] });
    const refused = await emitWithAck(socket, 'sitting:start', { assignmentId: await fdpAssignment(school), attempt: 'new' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/All 1 attempts/) } });
    expect(await AssessmentSession.countDocuments({ pupilId: school.pupilIds[0] })).toBe(sessions);
  });

  test('finishing a module banks it through the sittingFinished event, with no read of the ledger', async () => {
    const finished = await sit(4, true);
    const ledgerId = `${school.pupilIds[4]}:${qualificationId}`;
    // Banking runs just after the finish is acknowledged; wait for it without reading through the API (which would reconcile).
    for (let tries = 0; tries < 100 && (await CreditLedgerEntry.countDocuments({ ledgerId })) < 2; tries++) await new Promise((r) => setTimeout(r, 100));
    const entries = (await CreditLedgerEntry.find({ ledgerId }).lean()).map((r) => r.entry).sort((x, y) => x.seq - y.seq);
    expect(entries.map((e) => e.kind)).toEqual(['attempt', 'credit']);
    expect(entries[0]).toMatchObject({ resultId: finished.sessionId, passed: true });
    expect(entries[1]).toMatchObject({ reason: 'banked', resultId: finished.sessionId });
  });

  test('the teacher sees class results by module and criterion, and each pupil\'s progress', async () => {
    const results = await api().get(`/api/teacher/classes/${school.classId}/results?qualificationId=${qualificationId}`).set('Cookie', cookies.teacher).expect(200);
    const body = results.body.results;
    const fdp = body.modules.find((m: { moduleId: string }) => m.moduleId === 'fdp-1');
    expect(fdp.sat).toBe(4);
    expect(Object.values(fdp.grades as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(4);
    expect(fdp.criteria.length).toBeGreaterThan(0);
    // Most-needed first: the share not yet shown never rises down the list.
    const shares = fdp.criteria.map((c: { notYetShare: number }) => c.notYetShare);
    expect([...shares].sort((x, y) => y - x)).toEqual(shares);
    expect(body.pupils).toHaveLength(5);
    expect(body.pupils.find((p: { pupilId: string }) => p.pupilId === school.pupilIds[0])).toMatchObject({ met: true });
    expect(body.pupils.find((p: { pupilId: string }) => p.pupilId === school.pupilIds[1])).toMatchObject({ met: false, balance: 0 });
  });
});

describe('who may see what', () => {
  test('a pupil is refused the teacher and standards routes', async () => {
    await api().get(`/api/teacher/pupils/${school.pupilIds[0]}/qualifications/${qualificationId}/progress`).set('Cookie', cookies.pupil1).expect(403);
    await api().get(`/api/teacher/classes/${school.classId}/results`).set('Cookie', cookies.pupil1).expect(403);
    await api().get('/api/standards/awards').set('Cookie', cookies.pupil1).expect(403);
    await api().post(`/api/standards/awards/${encodeURIComponent(`${school.pupilIds[0]}:${qualificationId}:1`)}/certify`).set(csrf).set('Cookie', cookies.pupil1).expect(403);
  });

  test('a teacher of another school sees none of this school\'s pupils or classes', async () => {
    const progress = await api().get(`/api/teacher/pupils/${school.pupilIds[0]}/qualifications/${qualificationId}/progress`).set('Cookie', cookies.otherTeacher).expect(404);
    expect(progress.body.error.code).toBe('NOT_FOUND');
    await api().get(`/api/teacher/pupils/${school.pupilIds[0]}/qualifications/${qualificationId}/transcript`).set('Cookie', cookies.otherTeacher).expect(404);
    await api().get(`/api/teacher/classes/${school.classId}/results`).set('Cookie', cookies.otherTeacher).expect(404);
    await api().post(`/api/teacher/pupils/${school.pupilIds[1]}/qualifications/${qualificationId}/awards`).set(csrf).set('Cookie', cookies.otherTeacher)
      .send({ idempotencyKey: 'other-school-key' }).expect(404);
  });

  test('a standards manager of another school neither lists nor certifies this school\'s awards', async () => {
    const listed = await api().get('/api/standards/awards').set('Cookie', cookies.otherManager).expect(200);
    expect(listed.body.awards).toEqual([]);
    await api().post(`/api/standards/awards/${encodeURIComponent(`${school.pupilIds[3]}:${qualificationId}:1`)}/certify`).set(csrf).set('Cookie', cookies.otherManager).expect(404);
  });

  test('the sampling administrator is refused every class and award route', async () => {
    await api().get(`/api/teacher/classes/${school.classId}/results`).set('Cookie', cookies.sampler).expect(403);
    await api().get(`/api/teacher/pupils/${school.pupilIds[0]}/qualifications/${qualificationId}/transcript`).set('Cookie', cookies.sampler).expect(403);
    await api().get('/api/standards/awards').set('Cookie', cookies.sampler).expect(403);
  });

  test('a pupil\'s own routes never reach another pupil; anonymous callers are refused', async () => {
    const theirs = await api().get(`/api/pupil/qualifications/${qualificationId}/transcript`).set('Cookie', cookies.otherPupil).expect(200);
    expect(theirs.body.transcript).toMatchObject({ pupil: { id: other.pupilIds[0] }, modules: [] });
    await api().get(`/api/pupil/qualifications/${qualificationId}/progress`).expect(401);
    await api().get('/api/qualifications').expect(401);
  });

  test('bad input: an unknown qualification is 404, a missing idempotency key is 400', async () => {
    await api().get('/api/pupil/qualifications/no-such-qualification/progress').set('Cookie', cookies.pupil1).expect(404);
    const bad = await api().post(`/api/pupil/qualifications/${qualificationId}/awards`).set(csrf).set('Cookie', cookies.pupil1).send({}).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/idempotencyKey' })]);
  });
});
