/**
 * The embedded database: FerretDB 1.24.2 (MongoDB wire protocol, Apache-2.0) over SQLite, used
 * when MONGODB_URI is not set. The binary lives in .tools/bin (built from the Go module the first
 * time by scripts/build-ferretdb.sh); this module starts it on a free local port, waits until it
 * accepts connections, and stops it gracefully.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Logger } from '../log';

export const ferretDbVersion = 'v1.24.2';
/**
 * What scripts/build-ferretdb.sh writes beside the binary (`<binary>.build`): the version and
 * the fix it applies (see the script). A default binary without it is rebuilt.
 */
export const ferretDbBuildId = `${ferretDbVersion}+sqlite-id-index`;

/** The database cannot be started, for a reason the operator must fix (the message says how). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

export interface FerretDbOptions {
  /** Directory for the SQLite files (one per database), created if missing; kept between runs. */
  dataDir: string;
  logger?: Logger;
  /** Defaults to <repository>/.tools/bin/ferretdb; built (by scripts/build-ferretdb.sh) when missing. */
  binaryPath?: string;
  /** Defaults to a free port on 127.0.0.1 chosen by the OS. */
  port?: number;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** host:port for FerretDB's debug HTTP listener (metrics and Go's /debug/pprof); off by default. */
  debugAddress?: string;
}

export interface RunningFerretDb {
  /** mongodb://127.0.0.1:<port>/ (no database name: callers choose one). */
  uri: string;
  port: number;
  pid: number;
  dataDir: string;
  /** SIGTERM, then SIGKILL if it has not exited after stopTimeoutMs. Safe to call twice. */
  stop(): Promise<void>;
}

const pidFileName = 'ferretdb.pid';

/** The directory holding package.json and scripts/, whether running from server/ or dist/server/. */
export function repositoryRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'scripts', 'build-ferretdb.sh')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
}

export function defaultFerretDbBinary(): string {
  return path.join(repositoryRoot(), '.tools', 'bin', 'ferretdb');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function builtByUs(binary: string): boolean {
  try {
    return fs.readFileSync(`${binary}.build`, 'utf8').trim() === ferretDbBuildId;
  } catch {
    return false;
  }
}

/** Go ≥ 1.21 fetches the newer toolchain FerretDB's go.mod asks for by itself; older Go cannot. */
function goProblem(): string | null {
  const result = spawnSync('go', ['version'], { encoding: 'utf8', env: process.env });
  if (result.error !== undefined || result.status !== 0) return 'Go is not installed';
  const match = /go(\d+)\.(\d+)/.exec(result.stdout);
  if (match !== null && (Number(match[1]) > 1 || Number(match[2]) >= 21)) return null;
  return `Go is too old (${result.stdout.trim()})`;
}

/**
 * Returns the FerretDB binary, building it first if it is missing. Throws
 * DatabaseUnavailableError naming exactly what to install or set when it cannot be built.
 */
export async function ensureFerretDbBinary(options: { binaryPath?: string; logger?: Logger } = {}): Promise<string> {
  const binary = path.resolve(options.binaryPath ?? defaultFerretDbBinary());
  // A binary named by the caller (FERRETDB_BIN) is used as it is; ours must carry our build.
  if (isExecutable(binary) && (options.binaryPath !== undefined || builtByUs(binary))) return binary;
  const problem = goProblem();
  if (problem !== null) {
    throw new DatabaseUnavailableError(
      `Waymark has no database: MONGODB_URI is not set, and the embedded FerretDB (${binary}) is missing and cannot be built because ${problem}.\n` +
        'Do one of these:\n' +
        "  - install Go 1.21 or newer from https://go.dev/dl/ (Debian 12's golang-go package, Go 1.19, is too old), then run the command again; or\n" +
        '  - set MONGODB_URI to a MongoDB 6 or newer server, e.g. MONGODB_URI=mongodb://localhost:27017/waymark',
    );
  }
  options.logger?.info({ binary }, `FerretDB ${ferretDbVersion} not found; building it (first run only, a few minutes)`);
  const script = path.join(repositoryRoot(), 'scripts', 'build-ferretdb.sh');
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    // The script's progress goes to our stderr so a first-time user sees why start-up is slow.
    const build = spawn('bash', [script, binary], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    build.on('error', reject);
    build.on('exit', (code) => resolve(code));
  });
  if (exitCode !== 0 || !isExecutable(binary)) {
    throw new DatabaseUnavailableError(
      `Building FerretDB with ${script} failed (exit code ${String(exitCode)}); see the messages above, or set MONGODB_URI to a MongoDB 6 or newer server.`,
    );
  }
  return binary;
}

/** A port that was free a moment ago (the OS picks it); for servers that must be told a port. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A FerretDB left running on this data directory by a server that was killed with SIGKILL
 * (and so could not stop it) would hold the SQLite files; it is ours, so it is stopped first.
 * Only a process whose command line names ferretdb and this directory is touched.
 */
