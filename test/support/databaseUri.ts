/** Where the test run's database is: set by globalSetup.ts, read by every test helper. */
export const testDatabaseUriVariable = 'WAYMARK_TEST_MONGODB_URI';

/** The run's database server, without a database name (e.g. mongodb://127.0.0.1:41234/). */
export function testServerUri(): string {
  const uri = process.env[testDatabaseUriVariable];
  if (uri === undefined || uri === '') {
    throw new Error(
      `${testDatabaseUriVariable} is not set: database tests must run in jest's integration or e2e project, whose globalSetup (test/support/globalSetup.ts) starts FerretDB.`,
    );
  }
  return uri;
}

/** The run's server URI with `databaseName` as its path (query options kept). */
export function testDatabaseUri(databaseName: string): string {
  const url = new URL(testServerUri());
  url.pathname = `/${databaseName}`;
  return url.toString();
}
