// Swagger UI's files for /docs, served by the app itself (never a CDN). The Lambda build writes them
// gzipped beside the bundle (dist/lambda/docs-assets/, scripts/build-lambda.ts); elsewhere they come from
// the swagger-ui-dist package and are gzipped once, on first use.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The files /docs loads, by the name it serves them under, with their media types. */
export const DOCS_ASSETS = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
} as const;

export type DocsAssetName = keyof typeof DOCS_ASSETS;

/** The folder the Lambda build writes the gzipped files to, beside index.mjs. */
export const DOCS_ASSETS_DIR = 'docs-assets';

const cache = new Map<DocsAssetName, Uint8Array<ArrayBuffer>>();

function swaggerUiDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** One asset, gzipped. */
export function docsAsset(name: DocsAssetName): Uint8Array<ArrayBuffer> {
  let body = cache.get(name);
  if (!body) {
    const beside = join(dirname(fileURLToPath(import.meta.url)), DOCS_ASSETS_DIR, `${name}.gz`);
    // A copy into a plain ArrayBuffer: what a response body takes.
    body = new Uint8Array(
      existsSync(beside) ? readFileSync(beside) : gzipSync(readFileSync(join(swaggerUiDistDir(), name))),
    );
    cache.set(name, body);
  }
  return body;
}

/** The files as swagger-ui-dist ships them, for the Lambda build. */
export function swaggerUiSource(name: DocsAssetName): Buffer {
  return readFileSync(join(swaggerUiDistDir(), name));
}
