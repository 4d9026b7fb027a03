/**
 * Jest projects: `unit`, `integration` and `latency` (long jobs at CloudBase's latency) run in Node (integration goes through the real SDKs
 * against a local cloud started per test file); `component` renders mini-program pages with
 * miniprogram-simulate in jsdom. End-to-end browser tests run separately (`npm run test:e2e`).
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  // uCharts is published as an ES module (the mini-program's chart component imports it).
  '/node_modules/@qiun/ucharts/.+\\.js$': '<rootDir>/tests/support/esm-transform.js',
};
const moduleNameMapper = { '^@union/contracts$': '<rootDir>/typings/index.ts' };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@qiun/ucharts/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    {
      // Long jobs at CloudBase-like latency (the local cloud's per-request delay): slow by design, small data.
      ...common,
      displayName: 'latency',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/latency/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'component',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/component/**/*.test.ts'],
    },
  ],
};
