import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// The tests Stryker runs (stryker.config.json, `npm run mutate`): all but grpc-pack.test.ts, which drives
// the built pack (dist/) in another process that no mutant of src/ reaches, and which would restart it for
// every static mutant. (Stryker's own `testFiles` option would do this, but with it Stryker 10.1 activates
// static mutants too late and reports them all as survived: stryker-js issues #6144 and #6209.)
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { exclude: [...configDefaults.exclude, 'src/grpc-pack.test.ts'] } }),
);
