/**
 * The process's one database connection: mongoose's default connection, which every model in
 * server/db/models is registered on. main.ts connects before building the app and disconnects
 * after the app has drained; /readyz asks databaseReady().
 */
import mongoose from 'mongoose';
import type { Logger } from '../log';

export const defaultDatabaseName = 'waymark';

let listenersAttached = false;
let disconnecting = false;
let responseWrites: mongoose.Connection | null = null;

export interface ConnectOptions {
  /**
   * Database to use. Defaults to the one named in the URI's path, or `waymark` when the URI
   * names none (FerretDB's URI, and bare MongoDB URIs, where the driver would pick `test`).
   */
  dbName?: string;
  logger?: Logger;
  /** How long to keep trying to reach the server before failing; default 10 s. */
  serverSelectionTimeoutMs?: number;
  /**
   * Connections to the server; default: the driver's (100). Use embeddedFerretDbPoolSize for
   * the embedded FerretDB (see there).
   */
  maxPoolSize?: number;
}

/**
 * FerretDB 1.24 (SQLite) does not isolate concurrent updates of one document: 50 simultaneous
 * `$inc` by 1 left the value at 2, and a compare-and-set succeeded twice (docs/database.md,
 * test/integration/db). FerretDB answers one connection's commands strictly in order, so a
 * single connection serialises every read-modify-write this process makes and restores the
 * single-document atomicity MongoDB gives. It costs little: SQLite runs one writer at a time
 * anyway, and a pool of 1 measured faster than a pool of 10 (82 vs 68 mixed ops/s in a probe).
 */
export const embeddedFerretDbPoolSize = 1;

/** The database named in a mongodb:// URI's path, if any. */
export function databaseNameFromUri(uri: string): string | null {
  const withoutScheme = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  const slash = withoutScheme.indexOf('/');
  if (slash < 0) return null;
  const name = decodeURIComponent(withoutScheme.slice(slash + 1).split('?')[0] ?? '');
  return name === '' ? null : name;
}

export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<typeof mongoose> {
  const dbName = options.dbName ?? databaseNameFromUri(uri) ?? defaultDatabaseName;
  const logger = options.logger;
  const connection = mongoose.connection;
  // Once per process: tests connect and disconnect repeatedly on the same connection object.
  if (!listenersAttached) {
    listenersAttached = true;
    connection.on('disconnected', () => {
      if (!disconnecting) logger?.warn('database connection lost');
    });
    connection.on('reconnected', () => logger?.info('database connection restored'));
  }
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10000,
    // Models declare their indexes (e.g. the unique (session, sequence) index on responses);
    // building them at start keeps the guarantees they provide in place before any request.
    autoIndex: true,
    ...(options.maxPoolSize === undefined ? {} : { maxPoolSize: options.maxPoolSize }),
  });
  if (options.maxPoolSize === embeddedFerretDbPoolSize) {
    responseWrites = await mongoose.createConnection(uri, {
      dbName, serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10000, maxPoolSize: 1, autoIndex: false,
    }).asPromise();
  }
  logger?.info({ dbName, maxPoolSize: options.maxPoolSize ?? 'driver default', responseWriteConnection: responseWrites !== null }, 'database connected');
  return mongoose;
}

/**
 * The connection that inserts responses. With the single shared connection on FerretDB (see
 * embeddedFerretDbPoolSize), FerretDB answers its commands strictly in order, so an answer's
 * insert waited behind every collection scan a login or a sitting start had queued (hundreds of
 * ms under load). Response writes get a connection of their own: they are inserts of new
 * documents under unique keys, never read–modify–write updates, so the lost-update problem that
 * forces one connection does not arise; SQLite's "database is locked" on meeting another writer
 * is retried (groupCommit.ts). Elsewhere (MongoDB's driver pool) the default connection serves.
 */
export function responseWriteConnection(): mongoose.Connection {
  return responseWrites ?? mongoose.connection;
}

export async function disconnectDatabase(): Promise<void> {
  disconnecting = true;
  try {
    const writes = responseWrites;
    responseWrites = null;
    await writes?.close();
    await mongoose.disconnect();
  } finally {
    disconnecting = false;
  }
}

/** True when the database answers a ping within `timeoutMs`; never throws (for /readyz). */
export async function databaseReady(timeoutMs = 2000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || db === undefined) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db
        .admin()
        .ping()
        .then((reply) => reply.ok === 1)
        .catch(() => false),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
