/**
 * Jest projects: `unit`, `integration` and `latency` (long jobs at CloudBase's latency) run in Node (integration goes through the real SDKs
 * against a local cloud started per test file); `component` renders mini-program pages with
 * miniprogram-simulate in jsdom. End-to-end browser tests run separately (`npm run test:e2e`).
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const moduleNameMapper = { '^@union/contracts$': '<rootDir>/typings/index.ts' };
const common = { transform, moduleNameMapper, moduleFileExtensions: ['ts', 'js', 'json'] };

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
      // uCharts is published as an ES module (the staff pages' chart component imports it): made CommonJS here.
      transform: { ...transform, '/node_modules/@qiun/ucharts/.+\\.js$': '<rootDir>/tests/support/esm-transform.js' },
      transformIgnorePatterns: ['/node_modules/(?!@qiun/ucharts/)'],
      displayName: 'component',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/component/**/*.test.ts'],
    },
  ],
};
