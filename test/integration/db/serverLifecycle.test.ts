/**
 * The real server process (server/main.ts) through test/support/serverProcess.ts: start-up on
 * the run's database or on its own embedded FerretDB, readiness, graceful shutdown, kill -9 and
 * restart on the same data, and the start-up messages for bad configuration or a missing database.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mongoose from 'mongoose';
import { useTestDatabase } from '../../support/database';
import { startServerProcess, type ServerProcess } from '../../support/serverProcess';

jest.setTimeout(120000);

const database = useTestDatabase();
const repositoryRoot = path.resolve(__dirname, '..', '..', '..');
const servers: ServerProcess[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({ databaseName: database.name, env });
  servers.push(server);
  return server;
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs server/main.ts to its exit (for start-up failures). */
function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'main.ts')], {
      cwd: repositoryRoot,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('it serves /healthz and /readyz, is killed with SIGKILL, and restarts on the same port and data without seeding twice', async () => {
  const server = await start();
  await expect(getJson(`${server.url}/healthz`)).resolves.toEqual({ status: 200, body: { status: 'ok' } });
  await expect(getJson(`${server.url}/readyz`)).resolves.toEqual({ status: 200, body: { status: 'ready' } });
  expect(server.output()).toContain('Waymark is listening');
  const db = mongoose.connection.db!;
  const schoolsBefore = await db.collection('schools').countDocuments();
  expect(schoolsBefore).toBeGreaterThan(0);
  const firstPid = server.pid;

  await server.kill('SIGKILL');
  expect(server.lastExit()).toEqual({ code: null, signal: 'SIGKILL' });
  expect(isAlive(firstPid)).toBe(false);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

  await server.restart();
  expect(server.pid).not.toBe(firstPid);
  await expect(getJson(`${server.url}/readyz`)).resolves.toEqual({ status: 200, body: { status: 'ready' } });
  await expect(db.collection('schools').countDocuments()).resolves.toBe(schoolsBefore);
});

test('SIGTERM shuts down gracefully: exit code 0 after closing the app and the database', async () => {
  const server = await start();
  await server.kill('SIGTERM');
  expect(server.lastExit()).toEqual({ code: 0, signal: null });
  const output = server.output();
  expect(output.indexOf('"msg":"shutting down"')).toBeGreaterThan(-1);
  expect(output.indexOf('"msg":"stopped"')).toBeGreaterThan(output.indexOf('"msg":"shutting down"'));
});

test('without MONGODB_URI it starts its own FerretDB under DATA_DIR/ferretdb and stops it on SIGTERM', async () => {
  const server = await startServerProcess({ env: { MONGODB_URI: '' } });
  servers.push(server);
  await expect(getJson(`${server.url}/readyz`)).resolves.toEqual({ status: 200, body: { status: 'ready' } });
  const started = /"dataDir":"([^"]+)","ferretDbPid":(\d+)/.exec(server.output());
  expect(started).not.toBeNull();
  const [, dataDir, ferretDbPid] = started!;
  expect(path.basename(dataDir!)).toBe('ferretdb');
  expect(fs.existsSync(path.join(dataDir!, 'waymark.sqlite'))).toBe(true);
  expect(isAlive(Number(ferretDbPid))).toBe(true);

  await server.kill('SIGTERM');
  expect(server.lastExit()).toEqual({ code: 0, signal: null });
  expect(isAlive(Number(ferretDbPid))).toBe(false);
  expect(fs.existsSync(path.join(dataDir!, 'ferretdb.pid'))).toBe(false);
});

test('bad configuration stops start-up with one line per bad value and exit code 2', async () => {
  const { code, stderr } = await runToExit({ ...process.env, PORT: 'eighty', LOG_LEVEL: 'chatty', MONGODB_URI: database.uri });
  expect(code).toBe(2);
  expect(stderr).toContain('  - PORT="eighty" is not valid: expected a whole number from 0 to 65535.');
  expect(stderr).toContain('  - LOG_LEVEL="chatty" is not valid');
  expect(stderr).toContain('See "Configuration" in README.md.');
});

test('with neither MONGODB_URI nor Go (and no FerretDB built) it says exactly what to install or set', async () => {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-no-go-'));
  try {
    const { code, stderr } = await runToExit({
      ...process.env,
      PATH: '/usr/bin:/bin',
      MONGODB_URI: '',
      DATA_DIR: tempDir,
      FERRETDB_BIN: path.join(tempDir, 'not-built', 'ferretdb'),
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Waymark has no database: MONGODB_URI is not set');
    expect(stderr).toContain('install Go 1.21 or newer from https://go.dev/dl/');
    expect(stderr).toContain('set MONGODB_URI to a MongoDB 6 or newer server');
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
});
