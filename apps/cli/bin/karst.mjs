#!/usr/bin/env node
// The `karst` command: the bundled CLI (dist/, built by `npm run build` in the repository and shipped in
// the published package). Plain JavaScript under plain Node: no TypeScript loader.
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';

// `karst budget` computes one plan: each hourly loop runs once, so V8's optimizing compilers (Maglev and
// TurboFan, on background threads) cost more CPU than they save (on Node 24, Maglev alone ~8 ms of ~85);
// sweeps and comparisons repeat the loops and keep them. And it runs much of the bundle once: compiled
// eagerly (--no-lazy), the compile cache below holds every function, so a later run reads them all
// instead of compiling the ~550 it calls (~15 ms of CPU on Node 24; on Node 20, which has no compile
// cache, eager and lazy compiling cost about the same). `karst --help` runs little of the bundle and is
// faster lazy. (Node 20 has Maglev off already.)
const flags = process.argv[2] === 'budget' ? ['--no-opt', '--no-maglev', '--no-lazy'] : [];

// Node 22.1+ keeps compiled code between runs (in the OS temp folder): a later `karst` starts faster. V8
// takes a module's cached code only if it was compiled under the same flags, so each set of flags has its
// own folder: in one folder, `karst budget` and any other command run in turn would each recompile (and
// rewrite) the modules they share, the entry and commander. Node adds a folder per version inside.
module.enableCompileCache?.(join(tmpdir(), 'node-compile-cache', ['karst', ...flags].join('')));
for (const flag of flags) v8.setFlagsFromString(flag);

import('../dist/karst.mjs').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/karst.mjs')) {
    console.error(
      'karst: not built: run `npm run build` in the repository (or `pnpm --filter @karst/cli build`)',
    );
    process.exit(1);
  }
  throw error;
});
