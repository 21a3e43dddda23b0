// Bundles the Lambda entry into one ESM file that infra/ deploys: dist/lambda/index.mjs.
//   tsx scripts/build-lambda.ts [--outdir DIR]   (DIR instead of dist/lambda: the Lambda test builds its own
//   copy, so it never rewrites the folder infra's tests are reading at the same time)
// better-sqlite3 stays out (Lambda uses DynamoDB): a stub that refuses takes its place, because esbuild hoists
// an external's import to the top of an ESM bundle even when only a lazily loaded module uses it, and the
// deployment package has no node_modules. The AWS SDK v3 is part of the Node.js Lambda runtime.
//
// The size limit (issue 17: "the Lambda bundle stays under 1 MB") is read as what AWS receives: the
// deployment package, the zip of this folder that infra's FileArchive uploads (code and the docs files it
// serves), under 1 MB (10^6 bytes), and the code, index.mjs, under 1 MB on its own. This script reports
// both (the zip deflated at zlib's default level, as Pulumi's archive writes it); lambda.test.ts zips the
// folder and asserts them. The stack's own files infra adds (deployment document, weather file) are data.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { zipSync } from 'fflate';
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
/** The size the issue sets for the bundle: 1 MB, for the code and for the deployment package. */
const MAX_BYTES = 1_000_000;

/**
 * zod's namespace exports carry all ~40 of its locales (260 KiB minified), because `z.locales` (and `z.core.locales`) are part of
 * `z`; the service speaks English only. The locales module is replaced by one exporting `en` alone.
 */
const englishOnlyZod: Plugin = {
  name: 'zod-english-only',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '..', 'locales'), namespace: 'zod-english-only' }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: args.path,
      loader: 'js',
    }));
  },
};

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
    englishOnlyZod,
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
const zipBytes = deploymentZipBytes(dirname(outfile));
console.log(
  `docs assets: ${assetsDir} ${(assetBytes / 1024).toFixed(1)} KiB gzipped; ` +
    `deployment package (zip of ${dirname(outfile)}): ${zipBytes} bytes`,
);
for (const [what, size] of [
  ['the code (index.mjs)', bytes],
  ['the deployment package (zip)', zipBytes],
] as const)
  if (size > MAX_BYTES) {
    console.error(`${what} is ${size} bytes, over ${MAX_BYTES}`);
    process.exit(1);
  }

/** The size of the zip of `folder` (every file, deflated at level 6), as the Lambda archive is uploaded. */
function deploymentZipBytes(folder: string): number {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name));
    }
  };
  walk(folder, '');
  return zipSync(files, { level: 6 }).byteLength;
}
