// A table written before the site-hour and meter-day items (layout 1) is refused by the store, and
// migrateTelemetryTable brings it to the layout the store reads with every figure as a current store
// would have kept it. The layout-1 table is made the way the old code left one: the current store writes
// it, then its s#/d# items and the meta item's layout are removed (the items the old code never wrote).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../telemetry/reading.js';
import { type DynaliteHarness, FAKE_CREDENTIALS, startDynalite } from './dynalite-harness.js';
import {
  createDynamoDbStore,
  ensureTelemetryTable,
  migrateTelemetryTable,
  TELEMETRY_META_KEY,
  TelemetryLayoutError,
} from './dynamodb-store.js';

const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2026, 9, 30, 20); // over a month boundary (Oct -> Nov) and several days
let server: DynaliteHarness;
let client: DynamoDBClient;

beforeAll(async () => {
  server = await startDynalite();
  client = server.client();
});
afterAll(async () => {
  client.destroy();
  await server.stop();
});

/** Two meters every 10 minutes for 60 hours; one also reports outdoor air. */
function readings(): Reading[] {
  const out: Reading[] = [];
  for (let i = 0; i < 360; i++) {
    const timestampMs = START_MS + i * 600_000;
    out.push({
      source: 'hall-a',
      timestampMs,
      facilityPowerKw: 1800 + (i % 7) * 10,
      itPowerKw: 1500,
      outdoorDryBulbC: 12 + (i % 5),
    });
    out.push({ source: 'hall-b', timestampMs, facilityPowerKw: 1700, itPowerKw: 1450 + (i % 3) * 5 });
  }
  return out;
}

async function figures(tableName: string) {
  const store = await createDynamoDbStore({ tableName, client });
  try {
    const toMs = START_MS + 72 * HOUR_MS;
    return {
      series: await store.series(START_MS, toMs, HOUR_MS),
      perMeter: await store.rollups(START_MS - 20 * HOUR_MS, toMs + 30 * 24 * HOUR_MS, {
        stepMs: 60 * 24 * HOUR_MS,
        bySource: true,
      }),
      count: await store.count(),
    };
  } finally {
    await store.close();
  }
}

/** What the older code left: no site-hour or meter-day items, and no layout on the meta item. */
async function makeLayoutOne(tableName: string): Promise<number> {
  let removed = 0;
  let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    for (const item of page.Items ?? []) {
      if (!/^[sd]#/.test(item.pk!.S!)) continue;
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: item.pk!, sk: item.sk! } }));
      removed++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { pk: { S: TELEMETRY_META_KEY.pk }, sk: { S: TELEMETRY_META_KEY.sk } },
      UpdateExpression: 'REMOVE layout',
    }),
  );
  return removed;
}

describe('DynamoDB telemetry table layout (found by a new user: the item layout changed without a migration)', () => {
  it('refuses a layout-1 table, saying how to migrate, and the migration restores every figure', async () => {
    const tableName = 'karst-migrate-1';
    await ensureTelemetryTable(client, tableName);
    const store = await createDynamoDbStore({ tableName, client });
    expect((await store.insert(readings())).inserted).toBe(720);
    await store.close();
    const current = await figures(tableName);
    expect(current.series.some((bucket) => bucket.facilityKwh > 0)).toBe(true);

    expect(await makeLayoutOne(tableName)).toBeGreaterThan(60);
    // The store opens (the service starts and serves its budgets) but every telemetry operation, and the
    // readiness ping, fails with the migration to run.
    const old = await createDynamoDbStore({ tableName, client });
    await expect(old.count()).rejects.toBeInstanceOf(TelemetryLayoutError);
    await expect(old.series(START_MS, START_MS + HOUR_MS, HOUR_MS)).rejects.toThrow(
      /telemetry table karst-migrate-1 holds 720 readings in item layout 1 .*migrate-dynamodb\.ts --table karst-migrate-1/,
    );
    await expect(old.ping()).rejects.toBeInstanceOf(TelemetryLayoutError);
    await old.close();

    const result = await migrateTelemetryTable({ tableName, client });
    // 60 hours x 2 meters; the hours fall on 4 UTC days (Oct 30 from 20:00, Oct 31, Nov 1, Nov 2 to 08:00).
    expect(result).toEqual({ fromLayout: 1, meterHours: 120, siteHours: 60, meterDays: 8 });
    const migrated = await figures(tableName);
    expect(migrated.count).toBe(current.count);
    expect(migrated.series).toHaveLength(current.series.length);
    for (const [i, bucket] of current.series.entries())
      for (const [field, value] of Object.entries(bucket)) {
        const after = (migrated.series[i] as unknown as Record<string, unknown>)[field];
        if (typeof value === 'number') expect(after as number).toBeCloseTo(value, 6);
        else expect(after).toEqual(value);
      }
    expect(migrated.perMeter).toEqual(current.perMeter);
    // Run again: nothing to do.
    expect((await migrateTelemetryTable({ tableName, client })).fromLayout).toBe(2);
  });

  it('opens an empty table, and a table the current store wrote, without a migration', async () => {
    const tableName = 'karst-migrate-2';
    await ensureTelemetryTable(client, tableName);
    const empty = await createDynamoDbStore({ tableName, client });
    await empty.insert(readings().slice(0, 10));
    await empty.close();
    const again = await createDynamoDbStore({ tableName, client });
    expect(await again.count()).toBe(10);
    await again.close();
  });

  it('runs as a script against the table', async () => {
    const tableName = 'karst-migrate-3';
    await ensureTelemetryTable(client, tableName);
    const store = await createDynamoDbStore({ tableName, client });
    await store.insert(readings().slice(0, 40));
    await store.close();
    await makeLayoutOne(tableName);
    const script = fileURLToPath(new URL('../../scripts/migrate-dynamodb.ts', import.meta.url));
    // Not spawnSync: dynalite answers from this process, whose event loop must keep running.
    const run = await promisify(execFile)(
      process.execPath,
      [
        '--conditions=karst-source',
        '--import',
        'tsx',
        script,
        '--table',
        tableName,
        '--region',
        'us-east-1',
        '--endpoint',
        server.endpoint,
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
        },
      },
    );
    expect(run.stdout).toMatch(
      /^migrate-dynamodb: karst-migrate-3: layout 1 -> 2: \d+ meter-hours read, \d+ site hours and \d+ meter-days written\n$/,
    );
    const reopened = await createDynamoDbStore({ tableName, client });
    expect(await reopened.count()).toBe(40);
    await reopened.close();
    const missing = await promisify(execFile)(
      process.execPath,
      ['--conditions=karst-source', '--import', 'tsx', script],
      {
        encoding: 'utf8',
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toContain('--table NAME is required');
  }, 90_000);
});
