/**
 * End-to-end tests (`npm run test:e2e`): a seeded local cloud serving the browser preview, driven through Debian's
 * Chromium with playwright-core. One file at a time (each starts a cloud and a browser); screenshots of the key
 * screens go to test-artifacts/e2e/.
 */
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..', '..');

module.exports = {
  rootDir,
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^@union/contracts$': '<rootDir>/typings/index.ts' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  maxWorkers: 1,
  testTimeout: 180_000,
};
