// Bundles the Lambda entry into one ESM file that infra/ deploys: dist/lambda/index.mjs.
//   tsx scripts/build-lambda.ts [--outdir DIR]   (DIR instead of dist/lambda: the Lambda test builds its own
//   copy, so it never rewrites the folder infra's tests are reading at the same time)
// better-sqlite3 stays out (Lambda uses DynamoDB): a stub that refuses takes its place, because esbuild hoists
// an external's import to the top of an ESM bundle even when only a lazily loaded module uses it, and the
// deployment package has no node_modules. The AWS SDK v3 is part of the Node.js Lambda runtime.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  DOCS_ASSETS,
  DOCS_ASSETS_DIR,
  type DocsAssetName,
  swaggerUiSource,
} from '../src/routes/docs-assets.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? join(root, 'dist', 'lambda') : process.argv[outdirFlag + 1];
if (outdir === undefined || outdir.startsWith('--')) {
  console.error('build-lambda: --outdir needs a folder');
  process.exit(2);
}
const outfile = join(outdir, 'index.mjs');
/** The size the issue sets for the bundle. */
const MAX_BYTES = 1024 * 1024;

mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'lambda.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  conditions: ['karst-source'],
  external: ['@aws-sdk/*'],
  plugins: [
    {
      name: 'no-sqlite-in-lambda',
      setup(plugin) {
        plugin.onResolve({ filter: /^better-sqlite3$/ }, () => ({
          path: 'better-sqlite3',
          namespace: 'karst-stub',
        }));
        plugin.onLoad({ filter: /.*/, namespace: 'karst-stub' }, () => ({
          contents:
            'export default function Database() { throw new Error("KARST_STORE=sqlite is not available in the Lambda bundle: use KARST_STORE=dynamodb"); }',
          loader: 'js',
        }));
      },
    },
  ],
  // Some bundled CommonJS dependencies call require(); ESM output needs one.
  banner: {
    js: "import { createRequire as __karstRequire } from 'node:module'; const require = __karstRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const bytes = statSync(outfile).size;
console.log(`lambda bundle: ${outfile} ${(bytes / 1024).toFixed(1)} KiB`);
// /docs's Swagger UI files, gzipped beside the bundle (the docs route serves them as they are): files of
// the deployment package, not code in the bundle.
const assetsDir = join(dirname(outfile), DOCS_ASSETS_DIR);
rmSync(assetsDir, { recursive: true, force: true });
mkdirSync(assetsDir, { recursive: true });
for (const name of Object.keys(DOCS_ASSETS) as DocsAssetName[])
  writeFileSync(join(assetsDir, `${name}.gz`), gzipSync(swaggerUiSource(name), { level: 9 }));
const assetBytes = readdirSync(assetsDir).reduce(
  (total, file) => total + statSync(join(assetsDir, file)).size,
  0,
);
console.log(
  `docs assets: ${assetsDir} ${(assetBytes / 1024).toFixed(1)} KiB gzipped; the Lambda folder ${((bytes + assetBytes) / 1024).toFixed(1)} KiB`,
);
if (bytes > MAX_BYTES) {
  console.error(`the bundle is over ${MAX_BYTES / 1024} KiB`);
  process.exit(1);
}
