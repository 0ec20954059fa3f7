import path from 'path';
import { ConfigError, loadConfig } from '../../../server/config';

const cwd = '/srv/waymark';

function problemsFor(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('an empty environment gives the documented defaults', () => {
    const config = loadConfig({}, cwd);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      mongodbUri: null,
      dataDir: path.join(cwd, 'data'),
      logLevel: 'info',
      sessionSecretGenerated: true,
      trustProxy: false,
      seedDemo: true,
      loadTestPupils: 0,
      shutdownTimeoutMs: 10000,
      databasePoolSize: null,
      ferretDbBinary: null,
    });
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  test('each generated session secret is different', () => {
    expect(loadConfig({}, cwd).sessionSecret).not.toBe(loadConfig({}, cwd).sessionSecret);
  });

  test('every variable is read and converted', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        PORT: '8080',
        HOST: '127.0.0.1',
        MONGODB_URI: 'mongodb://db.example:27017/waymark',
        DATA_DIR: 'var/data',
        LOG_LEVEL: 'DEBUG',
        SESSION_SECRET: 'x'.repeat(40),
        TRUST_PROXY: '1',
        SEED_DEMO: 'no',
        LOAD_TEST_PUPILS: '2000',
        SHUTDOWN_TIMEOUT_MS: '2500',
        DB_POOL_SIZE: '20',
        FERRETDB_BIN: 'bin/ferretdb',
        SAMPLING_KEY: 'k'.repeat(64),
      },
      cwd,
    );
    expect(config).toEqual({
      samplingKey: 'k'.repeat(64),
      nodeEnv: 'production',
      port: 8080,
      host: '127.0.0.1',
      mongodbUri: 'mongodb://db.example:27017/waymark',
      dataDir: path.join(cwd, 'var', 'data'),
      logLevel: 'debug',
      sessionSecret: 'x'.repeat(40),
      sessionSecretGenerated: false,
      trustProxy: 1,
      seedDemo: false,
      loadTestPupils: 2000,
      shutdownTimeoutMs: 2500,
      databasePoolSize: 20,
      ferretDbBinary: path.join(cwd, 'bin', 'ferretdb'),
    });
  });

  test('PORT=0 (any free port) and an absolute DATA_DIR are accepted', () => {
    const config = loadConfig({ PORT: '0', DATA_DIR: '/var/lib/waymark' }, cwd);
    expect(config.port).toBe(0);
    expect(config.dataDir).toBe('/var/lib/waymark');
  });

  test('NODE_ENV=test lowers the default log level to warn', () => {
    expect(loadConfig({ NODE_ENV: 'test' }, cwd).logLevel).toBe('warn');
  });

  test('empty values count as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '  ' }, cwd)).toMatchObject({ port: 3000, mongodbUri: null });
  });

  test.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback', 'loopback'],
    ['loopback, 10.0.0.0/8', 'loopback,10.0.0.0/8'],
    ['fd00::/8', 'fd00::/8'],
  ])('TRUST_PROXY=%s is read as %p', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }, cwd).trustProxy).toEqual(expected);
  });

  test('a mongodb+srv URI is accepted', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb+srv://u:p@cluster.example.net/waymark' }, cwd).mongodbUri).toBe(
      'mongodb+srv://u:p@cluster.example.net/waymark',
    );
  });

  test.each([
    ['PORT', '3000x', /^PORT="3000x" is not valid: expected a whole number from 0 to 65535\.$/],
    ['PORT', '70000', /^PORT="70000" is not valid/],
    ['LOG_LEVEL', 'verbose', /^LOG_LEVEL="verbose" is not valid: expected one of fatal, error, warn, info, debug, trace, silent\.$/],
    ['NODE_ENV', 'staging', /^NODE_ENV="staging" is not valid: expected one of development, production, test\.$/],
    ['SEED_DEMO', 'maybe', /^SEED_DEMO="maybe" is not valid: expected true or false\.$/],
    ['TRUST_PROXY', 'everyone!', /^TRUST_PROXY="everyone!" is not valid/],
    ['SESSION_SECRET', 'short', /^SESSION_SECRET is too short \(5 characters\): use at least 32/],
    ['LOAD_TEST_PUPILS', '-1', /^LOAD_TEST_PUPILS="-1" is not valid/],
    ['DB_POOL_SIZE', '0', /^DB_POOL_SIZE="0" is not valid: expected a whole number from 1 to 1000\.$/],
    ['MONGODB_URI', 'postgres://localhost/x', /^MONGODB_URI is not valid: expected a connection string such as/],
  ])('%s=%s is refused with a message naming it', (name, value, message) => {
    const problems = problemsFor({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('a bad MONGODB_URI is not echoed back (it may hold a password)', () => {
    const problems = problemsFor({ MONGODB_URI: 'mysql://root:hunter2@db' });
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  test('every bad value is reported at once, one line each, in the error message', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', SEED_DEMO: 'perhaps' }, cwd);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems).toHaveLength(3);
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration:',
      '  - PORT="abc" is not valid: expected a whole number from 0 to 65535.',
      '  - LOG_LEVEL="loud" is not valid: expected one of fatal, error, warn, info, debug, trace, silent.',
      '  - SEED_DEMO="perhaps" is not valid: expected true or false.',
    ]);
  });
});

test('a SAMPLING_KEY too short to be secret stops the start with a message saying how to make one', () => {
  expect(() => loadConfig({ SAMPLING_KEY: 'short' }, process.cwd())).toThrow(/SAMPLING_KEY is too short \(5 characters\)/);
});
