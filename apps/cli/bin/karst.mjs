#!/usr/bin/env node
// The `karst` command: the bundled CLI (dist/, built by `npm run build` in the repository and shipped in
// the published package). Plain JavaScript under plain Node: no TypeScript loader.
import module from 'node:module';
import v8 from 'node:v8';

// Node 22.1+ keeps compiled code between runs (in the OS temp folder): a later `karst` starts faster.
module.enableCompileCache?.();

// `karst budget` computes one plan: each hourly loop runs once, so V8's optimizing compiler (on background
// threads) costs more CPU than it saves; sweeps and comparisons repeat the loops and keep it.
if (process.argv[2] === 'budget') v8.setFlagsFromString('--no-opt');

import('../dist/karst.mjs').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/karst.mjs')) {
    console.error(
      'karst: not built: run `npm run build` in the repository (or `pnpm --filter @karst/cli build`)',
    );
    process.exit(1);
  }
  throw error;
});