async function stopLeftoverFerretDb(dataDir: string, logger: Logger | undefined, stopTimeoutMs: number): Promise<void> {
  const pidFile = path.join(dataDir, pidFileName);
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  let commandLine = '';
  try {
    commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    commandLine = '';
  }
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine.includes('ferretdb') && commandLine.includes(dataDir)) {
    logger?.warn({ ferretDbPid: pid, dataDir }, 'stopping a FerretDB left running on this data directory by an earlier run');
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + stopTimeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await delay(50);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(pidFile, { force: true });
}

/** Starts FerretDB on SQLite files in `options.dataDir` and resolves once it accepts connections. */
export async function startFerretDb(options: FerretDbOptions): Promise<RunningFerretDb> {
  const logger = options.logger;
  const dataDir = path.resolve(options.dataDir);
  const stopTimeoutMs = options.stopTimeoutMs ?? 5000;
  const binary = await ensureFerretDbBinary({ binaryPath: options.binaryPath, logger });
  fs.mkdirSync(dataDir, { recursive: true });
  await stopLeftoverFerretDb(dataDir, logger, stopTimeoutMs);

  return launch(binary, dataDir, options.port ?? 0, options.startTimeoutMs ?? 30000, stopTimeoutMs, logger, options.debugAddress ?? '-');
}

async function launch(
  binary: string,
  dataDir: string,
  port: number,
  startTimeoutMs: number,
  stopTimeoutMs: number,
  logger: Logger | undefined,
  debugAddress: string,
): Promise<RunningFerretDb> {
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    // Port 0: the OS picks a free port and FerretDB logs which ("Listening on TCP …"), so there
    // is no window in which another process can take a port we picked.
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    // No metrics/debug HTTP listener unless asked for (its default fixed port 8088 would clash
    // between instances), and state.json beside the data rather than in the working directory.
    `--debug-addr=${debugAddress}`,
    `--state-dir=${dataDir}`,
    // JSON at info level, read here: the "Listening on" line gives the port; only errors are
    // forwarded to our log (warnings include every client disconnect, as FerretDB does not know
    // the driver's endSessions command).
    '--log-level=info',
    '--log-format=json',
  ];
  // Its own process group, so a Ctrl-C in the terminal reaches only the server, which then
  // drains in-flight writes before stopping the database itself.
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const recentOutput: string[] = [];
  let listeningPort: number | null = null;
  const onLine = (line: string) => {
    if (line.trim() === '') return;
    recentOutput.push(line);
    if (recentOutput.length > 20) recentOutput.shift();
    let entry: { level?: unknown; msg?: unknown } | null = null;
    try {
      entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
    } catch {
      entry = null;
    }
    const message = typeof entry?.msg === 'string' ? entry.msg : line;
    const listening = /^Listening on TCP [^\s]*:(\d+)/.exec(message);
    if (listening !== null) listeningPort = Number(listening[1]);
    if (entry === null || entry.level === 'ERROR') logger?.error({ ferretdb: entry ?? line }, `FerretDB: ${message}`);
  };
  const lineReader = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    };
  };
  child.stdout?.on('data', lineReader());
  child.stderr?.on('data', lineReader());

  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      recentOutput.push(String(error));
      exited = true;
      resolve();
    });
  });
  // If this process ends without stopping the database (an uncaught error, process.exit), do not
  // leave FerretDB running; a signal can still be sent from an 'exit' handler.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const pidFile = path.join(dataDir, pidFileName);
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) {
          logger?.warn({ ferretDbPid: child.pid }, `FerretDB did not stop within ${stopTimeoutMs} ms; killing it`);
          child.kill('SIGKILL');
        }
      }, stopTimeoutMs);
      await exit;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    try {
      if (fs.readFileSync(pidFile, 'utf8').trim() === String(child.pid)) fs.rmSync(pidFile, { force: true });
    } catch {
      // No pid file: nothing to clean up.
    }
  };

  const deadline = Date.now() + startTimeoutMs;
  while (!exited && listeningPort === null) {
    if (Date.now() > deadline) {
      await stop();
      throw new DatabaseUnavailableError(
        `FerretDB did not start listening within ${startTimeoutMs} ms (data directory ${dataDir}).\n${recentOutput.join('\n')}`,
      );
    }
    await delay(20);
  }
  if (exited || child.pid === undefined || listeningPort === null) {
    await stop();
    throw new DatabaseUnavailableError(
      `FerretDB exited during start-up (data directory ${dataDir}, port ${port === 0 ? 'any' : port}):\n${recentOutput.join('\n')}`,
    );
  }
  const actualPort: number = listeningPort;
  if (!(await canConnect(actualPort))) {
    await stop();
    throw new DatabaseUnavailableError(`FerretDB reported port ${actualPort} but does not accept connections there.`);
  }
  fs.writeFileSync(pidFile, String(child.pid));
  logger?.info({ port: actualPort, dataDir, ferretDbPid: child.pid }, `embedded FerretDB ${ferretDbVersion} started`);
  return { uri: `mongodb://127.0.0.1:${actualPort}/`, port: actualPort, pid: child.pid, dataDir, stop };
}
