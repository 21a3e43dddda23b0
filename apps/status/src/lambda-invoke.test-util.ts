// Running the Lambda bundle as Lambda would, from a fresh Node process: shared by its test and benchmark.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FAKE_CREDENTIALS } from './store/dynalite-harness.js';

/**
 * Writes `invoke.mjs` into `dir` (never into dist/lambda, which infra ships whole): it imports the bundle,
 * calls `handler` with an API Gateway HTTP API (payload 2.0) `GET /v1/status` event, and prints one line
 * `{"statusCode": ..., "body": ...}`.
 */
export function writeStatusInvokeScript(dir: string, bundlePath: string): string {
  const script = join(dir, 'invoke.mjs');
  writeFileSync(
    script,
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundlePath).href)});
const event = {
  version: '2.0', routeKey: '$default', rawPath: '/v1/status', rawQueryString: '', headers: { host: 'example.com' },
  requestContext: { http: { method: 'GET', path: '/v1/status', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'karst' },
    requestId: 'r1', routeKey: '$default', stage: '$default', domainName: 'example.com', timeEpoch: Date.now() },
  isBase64Encoded: false,
};
const response = await handler(event, {});
process.stdout.write(JSON.stringify({ statusCode: response.statusCode, body: JSON.parse(response.body) }) + '\\n');
`,
  );
  return script;
}

/** The environment of a Lambda container of the guiyang stack, its table on a local DynamoDB endpoint. */
export function lambdaEnvironment(dynamoDbEndpoint: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    KARST_STORE: 'dynamodb',
    KARST_TABLE_NAME: 'karst-telemetry',
    KARST_DYNAMODB_ENDPOINT: dynamoDbEndpoint,
    AWS_REGION: 'cn-northwest-1',
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    KARST_STACK: 'guiyang',
  };
}
