import { execFile, execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEnvironment, writeStatusInvokeScript } from './lambda-invoke.test-util.js';
import { type DynaliteHarness, startDynalite } from './store/dynalite-harness.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// Built into a folder of its own (infra's tests read dist/lambda, which turbo builds first, while this runs),
// laid out as Lambda runs it: the deployment package alone in its task folder, and nothing beside it but the
// AWS SDK v3, which the Node.js runtime provides (here: a node_modules above the task folder holding only
// @aws-sdk). So a package the bundle needs and does not carry fails here as it would in Lambda.
const lambdaRoot = mkdtempSync(join(tmpdir(), 'karst-lambda-bundle-'));
const bundleDir = join(lambdaRoot, 'task');
const bundle = join(bundleDir, 'index.mjs');
mkdirSync(join(lambdaRoot, 'node_modules'));
symlinkSync(
  realpathSync(join(appDir, 'node_modules', '@aws-sdk')),
  join(lambdaRoot, 'node_modules', '@aws-sdk'),
);

// The bundle infra deploys, run as Lambda would: a fresh Node process imports it and invokes the handler
// with an API Gateway HTTP API (payload 2.0) event, against a DynamoDB-compatible server on loopback.
describe('the Lambda bundle', () => {
  let dynalite: DynaliteHarness;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts', '--outdir', bundleDir], {
      cwd: appDir,
      stdio: 'pipe',
    });
    dynalite = await startDynalite();
    // esbuild and dynalite's start: seconds alone, much longer on a busy CI machine; the bound catches a hang.
  }, 300_000);

  afterAll(async () => {
    await dynalite?.stop();
    rmSync(lambdaRoot, { recursive: true, force: true });
  });

  // Issue 17's "the Lambda bundle stays under 1 MB", as what AWS receives: the deployment package (the zip
  // of the folder infra's FileArchive uploads: the code and the docs files it serves) under 10^6 bytes, and
  // the code alone too. Deflated at level 6, zlib's default, as Pulumi writes the archive.
  it('is under 1 MB: the code, and the zip of the folder that is uploaded', () => {
    expect(statSync(bundle).size).toBeLessThan(1_000_000);
    const files: Record<string, Uint8Array> = {};
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }))
        if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
        else files[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name));
    };
    walk(bundleDir, '');
    // The folder is the code and the two Swagger UI files, nothing left over from another build.
    expect(Object.keys(files).sort()).toEqual([
      'docs-assets/swagger-ui-bundle.js.gz',
      'docs-assets/swagger-ui.css.gz',
      'index.mjs',
    ]);
    expect(zipSync(files, { level: 6 }).byteLength).toBeLessThan(1_000_000);
  });

  it('answers GET /v1/status from DynamoDB', async () => {
    const invoke = writeStatusInvokeScript(mkdtempSync(join(tmpdir(), 'karst-lambda-')), bundle);
    // Asynchronous: dynalite serves from this process, which must stay free while the child runs.
    const { stdout: output } = await promisify(execFile)(process.execPath, [invoke], {
      cwd: appDir,
      encoding: 'utf8',
      env: lambdaEnvironment(dynalite.endpoint),
    });
    const { statusCode, body } = JSON.parse(output);
    expect(statusCode).toBe(200);
    expect(body.site.id).toBe('guiyang');
    expect(body.deployment).toMatchObject({ awsRegion: 'cn-northwest-1', stack: 'guiyang' });
    expect(body.live.readingsStored).toBe(0);
  }, 60_000);

  it("serves /docs's Swagger UI from the files beside the bundle, gzipped and base64-encoded", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karst-lambda-docs-'));
    const script = join(dir, 'invoke-docs.mjs');
    writeFileSync(
      script,
      `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const path = '/docs/assets/swagger-ui.css';
const response = await handler({
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
  headers: { host: 'example.com', 'accept-encoding': 'gzip, br' },
  requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'karst' },
    requestId: 'r2', routeKey: '$default', stage: '$default', domainName: 'example.com', timeEpoch: Date.now() },
  isBase64Encoded: false,
}, {});
process.stdout.write(JSON.stringify(response) + '\\n');
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      cwd: dir,
      encoding: 'utf8',
      env: lambdaEnvironment(dynalite.endpoint),
    });
    const response = JSON.parse(stdout);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(response.body, 'base64')).toString('utf8')).toContain('.swagger-ui');
  }, 60_000);
});
