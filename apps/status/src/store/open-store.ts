import { type Stats, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseWith, ValidationError } from '@karst/climate';
import { z } from 'zod';
import type { TelemetryStore } from './telemetry-store.js';

/** Which store to open, and where. */
export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'dynamodb';
      readonly tableName: string;
      readonly region?: string;
      /** A local DynamoDB (dynalite, DynamoDB Local): the table is created if missing. */
      readonly endpoint?: string;
    };

/** Same default as `DEFAULT_SQLITE_PATH`, repeated so reading the env does not load better-sqlite3. */
const DEFAULT_DATA_PATH = './data/karst.sqlite';

// Unset and empty are the same to a shell user (`KARST_TABLE_NAME= npm start`).
const optionalString = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** AWS_REGION as the SDK takes it; unset leaves the region to the SDK's own chain. */
export const awsRegionEnv = optionalString(
  z
    .string()
    .max(64)
    .regex(/^[a-z0-9-]+$/, 'a region such as eu-west-1'),
);

/** The store's variables: part of the service's one environment schema (config.ts `serviceConfigSchema`). */
export const storeEnvShape = {
  KARST_STORE: optionalString(z.enum(['sqlite', 'dynamodb'])),
  KARST_DATA_PATH: optionalString(z.string().max(4096, 'must be at most 4096 characters')),
  KARST_TABLE_NAME: optionalString(
    z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name: 3-255 of A-Z a-z 0-9 _ . -'),
  ),
  KARST_DYNAMODB_ENDPOINT: optionalString(z.url({ protocol: /^https?$/ })),
};

/** What the store's variables cannot say one by one: DynamoDB needs a table. */
export function checkStoreEnv(ctx: {
  readonly value: { readonly KARST_STORE?: unknown; readonly KARST_TABLE_NAME?: unknown };
  issues: unknown[];
}): void {
  if (ctx.value.KARST_STORE === 'dynamodb' && ctx.value.KARST_TABLE_NAME === undefined) {
    ctx.issues.push({
      code: 'custom',
      path: ['KARST_TABLE_NAME'],
      message: 'required when KARST_STORE=dynamodb',
      input: ctx.value.KARST_TABLE_NAME,
    });
  }
}

const envSchema = z.object({ ...storeEnvShape, AWS_REGION: awsRegionEnv }).check(checkStoreEnv);

/** The store that already-validated store variables name. */
export function storeConfigOf(vars: {
  readonly KARST_STORE?: 'sqlite' | 'dynamodb' | undefined;
  readonly KARST_DATA_PATH?: string | undefined;
  readonly KARST_TABLE_NAME?: string | undefined;
  readonly AWS_REGION?: string | undefined;
  readonly KARST_DYNAMODB_ENDPOINT?: string | undefined;
}): StoreConfig {
  if (vars.KARST_STORE === 'dynamodb') {
    return {
      kind: 'dynamodb',
      // checkStoreEnv guarantees it.
      tableName: vars.KARST_TABLE_NAME!,
      ...(vars.AWS_REGION === undefined ? {} : { region: vars.AWS_REGION }),
      ...(vars.KARST_DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: vars.KARST_DYNAMODB_ENDPOINT }),
    };
  }
  return { kind: 'sqlite', path: vars.KARST_DATA_PATH ?? DEFAULT_DATA_PATH };
}

/**
 * Reads the store configuration from the environment: `KARST_STORE` (`sqlite`, the default, or
 * `dynamodb`), `KARST_DATA_PATH` (SQLite file, default `./data/karst.sqlite`), `KARST_TABLE_NAME`,
 * `AWS_REGION` and `KARST_DYNAMODB_ENDPOINT` (DynamoDB). Throws a ValidationError naming each bad variable.
 * Credentials for DynamoDB come from the SDK's usual chain, also against a local endpoint.
 */
export function storeConfigFromEnv(env: Record<string, string | undefined>): StoreConfig {
  return storeConfigOf(
    parseWith(
      envSchema,
      {
        KARST_STORE: env.KARST_STORE,
        KARST_DATA_PATH: env.KARST_DATA_PATH,
        KARST_TABLE_NAME: env.KARST_TABLE_NAME,
        AWS_REGION: env.AWS_REGION,
        KARST_DYNAMODB_ENDPOINT: env.KARST_DYNAMODB_ENDPOINT,
      },
      'environment',
    ),
  );
}

/** Refuses a KARST_DATA_PATH that is a folder, or lies under a file, before SQLite gives a bare code. */
function checkDataPath(path: string): void {
  if (path === ':memory:' || path === '') return;
  const fail = (message: string) => {
    throw new ValidationError('environment', [{ path: 'KARST_DATA_PATH', message }]);
  };
  if (statIfAny(path)?.isDirectory()) {
    fail(`${path} is a folder; name the SQLite file in it, e.g. ${join(path, 'karst.sqlite')}`);
  }
  // The nearest existing ancestor must be a folder: mkdir cannot create a folder inside a file.
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const stat = statIfAny(dir);
    if (stat !== undefined) {
      if (!stat.isDirectory()) fail(`${path} lies under ${dir}, which is a file, not a folder`);
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

/** A path's stat, or undefined where it cannot be seen (missing, under a file, no permission to look). */
function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function sqliteOpenMessage(path: string, error: unknown): string {
  const { message, code } = error as { message?: string; code?: string };
  const text = message ?? String(error);
  if (text.includes(path)) return text;
  return `cannot open the SQLite file ${path}${code ? ` (${code})` : ''}: ${text}`;
}

/**
 * Opens the configured store. Each implementation is imported on demand, so a Node process on SQLite
 * never loads the AWS SDK and a Lambda bundle can leave better-sqlite3 out.
 */
export async function openStore(config: StoreConfig): Promise<TelemetryStore> {
  switch (config.kind) {
    case 'sqlite': {
      checkDataPath(config.path);
      const { createSqliteStore } = await import('./sqlite-store.js');
      try {
        return await createSqliteStore({ path: config.path });
      } catch (error) {
        throw new ValidationError('environment', [
          { path: 'KARST_DATA_PATH', message: sqliteOpenMessage(config.path, error) },
        ]);
      }
    }
    case 'dynamodb': {
      const { createDynamoDbStore, ensureTelemetryTable } = await import('./dynamodb-store.js');
      const location = {
        ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
        ...(config.region === undefined ? {} : { region: config.region }),
      };
      // In the cloud infra/ owns the table; a custom endpoint is a local DynamoDB that starts empty.
      if (config.endpoint !== undefined) {
        const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
        const client = new DynamoDBClient(location);
        try {
          await ensureTelemetryTable(client, config.tableName);
        } finally {
          client.destroy();
        }
      }
      return createDynamoDbStore({ tableName: config.tableName, ...location });
    }
  }
}
