/** Jest: TypeScript through swc (fast, no type-check; `npm run typecheck` does that). */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// The integration and e2e projects share ONE FerretDB for the run, started by their globalSetup
// (declared per project so that a unit-only run, e.g. `npx jest test/unit`, starts none).
const database = {
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};
module.exports = {
  testTimeout: 30000,
  // Two cores: two workers keep both busy; FerretDB, the server processes and Chromium that the
  // integration and e2e tests start need CPU as well, so more workers would only contend.
  maxWorkers: 2,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      displayName: 'integration', testEnvironment: 'node', transform, ...database,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
    {
      displayName: 'e2e', testEnvironment: 'node', transform, ...database,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
