// AWS Lambda entry: the same app on the store the environment names (DynamoDB in the cloud), built once
// per container. Writes need KARST_WRITE_TOKEN; no token is generated here.
import { handle } from 'hono/aws-lambda';
import { runtimeFromEnv } from './runtime.js';

const runtime = await runtimeFromEnv(process.env, { generateWriteToken: false });

export const handler = handle(runtime.app);
