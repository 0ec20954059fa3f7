/**
 * The database commands on the pupil's path, phase by phase: PUPILS load-test pupils (10) log
 * in, then open their sockets and start the module, then each answers ANSWERS items (10),
 * against an in-process app on a fresh FerretDB, while the MongoDB driver's command monitoring
 * counts every command and sums its time by (command, collection, filter keys). Prints per phase
 * the commands per pupil (login, start) or per answer, slowest first.
 * `npx tsx bench/load/commandProfile.ts`
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import mongoose from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { randomUUID } from 'crypto';
import { startFerretDb } from '../../server/db/ferretdb';
import { createWaymarkApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { seededRandom } from '../../server/irt/random';
import { simulatedAnswer, type SimulatedInteraction } from './simulatedAnswer';

const PUPILS = Number(process.env.PUPILS ?? 10);
const ANSWERS = Number(process.env.ANSWERS ?? 10);

type Stats = Map<string, { n: number; ms: number }>;
interface State { sessionId: string; sequence: number; item: { id: string; interaction: SimulatedInteraction } | null }

function report(phase: string, stats: Stats, per: number, unit: string, wallMs: number): void {
  const total = [...stats.values()].reduce((sum, s) => ({ n: sum.n + s.n, ms: sum.ms + s.ms }), { n: 0, ms: 0 });
  console.log(`\n${phase}: ${(total.n / per).toFixed(2)} commands and ${(total.ms / per).toFixed(1)} ms of database time per ${unit} (${per} ${unit}s, wall ${wallMs} ms)`);
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${(v.n / per).toFixed(2).padStart(6)} × ${(v.ms / v.n).toFixed(2).padStart(6)} ms  ${k}`);
  }
  stats.clear();
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-command-profile-'));
  const f = await startFerretDb({ dataDir });
  const stats: Stats = new Map();
  const pending = new Map<number, string>();
  await mongoose.connect(f.uri, { dbName: 'prof', maxPoolSize: 1, monitorCommands: true });
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (e) => {
    const cmd = e.command as Record<string, unknown>;
    const coll = String(cmd[e.commandName] ?? '');
    const filter = (cmd.filter ?? (cmd.updates as { q: object }[] | undefined)?.[0]?.q ?? (cmd.deletes as { q: object }[] | undefined)?.[0]?.q ?? (cmd.query as object | undefined) ?? {}) as object;
    const docs = Array.isArray(cmd.documents) ? ` [${cmd.documents.length} docs]` : '';
    pending.set(e.requestId, `${e.commandName} ${coll} ${Object.keys(filter).join(',')}${docs}`);
  });
  client.on('commandSucceeded', (e) => {
    const k = pending.get(e.requestId) ?? e.commandName;
    const s = stats.get(k) ?? { n: 0, ms: 0 };
    s.n++; s.ms += e.duration; stats.set(k, s);
  });
  const config = { ...loadConfig({ NODE_ENV: 'test', LOAD_TEST_PUPILS: String(Math.max(300, PUPILS)), SEED_DEMO: 'false', LOG_LEVEL: 'warn' }), port: 0, host: '127.0.0.1' };
  const app = await createWaymarkApp({ config, logger: createLogger(config), seedDemo: false });
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
  const port = (app.httpServer.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const pupils = Array.from({ length: PUPILS }, (_, i) => i);
  stats.clear();

  let t = Date.now();
  const cookies = await Promise.all(pupils.map(async (i) => {
    const r = await fetch(`${base}/api/auth/pupil`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-waymark-csrf': '1' }, body: JSON.stringify({ schoolCode: 'LOAD01', pin: String(100000 + i) }) });
    return r.headers.getSetCookie()[0]!.split(';')[0]!;
  }));
  report('PIN login (POST /api/auth/pupil)', stats, PUPILS, 'login', Date.now() - t);

  t = Date.now();
  const assignments = await Promise.all(cookies.map(async (cookie) =>
    ((await (await fetch(`${base}/api/pupil/assignments`, { headers: { cookie } })).json()) as { assignments: { assignmentId: string }[] }).assignments[0]!.assignmentId));
  report('assignment list (GET /api/pupil/assignments)', stats, PUPILS, 'pupil', Date.now() - t);

  t = Date.now();
  const sockets: Socket[] = [];
  const states = await Promise.all(cookies.map(async (cookie, i) => {
    const s = io(`${base}/sitting`, { transports: ['websocket'], extraHeaders: { cookie } });
    sockets.push(s);
    const ack = await s.emitWithAck('sitting:start', { assignmentId: assignments[i] });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    return { socket: s, state: ack.state as State };
  }));
  report('socket handshake + sitting:start', stats, PUPILS, 'pupil', Date.now() - t);

  t = Date.now();
  let answered = 0;
  await Promise.all(states.map(async ({ socket, state: first }, i) => {
    const random = seededRandom(i + 1);
    let state = first;
    for (let k = 0; k < ANSWERS && state.item; k++) {
      const ack = await socket.emitWithAck('sitting:answer', { sessionId: state.sessionId, sequence: state.sequence, itemId: state.item.id, answer: simulatedAnswer(state.item.interaction, random), idempotencyKey: randomUUID() });
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
      answered++;
      state = ack.state as State;
    }
  }));
  report('sitting:answer (all pupils answering at once)', stats, answered, 'answer', Date.now() - t);

  for (const s of sockets) s.disconnect();
  await app.close(); await mongoose.disconnect(); await f.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
main().catch((e) => { console.error(e); process.exit(1); });
