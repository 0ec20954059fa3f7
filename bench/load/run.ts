/**
 * Load benchmark (not a test): N simulated pupils sit the load-test module over real socket.io
 * connections against a real server process on FerretDB, then the database is checked for lost
 * or duplicated responses.
 *
 *   npm run bench:load                         # 2,000 pupils, think time mean 5 s
 *   PUPILS=200 RAMP_S=10 npm run bench:load    # a quick run
 *
 * Environment: PUPILS (2000), THINK_MS (mean think time, exponential; 5000), RAMP_S (seconds
 * over which pupils arrive; 60), MAX_ANSWERS (per pupil, 0 = until the module stops; 0),
 * ACK_TIMEOUT_MS (a submit unanswered this long is retried with the same idempotency key, as
 * the client does; 10000), SIT_AGAIN (1: a pupil who finishes starts another attempt, so PUPILS stay
 * sitting until DURATION_S; default 1 when DURATION_S is set), BENCH_DB_POOL_SIZE (the server's DB_POOL_SIZE; 1 as npm start), SEED (think times and answers; 1), DURATION_S (stop submitting after
 * this many seconds; 0 = when every pupil has finished).
 * By default it starts its own FerretDB (temporary folder) and server (`server/main.ts` with
 * LOAD_TEST_PUPILS=N and one database connection, as `npm start` runs it). To load a server
 * that is already running instead, set BENCH_URL and BENCH_MONGODB_URI (the same database).
 *
 * The load generator runs on the same machine as the server and FerretDB and competes with them
 * for the CPUs; the report shows how much CPU each of the three used, and the generator's own
 * event-loop delay, which inflates the measured latencies.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import mongoose from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { findFreePort, startFerretDb, type RunningFerretDb } from '../../server/db/ferretdb';
import { seededRandom } from '../../server/irt/random';
// The player's pause after a BUSY refusal, so the simulated pupils behave like real clients.
import { busyRetryDelayMs } from '../../client/src/pupil/answerOutbox';
import { simulatedAnswer, type SimulatedInteraction } from './simulatedAnswer';

const settings = {
  pupils: Number(process.env.PUPILS ?? 2000),
  thinkMs: Number(process.env.THINK_MS ?? 5000),
  rampS: Number(process.env.RAMP_S ?? 60),
  maxAnswers: Number(process.env.MAX_ANSWERS ?? 0),
  ackTimeoutMs: Number(process.env.ACK_TIMEOUT_MS ?? 10000),
  seed: Number(process.env.SEED ?? 1),
  durationS: Number(process.env.DURATION_S ?? 0),
  /** A pupil who finishes sits the module again (a resit) until DURATION_S; default on when DURATION_S is set. */
  sitAgain: (process.env.SIT_AGAIN ?? (process.env.DURATION_S ? '1' : '0')) === '1',
};
const repositoryRoot = path.resolve(__dirname, '..', '..');
// PROFILE_FERRETDB_AT_S: take a Go CPU profile of FerretDB for PROFILE_SECONDS (30) from this
// second of the run, written to bench/load/ferretdb-cpu.pprof and summarised with `go tool pprof`.
const profileFerretDbAtS = process.env.PROFILE_FERRETDB_AT_S === undefined ? null : Number(process.env.PROFILE_FERRETDB_AT_S);
const profileSeconds = Number(process.env.PROFILE_SECONDS ?? 30);
let ferretDbProfileUrl: string | null = null;

async function captureFerretDbProfile(url: string, delayMs: number): Promise<void> {
  await sleep(delayMs);
  const file = path.join(repositoryRoot, 'bench', 'load', 'ferretdb-cpu.pprof');
  try {
    const response = await fetch(url);
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const summary = spawnSync('go', ['tool', 'pprof', '-top', '-nodecount=40', file], { encoding: 'utf8' });
    console.log(`FerretDB CPU profile (${file}):\n${summary.stdout}${summary.stderr}`);
  } catch (error) {
    console.log(`FerretDB CPU profile failed: ${String(error)}`);
  }
}
const databaseName = 'waymark_load';

interface SittingState {
  sessionId: string;
  status: string;
  sequence: number;
  item: { id: string; interaction: SimulatedInteraction } | null;
  answered: number;
}
type Ack = { ok: true; state: SittingState } | { ok: false; error: { code: string; message: string } };

