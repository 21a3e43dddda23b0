// Writes the built-in sites' typical years for the bundle (see src/typical-year.ts): bundled and run by
// scripts/build.ts, from the same sources as the CLI, with the output folder as its one argument.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_SITE_IDS, deriveConditions, getBuiltInSite, synthesizeYear } from '@karst/climate';
import { encodeTypicalYear } from '../src/typical-year.js';

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: typical-years OUTDIR');
mkdirSync(outdir, { recursive: true });
for (const id of BUILT_IN_SITE_IDS) {
  const conditions = deriveConditions(synthesizeYear(getBuiltInSite(id)));
  writeFileSync(join(outdir, `${id}.bin`), encodeTypicalYear(conditions));
}
