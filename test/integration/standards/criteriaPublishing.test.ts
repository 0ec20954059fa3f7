/**
 * Publishing the criteria (a new subject version) through the real app on FerretDB: standards
 * managers only; the whole subject (larger than the API's ordinary 16 kB body limit) is accepted;
 * bad criteria, a wrong version, or withdrawing a criterion a module is graded on are refused with
 * the field named and nothing written.
 */
import request from 'supertest';
import { SubjectVersion } from '../../../server/db/models';
import { useTestDatabase } from '../../support/database';
import { createTestSchool, loginTeacher, startApp, type RunningApp, type TestSchool } from '../http/appHarness';

useTestDatabase();

let running: RunningApp;
let school: TestSchool;
let manager: string;
const standards = { email: `criteria-${process.pid}@std.test`, password: 'standards-pass', name: 'Dr Adeyemi', roles: ['standards-manager'] as const };

interface Criterion { id: string; strand: string; grade: string; statement: string }
interface Subject { id: string; version: number; criteria: Criterion[]; [key: string]: unknown }

beforeAll(async () => {
  running = await startApp();
  school = await createTestSchool(1, [standards]);
  manager = await loginTeacher(running.baseUrl, standards.email, standards.password);
});
afterAll(() => running.close());

const publish = (cookie: string, definition: unknown) => request(running.baseUrl).post('/api/standards/subjects/mathematics/versions')
  .set('Cookie', cookie).set('X-Waymark-CSRF', '1').send({ definition });

async function current(): Promise<Subject> {
  const response = await request(running.baseUrl).get('/api/standards/subjects/mathematics').set('Cookie', manager).expect(200);
  return response.body.subject.definition as Subject;
}

test('only a standards manager may read or publish criteria', async () => {
  const teacher = await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password);
  expect((await request(running.baseUrl).get('/api/standards/subjects').set('Cookie', teacher).expect(403)).body.error.code).toBe('FORBIDDEN');
  expect((await publish(teacher, await current())).status).toBe(403);
  expect(await SubjectVersion.countDocuments({ subjectId: 'mathematics' })).toBe(1);
});

test('bad criteria, a wrong version and withdrawing a criterion a module is graded on write nothing', async () => {
  const subject = await current();
  const next = { ...subject, version: subject.version + 1 };

  const badGrade = { ...next, criteria: next.criteria.map((c, i) => (i === 0 ? { ...c, grade: '11' } : c)) };
  const graded = await publish(manager, badGrade).expect(400);
  expect(graded.body.error.details).toContainEqual(expect.objectContaining({ path: '/definition/criteria/0/grade' }));

  const missingStatement = { ...next, criteria: next.criteria.map((c, i) => (i === 1 ? { id: c.id, strand: c.strand, grade: c.grade } : c)) };
  const unstated = await publish(manager, missingStatement).expect(400);
  expect(unstated.body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain('/definition/criteria/1');

  const usedId = 'MA.A.5.1';
  expect(subject.criteria.some((c) => c.id === usedId)).toBe(true);
  const withdrawn = await publish(manager, { ...next, criteria: next.criteria.filter((c) => c.id !== usedId) }).expect(400);
  expect(withdrawn.body.error.details).toContainEqual({ path: '/definition/criteria', message: expect.stringContaining(`${usedId} is used by module alg-1`) });

  // A criterion's code spells out its grade, so moving it to another grade is refused by name.
  const index = next.criteria.findIndex((c) => c.id === usedId);
  const regraded = await publish(manager, { ...next, criteria: next.criteria.map((c) => (c.id === usedId ? { ...c, grade: '6' } : c)) }).expect(400);
  expect(regraded.body.error.details).toContainEqual(expect.objectContaining({ path: `/definition/criteria/${index}/id` }));

  expect((await publish(manager, { ...subject, version: subject.version + 2 }).expect(409)).body.error.details[0].path).toBe('/definition/version');
  expect(await SubjectVersion.countDocuments({ subjectId: 'mathematics' })).toBe(1);
});

test('a new version with a reworded statement and a new criterion is published; the old one is kept', async () => {
  const subject = await current();
  const added: Criterion = { id: 'MA.S.9.9', strand: subject.criteria.find((c) => c.id.startsWith('MA.S.'))!.strand, grade: '9', statement: 'You can compare two distributions using cumulative frequency and box plots and explain what the comparison shows.' };
  const reworded = subject.criteria.map((c, i) => (i === 0 ? { ...c, statement: `${c.statement.replace(/\.$/, '')}, and explain how you know.` } : c));
  const next = { ...subject, version: subject.version + 1, criteria: [...reworded, added] };
  expect(JSON.stringify({ definition: next }).length).toBeGreaterThan(16 * 1024);

  const published = await publish(manager, next).expect(201);
  expect(published.body.subject).toEqual({ subjectId: 'mathematics', version: subject.version + 1, criteria: subject.criteria.length + 1 });
  expect((await current()).criteria).toContainEqual(added);
  expect(await SubjectVersion.countDocuments({ subjectId: 'mathematics' })).toBe(2);
  const listed = await request(running.baseUrl).get('/api/standards/subjects').set('Cookie', manager).expect(200);
  expect(listed.body.subjects).toEqual([{ id: 'mathematics', version: subject.version + 1, title: subject.title, criteria: subject.criteria.length + 1 }]);
});
