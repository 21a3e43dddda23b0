// Bundles the Lambda entry into one ESM file that infra/ deploys: dist/lambda/index.mjs.
// better-sqlite3 stays out (Lambda uses DynamoDB); the AWS SDK v3 is part of the Node.js Lambda runtime.
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
const outfile = join(root, 'dist', 'lambda', 'index.mjs');
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
  external: ['better-sqlite3', '@aws-sdk/*'],
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
