/**
 * The server process: configuration → database (MONGODB_URI, or the embedded FerretDB under
 * DATA_DIR/ferretdb) → the app → listen. On SIGINT/SIGTERM it shuts down in order: stop
 * accepting and drain in-flight writes (app.close), disconnect, stop FerretDB. A second signal,
 * or a shutdown that overruns SHUTDOWN_TIMEOUT_MS, exits at once: every acknowledged answer is
 * already in the database, so an abrupt exit loses nothing that was promised.
 */
import path from 'path';
import { createWaymarkApp, type WaymarkApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase, disconnectDatabase, embeddedFerretDbPoolSize } from './db/connection';
import { DatabaseUnavailableError, startFerretDb, type RunningFerretDb } from './db/ferretdb';
import { createLogger, type Logger } from './log';

function listen(app: WaymarkApp, config: Config): Promise<number> {
  return new Promise((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, () => {
      app.httpServer.removeListener('error', reject);
      const address = app.httpServer.address();
      resolve(typeof address === 'object' && address !== null ? address.port : config.port);
    });
  });
}

function browserUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee "Configuration" in README.md.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.sessionSecretGenerated && config.nodeEnv === 'production') {
    logger.warn('SESSION_SECRET is not set: a random one is used, so sign-ins do not survive a restart');
  }

  let ferretDb: RunningFerretDb | null = null;
  let app: WaymarkApp | null = null;
  let shuttingDown = false;

  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting now');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      if (app !== null) await app.close();
      await disconnectDatabase();
      if (ferretDb !== null) await ferretDb.stop();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      exitCode = exitCode === 0 ? 1 : exitCode;
    }
    logger.flush();
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(1);
      }
      void shutdown(signal, 0);
    });
  }

  // A bug must not leave the database or FerretDB in a half state: log it, then shut down in order.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaught exception', 1);
  });
  process.on('unhandledRejection', (error) => {
    logger.fatal({ err: error }, 'unhandled promise rejection');
    void shutdown('unhandled promise rejection', 1);
  });

  try {
    let uri = config.mongodbUri;
    if (uri === null) {
      ferretDb = await startFerretDb({
        dataDir: path.join(config.dataDir, 'ferretdb'),
        binaryPath: config.ferretDbBinary ?? undefined,
        logger,
      });
      uri = ferretDb.uri;
    }
    const maxPoolSize = config.databasePoolSize ?? (ferretDb !== null ? embeddedFerretDbPoolSize : undefined);
    await connectDatabase(uri, { logger, maxPoolSize });
    if (shuttingDown) return;
    app = await createWaymarkApp({ config, logger, seedDemo: config.seedDemo });
    if (shuttingDown) return;
    const port = await listen(app, config);
    logger.info({ port, host: config.host, url: browserUrl(config.host, port) }, 'Waymark is listening');
    if (config.nodeEnv !== 'test') process.stdout.write(`\nWaymark is running: open ${browserUrl(config.host, port)}\n\n`);
  } catch (error) {
    reportStartFailure(error, logger);
    await shutdown('start-up failed', 1);
  }
}

function reportStartFailure(error: unknown, logger: Logger): void {
  if (error instanceof DatabaseUnavailableError) {
    // Said plainly on stderr as well: this is the message that tells a new user what to install.
    process.stderr.write(`\n${error.message}\n\n`);
    logger.fatal({ reason: error.message }, 'no database');
    return;
  }
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE') {
    process.stderr.write(`\nThe port is already in use: stop the other server or set PORT to a free port (e.g. PORT=3001).\n\n`);
  }
  logger.fatal({ err: error }, 'start-up failed');
}

void main();
