import request from 'supertest';
import { Pupil } from '../../../server/db/models';
import { DEMO_PUPILS, DEMO_SCHOOL, DEMO_TEACHER, seedDemoSchool } from '../../../server/seed/demoSchool';
import { createLoadTestPupils, LOAD_TEST_SCHOOL, loadTestPupilPin } from '../../../server/seed/loadTestPupils';
import { useTestDatabase } from '../../support/database';
import { loginPupil, loginTeacher, startApp, type RunningApp } from './appHarness';

useTestDatabase();

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ seedDemo: true });
});
afterAll(() => running.close());

test('the demo logins in the README work and every module is assigned, the starter module first', async () => {
  const pupilCookie = await loginPupil(running.baseUrl, DEMO_SCHOOL.code, DEMO_PUPILS[0].pin);
  const assignments = await request(running.baseUrl).get('/api/pupil/assignments').set('Cookie', pupilCookie).expect(200);
  const moduleIds = assignments.body.assignments.map((a: { moduleId: string }) => a.moduleId);
  expect(moduleIds[0]).toBe('fdp-1');
  expect([...moduleIds].sort()).toEqual(['alg-1', 'fdp-1', 'geo-1', 'num-1', 'prob-1', 'rat-1', 'stat-1']);
  const teacherCookie = await loginTeacher(running.baseUrl, DEMO_TEACHER.email, DEMO_TEACHER.password);
  const classes = await request(running.baseUrl).get('/api/teacher/classes').set('Cookie', teacherCookie).expect(200);
  expect(classes.body.classes[0].pupils.map((p: { name: string }) => p.name)).toEqual(DEMO_PUPILS.map((p) => p.name));
});

test('seeding again creates nothing new', async () => {
  const before = await Pupil.countDocuments();
  expect((await seedDemoSchool()).created).toBe(false);
  expect(await Pupil.countDocuments()).toBe(before);
});

test('load-test pupils log in with their documented PINs; topping up adds only the missing ones', async () => {
  expect((await createLoadTestPupils(5)).added).toBe(5);
  expect((await createLoadTestPupils(7)).added).toBe(2);
  const cookie = await loginPupil(running.baseUrl, LOAD_TEST_SCHOOL.code, loadTestPupilPin(6));
  const assignments = await request(running.baseUrl).get('/api/pupil/assignments').set('Cookie', cookie).expect(200);
  expect(assignments.body.assignments).toHaveLength(1);
});
