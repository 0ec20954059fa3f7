/**
 * The real server as a child process (`node --import tsx server/main.ts`, one process, so a
 * SIGKILL really kills the server and nothing else keeps its port), on the run's FerretDB.
 *
 *   const server = await startServerProcess({ databaseName: database.name });  // waits for /readyz
 *   server.url;                        // http://127.0.0.1:<port>
 *   await server.kill('SIGKILL');      // crash it; resolves once the process has exited
 *   await server.restart();            // same port, same database, same env; waits for /readyz
 *   await server.stop();               // SIGTERM (graceful shutdown), then waits
 *
 * Without databaseName, a fresh database is used. The demo seed runs (SEED_DEMO=true) unless
 * env says otherwise. server.output() returns what the process printed (for failure messages).
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { findFreePort } from '../../server/db/ferretdb';
import { testDatabaseUri } from './databaseUri';
import { uniqueDatabaseName } from './database';

export interface ServerProcessOptions {
  /** Extra or overriding environment variables for the server. */
  env?: Record<string, string>;
  databaseName?: string;
  readyTimeoutMs?: number;
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly databaseName: string;
  readonly databaseUri: string;
  /** The current process's pid (changes on restart). */
  readonly pid: number;
  output(): string;
  /** How the last process ended (null while it runs). */
  lastExit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const repositoryRoot = path.resolve(__dirname, '..', '..');
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function readyzStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/readyz`, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const databaseName = options.databaseName ?? uniqueDatabaseName('server');
  const databaseUri = testDatabaseUri(databaseName);
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-test-server-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    MONGODB_URI: databaseUri,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    SEED_DEMO: 'true',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...options.env,
  };
  const readyTimeoutMs = options.readyTimeoutMs ?? 60000;
  let output = '';
  let exitStatus: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const launch = async (): Promise<void> => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'main.ts')], {
      cwd: repositoryRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process_;
    exitStatus = null;
    running.add(process_);
    let hasExited = false;
    exited = new Promise<void>((resolve) => {
      process_.once('exit', (code, signal) => {
        hasExited = true;
        exitStatus = { code, signal };
        running.delete(process_);
        output += `[server process exited: code ${String(code)}, signal ${String(signal)}]\n`;
        resolve();
      });
    });
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    process_.stdout?.on('data', append);
    process_.stderr?.on('data', append);

    const deadline = Date.now() + readyTimeoutMs;
    while ((await readyzStatus(url)) !== 200) {
      if (hasExited) throw new Error(`The server process exited before it was ready:\n${output}`);
      if (Date.now() > deadline) {
        process_.kill('SIGKILL');
        await exited;
        throw new Error(`The server process was not ready within ${readyTimeoutMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  await launch();
  return {
    url,
    port,
    databaseName,
    databaseUri,
    get pid() {
      return child?.pid ?? -1;
    },
    output: () => output,
    lastExit: () => exitStatus,
    kill,
    restart: async () => {
      await kill('SIGKILL');
      output += '[restarting]\n';
      await launch();
    },
    stop: async () => {
      await kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
