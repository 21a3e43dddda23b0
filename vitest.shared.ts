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
    testTimeout: 60_000,
  },
});
