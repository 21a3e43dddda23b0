import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynaliteHarness, FAKE_CREDENTIALS, startDynalite } from './store/dynalite-harness.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(appDir, 'dist', 'lambda', 'index.mjs');

// The bundle infra deploys, run as Lambda would: a fresh Node process imports it and invokes the handler
// with an API Gateway HTTP API (payload 2.0) event, against a DynamoDB-compatible server on loopback.
describe('the Lambda bundle', () => {
  let dynalite: DynaliteHarness;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts'], {
      cwd: appDir,
      stdio: 'pipe',
    });
    dynalite = await startDynalite();
  }, 60_000);

  afterAll(async () => dynalite?.stop());

  it('is under 1 MB and answers GET /v1/status from DynamoDB', async () => {
    expect(statSync(bundle).size).toBeLessThan(1024 * 1024);
    // Outside dist/lambda, which infra ships whole.
    const invoke = join(mkdtempSync(join(tmpdir(), 'karst-lambda-')), 'invoke.mjs');
    writeFileSync(
      invoke,
      `const { handler } = await import(${JSON.stringify(bundle)});
const event = {
  version: '2.0', routeKey: '$default', rawPath: '/v1/status', rawQueryString: '', headers: { host: 'example.com' },
  requestContext: { http: { method: 'GET', path: '/v1/status', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    requestId: 'r1', routeKey: '$default', stage: '$default', domainName: 'example.com', timeEpoch: Date.now() },
  isBase64Encoded: false,
};
const response = await handler(event, {});
process.stdout.write(JSON.stringify({ statusCode: response.statusCode, body: JSON.parse(response.body) }));`,
    );
    // Asynchronous: dynalite serves from this process, which must stay free while the child runs.
    const { stdout: output } = await promisify(execFile)(process.execPath, [invoke], {
      cwd: appDir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        KARST_STORE: 'dynamodb',
        KARST_TABLE_NAME: 'karst-telemetry',
        KARST_DYNAMODB_ENDPOINT: dynalite.endpoint,
        AWS_REGION: 'cn-northwest-1',
        AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
        KARST_STACK: 'guiyang',
      },
    });
    const { statusCode, body } = JSON.parse(output);
    expect(statusCode).toBe(200);
    expect(body.site.id).toBe('guiyang');
    expect(body.deployment).toMatchObject({ awsRegion: 'cn-northwest-1', stack: 'guiyang' });
    expect(body.live.readingsStored).toBe(0);
  }, 60_000);
});
