/**
 * The real app in-process on the file's test database (test/support/database.ts), listening on
 * a free port, plus login helpers returning the `wm_session` cookie. Shared by the HTTP and
 * realtime integration tests.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { createWaymarkApp, type WaymarkApp, type WaymarkAppOptions } from '../../../server/app';
import { createSchool, type CreatedSchool, type StaffSpec } from '../../../server/seed/createSchool';
import { testConfig, testLogger } from '../../support/config';

export interface RunningApp {
  app: WaymarkApp;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startApp(options: Partial<Pick<WaymarkAppOptions, 'loginLimits' | 'seedDemo'>> = {}): Promise<RunningApp> {
  const config = testConfig();
  const app = await createWaymarkApp({ config, logger: testLogger(config), seedDemo: options.seedDemo ?? false, loginLimits: options.loginLimits });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

let schoolCounter = 0;

export interface TestSchool extends CreatedSchool {
  code: string;
  teacher: { email: string; password: string };
  pupils: { name: string; pin: string }[];
}

/**
 * A fresh school with a teacher, a class of `pupilCount` pupils and every module assigned, plus
 * `staff` accounts (give each a unique e-mail address).
 */
export async function createTestSchool(pupilCount = 3, staff: readonly StaffSpec[] = []): Promise<TestSchool> {
  schoolCounter += 1;
  const code = `T${process.pid % 10000}X${schoolCounter}`;
  const teacher = { email: `teacher${schoolCounter}-${process.pid}@school.test`, password: `password-${schoolCounter}`, name: `Teacher ${schoolCounter}` };
  const pupils = Array.from({ length: pupilCount }, (_, i) => ({ name: `Pupil ${schoolCounter}.${i + 1}`, pin: String(200000 + schoolCounter * 100 + i) }));
  const created = await createSchool({ code, name: `School ${code}`, teacher, staff, className: `Class ${code}`, pupils });
  return { ...created, code, teacher, pupils };
}

function cookieFrom(response: request.Response): string {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = header?.find((c) => c.startsWith('wm_session='));
  if (!cookie) throw new Error(`no session cookie (status ${response.status}: ${JSON.stringify(response.body)})`);
  return cookie.split(';')[0];
}

export async function loginPupil(baseUrl: string, schoolCode: string, pin: string): Promise<string> {
  const response = await request(baseUrl).post('/api/auth/pupil').set('X-Waymark-CSRF', '1').send({ schoolCode, pin });
  return cookieFrom(response);
}

export async function loginTeacher(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await request(baseUrl).post('/api/auth/teacher').set('X-Waymark-CSRF', '1').send({ email, password });
  return cookieFrom(response);
}

/** A connected socket.io client on `namespace` authenticated by `cookie`. */
export async function connectSocket(baseUrl: string, namespace: '/sitting' | '/class', cookie?: string): Promise<Socket> {
  const socket = io(baseUrl + namespace, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** Emits with an acknowledgement and resolves with what the server acknowledged. */
export function emitWithAck<T = AckBody>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<T>;
}

export interface AckBody {
  ok: boolean;
  state?: SittingStateBody;
  snapshot?: { classId: string; pupils: Record<string, unknown>[] };
  error?: { code: string; message: string; details: { path: string; message: string }[] };
}

export interface SittingStateBody {
  sessionId: string;
  status: string;
  sequence: number;
  item: { id: string; version: number; stem: string; interaction: { type: string; options?: { id: string }[] } } | null;
  answered: number;
  timeRemainingMs: number | null;
  result: { theta: number; se: number; scaleScore: number; grade: string; gradeProbability: number; canDo: string[]; stopReason: string } | null;
}

/** Some answer of the right shape for the item shown (right or wrong does not matter here). */
export function someAnswer(item: NonNullable<SittingStateBody['item']>, pick = 0): string | string[] {
  const options = item.interaction.options ?? [];
  switch (item.interaction.type) {
    case 'choice': return options[pick % options.length].id;
    case 'ordering': return options.map((o) => o.id);
    default: return String(pick + 1);
  }
}
