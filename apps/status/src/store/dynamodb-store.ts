/**
 * DynamoDB telemetry store. infra/ creates the same table; keep it in step with the constants below.
 *
 * Table (on-demand, PAY_PER_REQUEST):
 * - partition key `pk` (S): the UTC day of the reading, `YYYY-MM-DD`;
 * - sort key `sk` (S): `timestampMs` zero-padded to 13 digits, `#`, then the source, e.g.
 *   `1795867200000#meter-a`. Fixed width makes string order equal (timestamp, source) order, so a
 *   time range is one Query per day and comes back ordered.
 *
 * Reading items also carry `source` (S), `timestampMs` (N), `facilityPowerKw`, `itPowerKw`,
 * `outdoorDryBulbC`, `outdoorDewPointC` (N) and, when present, `inletTemperaturesC` (S, JSON array).
 *
 * One `meta` item (`pk` = `sk` = `#meta`, never a day) holds `readingCount` (N, ADD by readings a
 * batch actually stored) and pointers to the earliest and latest readings (`earliestSk`/`earliestPk`,
 * `latestSk`/`latestPk`, kept by conditional updates that only move outward).
 *
 * Writes per batch: one conditional PutItem per reading plus three small updates of `meta`. A day's
 * partition takes all of that day's writes: DynamoDB allows 1,000 writes/s per partition, far above a
 * data hall's telemetry rate. No GSI, no TTL; enable point-in-time recovery in infra.
 */
import {
  type AttributeDefinition,
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type KeySchemaElement,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Reading } from '../telemetry/reading.js';
import type { TelemetryStore } from './telemetry-store.js';

/** Key schema of the telemetry table (infra/ creates the table with these). */
export const TELEMETRY_TABLE_KEY_SCHEMA: readonly KeySchemaElement[] = [
  { AttributeName: 'pk', KeyType: 'HASH' },
  { AttributeName: 'sk', KeyType: 'RANGE' },
];

/** Attribute definitions of the telemetry table's keys. */
export const TELEMETRY_TABLE_ATTRIBUTE_DEFINITIONS: readonly AttributeDefinition[] = [
  { AttributeName: 'pk', AttributeType: 'S' },
  { AttributeName: 'sk', AttributeType: 'S' },
];

/** Billing mode of the telemetry table. */
export const TELEMETRY_TABLE_BILLING_MODE = 'PAY_PER_REQUEST';

/** Key of the item holding the count and the earliest/latest pointers. */
export const TELEMETRY_META_KEY = { pk: '#meta', sk: '#meta' } as const;

/** Conditional puts in flight at once per batch. */
const PUT_CONCURRENCY = 16;
/** Day queries in flight at once per range. */
const QUERY_CONCURRENCY = 4;
const DAY_MS = 86_400_000;
const TIMESTAMP_DIGITS = 13;
const MAX_TIMESTAMP_MS = 10 ** TIMESTAMP_DIGITS;

export interface DynamoDbStoreOptions {
  readonly tableName: string;
  /** A client to use; the store leaves it open on `close` (its owner destroys it). */
  readonly client?: DynamoDBClient;
  /** E.g. `http://127.0.0.1:4567` for a local DynamoDB; ignored when `client` is given. */
  readonly endpoint?: string;
  /** Ignored when `client` is given; defaults to the SDK's (`AWS_REGION`). */
  readonly region?: string;
}

/** The `pk` of a reading: its UTC day. */
export function dayKey(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 10);
}

/** The `sk` of a reading: zero-padded timestamp, `#`, source. */
export function sortKey(timestampMs: number, source: string): string {
  return `${padTimestamp(timestampMs)}#${source}`;
}

function padTimestamp(timestampMs: number): string {
  return String(timestampMs).padStart(TIMESTAMP_DIGITS, '0');
}

