import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages are read from their TypeScript source in development through the
// `karst-source` export condition; published builds ignore it and use dist/.
// Vite's 'module' condition is left out: Node would then pick packages' bundler-only builds (the AWS SDK's
// dist-es) whose extensionless imports it cannot resolve.
const conditions = ['karst-source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    passWithNoTests: true,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A test finishes by its work, not by a clock: CI runs on a 2-core machine that turbo (and whatever
    // else) keeps busy, where a 1 s test can take 30. These bounds only catch a hang; speed targets live
    // in benchmarks (npm run bench).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    // The default reporter for people; a JSON report per package for scripts/test-report.mjs, which prints
    // the slowest tests in every CI log.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-results.json' }]],
  },
});
