/**
 * A connected mongoose and a clean database for one test file.
 *
 * How a test file (in test/integration or test/e2e) gets them:
 *
 *   import { useTestDatabase } from '../../support/database';
 *
 *   const database = useTestDatabase();          // top level: registers beforeAll/afterAll
 *   beforeEach(() => database.clear());          // optional: empty every collection per test
 *
 *   test('…', async () => {
 *     await SomeModel.create({ … });             // models use mongoose's default connection
 *     database.name; database.uri;               // e.g. to give a server process the same data
 *   });
 *
 * beforeAll connects mongoose's default connection (the one server/db/connection.ts uses) to a
 * database of its own on the run's single FerretDB (test/support/globalSetup.ts), named after the
 * test file plus a random suffix, so files running in parallel never see each other's data.
 * afterAll drops that database and disconnects. Model indexes are built before the first test,
 * so unique indexes hold from the start.
 *
 * Before writing models or queries, read docs/database.md: FerretDB 1.24 (the default database)
 * uses an index only for a filter that is exactly `{ _id: value }` (everything else is a full
 * collection scan), and some aggregation features silently return wrong results.
 */
import { randomBytes } from 'crypto';
import path from 'path';
import mongoose from 'mongoose';
import { connectDatabase, disconnectDatabase, embeddedFerretDbPoolSize } from '../../server/db/connection';
import { testDatabaseUri } from './databaseUri';

export { testDatabaseUri, testServerUri } from './databaseUri';

export interface TestDatabase {
  /** The database's name (valid on FerretDB: letters, digits, _ and -, at most 63). */
  readonly name: string;
  /** mongodb://…/<name> for a child process (startServerProcess does this for you). */
  readonly uri: string;
  /** Deletes every document in every collection, keeping collections and their indexes. */
  clear(): Promise<void>;
}

/** A fresh database name: `t_<label>_<random>`, safe for FerretDB and MongoDB. */
export function uniqueDatabaseName(label = 'test'): string {
  const safeLabel = label.replace(/\.test\.[jt]s$/, '').replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 40);
  return `t_${safeLabel}_${randomBytes(5).toString('hex')}`;
}

function currentTestFileLabel(): string {
  const testPath = expect.getState().testPath;
  return testPath === undefined ? 'test' : path.basename(testPath);
}

export function useTestDatabase(): TestDatabase {
  const name = uniqueDatabaseName(currentTestFileLabel());
  let uri = '';
  beforeAll(async () => {
    uri = testDatabaseUri(name);
    // Like the server: one connection on FerretDB (see embeddedFerretDbPoolSize).
    const onFerretDb = process.env.MONGODB_URI === undefined || process.env.MONGODB_URI === '';
    await connectDatabase(uri, { dbName: name, maxPoolSize: onFerretDb ? embeddedFerretDbPoolSize : undefined });
    // Models registered by the file's imports declare indexes; wait for them to exist.
    await Promise.all(Object.values(mongoose.connection.models).map((model) => model.init()));
  });
  afterAll(async () => {
    if (mongoose.connection.readyState === 1) await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });
  return {
    name,
    get uri() {
      return uri === '' ? testDatabaseUri(name) : uri;
    },
    async clear() {
      const collections = await mongoose.connection.db!.collections();
      await Promise.all(collections.map((collection) => collection.deleteMany({})));
    },
  };
}
