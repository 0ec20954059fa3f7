/** Jest: TypeScript through swc (fast, no type-check; `npm run typecheck` does that). */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  testTimeout: 30000,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      displayName: 'integration', testEnvironment: 'node', transform,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
    {
      displayName: 'e2e', testEnvironment: 'node', transform,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