/** Opens the DynamoDB telemetry store on an existing table (see {@link ensureTelemetryTable}). */
export async function createDynamoDbStore(options: DynamoDbStoreOptions): Promise<TelemetryStore> {
  const { tableName } = options;
  const ownsClient = options.client === undefined;
  const client =
    options.client ??
    new DynamoDBClient({
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.region === undefined ? {} : { region: options.region }),
    });

  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('DynamoDB telemetry store is closed');
  };

  const getMeta = async (): Promise<Record<string, AttributeValue> | undefined> => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: metaKey(), ConsistentRead: true }),
    );
    return Item;
  };

  /** Moves a meta pointer outward; a pointer already past `sk` is the expected, ignored failure. */
  const movePointer = async (which: 'latest' | 'earliest', reading: Reading): Promise<void> => {
    const sk = sortKey(reading.timestampMs, reading.source);
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: metaKey(),
          UpdateExpression: `SET ${which}Sk = :sk, ${which}Pk = :pk`,
          ConditionExpression: `attribute_not_exists(${which}Sk) OR ${which}Sk ${which === 'latest' ? '<' : '>'} :sk`,
          ExpressionAttributeValues: { ':sk': { S: sk }, ':pk': { S: dayKey(reading.timestampMs) } },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  };

  const queryDay = async (day: string, loSk: string, hiSk: string): Promise<Reading[]> => {
    const readings: Reading[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          ExpressionAttributeValues: { ':pk': { S: day }, ':lo': { S: loSk }, ':hi': { S: hiSk } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) readings.push(itemToReading(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return readings;
  };

  return {
    kind: 'dynamodb',
    async insert(readings) {
      assertOpen();
      readings.forEach(assertStorableTimestamp);
      // Repeats inside the batch never reach DynamoDB: the first occurrence wins, as in SQLite.
      const firsts = new Map<string, Reading>();
      for (const reading of readings) {
        const key = `${dayKey(reading.timestampMs)}/${sortKey(reading.timestampMs, reading.source)}`;
        if (!firsts.has(key)) firsts.set(key, reading);
      }
      const unique = [...firsts.values()];
      const outcomes = await mapWithConcurrency(unique, PUT_CONCURRENCY, async (reading) => {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: readingToItem(reading),
              ConditionExpression: 'attribute_not_exists(sk)',
            }),
          );
          return 'inserted' as const;
        } catch (error) {
          if (isConditionalCheckFailed(error)) return 'duplicate' as const;
          return { error };
        }
      });

      let inserted = 0;
      let earliest: Reading | undefined;
      let latest: Reading | undefined;
      let failure: { error: unknown } | undefined;
      outcomes.forEach((outcome, index) => {
        if (typeof outcome === 'object') {
          failure ??= outcome;
          return;
        }
        if (outcome === 'inserted') inserted++;
        const reading = unique[index]!;
        if (earliest === undefined || compareReadings(reading, earliest) < 0) earliest = reading;
        if (latest === undefined || compareReadings(reading, latest) > 0) latest = reading;
      });

      // Duplicates move the pointers too, so a retry after a crash here repairs them. The count
      // cannot be repaired that way: a crash between a put and this ADD undercounts.
      const metaUpdates: Promise<void>[] = [];
      if (inserted > 0) {
        metaUpdates.push(
          client
            .send(
              new UpdateItemCommand({
                TableName: tableName,
                Key: metaKey(),
                UpdateExpression: 'ADD readingCount :n',
                ExpressionAttributeValues: { ':n': { N: String(inserted) } },
              }),
            )
            .then(() => undefined),
        );
      }
      if (latest !== undefined) metaUpdates.push(movePointer('latest', latest));
      if (earliest !== undefined) metaUpdates.push(movePointer('earliest', earliest));
      await Promise.all(metaUpdates);

      if (failure !== undefined) throw failure.error;
      return { inserted, duplicates: readings.length - inserted };
    },

    async range(fromMs, toMs) {
      assertOpen();
      if (!(fromMs < toMs)) return [];
      // Clamping to the stored span keeps a wide range (e.g. from 0) from querying empty days.
      const meta = await getMeta();
      const earliestSk = meta?.earliestSk?.S;
      const latestSk = meta?.latestSk?.S;
      if (earliestSk === undefined || latestSk === undefined) return [];
      // Stored timestamps are whole ms, so ceil turns [fromMs, toMs) into the closed [firstMs, lastMs].
      const firstMs = Math.max(Math.ceil(fromMs), timestampOfSortKey(earliestSk));
      const lastMs = Math.min(Math.ceil(toMs) - 1, timestampOfSortKey(latestSk));
      if (firstMs > lastMs) return [];

      const days: { day: string; loSk: string; hiSk: string }[] = [];
      for (let dayStartMs = firstMs - (firstMs % DAY_MS); dayStartMs <= lastMs; dayStartMs += DAY_MS) {
        const loMs = Math.max(firstMs, dayStartMs);
        const hiMs = Math.min(lastMs, dayStartMs + DAY_MS - 1);
        // '$' sorts right after '#', so the upper bound takes every source at hiMs.
        days.push({ day: dayKey(dayStartMs), loSk: padTimestamp(loMs), hiSk: `${padTimestamp(hiMs)}$` });
      }
      const perDay = await mapWithConcurrency(days, QUERY_CONCURRENCY, ({ day, loSk, hiSk }) =>
        queryDay(day, loSk, hiSk),
      );
      return perDay.flat();
    },

    async latest() {
      assertOpen();
      const meta = await getMeta();
      const pk = meta?.latestPk?.S;
      const sk = meta?.latestSk?.S;
      if (pk === undefined || sk === undefined) return undefined;
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { pk: { S: pk }, sk: { S: sk } },
          ConsistentRead: true,
        }),
      );
      return Item === undefined ? undefined : itemToReading(Item);
    },

    async count() {
      assertOpen();
      const meta = await getMeta();
      return Number(meta?.readingCount?.N ?? '0');
    },

    async ping() {
      assertOpen();
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) client.destroy();
    },
  };
}

