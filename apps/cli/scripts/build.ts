// Bundles `karst` into plain JavaScript for Node: dist/karst.mjs and one chunk per command, loaded when that
// command runs. The workspace packages are bundled from their sources (the karst-source condition), so an
// installed `karst` needs no TypeScript loader and no @karst/* package at run time.
import { rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { karst: join(root, 'src', 'cli.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  conditions: ['karst-source'],
  metafile: true,
  define: { __KARST_BUNDLED__: 'true' },
  // infra (and the tsx that loads it) exist only in the repository: `karst preview` loads them there.
  // @resvg/resvg-js is a native addon: a dependency, loaded for `--chart FILE.png` only.
  external: ['@karst/infra/offline', 'tsx/esm/api', '@resvg/resvg-js'],
  // commander and yaml are CommonJS; ESM output needs a require for their require('events') and such.
  banner: {
    js: "import { createRequire as __karstRequire } from 'node:module'; const require = __karstRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const files = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.mjs'));
const bytes = files.reduce((total, file) => total + statSync(join(root, file)).size, 0);
const entry = statSync(join(outdir, 'karst.mjs')).size;
console.log(
  `karst bundle: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB (entry ${(entry / 1024).toFixed(1)} KiB)`,
);