interface Tally {
  latenciesMs: number[];
  /** Latencies of answers acknowledged once every pupil had started: the steady state. */
  steadyLatenciesMs: number[];
  /** Latencies of the answers that ended a sitting (the result comes back instead of an item). */
  finishingLatenciesMs: number[];
  /** Pupils whose first sitting started, and when the last of them did. */
  pupilsIn: number;
  allInAt: number;
  acked: Map<string, Set<number>>;
  loginErrors: Map<string, number>;
  connectionErrors: number;
  startErrors: Map<string, number>;
  disconnects: number;
  answerErrors: Map<string, number>;
  retries: number;
  /** BUSY refusals, each followed by a resend after busyRetryDelayMs. */
  busy: { login: number; start: number; answer: number };
  finished: number;
  started: number;
  firstAnswerAt: number;
  lastAnswerAt: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function request(url: string, method: string, body: unknown, cookie?: string): Promise<{ status: number; json: unknown; setCookie: string[] }> {
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-waymark-csrf': '1',
      ...(cookie === undefined ? {} : { cookie }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60000),
  });
  return { status: response.status, json: await response.json().catch(() => null), setCookie: response.headers.getSetCookie() };
}

function emitWithAck(socket: Socket, event: string, payload: unknown, timeoutMs: number): Promise<Ack | 'timeout'> {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, ack: Ack) => resolve(error ? 'timeout' : ack));
  });
}