export interface EnsureTableOptions {
  /** Gives up waiting for ACTIVE after this long. */
  readonly timeoutMs?: number;
}

/**
 * Creates the telemetry table (PAY_PER_REQUEST) if it does not exist and waits until it is ACTIVE.
 * For tests and local runs; in the cloud, infra/ creates the table.
 */
export async function ensureTelemetryTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadlineMs = Date.now() + timeoutMs;
  let status = await describeStatus(client, tableName);
  if (status === undefined) {
    try {
      const created = await client.send(
        new CreateTableCommand({
          TableName: tableName,
          KeySchema: [...TELEMETRY_TABLE_KEY_SCHEMA],
          AttributeDefinitions: [...TELEMETRY_TABLE_ATTRIBUTE_DEFINITIONS],
          BillingMode: TELEMETRY_TABLE_BILLING_MODE,
        }),
      );
      status = created.TableDescription?.TableStatus;
    } catch (error) {
      // Another process created it between our describe and create.
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
  }
  for (let attempt = 0; status !== 'ACTIVE'; attempt++) {
    if (Date.now() > deadlineMs) {
      throw new Error(`DynamoDB table ${tableName} not ACTIVE after ${timeoutMs} ms (status ${status})`);
    }
    await sleep(Math.min(50 * 2 ** attempt, 2_000));
    status = await describeStatus(client, tableName);
  }
}

async function describeStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function metaKey(): Record<string, AttributeValue> {
  return { pk: { S: TELEMETRY_META_KEY.pk }, sk: { S: TELEMETRY_META_KEY.sk } };
}

function timestampOfSortKey(sk: string): number {
  return Number(sk.slice(0, TIMESTAMP_DIGITS));
}

function compareReadings(a: Reading, b: Reading): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs - b.timestampMs;
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Same rule as the SQLite store; here the 13-digit sort key needs it. */
function assertStorableTimestamp(reading: Reading): void {
  const { timestampMs } = reading;
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0 || timestampMs >= MAX_TIMESTAMP_MS) {
    throw new RangeError(`timestampMs ${timestampMs} of ${reading.source} is not a whole ms in [0, 1e13)`);
  }
}

function readingToItem(reading: Reading): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    pk: { S: dayKey(reading.timestampMs) },
    sk: { S: sortKey(reading.timestampMs, reading.source) },
    source: { S: reading.source },
    timestampMs: { N: String(reading.timestampMs) },
    facilityPowerKw: { N: numberText(reading.facilityPowerKw) },
    itPowerKw: { N: numberText(reading.itPowerKw) },
    outdoorDryBulbC: { N: numberText(reading.outdoorDryBulbC) },
    outdoorDewPointC: { N: numberText(reading.outdoorDewPointC) },
  };
  if (reading.inletTemperaturesC !== undefined) {
    item.inletTemperaturesC = { S: JSON.stringify(reading.inletTemperaturesC) };
  }
  return item;
}

/**
 * DynamoDB numbers stop at a magnitude of 1e-130 and reject smaller ones ("Number underflow"); a power
 * or temperature that small is zero for any purpose, so it is stored as zero rather than failing the batch.
 */
function numberText(value: number): string {
  return Math.abs(value) < 1e-130 ? '0' : String(value);
}

function itemToReading(item: Record<string, AttributeValue>): Reading {
  const reading: Reading = {
    source: stringAttribute(item, 'source'),
    timestampMs: numberAttribute(item, 'timestampMs'),
    facilityPowerKw: numberAttribute(item, 'facilityPowerKw'),
    itPowerKw: numberAttribute(item, 'itPowerKw'),
    outdoorDryBulbC: numberAttribute(item, 'outdoorDryBulbC'),
    outdoorDewPointC: numberAttribute(item, 'outdoorDewPointC'),
  };
  const inlet = item.inletTemperaturesC?.S;
  if (inlet === undefined) return reading;
  return { ...reading, inletTemperaturesC: JSON.parse(inlet) as number[] };
}

function stringAttribute(item: Record<string, AttributeValue>, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new Error(`telemetry item ${item.sk?.S} has no string ${name}`);
  return value;
}

function numberAttribute(item: Record<string, AttributeValue>, name: string): number {
  const value = item[name]?.N;
  if (value === undefined) throw new Error(`telemetry item ${item.sk?.S} has no number ${name}`);
  return Number(value);
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
