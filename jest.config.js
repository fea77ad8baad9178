// Two projects. `unit`: pure code, no database and no global set-up, seconds (`npm run test:unit`).
// `integration`: everything else under test/ (the real database the global set-up starts, the real HTTP server,
// child processes, browsers), so a new folder such as test/e2e/ is covered without editing this file.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: two workers, so the database server is not starved.
  maxWorkers: 2,
  // A global option (jest ignores it inside a project): the real database on two shared cores can be slow.
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      transform,
      // One database server for the whole run; each test file gets its own database on it.
      globalSetup: '<rootDir>/test/setup/globalSetup.ts',
      globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
    },
  ],
};
