// Bundles `karst` into plain JavaScript for Node: dist/karst.mjs and one chunk per command, loaded when that
// command runs. The workspace packages are bundled from their sources (the karst-source condition), so an
// installed `karst` needs no TypeScript loader and no @karst/* package at run time. Then the built-in
// sites' typical years, precomputed by the same sources into dist/typical-years/ (src/typical-year.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import {
  fsWithoutEsmFacade,
  lazyChildProcessInCommander,
  lazyTransliterate,
  leanZod,
} from './bundle-plugins.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['karst-source'],
  plugins: [leanZod, lazyTransliterate, lazyChildProcessInCommander, fsWithoutEsmFacade],
  logLevel: 'warning',
  // commander and yaml are CommonJS, and node:fs is required (fsWithoutEsmFacade): ESM output needs a
  // require for their require('events') and such.
  banner: {
    js: "import { createRequire as __karstRequire } from 'node:module'; const require = __karstRequire(import.meta.url);",
  },
} satisfies BuildOptions;
const result = await build({
  ...common,
  entryPoints: { karst: join(root, 'src', 'cli.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  // KARST_NO_MINIFY=1 keeps names and lines, for reading a --cpu-prof profile of the bundle.
  minify: !process.env.KARST_NO_MINIFY,
  legalComments: 'linked',
  metafile: true,
  define: { __KARST_BUNDLED__: 'true' },
  // infra (and the tsx that loads it) exist only in the repository: `karst preview` loads them there.
  // @resvg/resvg-js is a native addon: a dependency, loaded for `--chart FILE.png` only.
  external: ['@karst/infra/offline', 'tsx/esm/api', '@resvg/resvg-js'],
});
const files = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.mjs'));
const bytes = files.reduce((total, file) => total + statSync(join(root, file)).size, 0);
const entry = statSync(join(outdir, 'karst.mjs')).size;
console.log(
  `karst bundle: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB (entry ${(entry / 1024).toFixed(1)} KiB)`,
);

// The typical years: the generator bundled from sources like the CLI, run once, then removed.
const scratch = mkdtempSync(join(tmpdir(), 'karst-typical-years-'));
try {
  const generator = join(scratch, 'typical-years.mjs');
  await build({ ...common, entryPoints: [join(root, 'scripts', 'typical-years.ts')], outfile: generator });
  const yearsDir = join(outdir, 'typical-years');
  const run = spawnSync(process.execPath, [generator, yearsDir], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`typical-years generator exited ${run.status}`);
  const years = readdirSync(yearsDir);
  const yearBytes = years.reduce((total, file) => total + statSync(join(yearsDir, file)).size, 0);
  console.log(`typical years: ${years.length} sites, ${(yearBytes / 1024).toFixed(1)} KiB`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
