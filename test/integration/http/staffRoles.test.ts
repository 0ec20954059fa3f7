import request from 'supertest';
import { Teacher } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { connectSocket, createTestSchool, loginTeacher, startApp, type RunningApp, type TestSchool } from './appHarness';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
const samplingAdmin = { email: `sampling-${process.pid}@roles.test`, password: 'sampling-pass', name: 'Sam', roles: ['sampling-administrator'] as const };
const reviewer = { email: `reviewer-${process.pid}@roles.test`, password: 'reviewer-pass', name: 'Rev', roles: ['teacher', 'reviewer'] as const };

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(1, [samplingAdmin, reviewer]);
});
afterAll(() => running.close());

test('a staff login reports its duties', async () => {
  const cookie = await loginTeacher(running.baseUrl, reviewer.email, reviewer.password);
  const me = await request(running.baseUrl).get('/api/me').set('Cookie', cookie).expect(200);
  expect(me.body.user).toMatchObject({ role: 'teacher', staffRoles: ['teacher', 'reviewer'] });
  await request(running.baseUrl).get('/api/teacher/classes').set('Cookie', cookie).expect(200);
});

test('an account without the teacher duty is refused the class routes and the live class view', async () => {
  const cookie = await loginTeacher(running.baseUrl, samplingAdmin.email, samplingAdmin.password);
  const classes = await request(running.baseUrl).get('/api/teacher/classes').set('Cookie', cookie).expect(403);
  expect(classes.body.error.code).toBe('FORBIDDEN');
  await expect(connectSocket(running.baseUrl, '/class', cookie)).rejects.toMatchObject({ data: { error: { code: 'FORBIDDEN' } } });
});

test('an account stored before duties existed logs in as a class teacher', async () => {
  await Teacher.collection.updateOne({ email: school.teacher.email }, { $unset: { roles: '' } });
  const cookie = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
  const me = await request(running.baseUrl).get('/api/me').set('Cookie', cookie).expect(200);
  expect(me.body.user.staffRoles).toEqual(['teacher']);
});
