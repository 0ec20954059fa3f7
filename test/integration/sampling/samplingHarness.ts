/**
 * Shared steps of the national sampling tests: a synthetic frame, an administrator who takes a
 * cycle to "open", and simulated sampling pupils sitting through socket.io clients.
 */
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { SamplingParticipant } from '../../../server/db/models';

export const CSRF = { 'X-Waymark-CSRF': '1' };
/** 24 of the module's items: 6 blocks of 4, two blocks (8 items) per form. */
export const POOL = Array.from({ length: 24 }, (_, i) => `fdp-${String(i + 1).padStart(3, '0')}`);

/**
 * A frame of `perStratum` synthetic schools in each of strata North and South (implicit
 * variable `urbanicity`, also a reporting variable), plus `extraSchools` lines (e.g. a real
 * Waymark school code with a large enrolment so it is a certainty unit).
 */
export function syntheticFrameCsv(perStratum = 10, extraLines: string[] = []): string {
  const lines = ['school_id,stratum,pupils,excluded_pupils,exclusion_reason,urbanicity'];
  for (const stratum of ['North', 'South']) {
    for (let i = 1; i <= perStratum; i++) {
      lines.push(`${stratum[0]}${String(i).padStart(3, '0')},${stratum},${30 + ((i * 7) % 25)},${i % 4 === 0 ? 1 : 0},,${i % 2 === 0 ? 'urban' : 'rural'}`);
    }
  }
  lines.push('X001,North,80,0,special school,rural');
  lines.push(...extraLines);
  return lines.join('\n') + '\n';
}

export interface OpenCycle {
  cycleId: string;
  pupils: number;
}

/** Create → frame → forms → draw → publish (window open now for a day). */
export async function openCycle(baseUrl: string, adminCookie: string, options: { name?: string; schools?: number; pupilsPerSchool?: number; frame?: string; seed?: number } = {}): Promise<OpenCycle> {
  const created = await request(baseUrl).post('/api/sampling/admin/cycles').set(CSRF).set('Cookie', adminCookie)
    .send({ name: options.name ?? 'Cycle', moduleId: 'fdp-1', schools: options.schools ?? 12, pupilsPerSchool: options.pupilsPerSchool ?? 6, seed: options.seed ?? 20261123 })
    .expect(201);
  const cycleId = created.body.cycle.id as string;
  await request(baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/frame`).set(CSRF).set('Cookie', adminCookie)
    .send({ csv: options.frame ?? syntheticFrameCsv(), implicitSortVariables: ['urbanicity'], reportingVariables: ['urbanicity'] }).expect(200);
  await request(baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/forms`).set(CSRF).set('Cookie', adminCookie)
    .send({ mode: 'forms', newBlocks: 6, blocksPerForm: 2, itemIds: POOL }).expect(200);
  const drawn = await request(baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/draw`).set(CSRF).set('Cookie', adminCookie).send({}).expect(200);
  const now = Date.now();
  await request(baseUrl).post(`/api/sampling/admin/cycles/${cycleId}/publish`).set(CSRF).set('Cookie', adminCookie)
    .send({ opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 86_400_000).toISOString() }).expect(200);
  return { cycleId, pupils: drawn.body.pupils as number };
}

/** The sampling codes of a cycle, read from the database as only a school (or this test) could. */
export async function codesOf(cycleId: string): Promise<string[]> {
  const participants = await SamplingParticipant.find({ cycleId }, { code: 1 }).lean();
  return participants.map((p) => p.code!).filter(Boolean);
}

export async function loginSamplingPupil(baseUrl: string, code: string): Promise<string> {
  const response = await request(baseUrl).post('/api/sampling/sitting/login').set(CSRF).send({ code });
  const cookie = (response.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('wm_sampling='));
  if (!cookie) throw new Error(`no sampling cookie (status ${response.status}: ${JSON.stringify(response.body)})`);
  return cookie.split(';')[0];
}

export async function connectNamespace(baseUrl: string, namespace: string, cookie?: string): Promise<Socket> {
  const socket = io(baseUrl + namespace, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

interface StateBody {
  sessionId: string;
  status: string;
  sequence: number;
  item: { id: string; interaction: { type: string; options?: { id: string }[] } } | null;
  result: unknown;
}

export function answerFor(item: NonNullable<StateBody['item']>, right: boolean): string | string[] {
  const options = item.interaction.options ?? [];
  switch (item.interaction.type) {
    case 'choice': return options[right ? 0 : options.length - 1].id;
    case 'ordering': return options.map((o) => o.id);
    default: return right ? '0.5' : '7';
  }
}

/** One simulated pupil sits the whole form over /sampling-sitting; returns the final state. */
export async function sitWholeForm(baseUrl: string, code: string, ability: number): Promise<StateBody> {
  const cookie = await loginSamplingPupil(baseUrl, code);
  const socket = await connectNamespace(baseUrl, '/sampling-sitting', cookie);
  try {
    let ack = await socket.timeout(20_000).emitWithAck('sampling:start', {}) as { ok: boolean; state: StateBody; error?: unknown };
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    let n = 0;
    while (ack.state.status !== 'finished') {
      const { state } = ack;
      n += 1;
      ack = await socket.timeout(20_000).emitWithAck('sampling:answer', {
        sessionId: state.sessionId, sequence: state.sequence, itemId: state.item!.id,
        answer: answerFor(state.item!, (n * 0.618 + ability) % 1 < 0.5 + ability / 4), idempotencyKey: `key-${code}-${state.sequence}`,
      }) as typeof ack;
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    }
    return ack.state;
  } finally {
    socket.disconnect();
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  }));
  return results;
}
