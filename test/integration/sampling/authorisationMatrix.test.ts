/**
 * The sampling firewall's authorisation matrix: EVERY route of the running app (found by walking
 * express's router stack, so routes other engineers add are tried too) and EVERY socket.io
 * namespace and event (found on the running server) is tried with every role — anonymous,
 * pupil, sampling pupil, teacher at a sampled school, reviewer, standards manager, sampling
 * administrator. Sampling data (pseudonymous keys, codes of other schools, posteriors, the
 * service key, pupil-level files, estimates) must never appear, except the administrator's
 * aggregates (which pass suppression) and the administrator's de-identified analysis file.
 */
import request from 'supertest';
import type { Socket as ClientSocket } from 'socket.io-client';
import { SamplingParticipant } from '../../../server/db/models';
import { resolveSamplingKey } from '../../../server/samplingService/samplingKey';
import { useTestDatabase } from '../../support/database';
import { testConfig } from '../../support/config';
import { createTestSchool, loginPupil, loginTeacher, startApp, type RunningApp, type TestSchool } from '../http/appHarness';
import { codesOf, connectNamespace, CSRF, inBatches, loginSamplingPupil, openCycle, sitWholeForm, syntheticFrameCsv } from './samplingHarness';

jest.setTimeout(300_000);
useTestDatabase();

type RoleName = 'anonymous' | 'pupil' | 'sampling pupil' | 'teacher' | 'reviewer' | 'standards manager' | 'sampling administrator';
const ROLES: RoleName[] = ['anonymous', 'pupil', 'sampling pupil', 'teacher', 'reviewer', 'standards manager', 'sampling administrator'];

let running: RunningApp;
let school: TestSchool;
const cookies = new Map<RoleName, string | undefined>();
let closedCycleId: string;
let openCycleId: string;
let secrets: string[];
let otherSchoolCodes: string[];
let ownSchoolCodes: string[];

const staff = {
  admin: { email: `matrix-admin-${process.pid}@m.test`, password: 'matrix-pass-1', name: 'Admin', roles: ['sampling-administrator'] as const },
  reviewer: { email: `matrix-reviewer-${process.pid}@m.test`, password: 'matrix-pass-2', name: 'Reviewer', roles: ['teacher', 'reviewer'] as const },
  standards: { email: `matrix-standards-${process.pid}@m.test`, password: 'matrix-pass-3', name: 'Standards', roles: ['standards-manager'] as const },
};

/** Result markers: field names only estimates, analysis files and posteriors carry. */
const RESULT_MARKERS = ['"atOrAbove"', '"suppressionReason"', 'repwt1', 'pv1', 'logDensity', '"plausibleValues"', '"posterior"'];

interface RouteEntry { method: string; path: string }

interface Layer { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: string | string[] }

function walk(stack: Layer[], prefix: string, out: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of ([] as string[]).concat(layer.route.path)) {
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) out.push({ method: method.toUpperCase(), path: prefix + path });
      }
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, prefix + mount, out);
    }
  }
}

function concretePath(path: string): string {
  return path
    .replace(/:cycleId/g, closedCycleId)
    .replace(/:schoolId/g, school.code)
    .replace(/\*\w*/g, 'x')
    .replace(/:(\w+)/g, (_m, name: string) => (/Id$/.test(name) ? '0123456789abcdef01234567' : 'x'));
}

