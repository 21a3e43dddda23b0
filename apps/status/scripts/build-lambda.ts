// Bundles the Lambda entry into one ESM file that infra/ deploys: dist/lambda/index.mjs.
// better-sqlite3 stays out (Lambda uses DynamoDB); the AWS SDK v3 is part of the Node.js Lambda runtime.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
if (bytes > MAX_BYTES) {
  console.error(`the bundle is over ${MAX_BYTES / 1024} KiB`);
  process.exit(1);
}
