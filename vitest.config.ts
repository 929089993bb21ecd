import { defineConfig } from 'vitest/config'

// Tests run against the built server (dist/) as CI does: `npm test` builds first.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One throwaway PostgreSQL and Redis for the whole run (tests/helpers/services.ts reaches them).
    globalSetup: ['tests/setup/services-global.ts'],
    // Two cores: files run one at a time so timing-sensitive relays are not starved.
    fileParallelism: false,
    // The JSON report is what .ci/run counts passes and failures from.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
  },
})