async function pupil(index: number, baseUrl: string, tally: Tally, deadline: number): Promise<void> {
  const random = seededRandom(settings.seed * 1_000_003 + index);
  const think = () => -Math.log(1 - random()) * settings.thinkMs;
  const countLoginError = (reason: string) => tally.loginErrors.set(reason, (tally.loginErrors.get(reason) ?? 0) + 1);
  const tryLogin = () => request(`${baseUrl}/api/auth/pupil`, 'POST', { schoolCode: 'LOAD01', pin: String(100000 + index) }).catch(
    (error: unknown) =>
      (error as Error).name === 'TimeoutError' ? 'no answer in 60 s' : String((error as { cause?: { code?: string } }).cause?.code ?? error),
  );
  let login = await tryLogin();
  for (let refusals = 0; typeof login !== 'string' && login.status === 503 && Date.now() < deadline; refusals++) {
    tally.busy.login++;
    await sleep(busyRetryDelayMs(refusals, (login.json as { error?: { retryAfterMs?: number } } | null)?.error?.retryAfterMs, random()));
    login = await tryLogin();
  }
  if (typeof login === 'string') {
    countLoginError(login);
    return;
  }
  const cookie = login.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('wm_session='));
  if (login.status !== 200 || cookie === undefined) {
    countLoginError(`HTTP ${login.status}`);
    return;
  }
  const assignments = await request(`${baseUrl}/api/pupil/assignments`, 'GET', undefined, cookie).catch(() => null);
  const assignmentId = (assignments?.json as { assignments?: { assignmentId: string }[] } | null)?.assignments?.[0]?.assignmentId;
  if (assignmentId === undefined) {
    countLoginError(`assignments HTTP ${assignments?.status ?? 'failed'}`);
    return;
  }
  const socket = io(`${baseUrl}/sitting`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: true });
  socket.on('connect_error', () => tally.connectionErrors++);
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') tally.disconnects++;
  });
  try {
    // With SIT_AGAIN a pupil who finishes starts another attempt (a resit) after a think time,
    // so the number sitting stays at PUPILS until the end of the run.
    for (let sitting = 0; Date.now() < deadline; sitting++) {
      if (sitting > 0) await sleep(think());
      const startRequest = sitting === 0 ? { assignmentId } : { assignmentId, attempt: 'new' };
      let started = await emitWithAck(socket, 'sitting:start', startRequest, 60000);
      for (let refusals = 0; started !== 'timeout' && !started.ok && started.error.code === 'BUSY' && Date.now() < deadline; refusals++) {
        tally.busy.start++;
        await sleep(busyRetryDelayMs(refusals, (started.error as { retryAfterMs?: number }).retryAfterMs, random()));
        started = await emitWithAck(socket, 'sitting:start', startRequest, 60000);
      }
      if (started === 'timeout' || !started.ok) {
        const reason = started === 'timeout' ? 'no answer in 60 s' : started.error.code;
        tally.startErrors.set(reason, (tally.startErrors.get(reason) ?? 0) + 1);
        return;
      }
      tally.started++;
      if (sitting === 0 && ++tally.pupilsIn === settings.pupils) tally.allInAt = Date.now();
      let state = started.state;
      const acked = new Set<number>();
      tally.acked.set(state.sessionId, acked);
      while (state.status !== 'finished' && state.item !== null && Date.now() < deadline) {
        if (settings.maxAnswers > 0 && acked.size >= settings.maxAnswers) break;
        await sleep(think());
        const submission = {
          sessionId: state.sessionId,
          sequence: state.sequence,
          itemId: state.item.id,
          answer: simulatedAnswer(state.item.interaction, random),
          idempotencyKey: randomUUID(),
        };
        const sentAt = performance.now();
        let ack = await emitWithAck(socket, 'sitting:answer', submission, settings.ackTimeoutMs);
        for (let refusals = 0; (ack === 'timeout' || (!ack.ok && ack.error.code === 'BUSY')) && Date.now() < deadline; ) {
          if (ack === 'timeout') tally.retries++;
          else {
            tally.busy.answer++;
            await sleep(busyRetryDelayMs(refusals++, (ack.error as { retryAfterMs?: number }).retryAfterMs, random()));
          }
          ack = await emitWithAck(socket, 'sitting:answer', submission, settings.ackTimeoutMs);
        }
        if (ack === 'timeout') return;
        if (!ack.ok) {
          tally.answerErrors.set(ack.error.code, (tally.answerErrors.get(ack.error.code) ?? 0) + 1);
          return;
        }
        const latencyMs = performance.now() - sentAt;
        tally.latenciesMs.push(latencyMs);
        const now = Date.now();
        if (tally.pupilsIn === settings.pupils) tally.steadyLatenciesMs.push(latencyMs);
        // The answer that ends a sitting also waits for the finish to be written.
        if (ack.state.status === 'finished') tally.finishingLatenciesMs.push(latencyMs);
        tally.firstAnswerAt = Math.min(tally.firstAnswerAt, now);
        tally.lastAnswerAt = Math.max(tally.lastAnswerAt, now);
        acked.add(submission.sequence);
        state = ack.state;
      }
      if (state.status !== 'finished') return;
      tally.finished++;
      if (!settings.sitAgain) return;
    }
  } finally {
    socket.disconnect();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function waitReady(url: string, server: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      http.get(`${url}/readyz`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', () => resolve(0));
    });
    if (status === 200) return;
    if (server !== null && server.exitCode !== null) throw new Error('the server exited during start-up');
    if (Date.now() > deadline) throw new Error(`the server was not ready within ${timeoutMs} ms`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  let ferretDb: RunningFerretDb | null = null;
  let server: ChildProcess | null = null;
  let tempDir: string | null = null;
  let baseUrl = process.env.BENCH_URL ?? '';
  let databaseUri = process.env.BENCH_MONGODB_URI ?? '';
  const stopAll = async () => {
    if (server !== null && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    await ferretDb?.stop();
    if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));

  try {
    if (baseUrl === '') {
      tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-load-'));
      const debugPort = profileFerretDbAtS === null ? null : await findFreePort();
      ferretDb = await startFerretDb({
        dataDir: path.join(tempDir, 'ferretdb'),
        ...(debugPort === null ? {} : { debugAddress: `127.0.0.1:${debugPort}` }),
      });
      if (debugPort !== null) ferretDbProfileUrl = `http://127.0.0.1:${debugPort}/debug/pprof/profile?seconds=${profileSeconds}`;
      databaseUri = `${ferretDb.uri}${databaseName}`;
      const port = await findFreePort();
      baseUrl = `http://127.0.0.1:${port}`;
      console.log(`Starting FerretDB and the server with ${settings.pupils} load-test pupils…`);
      server = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'main.ts')], {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          MONGODB_URI: databaseUri,
          DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE ?? '1',
          LOG_LEVEL: 'warn',
          SEED_DEMO: 'false',
          LOAD_TEST_PUPILS: String(settings.pupils),
          DATA_DIR: tempDir,
          SESSION_SECRET: 'load-benchmark-secret-load-benchmark-secret',
        },
        // The server's warnings (e.g. slow response batches) are kept in bench/load/server.log.
        stdio: ['ignore', fs.openSync(path.join(repositoryRoot, 'bench', 'load', 'server.log'), 'w'), 'inherit'],
      });
      await waitReady(baseUrl, server, 300000);
    }

    const tally: Tally = {
      latenciesMs: [],
      steadyLatenciesMs: [],
      finishingLatenciesMs: [],
      pupilsIn: 0,
      allInAt: 0,
      acked: new Map(),
      loginErrors: new Map(),
      connectionErrors: 0,
      startErrors: new Map(),
      disconnects: 0,
      answerErrors: new Map(),
      retries: 0,
      busy: { login: 0, start: 0, answer: 0 },
      finished: 0,
      started: 0,
      firstAnswerAt: Number.POSITIVE_INFINITY,
      lastAnswerAt: 0,
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = { generator: process.cpuUsage(), server: cpuSeconds(server?.pid), ferretDb: cpuSeconds(ferretDb?.pid) };
    const startedAt = Date.now();
    const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
    // Long enough for every pupil to finish a module of up to ~40 items, unless DURATION_S caps it.
    const deadline = startedAt + (settings.durationS > 0 ? settings.durationS * 1000 : settings.rampS * 1000 + 40 * settings.thinkMs * 3 + 120000);
    console.log(`Running ${settings.pupils} pupils against ${baseUrl} (arrivals over ${settings.rampS} s, think time mean ${settings.thinkMs} ms)…`);
    const profile =
      ferretDbProfileUrl === null || profileFerretDbAtS === null
        ? Promise.resolve()
        : captureFerretDbProfile(ferretDbProfileUrl, profileFerretDbAtS * 1000);
    let reportedAnswers = 0;
    let reportedRetries = 0;
    const progress = setInterval(() => {
      // The window's own latencies, so a stall shows when it happened.
      const window = tally.latenciesMs.slice(reportedAnswers).sort((a, b) => a - b);
      console.log(
        `  ${Math.round((Date.now() - startedAt) / 1000)} s: ${tally.started} started, ${tally.finished} finished, ${tally.latenciesMs.length} answers` +
          ` (last 15 s: ${window.length}, p99 ${window.length === 0 ? '–' : percentile(window, 99).toFixed(0)} ms, ${tally.retries - reportedRetries} resent after the ack timeout)`,
      );
      reportedAnswers = tally.latenciesMs.length;
      reportedRetries = tally.retries;
    }, 15000);
    await Promise.all(
      Array.from({ length: settings.pupils }, async (_, index) => {
        await sleep((index / settings.pupils) * settings.rampS * 1000);
        if (Date.now() >= deadline) return;
        await pupil(index, baseUrl, tally, deadline).catch(() => {
          tally.connectionErrors++;
        });
      }),
    );
    clearInterval(progress);
    await profile;
    loopDelay.disable();
    const elapsedS = (Date.now() - startedAt) / 1000;
    const generatorCpu = process.cpuUsage(cpuBefore.generator);
    const cpu = {
      generator: (generatorCpu.user + generatorCpu.system) / 1e6,
      server: cpuSeconds(server?.pid) - cpuBefore.server,
      ferretDb: cpuSeconds(ferretDb?.pid) - cpuBefore.ferretDb,
    };

    // The database's view: every acknowledged answer stored exactly once.
    await mongoose.connect(databaseUri, { dbName: new URL(databaseUri).pathname.slice(1) || databaseName, maxPoolSize: 1 });
    const stored = await mongoose.connection
      .db!.collection('responses')
      .find({}, { projection: { sessionId: 1, sequence: 1, idempotencyKey: 1 } })
      .toArray();
    await mongoose.disconnect();
    const storedBySession = new Map<string, Map<number, number>>();
    const keys = new Map<string, number>();
    for (const response of stored) {
      const session = String(response.sessionId);
      const sequences = storedBySession.get(session) ?? new Map<number, number>();
      sequences.set(response.sequence as number, (sequences.get(response.sequence as number) ?? 0) + 1);
      storedBySession.set(session, sequences);
      const key = `${session}/${String(response.idempotencyKey)}`;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    let lost = 0;
    let ackedTotal = 0;
    for (const [session, sequences] of tally.acked) {
      for (const sequence of sequences) {
        ackedTotal++;
        if (!storedBySession.get(session)?.has(sequence)) lost++;
      }
    }
    let duplicated = 0;
    for (const sequences of storedBySession.values()) for (const count of sequences.values()) duplicated += count - 1;
    for (const count of keys.values()) duplicated += count > 1 ? count - 1 : 0;
    const benchSessions = new Set(tally.acked.keys());
    const storedForBench = stored.filter((response) => benchSessions.has(String(response.sessionId))).length;

    const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
    const steady = [...tally.steadyLatenciesMs].sort((a, b) => a - b);
    const finishing = [...tally.finishingLatenciesMs].sort((a, b) => a - b);
    const steadyS = Math.max(1, (tally.lastAnswerAt - tally.allInAt) / 1000);
    const steadyLine =
      tally.allInAt === 0
        ? `steady state: never reached (${tally.pupilsIn} of ${settings.pupils} pupils got in)`
        : `steady state (all ${settings.pupils} sitting, from ${((tally.allInAt - startedAt) / 1000).toFixed(0)} s for ${steadyS.toFixed(0)} s): ${steady.length} answers, ${(steady.length / steadyS).toFixed(1)}/s, ` +
          `p50 ${percentile(steady, 50).toFixed(1)}, p95 ${percentile(steady, 95).toFixed(1)}, p99 ${percentile(steady, 99).toFixed(1)}, max ${(steady.at(-1) ?? Number.NaN).toFixed(1)} ms`;
    const answerWindowS = Math.max(1, (tally.lastAnswerAt - tally.firstAnswerAt) / 1000);
    const listed = (counts: Map<string, number>) => [...counts].map(([code, count]) => `${code} ${count}`).join(', ') || 'none';
    const errors = listed(tally.answerErrors);
    console.log(`
Waymark load benchmark — ${new Date().toISOString()}
machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load generator, server and FerretDB all on it (shared)
pupils: ${settings.pupils} (arrivals over ${settings.rampS} s), think time exponential, mean ${settings.thinkMs} ms
pupils in: ${tally.pupilsIn}; sittings started: ${tally.started}${settings.sitAgain ? ' (a pupil who finishes sits again)' : ''}, finished: ${tally.finished}${settings.durationS > 0 ? ` (run capped at ${settings.durationS} s)` : ''}, run time ${elapsedS.toFixed(0)} s
answers acknowledged: ${ackedTotal}; responses/s: ${(ackedTotal / answerWindowS).toFixed(1)} over ${answerWindowS.toFixed(0)} s (peak offered ≈ ${(settings.pupils / (settings.thinkMs / 1000)).toFixed(0)}/s when all are sitting)
${steadyLine}
whole run, latency submit → next item (ms): p50 ${percentile(sorted, 50).toFixed(1)}, p95 ${percentile(sorted, 95).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)}
of which the ${finishing.length} answers that ended a sitting (the result instead of an item): p50 ${percentile(finishing, 50).toFixed(1)}, p95 ${percentile(finishing, 95).toFixed(1)}, p99 ${percentile(finishing, 99).toFixed(1)} ms
login errors: ${listed(tally.loginErrors)}; start errors: ${listed(tally.startErrors)}; socket connection errors: ${tally.connectionErrors}; unexpected disconnects: ${tally.disconnects}; answer errors: ${errors}; retried submits (ack timeout ${settings.ackTimeoutMs} ms): ${tally.retries}
BUSY refusals (each resent after a backoff): login ${tally.busy.login}, start ${tally.busy.start}, answer ${tally.busy.answer}
database check: ${stored.length} responses stored (${storedForBench} for these sittings); lost (acknowledged, not stored): ${lost}; duplicated: ${duplicated}
CPU seconds used during the run: server ${cpu.server.toFixed(1)}, FerretDB ${cpu.ferretDb.toFixed(1)}, load generator ${cpu.generator.toFixed(1)} (of ${(elapsedS * os.cpus().length).toFixed(0)} available)
machine load average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (at the start: ${loadAtStart})
load generator event-loop delay (ms): p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)}, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)}, max ${(loopDelay.max / 1e6).toFixed(1)}
`);
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
