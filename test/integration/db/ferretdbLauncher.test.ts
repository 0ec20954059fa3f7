/**
 * The embedded-database launcher (server/db/ferretdb.ts), each test with its own FerretDB in a
 * temporary directory (not the run's shared one).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { MongoClient } from 'mongodb';
import { DatabaseUnavailableError, ensureFerretDbBinary, findFreePort, startFerretDb, type RunningFerretDb } from '../../../server/db/ferretdb';

let tempDir: string;
const started: RunningFerretDb[] = [];

beforeEach(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-launcher-test-'));
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((ferretDb) => ferretDb.stop()));
  fs.rmSync(tempDir, { recursive: true, force: true });
});

async function start(dataDir: string, port?: number): Promise<RunningFerretDb> {
  const ferretDb = await startFerretDb({ dataDir, port });
  started.push(ferretDb);
  return ferretDb;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withClient<T>(uri: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.close();
  }
}

test('starts on a free local port, accepts MongoDB commands as soon as it resolves, and keeps its files in dataDir', async () => {
  const dataDir = path.join(tempDir, 'db');
  const ferretDb = await start(dataDir);
  expect(ferretDb.uri).toBe(`mongodb://127.0.0.1:${ferretDb.port}/`);
  const reply = await withClient(ferretDb.uri, (client) => client.db('admin').command({ ping: 1 }));
  expect(reply.ok).toBe(1);
  await withClient(ferretDb.uri, (client) => client.db('keep').collection('c').insertOne({ x: 1 }));
  expect(fs.readdirSync(dataDir)).toEqual(expect.arrayContaining(['ferretdb.pid', 'keep.sqlite', 'state.json']));
  expect(fs.readFileSync(path.join(dataDir, 'ferretdb.pid'), 'utf8')).toBe(String(ferretDb.pid));
});

test('stop ends the process and removes the pid file; the data is there after a restart on another port', async () => {
  const dataDir = path.join(tempDir, 'db');
  const first = await start(dataDir);
  await withClient(first.uri, (client) => client.db('keep').collection('c').insertMany([{ x: 1 }, { x: 2 }]));
  await first.stop();
  expect(isAlive(first.pid)).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'ferretdb.pid'))).toBe(false);
  await first.stop();

  const second = await start(dataDir);
  const documents = await withClient(second.uri, (client) =>
    client.db('keep').collection('c').find({}, { projection: { _id: 0 } }).sort({ x: 1 }).toArray(),
  );
  expect(documents).toEqual([{ x: 1 }, { x: 2 }]);
});

test('a FerretDB left running on the same data directory (its server was killed) is stopped before a new one starts', async () => {
  const dataDir = path.join(tempDir, 'db');
  const leftover = await start(dataDir);
  const replacement = await start(dataDir);
  expect(isAlive(leftover.pid)).toBe(false);
  expect(replacement.pid).not.toBe(leftover.pid);
  const reply = await withClient(replacement.uri, (client) => client.db('admin').command({ ping: 1 }));
  expect(reply.ok).toBe(1);
});

test('a port that is taken is reported with FerretDB\'s own message', async () => {
  const taken = await start(path.join(tempDir, 'a'));
  let caught: unknown;
  try {
    await startFerretDb({ dataDir: path.join(tempDir, 'b'), port: taken.port, startTimeoutMs: 10000 });
  } catch (error) {
    caught = error;
  }
  // The port answers, but not for the new process: the launcher must not hand back a database
  // on a port another process owns.
  expect(caught).toBeInstanceOf(DatabaseUnavailableError);
  expect((caught as Error).message).toMatch(/exited during start-up[\s\S]*address already in use/);
});

test('with the binary missing and no Go on PATH, it says exactly what to install or set', async () => {
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(tempDir, 'empty-bin');
  let caught: unknown;
  try {
    await ensureFerretDbBinary({ binaryPath: path.join(tempDir, 'missing', 'ferretdb') });
  } catch (error) {
    caught = error;
  } finally {
    process.env.PATH = savedPath;
  }
  expect(caught).toBeInstanceOf(DatabaseUnavailableError);
  const message = (caught as Error).message;
  expect(message).toContain('Go is not installed');
  expect(message).toContain('install Go 1.21 or newer from https://go.dev/dl/');
  expect(message).toContain('set MONGODB_URI to a MongoDB 6 or newer server');
});

test('findFreePort returns a port nothing listens on', async () => {
  const port = await findFreePort();
  expect(port).toBeGreaterThan(0);
  const net = await import('net');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  await new Promise((resolve) => server.close(resolve));
});
