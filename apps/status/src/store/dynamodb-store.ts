/**
 * DynamoDB telemetry store. infra/ creates the same table from the same key names (`TELEMETRY_TABLE` in
 * @karst/contracts; the item codec below spells them `pk` and `sk`). Items, by `pk`:
 * - `r#<source>#<UTC day YYYY-MM-DD>`, `sk` the timestamp zero-padded to 13 digits: a raw reading, with
 *   `source` (S), `timestampMs` (N), each measurement it carried (N) and `inletTemperaturesC` (S, JSON).
 *   One partition per meter and day: a meter's neighbours of a reading are one Query away.
 * - `h#<UTC month YYYY-MM>`, `sk` `<hour start, 13 digits>#<source>`: the meter's hour rollup, kept at
 *   write time by `ADD` (see HourRollup); a month of rollups is one Query (paged), never a scan.
 * - `s#<UTC month>`, `sk` the hour start: the site hour, summed over meters (`meters`, the rollup sums,
 *   and per role `<role>MeanKw`, the sum over meters of each one's mean power in the hour, with
 *   `<role>Meters`); kept from the meter-hours' old values (`ReturnValues: ALL_OLD`). A month's series
 *   is 744 items.
 * - `d#<UTC month>`, `sk` `<day start>#<source>`: the meter's UTC day, the sum of its hours; a month's
 *   per-meter totals read about 3,100 items.
 * - `#state`, `sk` the source: the meter's latest reading (`state`, S, JSON MeterState), `latestMs` and
 *   `earliestMs` (N), each moved only outward by conditional updates.
 * - `#meters`, `sk` the meter id: the registry (`meter`, S, JSON).
 * - `#meta`/`#meta`: `readingCount` (N, ADD by readings a batch actually stored) and `layout` (N, the
 *   item layout that wrote it: TELEMETRY_LAYOUT). A table with readings and no `layout` was written before
 *   the site-hour and meter-day items existed: the store refuses to open it until
 *   `migrateTelemetryTable` has added them from its meter-hours (`scripts/migrate-dynamodb.ts`).
 *
 * A batch: per meter one GetItem of its state (and, out of order, a few Queries for neighbours), one
 * conditional PutItem per reading, one UpdateItem per touched meter-hour, meter-day and site hour, the
 * state, the count. Rollups
 * assume one writer per meter at a time (a data hall's collector posts each meter's batches in order);
 * a crash between the puts and the rollup updates leaves those readings out of the rollups.
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
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { TELEMETRY_TABLE } from '@karst/contracts';
import { meterSchema } from '../telemetry/meters.js';
import { READING_NUMBER_FIELDS, type Reading } from '../telemetry/reading.js';
import {
  addRollup,
  bySourceFirstWins,
  emptyRollup,
  type HourRollup,
  type MeterState,
  planSource,
  ROLLUP_NUMBER_FIELDS,
  RollupDeltas,
} from '../telemetry/rollup.js';
import {
  assertStorableTimestamp,
  bucketRollups,
  DEFAULT_POLICY,
  MAX_STORABLE_TIMESTAMP_MS,
  SITE_FIELDS,
  sampleBucketsOf,
  seriesOf,
  seriesOfSiteHours,
  type TelemetryStore,
} from './telemetry-store.js';

/** Key schema of the telemetry table (infra/ creates the table with these). */
export const TELEMETRY_TABLE_KEY_SCHEMA: readonly KeySchemaElement[] = [
  { AttributeName: TELEMETRY_TABLE.hashKey, KeyType: 'HASH' },
  { AttributeName: TELEMETRY_TABLE.rangeKey, KeyType: 'RANGE' },
];

/** Attribute definitions of the telemetry table's keys. */
export const TELEMETRY_TABLE_ATTRIBUTE_DEFINITIONS: readonly AttributeDefinition[] = [
  { AttributeName: TELEMETRY_TABLE.hashKey, AttributeType: TELEMETRY_TABLE.keyAttributeType },
  { AttributeName: TELEMETRY_TABLE.rangeKey, AttributeType: TELEMETRY_TABLE.keyAttributeType },
];