beforeAll(async () => {
  running = await startApp({ seedDemo: false });
  school = await createTestSchool(3, [staff.admin, staff.reviewer, staff.standards]);
  const adminCookie = await loginTeacher(running.baseUrl, staff.admin.email, staff.admin.password);
  const frame = syntheticFrameCsv(4, [`${school.code},North,300,0,,urban`]);

  // A closed cycle with results, and an open one with codes and a sitting in progress.
  const closed = await openCycle(running.baseUrl, adminCookie, { name: 'Matrix closed', schools: 4, pupilsPerSchool: 3, frame });
  closedCycleId = closed.cycleId;
  const closedKeys = (await SamplingParticipant.find({ cycleId: closedCycleId }, { _id: 1 }).lean()).map((p) => p._id);
  await inBatches(await codesOf(closedCycleId), 4, (code, i) => sitWholeForm(running.baseUrl, code, (i % 4) / 4));
  await request(running.baseUrl).post(`/api/sampling/admin/cycles/${closedCycleId}/close`).set(CSRF).set('Cookie', adminCookie).send({}).expect(200);

  const open = await openCycle(running.baseUrl, adminCookie, { name: 'Matrix open', schools: 4, pupilsPerSchool: 3, frame, seed: 7 });
  openCycleId = open.cycleId;
  const participants = await SamplingParticipant.find({ cycleId: openCycleId }, { _id: 1, code: 1, schoolId: 1 }).lean();
  ownSchoolCodes = participants.filter((p) => p.schoolId === school.code).map((p) => p.code!);
  otherSchoolCodes = participants.filter((p) => p.schoolId !== school.code).map((p) => p.code!);
  const samplingCode = otherSchoolCodes[0];
  secrets = [...closedKeys, ...participants.map((p) => p._id), resolveSamplingKey(null, testConfig().dataDir).toString('utf8')];

  cookies.set('anonymous', undefined);
  cookies.set('pupil', await loginPupil(running.baseUrl, school.code, school.pupils[0].pin));
  cookies.set('sampling pupil', await loginSamplingPupil(running.baseUrl, samplingCode));
  cookies.set('teacher', await loginTeacher(running.baseUrl, school.teacher.email, school.teacher.password));
  cookies.set('reviewer', await loginTeacher(running.baseUrl, staff.reviewer.email, staff.reviewer.password));
  cookies.set('standards manager', await loginTeacher(running.baseUrl, staff.standards.email, staff.standards.password));
  cookies.set('sampling administrator', adminCookie);
  // The sampling pupil has started (a sitting exists, one answer stored).
  const socket = await connectNamespace(running.baseUrl, '/sampling-sitting', cookies.get('sampling pupil'));
  const started = await socket.emitWithAck('sampling:start', {});
  expect(started.ok).toBe(true);
  socket.disconnect();
});
afterAll(() => running.close());

function checkBody(role: RoleName, label: string, text: string, allowed: { ownCodes?: boolean; results?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const secret of secrets) if (text.includes(secret)) problems.push(`${role} ${label}: a pseudonymous key or the sampling key`);
  for (const code of otherSchoolCodes) if (text.includes(code)) problems.push(`${role} ${label}: another school's sampling code`);
  if (!allowed.ownCodes) for (const code of ownSchoolCodes) if (text.includes(code)) problems.push(`${role} ${label}: a sampling code`);
  if (!allowed.results) for (const marker of RESULT_MARKERS) if (text.includes(marker)) problems.push(`${role} ${label}: result marker ${marker}`);
  return problems;
}

test('every HTTP route with every role: no sampling data except the administrator’s aggregates', async () => {
  const app = running.app.expressApp as unknown as { router: { stack: Layer[] } };
  const routes: RouteEntry[] = [];
  walk(app.router.stack, '', routes);
  const samplingRoutes = routes.filter((r) => r.path.startsWith('/api/sampling'));
  expect(samplingRoutes.length).toBeGreaterThanOrEqual(18);
  expect(routes.length).toBeGreaterThan(samplingRoutes.length);

  const problems: string[] = [];
  let requests = 0;
  for (const route of routes) {
    // Logging out would end the role's login for the rest of the matrix; it yields no data.
    if (/logout/.test(route.path)) continue;
    for (const role of ROLES) {
      const path = concretePath(route.path);
      const cookie = cookies.get(role);
      let call = route.method === 'GET' ? request(running.baseUrl).get(path)
        : route.method === 'POST' ? request(running.baseUrl).post(path).set(CSRF).send({})
          : route.method === 'PUT' ? request(running.baseUrl).put(path).set(CSRF).send({})
            : route.method === 'PATCH' ? request(running.baseUrl).patch(path).set(CSRF).send({})
              : route.method === 'DELETE' ? request(running.baseUrl).delete(path).set(CSRF) : null;
      if (!call) continue;
      if (cookie) call = call.set('Cookie', cookie);
      const response = await call;
      requests += 1;
      const label = `${route.method} ${route.path} → ${response.status}`;
      const text = response.text ?? '';
      const isAdmin = role === 'sampling administrator';
      if (route.path.startsWith('/api/sampling/admin') && !isAdmin && response.status < 400) problems.push(`${role} ${label}: reached an administrator route`);
      problems.push(...checkBody(role, label, text, {
        // Staff with the teacher duty at the sampled school (the reviewer is one) see its codes: which pupils to enter.
        ownCodes: (role === 'teacher' || role === 'reviewer') && route.path === '/api/sampling/school',
        results: isAdmin && route.path.startsWith('/api/sampling/admin'),
      }));
      if (isAdmin && response.status === 200 && response.body?.estimates?.estimates) {
        for (const cell of response.body.estimates.estimates as { domain: { kind: string }; pupils: number; zones: number; suppressed: boolean; mean: unknown }[]) {
          if (!['nation', 'stratum', 'group'].includes(cell.domain.kind)) problems.push(`${label}: a ${cell.domain.kind} cell`);
          if ((cell.pupils < 62 || cell.zones < 5) && (!cell.suppressed || cell.mean !== null)) problems.push(`${label}: an unsuppressed small cell`);
        }
      }
    }
  }
  expect(problems).toEqual([]);
  expect(requests).toBeGreaterThan(ROLES.length * 18);
});

