/**
 * Tests run against a real Neo4j: test/support/global-setup.mjs starts the
 * project's local one (or uses NEO4J_URI), and files run one at a time
 * because each resets the one database to its own small fixture graph.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60_000,
  // Tests write from outside the API (wipes, a second executor) and expect the next answer to see it.
  setupFiles: ['<rootDir>/test/support/strict-index.js'],
};