/** Billing mode of the telemetry table. */
export const TELEMETRY_TABLE_BILLING_MODE = TELEMETRY_TABLE.billingMode;

/** Key of the item holding the count. */
export const TELEMETRY_META_KEY = { pk: '#meta', sk: '#meta' } as const;

/**
 * The item layout this store writes, kept in the meta item's `layout`: 2 = meter-hours with site-hour
 * (`s#`) and meter-day (`d#`) items beside them. Layout 1 (no `layout` attribute) had the meter-hours only.
 */
export const TELEMETRY_LAYOUT = 2;

/** The table holds readings in an older item layout; `migrateTelemetryTable` brings it up to date. */
export class TelemetryLayoutError extends Error {
  override readonly name = 'TelemetryLayoutError';
}

/** Requests in flight at once per batch or query. */
const CONCURRENCY = 16;
const DAY_MS = 86_400_000;
/** How far back a reading's predecessor is looked for (a register's previous reading, out of order). */
const LOOKBACK_DAYS = 40;
const TIMESTAMP_DIGITS = 13;
const STATE_PK = '#state';
const METERS_PK = '#meters';

export interface DynamoDbStoreOptions {
  readonly tableName: string;
  /** A client to use; the store leaves it open on `close` (its owner destroys it). */
  readonly client?: DynamoDBClient;
  /** E.g. `http://127.0.0.1:4567` for a local DynamoDB; ignored when `client` is given. */
  readonly endpoint?: string;
  /** Ignored when `client` is given; defaults to the SDK's (`AWS_REGION`). */
  readonly region?: string;
}

/** The UTC day of a timestamp, `YYYY-MM-DD`. */
export function dayKey(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 10);
}

