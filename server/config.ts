/**
 * All of the server's configuration, read once from environment variables at start-up.
 *
 * Every value is checked before anything starts, and every bad value is reported (not just the
 * first), each with the variable's name, what was given and what is accepted, so an operator can
 * fix the environment in one go. The README's "Configuration" section documents the same table.
 */
import { randomBytes } from 'crypto';
import path from 'path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnvironment = 'development' | 'production' | 'test';

/**
 * express's `trust proxy` setting: `false` (the default, clients connect directly), `true`
 * (trust every proxy), a hop count, or a comma-separated list of addresses/subnets/names
 * such as `loopback, 10.0.0.0/8`. Only with the right value are client IPs (used by the login
 * rate limit) the real pupils' addresses rather than the proxy's.
 */
export type TrustProxy = boolean | number | string;

export interface Config {
  nodeEnv: NodeEnvironment;
  /** TCP port for HTTP and socket.io; 0 asks the OS for a free one. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** A MongoDB ≥ 6 connection string; null means: run the embedded FerretDB under dataDir. */
  mongodbUri: string | null;
  /** Absolute path; the embedded FerretDB keeps its SQLite files in `<dataDir>/ferretdb`. */
  dataDir: string;
  logLevel: LogLevel;
  /** At least 32 characters; signs anything the server must later recognise as its own. */
  sessionSecret: string;
  /** True when SESSION_SECRET was not set and a random one was made for this process only. */
  sessionSecretGenerated: boolean;
  trustProxy: TrustProxy;
  /** On an empty database, load item-bank/ content and create the demo school. */
  seedDemo: boolean;
  /** Extra demo pupils to create for the load benchmark (bench/load); 0 in normal use. */
  loadTestPupils: number;
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /**
   * Database connections; null: 1 for the embedded FerretDB (it needs serialised updates, see
   * server/db/connection.ts), the driver's default (100) for MONGODB_URI.
   */
  databasePoolSize: number | null;
  /** The embedded FerretDB's binary (absolute); built there when missing. Default .tools/bin/ferretdb. */
  ferretDbBinary: string | null;
  /**
   * SAMPLING_KEY: the national sampling service's HMAC-SHA-256 key for pseudonymous keys (at least
   * 32 characters); unset: generated into `<dataDir>/sampling.key` on first start
   * (server/samplingService/samplingKey.ts). Never logged.
   */
  samplingKey?: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const nodeEnvironments: readonly NodeEnvironment[] = ['development', 'production', 'test'];
const minimumSecretLength = 32;

/**
 * Reads the configuration from `env` (process.env by default); `cwd` resolves a relative
 * DATA_DIR. Throws ConfigError listing every bad value.
 */
export function loadConfig(env: Environment = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return Number(raw);
  };

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const lower = raw.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
    if (['0', 'false', 'no', 'off'].includes(lower)) return false;
    problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected true or false.`);
    return fallback;
  };

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const match = allowed.find((value) => value === raw.toLowerCase());
    if (match === undefined) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected one of ${allowed.join(', ')}.`);
      return fallback;
    }
    return match;
  };

  const nodeEnv = oneOf('NODE_ENV', nodeEnvironments, 'development');
  const port = integer('PORT', 3000, 0, 65535);
  const host = read('HOST') ?? '0.0.0.0';
  const mongodbUri = readMongodbUri(read('MONGODB_URI'), problems);
  const dataDir = path.resolve(cwd, read('DATA_DIR') ?? 'data');
  const logLevel = oneOf('LOG_LEVEL', logLevels, nodeEnv === 'test' ? 'warn' : 'info');

  let sessionSecret = read('SESSION_SECRET');
  const sessionSecretGenerated = sessionSecret === undefined;
  if (sessionSecret !== undefined && sessionSecret.length < minimumSecretLength) {
    problems.push(
      `SESSION_SECRET is too short (${sessionSecret.length} characters): use at least ${minimumSecretLength} random characters, e.g. the output of 'openssl rand -hex 32', or leave it unset to generate one at each start.`,
    );
  }
  if (sessionSecret === undefined) sessionSecret = randomBytes(32).toString('hex');

  const trustProxy = readTrustProxy(read('TRUST_PROXY'), problems);
  const seedDemo = boolean('SEED_DEMO', true);
  const loadTestPupils = integer('LOAD_TEST_PUPILS', 0, 0, 100000);
  const shutdownTimeoutMs = integer('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000);
  const ferretDbBinaryRaw = read('FERRETDB_BIN');
  const ferretDbBinary = ferretDbBinaryRaw === undefined ? null : path.resolve(cwd, ferretDbBinaryRaw);
  const databasePoolSize = read('DB_POOL_SIZE') === undefined ? null : integer('DB_POOL_SIZE', 1, 1, 1000);
  const samplingKey = read('SAMPLING_KEY') ?? null;
  if (samplingKey !== null && samplingKey.length < minimumSecretLength) {
    problems.push(`SAMPLING_KEY is too short (${samplingKey.length} characters): use at least ${minimumSecretLength} random characters ('openssl rand -hex 32'), or leave it unset to generate one into DATA_DIR/sampling.key.`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    port,
    host,
    mongodbUri,
    dataDir,
    logLevel,
    sessionSecret,
    sessionSecretGenerated,
    trustProxy,
    seedDemo,
    loadTestPupils,
    shutdownTimeoutMs,
    databasePoolSize,
    ferretDbBinary,
    samplingKey,
  };
}

function readMongodbUri(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = null;
  }
  if (parsed === null || (parsed.protocol !== 'mongodb:' && parsed.protocol !== 'mongodb+srv:') || parsed.host === '') {
    // The value may hold a password, so it is not echoed back.
    problems.push(
      "MONGODB_URI is not valid: expected a connection string such as 'mongodb://localhost:27017/waymark' or 'mongodb+srv://user:password@cluster.example.net/waymark'; unset it to use the embedded FerretDB.",
    );
    return null;
  }
  return raw;
}

function readTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  // express accepts names (loopback, linklocal, uniquelocal), IPv4/IPv6 addresses and subnets.
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry));
  if (!valid) {
    problems.push(
      `TRUST_PROXY=${JSON.stringify(raw)} is not valid: expected true, false, a number of proxy hops, or a comma-separated list of addresses/subnets (e.g. 'loopback, 10.0.0.0/8').`,
    );
    return false;
  }
  return entries.join(',');
}
