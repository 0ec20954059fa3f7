/** A valid server Config and a logger for tests that build the app in-process. */
import path from 'path';
import os from 'os';
import type { Config } from '../../server/config';
import { createLogger, type Logger } from '../../server/log';

/**
 * Listens on a free port on 127.0.0.1, no demo seed, quiet logs (set TEST_LOG_LEVEL=debug to
 * see them). `mongodbUri` should be the file's database.uri (see database.ts).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    nodeEnv: 'test',
    port: 0,
    host: '127.0.0.1',
    mongodbUri: null,
    dataDir: path.join(os.tmpdir(), 'waymark-test-data'),
    logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel'] | undefined) ?? 'silent',
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    sessionSecretGenerated: false,
    trustProxy: false,
    seedDemo: false,
    loadTestPupils: 0,
    shutdownTimeoutMs: 5000,
    databasePoolSize: null,
    ferretDbBinary: null,
    ...overrides,
  };
}

export function testLogger(config: Pick<Config, 'logLevel'> = testConfig()): Logger {
  return createLogger(config);
}