/** The `pk` of a reading: its meter and UTC day. */
export function readingPartition(source: string, timestampMs: number): string {
  return `r#${source}#${dayKey(timestampMs)}`;
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

  // Readings in an older layout would read as empty months (no site-hour or meter-day items): every
  // operation first checks the table's layout, once (a failure to ask is retried next time; an old layout
  // fails every operation, saying how to migrate), rather than serve a month without its data. Not at
  // open: the service starts, and answers its budgets, while the table is unreachable.
  let layoutChecked: Promise<void> | undefined;
  const checkLayout = (): Promise<void> => {
    layoutChecked ??= (async () => {
      const { Item: meta } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: metaKey(), ConsistentRead: true }),
      );
      const layout = layoutOf(meta);
      if (layout < TELEMETRY_LAYOUT)
        throw new TelemetryLayoutError(
          `telemetry table ${tableName} holds ${meta?.readingCount?.N} readings in item layout ${layout} ` +
            `(before site-hour and meter-day items): stop the service, run \`node --conditions=karst-source ` +
            `--import tsx apps/status/scripts/migrate-dynamodb.ts --table ${tableName}\` once (it adds them ` +
            'from the meter-hour items and loses nothing), then start it again',
        );
    })().catch((error: unknown) => {
      if (!(error instanceof TelemetryLayoutError)) layoutChecked = undefined;
      throw error;
    });
    return layoutChecked;
  };

  /** Every item of a partition with `lo <= sk <= hi`, paged. */
  const queryAll = async (pk: string, lo: string, hi: string): Promise<Record<string, AttributeValue>[]> => {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':lo': { S: lo }, ':hi': { S: hi } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  };

  /** The first reading of `source` strictly before (or after) `timestampMs`, day partition by day. */
  const neighbour = async (
    source: string,
    timestampMs: number,
    direction: 'before' | 'after',
    limitMs: number,
  ): Promise<Reading | undefined> => {
    const step = direction === 'before' ? -DAY_MS : DAY_MS;
    for (
      let dayMs = timestampMs;
      direction === 'before' ? dayMs >= limitMs : dayMs <= limitMs;
      dayMs += step
    ) {
      if (dayMs < 0 || dayMs >= MAX_STORABLE_TIMESTAMP_MS) break;
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: direction === 'before' ? 'pk = :pk AND sk < :sk' : 'pk = :pk AND sk > :sk',
          ExpressionAttributeValues: {
            ':pk': { S: readingPartition(source, dayMs) },
            ':sk': { S: padTimestamp(timestampMs) },
          },
          ScanIndexForward: direction === 'after',
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = Items?.[0];
      if (item !== undefined) return itemToReading(item);
    }
    return undefined;
  };

  /** Readings of `source` with firstMs <= timestampMs <= lastMs, in order. */
  const sourceRange = async (source: string, firstMs: number, lastMs: number): Promise<Reading[]> => {
    const days: number[] = [];
    for (let dayStartMs = firstMs - (firstMs % DAY_MS); dayStartMs <= lastMs; dayStartMs += DAY_MS)
      days.push(dayStartMs);
    const perDay = await mapWithConcurrency(days, CONCURRENCY, (dayStartMs) =>
      queryAll(
        readingPartition(source, dayStartMs),
        padTimestamp(Math.max(firstMs, dayStartMs)),
        padTimestamp(Math.min(lastMs, dayStartMs + DAY_MS - 1)),
      ),
    );
    return perDay.flat().map(itemToReading);
  };

  const getState = async (source: string): Promise<(MeterState & { earliestMs?: number }) | undefined> => {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: STATE_PK }, sk: { S: source } },
        ConsistentRead: true,
      }),
    );
    if (Item?.state?.S === undefined) return undefined;
    return { ...(JSON.parse(Item.state.S) as MeterState), earliestMs: Number(Item.earliestMs?.N) };
  };

  const states = async (): Promise<{ state: MeterState; earliestMs: number }[]> => {
    const items = await queryAll(STATE_PK, '', '\uffff');
    return items
      .filter((item) => item.state?.S !== undefined)
      .map((item) => ({
        state: JSON.parse(item.state!.S!) as MeterState,
        earliestMs: Number(item.earliestMs?.N),
      }));
  };

  /** The per-source hour rollups of the hours starting in [fromMs, toMs): one paged Query per UTC month. */
  /** Items of the monthly partitions `<prefix>#YYYY-MM` whose sort key starts at a time in [fromMs, toMs). */
  const monthItems = async (prefix: string, fromMs: number, toMs: number) => {
    if (!(fromMs < toMs)) return [];
    const firstMs = Math.max(0, Math.ceil(fromMs));
    const lastMs = Math.min(MAX_STORABLE_TIMESTAMP_MS - 1, Math.ceil(toMs) - 1);
    const months: { pk: string; lo: string; hi: string }[] = [];
    const first = new Date(firstMs);
    for (
      let monthMs = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
      monthMs <= lastMs;
      monthMs = Date.UTC(new Date(monthMs).getUTCFullYear(), new Date(monthMs).getUTCMonth() + 1, 1)
    ) {
      months.push({
        pk: `${prefix}#${dayKey(monthMs).slice(0, 7)}`,
        lo: padTimestamp(Math.max(firstMs, monthMs)),
        hi: `${padTimestamp(lastMs)}$`,
      });
    }
    return (await mapWithConcurrency(months, CONCURRENCY, ({ pk, lo, hi }) => queryAll(pk, lo, hi))).flat();
  };

  const toRollup = (item: Record<string, AttributeValue>): HourRollup => {
    const sk = item.sk!.S!;
    const row = emptyRollup(sk.slice(TIMESTAMP_DIGITS + 1), Number(sk.slice(0, TIMESTAMP_DIGITS)));
    for (const field of ROLLUP_NUMBER_FIELDS) row[field] = Number(item[field]?.N ?? '0');
    return row;
  };

  /** The per-source hour rollups of the hours starting in [fromMs, toMs): one paged Query per UTC month. */
  const hourRollups = async (fromMs: number, toMs: number): Promise<HourRollup[]> =>
    (await monthItems('h', fromMs, toMs)).map(toRollup);

  /** ADD of numeric attributes, through name placeholders (some, e.g. `samples`, may be reserved words). */
  const addNumbers = (
    key: Record<string, AttributeValue>,
    values: Record<string, number>,
    returnOld = false,
  ) =>
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: `ADD ${Object.keys(values)
          .map((_, i) => `#f${i} :f${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(
          Object.keys(values).map((field, i) => [`#f${i}`, field]),
        ),
        ExpressionAttributeValues: Object.fromEntries(
          Object.values(values).map((value, i) => [`:f${i}`, { N: numberText(value) }]),
        ),
        ...(returnOld ? { ReturnValues: 'ALL_OLD' as const } : {}),
      }),
    );

  const ignoreConditionFailed = (error: unknown) => {
    if (!isConditionalCheckFailed(error)) throw error;
  };

  const store: TelemetryStore = {
    kind: 'dynamodb',
    async insert(readings, policyOf = DEFAULT_POLICY) {
      assertOpen();
      await checkLayout();
      readings.forEach(assertStorableTimestamp);
      const groups = [...bySourceFirstWins(readings)];
      const deltas = new RollupDeltas();
      const counts = await mapWithConcurrency(groups, 4, async ([source, fresh]) => {
        const policy = policyOf(source);
        const state = await getState(source);
        const firstMs = fresh[0]!.timestampMs;
        const lastMs = fresh.at(-1)!.timestampMs;
        let stored: Reading[];
        if (state === undefined) stored = [];
        else if (state.latest.timestampMs < firstMs) stored = [state.latest];
        else {
          const earliestMs = Number.isFinite(state.earliestMs) ? state.earliestMs! : 0;
          const [before, between, after] = await Promise.all([
            firstMs > earliestMs
              ? neighbour(
                  source,
                  firstMs,
                  'before',
                  Math.max(earliestMs - DAY_MS, firstMs - LOOKBACK_DAYS * DAY_MS),
                )
              : undefined,
            sourceRange(source, firstMs, lastMs),
            lastMs < state.latest.timestampMs
              ? neighbour(source, lastMs, 'after', state.latest.timestampMs + DAY_MS)
              : undefined,
          ]);
          stored = [
            ...(before === undefined ? [] : [before]),
            ...between,
            ...(after === undefined ? [] : [after]),
          ];
        }
        const plan = planSource(stored, fresh, policy, deltas);
        const outcomes = await mapWithConcurrency(plan.inserted, CONCURRENCY, async (reading) => {
          try {
            await client.send(
              new PutItemCommand({
                TableName: tableName,
                Item: readingToItem(reading),
                ConditionExpression: 'attribute_not_exists(sk)',
              }),
            );
            return 1;
          } catch (error) {
            if (isConditionalCheckFailed(error)) return 0;
            throw error;
          }
        });
        const updates: Promise<unknown>[] = [];
        if (plan.state) {
          updates.push(
            client
              .send(
                new UpdateItemCommand({
                  TableName: tableName,
                  Key: { pk: { S: STATE_PK }, sk: { S: source } },
                  UpdateExpression: 'SET #state = :state, latestMs = :latest',
                  ConditionExpression: 'attribute_not_exists(latestMs) OR latestMs < :latest',
                  ExpressionAttributeNames: { '#state': 'state' },
                  ExpressionAttributeValues: {
                    ':state': { S: JSON.stringify(plan.state) },
                    ':latest': { N: String(plan.state.latest.timestampMs) },
                  },
                }),
              )
              .catch(ignoreConditionFailed),
          );
        }
        if (plan.inserted.length > 0 && !(state?.earliestMs !== undefined && state.earliestMs <= firstMs)) {
          updates.push(
            client
              .send(
                new UpdateItemCommand({
                  TableName: tableName,
                  Key: { pk: { S: STATE_PK }, sk: { S: source } },
                  UpdateExpression: 'SET earliestMs = :first',
                  ConditionExpression: 'attribute_not_exists(earliestMs) OR earliestMs > :first',
                  ExpressionAttributeValues: { ':first': { N: String(plan.inserted[0]!.timestampMs) } },
                }),
              )
              .catch(ignoreConditionFailed),
          );
        }
        await Promise.all(updates);
        return outcomes.reduce<number>((sum, n) => sum + n, 0);
      });
      const inserted = counts.reduce<number>((sum, n) => sum + n, 0);
      // Meter-hours first (their old values give the change of each meter's mean power), then the
      // site hours and the meter-days they add to.
      const sites = new Map<number, Record<string, number>>();
      const days = new RollupDeltas();
      await mapWithConcurrency(deltas.rows(), CONCURRENCY, async (row) => {
        addRollup(days.at(row.source, row.hourMs - (row.hourMs % DAY_MS)), row);
        const values = Object.fromEntries(ROLLUP_NUMBER_FIELDS.map((field) => [field, row[field]]));
        const { Attributes: old } = await addNumbers(rollupKey(row.source, row.hourMs), values, true);
        let site = sites.get(row.hourMs);
        if (site === undefined) {
          site = Object.fromEntries(SITE_FIELDS.map((field) => [field, 0]));
          sites.set(row.hourMs, site);
        }
        if (old === undefined) site.meters! += 1;
        for (const field of ROLLUP_NUMBER_FIELDS) site[field]! += row[field];
        for (const role of ['facility', 'it', 'cooling'] as const) {
          const kwhBefore = Number(old?.[`${role}Kwh`]?.N ?? '0');
          const coveredBefore = Number(old?.[`${role}CoveredMs`]?.N ?? '0');
          const kwhNow = kwhBefore + row[`${role}Kwh`];
          const coveredNow = coveredBefore + row[`${role}CoveredMs`];
          const mean = (kwh: number, covered: number) => (covered > 0 ? (kwh * 3_600_000) / covered : 0);
          site[`${role}MeanKw`]! += mean(kwhNow, coveredNow) - mean(kwhBefore, coveredBefore);
          site[`${role}Meters`]! += Number(coveredNow > 0) - Number(coveredBefore > 0);
        }
      });
      await Promise.all([
        mapWithConcurrency([...sites], CONCURRENCY, ([hourMs, site]) =>
          addNumbers({ pk: { S: `s#${dayKey(hourMs).slice(0, 7)}` }, sk: { S: padTimestamp(hourMs) } }, site),
        ),
        mapWithConcurrency(days.rows(), CONCURRENCY, (day) =>
          addNumbers(
            {
              pk: { S: `d#${dayKey(day.hourMs).slice(0, 7)}` },
              sk: { S: `${padTimestamp(day.hourMs)}#${day.source}` },
            },
            Object.fromEntries(ROLLUP_NUMBER_FIELDS.map((field) => [field, day[field]])),
          ),
        ),
      ]);
      if (inserted > 0) {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: metaKey(),
            UpdateExpression: 'SET layout = :layout ADD readingCount :n',
            ExpressionAttributeValues: {
              ':n': { N: String(inserted) },
              ':layout': { N: String(TELEMETRY_LAYOUT) },
            },
          }),
        );
      }
      return { inserted, duplicates: readings.length - inserted };
    },

    async range(fromMs, toMs) {
      assertOpen();
      await checkLayout();
      if (!(fromMs < toMs)) return [];
      const perSource = await mapWithConcurrency(await states(), 4, ({ state, earliestMs }) => {
        // Stored timestamps are whole ms, so ceil turns [fromMs, toMs) into the closed [firstMs, lastMs].
        const firstMs = Math.max(Math.ceil(fromMs), Number.isFinite(earliestMs) ? earliestMs : 0);
        const lastMs = Math.min(Math.ceil(toMs) - 1, state.latest.timestampMs);
        return firstMs > lastMs ? Promise.resolve([]) : sourceRange(state.source, firstMs, lastMs);
      });
      return perSource
        .flat()
        .sort(
          (a, b) => a.timestampMs - b.timestampMs || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
        );
    },

    async latest() {
      assertOpen();
      await checkLayout();
      let latest: Reading | undefined;
      for (const { state } of await states()) {
        if (latest === undefined || state.latest.timestampMs >= latest.timestampMs) latest = state.latest;
      }
      return latest;
    },

    async count() {
      assertOpen();
      await checkLayout();
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: metaKey(), ConsistentRead: true }),
      );
      return Number(Item?.readingCount?.N ?? '0');
    },

    async meterStates() {
      assertOpen();
      await checkLayout();
      return (await states()).map(({ state }) => state);
    },

    async rollups(fromMs, toMs, { stepMs, bySource }) {
      assertOpen();
      await checkLayout();
      if (bySource && stepMs >= toMs - fromMs && toMs - fromMs > 2 * DAY_MS) {
        // One bucket per meter (a month's totals): whole UTC days from the meter-days, the edges from hours.
        const firstDayMs = Math.ceil(fromMs / DAY_MS) * DAY_MS;
        const endDayMs = Math.floor(toMs / DAY_MS) * DAY_MS;
        const [head, whole, tail] = await Promise.all([
          hourRollups(fromMs, firstDayMs),
          monthItems('d', firstDayMs, endDayMs),
          hourRollups(endDayMs, toMs),
        ]);
        return bucketRollups([...head, ...whole.map(toRollup), ...tail], fromMs, stepMs, true);
      }
      return bucketRollups(await hourRollups(fromMs, toMs), fromMs, stepMs, bySource);
    },

    async series(fromMs, toMs, stepMs, source) {
      assertOpen();
      await checkLayout();
      if (source !== undefined) {
        const hours = (await hourRollups(fromMs, toMs)).filter((row) => row.source === source);
        return seriesOf(hours, fromMs, stepMs);
      }
      const sites = (await monthItems('s', fromMs, toMs)).map((item) => ({
        hourMs: Number(item.sk!.S!),
        ...Object.fromEntries(SITE_FIELDS.map((field) => [field, Number(item[field]?.N ?? '0')])),
      })) as ({ hourMs: number } & Record<(typeof SITE_FIELDS)[number], number>)[];
      return seriesOfSiteHours(sites, fromMs, stepMs);
    },

    async sampleBuckets(fromMs, toMs, stepMs) {
      assertOpen();
      await checkLayout();
      return sampleBucketsOf(await store.range(fromMs, toMs), fromMs, stepMs);
    },
    async meters() {
      assertOpen();
      await checkLayout();
      const items = await queryAll(METERS_PK, '', '\uffff');
      return items.map((item) => meterSchema.parse(JSON.parse(item.meter?.S ?? 'null')));
    },

    async putMeter(meter) {
      assertOpen();
      await checkLayout();
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: METERS_PK }, sk: { S: meter.id }, meter: { S: JSON.stringify(meter) } },
        }),
      );
    },

    async ping() {
      assertOpen();
      await checkLayout();
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) client.destroy();
    },
  };
  return store;
}

