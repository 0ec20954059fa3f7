import request from 'supertest';
import { Assignment } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginPupil, loginTeacher, startApp, type RunningApp, type TestSchool } from './appHarness';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let otherSchool: TestSchool;
let teacherCookie: string;
const csrf = { 'X-Waymark-CSRF': '1' };

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(2);
  otherSchool = await createTestSchool(1);
  teacherCookie = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
});
afterAll(() => running.close());

test('a teacher lists their own classes with pupils, and the modules', async () => {
  const classes = await request(running.baseUrl).get('/api/teacher/classes').set('Cookie', teacherCookie).expect(200);
  expect(classes.body).toEqual({
    classes: [{ id: school.classId, name: expect.any(String), pupils: school.pupils.map((p, i) => ({ id: school.pupilIds[i], name: p.name })) }],
  });
  const modules = await request(running.baseUrl).get('/api/teacher/modules').set('Cookie', teacherCookie).expect(200);
  expect(modules.body.modules).toContainEqual({ id: 'fdp-1', title: 'Fractions, decimals and percentages', subject: 'mathematics' });
});

test('assigning a module is idempotent and limited to the own school', async () => {
  const body = { classId: school.classId, moduleId: 'fdp-1' };
  const assigned = await Assignment.countDocuments({ classId: school.classId });
  const first = await request(running.baseUrl).post('/api/teacher/assignments').set(csrf).set('Cookie', teacherCookie).send(body).expect(201);
  const second = await request(running.baseUrl).post('/api/teacher/assignments').set(csrf).set('Cookie', teacherCookie).send(body).expect(201);
  expect(second.body).toEqual(first.body);
  expect(await Assignment.countDocuments({ classId: school.classId })).toBe(assigned);

  const foreign = await request(running.baseUrl).post('/api/teacher/assignments').set(csrf).set('Cookie', teacherCookie)
    .send({ classId: otherSchool.classId, moduleId: 'fdp-1' }).expect(404);
  expect(foreign.body.error.code).toBe('NOT_FOUND');
  const unknown = await request(running.baseUrl).post('/api/teacher/assignments').set(csrf).set('Cookie', teacherCookie)
    .send({ classId: school.classId, moduleId: 'no-such-module' }).expect(404);
  expect(unknown.body.error.details).toEqual([{ path: '/moduleId', message: expect.any(String) }]);
  const invalid = await request(running.baseUrl).post('/api/teacher/assignments').set(csrf).set('Cookie', teacherCookie)
    .send({ classId: 'x' }).expect(400);
  expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/classId', '/moduleId']));
  expect(await Assignment.countDocuments({ classId: otherSchool.classId })).toBe(otherSchool.assignmentIds.length);
});

test('a pupil sees the assignments of their class; roles are enforced on every route', async () => {
  const pupilCookie = await loginPupil(running.baseUrl, school.code, school.pupils[0].pin);
  const list = await request(running.baseUrl).get('/api/pupil/assignments').set('Cookie', pupilCookie).expect(200);
  // Every module is assigned to a new class, the starter module first.
  expect(list.body.assignments.map((a: { assignmentId: string }) => a.assignmentId)).toEqual(school.assignmentIds);
  expect(list.body.assignments[0]).toEqual({
    assignmentId: school.assignmentIds[0], moduleId: 'fdp-1', title: 'Fractions, decimals and percentages', timeLimitMinutes: 30, session: null,
  });
  const asPupil = await request(running.baseUrl).get('/api/teacher/classes').set('Cookie', pupilCookie).expect(403);
  expect(asPupil.body.error.code).toBe('FORBIDDEN');
  const asTeacher = await request(running.baseUrl).get('/api/pupil/assignments').set('Cookie', teacherCookie).expect(403);
  expect(asTeacher.body.error.code).toBe('FORBIDDEN');
  const anonymous = await request(running.baseUrl).get('/api/teacher/classes').expect(401);
  expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
});
