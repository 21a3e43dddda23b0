import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DynaliteHarness } from './dynalite-harness.js';
import { openStore, storeConfigFromEnv } from './open-store.js';

const sdk = vi.hoisted(() => ({ loaded: false }));

// The real SDK, not a stub; the factory only records that it was loaded.
vi.mock('@aws-sdk/client-dynamodb', async (importOriginal) => {
  sdk.loaded = true;
  return importOriginal();
});

describe('storeConfigFromEnv', () => {
  it('defaults to SQLite at ./data/karst.sqlite', () => {
    expect(storeConfigFromEnv({})).toEqual({ kind: 'sqlite', path: './data/karst.sqlite' });
    expect(storeConfigFromEnv({ KARST_STORE: '', KARST_DATA_PATH: '' })).toEqual({
      kind: 'sqlite',
      path: './data/karst.sqlite',
    });
  });

  it('reads the SQLite path', () => {
    expect(storeConfigFromEnv({ KARST_STORE: 'sqlite', KARST_DATA_PATH: '/var/lib/karst/t.sqlite' })).toEqual(
      {
        kind: 'sqlite',
        path: '/var/lib/karst/t.sqlite',
      },
    );
  });

  it('reads the DynamoDB table, region and endpoint', () => {
    expect(storeConfigFromEnv({ KARST_STORE: 'dynamodb', KARST_TABLE_NAME: 'karst-telemetry' })).toEqual({
      kind: 'dynamodb',
      tableName: 'karst-telemetry',
    });
    expect(
      storeConfigFromEnv({
        KARST_STORE: 'dynamodb',
        KARST_TABLE_NAME: 'karst-telemetry',
        AWS_REGION: 'ap-southeast-1',
        KARST_DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
      }),
    ).toEqual({
      kind: 'dynamodb',
      tableName: 'karst-telemetry',
      region: 'ap-southeast-1',
      endpoint: 'http://127.0.0.1:4567',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => storeConfigFromEnv({ KARST_STORE: 'postgres' })).toThrow(/KARST_STORE/);
    expect(() => storeConfigFromEnv({ KARST_STORE: 'dynamodb' })).toThrow(
      /KARST_TABLE_NAME: required when KARST_STORE=dynamodb/,
    );
    expect(() => storeConfigFromEnv({ KARST_STORE: 'dynamodb', KARST_TABLE_NAME: 'a b' })).toThrow(
      /KARST_TABLE_NAME/,
    );
    expect(() =>
      storeConfigFromEnv({
        KARST_STORE: 'dynamodb',
        KARST_TABLE_NAME: 'ok-table',
        KARST_DYNAMODB_ENDPOINT: 'nope',
      }),
    ).toThrow(/KARST_DYNAMODB_ENDPOINT/);
    expect(() =>
      storeConfigFromEnv({ KARST_STORE: 'dynamodb', KARST_TABLE_NAME: 'ok-table', AWS_REGION: 'EU West' }),
    ).toThrow(/AWS_REGION/);
  });
});

describe('openStore on SQLite', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'karst-open-store-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  // This file loads the SDK only in the DynamoDB suite below, so this sees a cold module graph.
  it('opens SQLite without loading the AWS SDK', async () => {
    const path = join(directory, 'data', 'karst.sqlite');
    const store = await openStore(storeConfigFromEnv({ KARST_DATA_PATH: path }));
    try {
      expect(store.kind).toBe('sqlite');
      await store.ping();
      expect(existsSync(path)).toBe(true);
      expect(sdk.loaded).toBe(false);
    } finally {
      await store.close();
    }
  });
});

describe('openStore on DynamoDB', () => {
  let dynaliteServer: DynaliteHarness;

  beforeAll(async () => {
    const { FAKE_CREDENTIALS, startDynalite } = await import('./dynalite-harness.js');
    dynaliteServer = await startDynalite();
    // A local endpoint still goes through the SDK's credential chain.
    vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_CREDENTIALS.secretAccessKey);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await dynaliteServer.stop();
  });

  it('opens DynamoDB on a local endpoint, creating the table if missing', async () => {
    const config = storeConfigFromEnv({
      KARST_STORE: 'dynamodb',
      KARST_TABLE_NAME: 'karst-telemetry',
      AWS_REGION: 'us-east-1',
      KARST_DYNAMODB_ENDPOINT: dynaliteServer.endpoint,
    });
    const first = await openStore(config);
    try {
      expect(first.kind).toBe('dynamodb');
      await first.ping();
      const reading = {
        source: 'a',
        timestampMs: 1_000,
        facilityPowerKw: 2,
        itPowerKw: 1,
        outdoorDryBulbC: 10,
        outdoorDewPointC: 5,
      };
      expect(await first.insert([reading])).toEqual({ inserted: 1, duplicates: 0 });
    } finally {
      await first.close();
    }
    const second = await openStore(config);
    try {
      expect(await second.count()).toBe(1);
    } finally {
      await second.close();
    }
  });
});