export interface MigrationResult {
  /** The layout the table was in (TELEMETRY_LAYOUT when there was nothing to do). */
  readonly fromLayout: number;
  readonly meterHours: number;
  readonly siteHours: number;
  readonly meterDays: number;
}

/**
 * Brings a telemetry table written in layout 1 (meter-hours only) to TELEMETRY_LAYOUT: reads every
 * meter-hour item (one paged Scan), writes the site-hour and meter-day items the store would have kept
 * from them, then marks the table. Nothing is deleted or changed but those items and the mark, so a run
 * that stops halfway is simply run again. The store must not take writes meanwhile (it refuses to open a
 * layout-1 table, so a deployment is stopped until this has run).
 */
export async function migrateTelemetryTable(options: {
  readonly tableName: string;
  readonly client: DynamoDBClient;
}): Promise<MigrationResult> {
  const { tableName, client } = options;
  const { Item: meta } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: metaKey(), ConsistentRead: true }),
  );
  const fromLayout = Number(
    meta?.layout?.N ?? (Number(meta?.readingCount?.N ?? '0') > 0 ? '1' : TELEMETRY_LAYOUT),
  );
  if (fromLayout >= TELEMETRY_LAYOUT) return { fromLayout, meterHours: 0, siteHours: 0, meterDays: 0 };

  const sites = new Map<number, Record<string, number>>();
  const days = new Map<string, { dayMs: number; source: string; values: Record<string, number> }>();
  let meterHours = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :h)',
        ExpressionAttributeValues: { ':h': { S: 'h#' } },
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of page.Items ?? []) {
      meterHours++;
      const sk = item.sk!.S!;
      const hourMs = Number(sk.slice(0, TIMESTAMP_DIGITS));
      const source = sk.slice(TIMESTAMP_DIGITS + 1);
      const row = Object.fromEntries(
        ROLLUP_NUMBER_FIELDS.map((field) => [field, Number(item[field]?.N ?? '0')]),
      ) as Record<(typeof ROLLUP_NUMBER_FIELDS)[number], number>;
      // The site hour as the writer keeps it: sums over meters, and per role the sum of each meter's mean.
      let site = sites.get(hourMs);
      if (site === undefined) {
        site = Object.fromEntries(SITE_FIELDS.map((field) => [field, 0]));
        sites.set(hourMs, site);
      }
      site.meters! += 1;
      for (const field of ROLLUP_NUMBER_FIELDS) site[field]! += row[field];
      for (const role of ['facility', 'it', 'cooling'] as const) {
        const kwh = row[`${role}Kwh`];
        const coveredMs = row[`${role}CoveredMs`];
        if (coveredMs > 0) {
          site[`${role}MeanKw`]! += (kwh * 3_600_000) / coveredMs;
          site[`${role}Meters`]! += 1;
        }
      }
      const dayMs = hourMs - (hourMs % DAY_MS);
      const dayKeyOfMeter = `${dayMs}#${source}`;
      let day = days.get(dayKeyOfMeter);
      if (day === undefined) {
        day = { dayMs, source, values: Object.fromEntries(ROLLUP_NUMBER_FIELDS.map((field) => [field, 0])) };
        days.set(dayKeyOfMeter, day);
      }
      for (const field of ROLLUP_NUMBER_FIELDS) day.values[field]! += row[field];
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  const numbers = (values: Record<string, number>) =>
    Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { N: String(value) }]));
  await mapWithConcurrency([...sites], CONCURRENCY, ([hourMs, site]) =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `s#${dayKey(hourMs).slice(0, 7)}` },
          sk: { S: padTimestamp(hourMs) },
          ...numbers(site),
        },
      }),
    ),
  );
  await mapWithConcurrency([...days.values()], CONCURRENCY, (day) =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `d#${dayKey(day.dayMs).slice(0, 7)}` },
          sk: { S: `${padTimestamp(day.dayMs)}#${day.source}` },
          ...numbers(day.values),
        },
      }),
    ),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: metaKey(),
      UpdateExpression: 'SET layout = :layout',
      ExpressionAttributeValues: { ':layout': { N: String(TELEMETRY_LAYOUT) } },
    }),
  );
  return { fromLayout, meterHours, siteHours: sites.size, meterDays: days.size };
}

