/**
 * Where the database time goes on the pupil's path: 10 load-test pupils each log in, start the
 * module and answer 10 items against an in-process app on a fresh FerretDB, while the MongoDB
 * driver's command monitoring sums the time of every command by (command, collection, filter
 * keys). Prints the table, slowest first. `npx tsx bench/load/commandProfile.ts`
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import mongoose from 'mongoose';
import { startFerretDb } from '../../server/db/ferretdb';
import { createWaymarkApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { io } from 'socket.io-client';
import { randomUUID } from 'crypto';

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-command-profile-'));
  const f = await startFerretDb({ dataDir });
  const stats = new Map<string, { n: number; ms: number }>();
  const pending = new Map<number, string>();
  await mongoose.connect(f.uri, { dbName: 'prof', maxPoolSize: 1, monitorCommands: true });
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (e) => {
    const cmd = e.command as Record<string, unknown>;
    const coll = String(cmd[e.commandName] ?? '');
    const filter = (cmd.filter ?? (cmd.updates as { q: object }[] | undefined)?.[0]?.q ?? (cmd.query as object | undefined) ?? {}) as object;
    pending.set(e.requestId, `${e.commandName} ${coll} ${Object.keys(filter).join(',')}`);
  });
  client.on('commandSucceeded', (e) => {
    const k = pending.get(e.requestId) ?? e.commandName;
    const s = stats.get(k) ?? { n: 0, ms: 0 };
    s.n++; s.ms += e.duration; stats.set(k, s);
  });
  const config = { ...loadConfig({ NODE_ENV: 'test', LOAD_TEST_PUPILS: '300', SEED_DEMO: 'false', LOG_LEVEL: 'warn' }), port: 0, host: '127.0.0.1' };
  const app = await createWaymarkApp({ config, logger: createLogger(config), seedDemo: false });
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
  const port = (app.httpServer.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  stats.clear();
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 10 }, async (_, i) => {
    const r = await fetch(`${base}/api/auth/pupil`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-waymark-csrf': '1' }, body: JSON.stringify({ schoolCode: 'LOAD01', pin: String(100000 + i) }) });
    const cookie = r.headers.getSetCookie()[0]!.split(';')[0]!;
    const a = await (await fetch(`${base}/api/pupil/assignments`, { headers: { cookie } })).json() as { assignments: { assignmentId: string }[] };
    const s = io(`${base}/sitting`, { transports: ['websocket'], extraHeaders: { cookie } });
    let ack = await s.emitWithAck('sitting:start', { assignmentId: a.assignments[0]!.assignmentId });
    for (let k = 0; k < 10 && ack.ok && ack.state.item; k++) {
      const it = ack.state.item; const opts = it.interaction.options;
      ack = await s.emitWithAck('sitting:answer', { sessionId: ack.state.sessionId, sequence: ack.state.sequence, itemId: it.id, answer: opts ? opts[0].id : '1', idempotencyKey: randomUUID() });
      if (!ack.ok) console.log(ack.error);
    }
    s.disconnect();
  }));
  console.log('10 pupils x 10 answers in', Date.now() - t0, 'ms');
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) console.log(v.n.toString().padStart(5), v.ms.toFixed(0).padStart(7), 'ms', k);
  await app.close(); await mongoose.disconnect(); await f.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
main().catch((e) => { console.error(e); process.exit(1); });
