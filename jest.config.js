/**
 * Three Jest projects, chosen by what a test does, not by what it tests:
 *   unit         pure code, no servers, no child processes: every test not in the two folders below.
 *                `npm run test:unit` is the fast loop (seconds).
 *   integration  tests/integration/**: tests that start the embedded runtime, dynalite, the embedded
 *                EventBridge/KMS endpoints or loopback HTTP servers, or spawn the vigil CLI. Files keep
 *                the path of the code they cover under that folder (tests/integration/shared/alerts/...).
 *   packaging    tests/packaging/**: tests that run `serverless` (bundles every function, ~15 s).
 * Put a new test in tests/integration/ as soon as it listens on a port or spawns a process.
 * tests/events/ holds captured events (JSON fixtures, tests/helpers/capturedEvent.ts), no tests.
 *
 * Jest runs TypeScript through SWC (no type-check here: `npm test` runs `tsc --noEmit` first).
 * middy 6 ships ESM only, so it is transformed too.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  setupFiles: ['<rootDir>/tests/setupEnv.ts'],
};

module.exports = {
  testTimeout: 60000,
  // Each embedded runtime loads every handler with a fresh module registry, and a jest process that runs
  // all suites grows until GC dominates (the five-day benign week: 52 s alone, 232 s late in one process).
  // A memory limit makes jest use a worker (still one on 2 cores) and replace it once it holds more than this.
  workerIdleMemoryLimit: '1GB',
  // Two workers on the 2-core CI machine: the integration suites wait on loopback I/O (dynalite, HTTP stand-ins)
  // much of the time, so the second core is not idle. Every suite uses its own temp dirs and port-0 servers.
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/integration/', '<rootDir>/tests/packaging/'],
    },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.test.ts'] },
    { ...shared, displayName: 'packaging', testMatch: ['<rootDir>/tests/packaging/**/*.test.ts'] },
  ],
};