/** The item layout of a table from its meta item: its `layout`, else 1 when it holds readings. */
function layoutOf(meta: Record<string, AttributeValue> | undefined): number {
  if (meta?.layout?.N !== undefined) return Number(meta.layout.N);
  return Number(meta?.readingCount?.N ?? '0') > 0 ? 1 : TELEMETRY_LAYOUT;
}

function rollupKey(source: string, hourMs: number): Record<string, AttributeValue> {
  return { pk: { S: `h#${dayKey(hourMs).slice(0, 7)}` }, sk: { S: `${padTimestamp(hourMs)}#${source}` } };
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

function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function readingToItem(reading: Reading): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    pk: { S: readingPartition(reading.source, reading.timestampMs) },
    sk: { S: padTimestamp(reading.timestampMs) },
    source: { S: reading.source },
    timestampMs: { N: String(reading.timestampMs) },
  };
  for (const field of READING_NUMBER_FIELDS) {
    const value = reading[field];
    if (value !== undefined) item[field] = { N: numberText(value) };
  }
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
  const reading: Record<string, unknown> = {
    source: stringAttribute(item, 'source'),
    timestampMs: numberAttribute(item, 'timestampMs'),
  };
  for (const field of READING_NUMBER_FIELDS) {
    const value = item[field]?.N;
    if (value !== undefined) reading[field] = Number(value);
  }
  const inlet = item.inletTemperaturesC?.S;
  if (inlet !== undefined) reading.inletTemperaturesC = JSON.parse(inlet) as number[];
  return reading as unknown as Reading;
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
