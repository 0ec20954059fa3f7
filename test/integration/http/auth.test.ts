import request from 'supertest';
import { AuthSession, LoginAttempt } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginPupil, startApp, type RunningApp, type TestSchool } from './appHarness';

useTestDatabase();

const csrf = { 'X-Waymark-CSRF': '1' };

function expectErrorBody(body: unknown, code: string): void {
  expect(body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array) } });
}

describe('pupil and teacher login', () => {
  let running: RunningApp;
  let school: TestSchool;

  beforeAll(async () => {
    running = await startApp();
    school = await createTestSchool(2);
  });
  afterAll(() => running.close());

  test('health and readiness', async () => {
    await request(running.baseUrl).get('/healthz').expect(200, { status: 'ok' });
    await request(running.baseUrl).get('/readyz').expect(200, { status: 'ready' });
  });

  test('a pupil logs in with school code + PIN and gets an httpOnly SameSite=Strict session cookie', async () => {
    const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf)
      .send({ schoolCode: school.code.toLowerCase(), pin: school.pupils[0].pin }).expect(200);
    expect(response.body).toEqual({ user: { id: school.pupilIds[0], role: 'pupil', name: school.pupils[0].name, schoolId: school.schoolId, staffRoles: [] } });
    const cookie = (response.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^wm_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const me = await request(running.baseUrl).get('/api/me').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(me.body.user.id).toBe(school.pupilIds[0]);
  });

  test('a wrong PIN is 401 UNAUTHENTICATED and creates no session', async () => {
    const before = await AuthSession.countDocuments();
    const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf).send({ schoolCode: school.code, pin: '999999' }).expect(401);
    expectErrorBody(response.body, 'UNAUTHENTICATED');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await AuthSession.countDocuments()).toBe(before);
  });

  test('a right PIN writes no failure counter; a wrong one is counted under its lockout key as the primary key', async () => {
    const before = await LoginAttempt.countDocuments();
    await loginPupil(running.baseUrl, school.code, school.pupils[1].pin);
    expect(await LoginAttempt.countDocuments()).toBe(before);
    await request(running.baseUrl).post('/api/auth/pupil').set(csrf).send({ schoolCode: school.code, pin: '999990' }).expect(401);
    const counted = await LoginAttempt.findOne({ key: new RegExp(`^pupil:${school.code}:`) }).lean();
    expect(counted?._id).toBe(counted?.key);
    expect(counted?.failures).toBeGreaterThanOrEqual(1);
  });

  test('a teacher logs in with e-mail + password; a wrong password is 401', async () => {
    const ok = await request(running.baseUrl).post('/api/auth/teacher').set(csrf)
      .send({ email: school.teacher.email.toUpperCase(), password: school.teacher.password }).expect(200);
    expect(ok.body.user).toEqual({ id: school.teacherId, role: 'teacher', name: expect.any(String), schoolId: school.schoolId, staffRoles: ['teacher'] });
    const wrong = await request(running.baseUrl).post('/api/auth/teacher').set(csrf)
      .send({ email: school.teacher.email, password: 'not-the-password' }).expect(401);
    expectErrorBody(wrong.body, 'UNAUTHENTICATED');
  });

  test('logout ends the session', async () => {
    const cookie = await loginPupil(running.baseUrl, school.code, school.pupils[1].pin);
    await request(running.baseUrl).post('/api/auth/logout').set(csrf).set('Cookie', cookie).expect(204);
    const me = await request(running.baseUrl).get('/api/me').set('Cookie', cookie).expect(401);
    expectErrorBody(me.body, 'UNAUTHENTICATED');
  });

  test('a state-changing request without the CSRF header is 403 and writes nothing', async () => {
    const before = await AuthSession.countDocuments();
    const response = await request(running.baseUrl).post('/api/auth/pupil').send({ schoolCode: school.code, pin: school.pupils[0].pin }).expect(403);
    expectErrorBody(response.body, 'FORBIDDEN');
    expect(response.body.error.message).toMatch(/X-Waymark-CSRF/);
    expect(await AuthSession.countDocuments()).toBe(before);
  });

  test('a form-encoded body (what a cross-site form sends) is 403', async () => {
    const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf).type('form')
      .send(`schoolCode=${school.code}&pin=${school.pupils[0].pin}`).expect(403);
    expectErrorBody(response.body, 'FORBIDDEN');
  });

  test('malformed JSON is 400 VALIDATION_FAILED', async () => {
    const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf).set('Content-Type', 'application/json')
      .send('{"schoolCode": "X", "pin": ').expect(400);
    expectErrorBody(response.body, 'VALIDATION_FAILED');
  });

  test('a body over the size limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf)
      .send({ schoolCode: 'x'.repeat(100_000), pin: '123456' }).expect(413);
    expectErrorBody(response.body, 'PAYLOAD_TOO_LARGE');
  });

  test('missing and badly typed fields are named by JSON pointer', async () => {
    const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf).send({ schoolCode: 7, extra: true }).expect(400);
    expectErrorBody(response.body, 'VALIDATION_FAILED');
    const paths = response.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/pin', '/schoolCode', '/extra']));
  });

  test('unknown API paths are 404 with the error body', async () => {
    const response = await request(running.baseUrl).get('/api/nothing-here').expect(404);
    expectErrorBody(response.body, 'NOT_FOUND');
  });
});

describe('PIN lockout', () => {
  let running: RunningApp;
  let school: TestSchool;

  beforeAll(async () => {
    running = await startApp({ loginLimits: { failuresBeforeLock: 3, attemptsPerMinutePerAddress: 1000 } });
    school = await createTestSchool(1);
  });
  afterAll(() => running.close());

  test('repeated wrong PINs for a school code lock it (423), even for the right PIN afterwards', async () => {
    const wrong = () => request(running.baseUrl).post('/api/auth/pupil').set(csrf).send({ schoolCode: school.code, pin: '000001' });
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(401);
    const third = await wrong();
    expect(third.status).toBe(423);
    expectErrorBody(third.body, 'LOCKED');
    const right = await request(running.baseUrl).post('/api/auth/pupil').set(csrf).send({ schoolCode: school.code, pin: school.pupils[0].pin });
    expect(right.status).toBe(423);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.headers['set-cookie']).toBeUndefined();
    const attempt = await LoginAttempt.findOne({ key: new RegExp(`^pupil:${school.code}:`) }).lean();
    expect(attempt?.failures).toBe(3);
    expect(attempt?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  test('teacher accounts lock after repeated wrong passwords', async () => {
    const wrong = () => request(running.baseUrl).post('/api/auth/teacher').set(csrf).send({ email: school.teacher.email, password: 'guess' });
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(423);
    const right = await request(running.baseUrl).post('/api/auth/teacher').set(csrf).send({ email: school.teacher.email, password: school.teacher.password });
    expect(right.status).toBe(423);
  });
});

describe('login rate limit per address', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ loginLimits: { attemptsPerMinutePerAddress: 4, failuresBeforeLock: 100 } });
  });
  afterAll(() => running.close());

  test('past the limit, attempts are refused with 429 RATE_LIMITED and a Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await request(running.baseUrl).post('/api/auth/pupil').set(csrf).send({ schoolCode: `NOPE${i}`, pin: '123456' });
      statuses.push(response.status);
      if (response.status === 429) {
        expectErrorBody(response.body, 'RATE_LIMITED');
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