test('the administrator’s analysis file has no identifier and is refused to everyone else', async () => {
  const path = `/api/sampling/admin/cycles/${closedCycleId}/exports/analysis-file.csv`;
  for (const role of ROLES.filter((r) => r !== 'sampling administrator')) {
    const call = request(running.baseUrl).get(path);
    const cookie = cookies.get(role);
    const response = await (cookie ? call.set('Cookie', cookie) : call);
    expect([401, 403]).toContain(response.status);
  }
  const file = await request(running.baseUrl).get(path).set('Cookie', cookies.get('sampling administrator')!).expect(200);
  expect(checkBody('sampling administrator', 'analysis file', file.text, { results: true })).toEqual([]);
  expect(file.text).not.toContain(school.code);
  expect(file.text.split('\r\n')[0]).not.toMatch(/school|pupil|code|name|id/i);
});

test('every socket namespace and event with every role: only the administrator watches, and only aggregates', async () => {
  const io = running.app.io as unknown as { _nsps: Map<string, { sockets: Map<string, { eventNames(): (string | symbol)[] }> }> };
  const namespaces = [...io._nsps.keys()];
  expect(namespaces).toEqual(expect.arrayContaining(['/sitting', '/class', '/sampling-sitting', '/sampling-admin']));
  const problems: string[] = [];
  const connections: string[] = [];
  for (const namespace of namespaces) {
    for (const role of ROLES) {
      let socket: ClientSocket;
      try {
        socket = await connectNamespace(running.baseUrl, namespace, cookies.get(role));
      } catch {
        continue;
      }
      connections.push(`${role} ${namespace}`);
      const pushed: string[] = [];
      socket.onAny((event: string, ...args: unknown[]) => pushed.push(`${event} ${JSON.stringify(args)}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const server = io._nsps.get(namespace)!.sockets.get(socket.id!);
      const events = (server?.eventNames() ?? []).filter((e): e is string => typeof e === 'string' && !['disconnect', 'disconnecting', 'error'].includes(e));
      for (const event of events) {
        for (const payload of [{}, { cycleId: closedCycleId }, { cycleId: openCycleId }, { sessionId: secrets[0] }, { assignmentId: '0123456789abcdef01234567' }]) {
          const ack = await socket.timeout(15_000).emitWithAck(event, payload).catch((error: Error) => ({ timeout: error.message }));
          const text = JSON.stringify(ack);
          const label = `${namespace} ${event} ${JSON.stringify(payload)}`;
          if (role === 'sampling administrator' && namespace === '/sampling-admin') {
            problems.push(...checkBody(role, label, text, { results: false }));
            if (/"ok":true/.test(text) && !/"strata"/.test(text)) problems.push(`${label}: an acknowledgement that is not completion by stratum`);
          } else {
            problems.push(...checkBody(role, label, text, { ownCodes: false }));
          }
        }
      }
      for (const push of pushed) problems.push(...checkBody(role, `${namespace} push`, push));
      socket.disconnect();
    }
  }
  expect(problems).toEqual([]);
  // Who may connect where: the firewall of the namespaces themselves.
  expect(connections).toEqual(expect.arrayContaining(['sampling pupil /sampling-sitting', 'sampling administrator /sampling-admin', 'pupil /sitting']));
  for (const refused of ['anonymous /sampling-admin', 'pupil /sampling-admin', 'teacher /sampling-admin', 'reviewer /sampling-admin', 'standards manager /sampling-admin', 'sampling pupil /sampling-admin',
    'pupil /sampling-sitting', 'teacher /sampling-sitting', 'sampling administrator /sampling-sitting', 'anonymous /sampling-sitting', 'sampling pupil /sitting', 'sampling pupil /class']) {
    expect(connections).not.toContain(refused);
  }
});
