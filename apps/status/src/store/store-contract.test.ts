import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '../telemetry/reading.js';
import { type DynaliteHarness, startDynalite } from './dynalite-harness.js';
import { createDynamoDbStore, ensureTelemetryTable } from './dynamodb-store.js';
import {
  createSqliteStore,
  SQLITE_SCHEMA_VERSION,
  sqliteStoreInternals,
  WRITE_CACHE_ENTRIES,
} from './sqlite-store.js';
import type { TelemetryStore } from './telemetry-store.js';

const DAY_MS = 86_400_000;
/** 2026-11-28T00:00:00Z: tests straddle this UTC midnight. */
const MIDNIGHT_MS = Date.UTC(2026, 10, 28);

function reading(source: string, timestampMs: number, overrides: Partial<Reading> = {}): Reading {
  return {
    source,
    timestampMs,
    facilityPowerKw: 1_250.5,
    itPowerKw: 1_000.25,
    outdoorDryBulbC: 17.5,
    outdoorDewPointC: 8.125,
    ...overrides,
  };
}

function byTimeThenSource(a: Reading, b: Reading): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs - b.timestampMs;
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

/** Deterministic shuffle, so insert order never matches range order by accident. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  let seed = 12_345;
  for (let index = copy.length - 1; index > 0; index--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = seed % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

let dynaliteServer: DynaliteHarness | undefined;
let tableCounter = 0;
/** DynamoDB requests by command name, for the store opened last. */
let dynamoCommands = new Map<string, number>();

beforeAll(async () => {
  dynaliteServer = await startDynalite();
});

afterAll(async () => {
  await dynaliteServer?.stop();
});

interface StoreUnderTest {
  readonly name: string;
  readonly kind: 'sqlite' | 'dynamodb';
  /** A fresh, empty store. */
  open(): Promise<TelemetryStore>;
}

const storesUnderTest: StoreUnderTest[] = [
  { name: 'sqlite', kind: 'sqlite', open: () => createSqliteStore({ path: ':memory:' }) },
  {
    // A file: batches are planned here and written by the store's writer thread.
    name: 'sqlite on a file (writer thread)',
    kind: 'sqlite',
    async open() {
      const directory = mkdtempSync(join(tmpdir(), 'karst-sqlite-contract-'));
      const store = await createSqliteStore({ path: join(directory, 'karst.sqlite') });
      return {
        ...store,
        close: () => store.close().finally(() => rmSync(directory, { recursive: true, force: true })),
      };
    },
  },
  {
    name: 'dynamodb',
    kind: 'dynamodb',
    async open() {
      if (dynaliteServer === undefined) throw new Error('dynalite not started');
      const commands = new Map<string, number>();
      dynamoCommands = commands;
      const client = dynaliteServer.client((name) => commands.set(name, (commands.get(name) ?? 0) + 1));
      const tableName = `telemetry-${++tableCounter}`;
      await ensureTelemetryTable(client, tableName);
      const store = await createDynamoDbStore({ tableName, client });
      // The store leaves a client it was given open; this one belongs to the store under test.
      return { ...store, close: () => store.close().finally(() => client.destroy()) };
    },
  },
];

describe.each(storesUnderTest)('TelemetryStore contract: $name', ({ kind, open }) => {
  let store: TelemetryStore;

  beforeEach(async () => {
    store = await open();
  });

  afterEach(async () => {
    await store.close();
  });

  it('reports its kind', () => {
    expect(store.kind).toBe(kind);
  });

  it('counts inserted and duplicate readings', async () => {
    expect(await store.insert([])).toEqual({ inserted: 0, duplicates: 0 });
    const a = reading('meter-a', MIDNIGHT_MS);
    const b = reading('meter-b', MIDNIGHT_MS + 1_000);
    const c = reading('meter-a', MIDNIGHT_MS + 2_000);
    expect(await store.insert([a, b])).toEqual({ inserted: 2, duplicates: 0 });
    expect(await store.insert([a, c, b])).toEqual({ inserted: 1, duplicates: 2 });
    const d = reading('meter-d', MIDNIGHT_MS);
    // A repeat inside one batch is a duplicate too, and the first occurrence is the one kept.
    expect(await store.insert([d, { ...d, itPowerKw: 1 }])).toEqual({ inserted: 1, duplicates: 1 });
    expect(await store.count()).toBe(4);
    expect(await store.range(MIDNIGHT_MS, MIDNIGHT_MS + 1)).toEqual([a, d]);
  });

  it('stores nothing twice when a batch is retried, and keeps the first values', async () => {
    const batch = Array.from({ length: 50 }, (_, index) =>
      reading(`meter-${index % 5}`, MIDNIGHT_MS - 25_000 + Math.floor(index / 5) * 5_000),
    );
    expect(await store.insert(batch)).toEqual({ inserted: 50, duplicates: 0 });
    const retried = batch.map((r) => ({ ...r, facilityPowerKw: 9_999 }));
    expect(await store.insert(retried)).toEqual({ inserted: 0, duplicates: 50 });
    expect(await store.count()).toBe(50);
    expect(await store.range(0, MIDNIGHT_MS + DAY_MS)).toEqual([...batch].sort(byTimeThenSource));
  });

  it('keeps the same timestamp from two sources as two readings', async () => {
    const fromB = reading('meter-b', MIDNIGHT_MS, { itPowerKw: 900 });
    const fromA = reading('meter-a', MIDNIGHT_MS, { itPowerKw: 800 });
    expect(await store.insert([fromB, fromA])).toEqual({ inserted: 2, duplicates: 0 });
    expect(await store.count()).toBe(2);
    expect(await store.range(MIDNIGHT_MS, MIDNIGHT_MS + 1)).toEqual([fromA, fromB]);
  });

  it('returns a half-open range ordered by timestamp then source across UTC midnight', async () => {
    const times = [MIDNIGHT_MS - 2, MIDNIGHT_MS - 1, MIDNIGHT_MS, MIDNIGHT_MS + 1, MIDNIGHT_MS + 2];
    const all = times.flatMap((t) => [reading('b', t), reading('a', t), reading('a/10', t)]);
    await store.insert(shuffled(all));
    const sorted = [...all].sort(byTimeThenSource);
    const between = (fromMs: number, toMs: number) =>
      sorted.filter((r) => r.timestampMs >= fromMs && r.timestampMs < toMs);

    expect(await store.range(MIDNIGHT_MS - 1, MIDNIGHT_MS + 2)).toEqual(
      between(MIDNIGHT_MS - 1, MIDNIGHT_MS + 2),
    );
    expect((await store.range(MIDNIGHT_MS - 1, MIDNIGHT_MS + 2)).map((r) => r.source).slice(0, 3)).toEqual([
      'a',
      'a/10',
      'b',
    ]);
    expect(await store.range(MIDNIGHT_MS, MIDNIGHT_MS + 1)).toEqual(between(MIDNIGHT_MS, MIDNIGHT_MS + 1));
    expect(await store.range(MIDNIGHT_MS - 1, MIDNIGHT_MS)).toEqual(between(MIDNIGHT_MS - 1, MIDNIGHT_MS));
    expect(await store.range(0, Number.MAX_SAFE_INTEGER)).toEqual(sorted);
    expect(await store.range(MIDNIGHT_MS, MIDNIGHT_MS)).toEqual([]);
    expect(await store.range(MIDNIGHT_MS + 1, MIDNIGHT_MS)).toEqual([]);
    expect(await store.range(MIDNIGHT_MS + 3, MIDNIGHT_MS + DAY_MS)).toEqual([]);
    expect(await store.range(MIDNIGHT_MS - DAY_MS, MIDNIGHT_MS - 2)).toEqual([]);
  });

  it('pages through more than 1 MB per day over 3 days', async () => {
    // ~7 kB of inlet JSON per reading, 200 readings a day: each day's Query must follow LastEvaluatedKey.
    const inlet = Array.from({ length: 1_000 }, (_, index) => 20 + (index % 100) / 8);
    const firstMs = MIDNIGHT_MS - DAY_MS - 60_000;
    const readings: Reading[] = [];
    for (let day = 0; day < 3; day++) {
      for (let index = 0; index < 200; index++) {
        const timestampMs = MIDNIGHT_MS + (day - 1) * DAY_MS + index * 400_000;
        readings.push(reading(`rack-${index % 3}`, timestampMs, { inletTemperaturesC: inlet }));
      }
    }
    readings.push(reading('rack-0', firstMs, { inletTemperaturesC: inlet }));
    const sorted = [...readings].sort(byTimeThenSource);
    for (let start = 0; start < readings.length; start += 100) {
      await store.insert(readings.slice(start, start + 100));
    }
    expect(await store.count()).toBe(readings.length);

    const queriesBefore = dynamoCommands.get('QueryCommand') ?? 0;
    const everything = await store.range(firstMs, MIDNIGHT_MS + 3 * DAY_MS);
    expect(everything.length).toBe(sorted.length);
    expect(everything).toEqual(sorted);
    if (kind === 'dynamodb') {
      // One page for the day before, at least two for each full day.
      expect((dynamoCommands.get('QueryCommand') ?? 0) - queriesBefore).toBeGreaterThanOrEqual(1 + 3 * 2);
    }
    const fromMs = MIDNIGHT_MS - 3_600_000;
    const toMs = MIDNIGHT_MS + DAY_MS + 3_600_000;
    expect(await store.range(fromMs, toMs)).toEqual(
      sorted.filter((r) => r.timestampMs >= fromMs && r.timestampMs < toMs),
    );
  });

  it('knows the latest reading', async () => {
    expect(await store.latest()).toBeUndefined();
    const newest = reading('meter-a', MIDNIGHT_MS + 5_000);
    await store.insert([reading('meter-a', MIDNIGHT_MS), newest, reading('meter-b', MIDNIGHT_MS + 4_000)]);
    expect(await store.latest()).toEqual(newest);
    await store.insert([reading('meter-c', MIDNIGHT_MS - DAY_MS)]);
    expect(await store.latest()).toEqual(newest);
    // On a tie the last in range order (the greatest source) is the latest.
    const tie = reading('meter-b', MIDNIGHT_MS + 5_000);
    await store.insert([tie]);
    expect(await store.latest()).toEqual(tie);
    const later = reading('meter-0', MIDNIGHT_MS + 6_000);
    await store.insert([later, reading('meter-z', MIDNIGHT_MS + 1_000)]);
    expect(await store.latest()).toEqual(later);
  });

  it('counts readings', async () => {
    expect(await store.count()).toBe(0);
    await store.insert([reading('a', 1_000), reading('a', 2_000)]);
    await store.insert([reading('a', 2_000), reading('b', 2_000)]);
    expect(await store.count()).toBe(3);
  });

  it('round-trips inlet temperatures and their absence', async () => {
    const withInlets = reading('a', MIDNIGHT_MS, { inletTemperaturesC: [21.5, -3.125, 0.1 + 0.2, 79.999] });
    const empty = reading('b', MIDNIGHT_MS, { inletTemperaturesC: [] });
    const without = reading('c', MIDNIGHT_MS);
    await store.insert([withInlets, empty, without]);
    const stored = await store.range(MIDNIGHT_MS, MIDNIGHT_MS + 1);
    expect(stored).toStrictEqual([withInlets, empty, without]);
    expect(Object.hasOwn(stored[2]!, 'inletTemperaturesC')).toBe(false);
  });

  it('round-trips awkward numbers exactly', async () => {
    const awkward = reading('a', MIDNIGHT_MS, {
      facilityPowerKw: 9_999_999.999999998,
      itPowerKw: 1e-7,
      outdoorDryBulbC: -89.99999999999999,
      outdoorDewPointC: 0,
    });
    await store.insert([awkward]);
    expect(await store.latest()).toStrictEqual(awkward);
  });

  it('rejects timestamps it cannot key, storing nothing of the batch', async () => {
    for (const timestampMs of [-1, 1.5, 1e13, Number.NaN]) {
      await expect(store.insert([reading('ok', MIDNIGHT_MS), reading('bad', timestampMs)])).rejects.toThrow(
        RangeError,
      );
    }
    expect(await store.count()).toBe(0);
  });

  it('answers ping, and close is idempotent', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
    await expect(store.insert([reading('a', 1)])).rejects.toThrow(/closed/);
  });

  it('stores each distinct (source, timestamp) once for random batches with repeats', async () => {
    const readingArbitrary = fc.record({
      source: fc.constantFrom('a', 'b', 'b2', 'c/1'),
      // Eight seconds around midnight, so batches span two DynamoDB partitions.
      timestampMs: fc.integer({ min: -4, max: 3 }).map((second) => MIDNIGHT_MS + second * 1_000),
      facilityPowerKw: fc.integer({ min: 0, max: 10_000_000 }).map((milli) => milli / 1_000),
      itPowerKw: fc.constant(0),
      outdoorDryBulbC: fc.integer({ min: -900, max: 700 }).map((deci) => deci / 10),
      outdoorDewPointC: fc.constant(5),
    });
    const batchesArbitrary = fc.array(fc.array(readingArbitrary, { maxLength: 24 }), {
      minLength: 1,
      maxLength: 4,
    });

    await fc.assert(
      fc.asyncProperty(batchesArbitrary, async (batches) => {
        const fresh = await open();
        try {
          const firsts = new Map<string, Reading>();
          let inserted = 0;
          let duplicates = 0;
          // The last batch is sent twice, as a client retry would.
          for (const batch of [...batches, batches.at(-1)!]) {
            const result = await fresh.insert(batch);
            inserted += result.inserted;
            duplicates += result.duplicates;
            for (const r of batch) {
              const key = `${r.source}@${r.timestampMs}`;
              if (!firsts.has(key)) firsts.set(key, r);
            }
          }
          const expected = [...firsts.values()].sort(byTimeThenSource);
          const total = [...batches, batches.at(-1)!].reduce((sum, batch) => sum + batch.length, 0);
          expect(inserted).toBe(firsts.size);
          expect(duplicates).toBe(total - firsts.size);
          expect(await fresh.count()).toBe(firsts.size);
          expect(await fresh.range(MIDNIGHT_MS - DAY_MS, MIDNIGHT_MS + DAY_MS)).toEqual(expected);
          expect(await fresh.latest()).toEqual(expected.at(-1));
        } finally {
          await fresh.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe.each(storesUnderTest)('TelemetryStore contract, rollups and meters: $name', ({ open }) => {
  let store: TelemetryStore;
  const HOUR = 3_600_000;
  const MINUTE = 60_000;
  /** 2026-11-28T00:00Z + n minutes. */
  const at = (minutes: number) => MIDNIGHT_MS + minutes * MINUTE;
  const sample = (source: string, minutes: number, values: Partial<Reading>): Reading => ({
    source,
    timestampMs: at(minutes),
    ...values,
  });
  const policy = () => ({ holdMs: 15 * MINUTE });

  beforeEach(async () => {
    store = await open();
  });

  afterEach(async () => {
    await store.close();
  });

  it('keeps hour rollups at write: power held until the next reading, for at most the hold', async () => {
    // 1,200 kW at 00:30, 00:50 and 01:20, then nothing: 00:30-00:45 (held 15 min, the next is 20 min away),
    // 00:50-01:05 and 01:05 is where the hold ends; the 01:20 reading is still open.
    await store.insert(
      [
        sample('m', 30, { facilityPowerKw: 1200, itPowerKw: 1000 }),
        sample('m', 50, { facilityPowerKw: 1200, itPowerKw: 1000 }),
        sample('m', 80, { facilityPowerKw: 1200, itPowerKw: 1000 }),
      ],
      policy,
    );
    const hours = await store.rollups(MIDNIGHT_MS, MIDNIGHT_MS + 2 * HOUR, { stepMs: HOUR, bySource: true });
    expect(hours.map((row) => row.hourMs)).toEqual([MIDNIGHT_MS, MIDNIGHT_MS + HOUR]);
    // Hour 0: 00:30-00:45 and 00:50-01:00, 25 min x 1,200 kW = 500 kWh; hour 1: 01:00-01:05, 100 kWh.
    expect(hours[0]!.facilityKwh).toBeCloseTo(500, 9);
    expect(hours[0]!.facilityCoveredMs).toBe(25 * MINUTE);
    expect(hours[0]!.itKwh).toBeCloseTo((1000 * 25) / 60, 9);
    expect(hours[0]!.samples).toBe(2);
    expect(hours[1]!.facilityKwh).toBeCloseTo(100, 9);
    expect(hours[1]!.samples).toBe(1);
    const [day] = await store.rollups(MIDNIGHT_MS, MIDNIGHT_MS + DAY_MS, { stepMs: DAY_MS, bySource: false });
    expect(day).toMatchObject({ source: '', hourMs: MIDNIGHT_MS, samples: 3 });
    expect(day!.facilityKwh).toBeCloseTo(600, 9);
    const states = await store.meterStates();
    expect(states).toEqual([
      {
        source: 'm',
        latest: sample('m', 80, { facilityPowerKw: 1200, itPowerKw: 1000 }),
        livePowerKw: { facility: 1200, it: 1000 },
      },
    ]);
  });

  it('gives the same rollups whatever the order and batching of the readings', async () => {
    const readings = Array.from({ length: 40 }, (_, i) =>
      sample(i % 2 === 0 ? 'a' : 'b', 7 * i, {
        facilityPowerKw: 1000 + 10 * i,
        itPowerKw: 800,
        facilityEnergyKwh: 5000 + 100 * i,
        outdoorDryBulbC: 10 + i / 8,
      }),
    );
    await store.insert(readings, policy);
    const expected = await store.rollups(0, MIDNIGHT_MS + DAY_MS, { stepMs: HOUR, bySource: true });
    const fresh = await open();
    try {
      const mixed = shuffled(readings);
      for (let start = 0; start < mixed.length; start += 7)
        await fresh.insert(mixed.slice(start, start + 7), policy);
      // A retried batch changes nothing.
      await fresh.insert(mixed.slice(0, 7), policy);
      const actual = await fresh.rollups(0, MIDNIGHT_MS + DAY_MS, { stepMs: HOUR, bySource: true });
      expect(actual.map((row) => [row.source, row.hourMs, row.samples])).toEqual(
        expected.map((row) => [row.source, row.hourMs, row.samples]),
      );
      actual.forEach((row, index) => {
        const want = expected[index]!;
        expect(row.facilityKwh).toBeCloseTo(want.facilityKwh, 6);
        expect(row.itKwh).toBeCloseTo(want.itKwh, 6);
        expect(row.itCoveredMs).toBeCloseTo(want.itCoveredMs, 3);
        expect(row.dryBulbSumC).toBeCloseTo(want.dryBulbSumC, 9);
      });
      expect(await fresh.meterStates()).toEqual(await store.meterStates());
      // The site series (kept with the meter-hours) sums the same whatever the order.
      const siteExpected = await store.series(0, MIDNIGHT_MS + DAY_MS, HOUR);
      const siteActual = await fresh.series(0, MIDNIGHT_MS + DAY_MS, HOUR);
      expect(siteActual.map((bucket) => [bucket.bucketMs, bucket.meters, bucket.samples])).toEqual(
        siteExpected.map((bucket) => [bucket.bucketMs, bucket.meters, bucket.samples]),
      );
      siteActual.forEach((bucket, index) => {
        expect(bucket.meanFacilityPowerKw).toBeCloseTo(siteExpected[index]!.meanFacilityPowerKw!, 6);
        expect(bucket.facilityKwh).toBeCloseTo(siteExpected[index]!.facilityKwh, 6);
      });
    } finally {
      await fresh.close();
    }
  });

  it('integrates a kWh register across a reset and a rollover, spread over the interval', async () => {
    const rollover = () => ({ holdMs: 15 * MINUTE, registerRolloverKwh: 1000 });
    // 900 -> 990 (+90) -> 40 (wrapped at 1,000: +50) over 00:30-01:30; then a meter without rollover resets.
    await store.insert(
      [
        sample('wraps', 30, { facilityEnergyKwh: 900 }),
        sample('wraps', 60, { facilityEnergyKwh: 990 }),
        sample('wraps', 90, { facilityEnergyKwh: 40 }),
      ],
      rollover,
    );
    await store.insert(
      [sample('resets', 0, { itEnergyKwh: 500 }), sample('resets', 60, { itEnergyKwh: 20 })],
      policy,
    );
    const hours = await store.rollups(MIDNIGHT_MS, MIDNIGHT_MS + 2 * HOUR, { stepMs: HOUR, bySource: true });
    const of = (source: string, hourMs: number) =>
      hours.find((row) => row.source === source && row.hourMs === hourMs)!;
    expect(of('wraps', MIDNIGHT_MS).facilityKwh).toBeCloseTo(90, 9);
    expect(of('wraps', MIDNIGHT_MS + HOUR).facilityKwh).toBeCloseTo(50, 9);
    expect(of('wraps', MIDNIGHT_MS + HOUR).facilityCoveredMs).toBe(30 * MINUTE);
    // A decrease without a rollover is a reset to zero: the 20 kWh since the reset.
    expect(of('resets', MIDNIGHT_MS).itKwh).toBeCloseTo(20, 9);
    // Live power from the last interval: 50 kWh over 30 min.
    const states = await store.meterStates();
    expect(states.map((state) => state.source)).toEqual(['resets', 'wraps']);
    expect(states[1]!.livePowerKw.facility).toBeCloseTo(100, 9);
  });

  it("sums the series over meters: each meter's mean power over its covered time", async () => {
    const readings = ['a', 'b', 'c'].flatMap((source) =>
      Array.from({ length: 61 }, (_, minute) =>
        sample(source, minute, { facilityPowerKw: 1800, itPowerKw: 1500 }),
      ),
    );
    // d covers only the first 10 minutes of the hour, at 600 kW.
    readings.push(
      ...Array.from({ length: 10 }, (_, minute) => sample('d', minute, { facilityPowerKw: 600 })),
    );
    for (let start = 0; start < readings.length; start += 50)
      await store.insert(readings.slice(start, start + 50), policy);
    const [hour] = await store.series(MIDNIGHT_MS, MIDNIGHT_MS + HOUR, HOUR);
    expect(hour).toMatchObject({ bucketMs: MIDNIGHT_MS, meters: 4, samples: 3 * 60 + 10 });
    expect(hour!.meanFacilityPowerKw).toBeCloseTo(3 * 1800 + 600, 9);
    expect(hour!.facilityKwh).toBeCloseTo(3 * 1800 + 600 * (9 / 60), 9);
    expect(hour!.meanItPowerKw).toBeCloseTo(3 * 1500, 9);
    const [onlyD] = await store.series(MIDNIGHT_MS, MIDNIGHT_MS + HOUR, HOUR, 'd');
    expect(onlyD!.meters).toBe(1);
    expect(onlyD!.meanFacilityPowerKw).toBeCloseTo(600, 9);
    const buckets = await store.sampleBuckets(MIDNIGHT_MS, MIDNIGHT_MS + 30 * MINUTE, 15 * MINUTE);
    expect(
      buckets.filter((bucket) => bucket.bucketMs === MIDNIGHT_MS).map((bucket) => bucket.samples),
    ).toEqual([15, 15, 15, 10]);
  });

  it('totals each meter over a range of days and partial days as the sum of its hours', async () => {
    // Every 20 minutes for four days from 16:00 (the site-local month start at UTC+8 falls mid-day).
    const startMinutes = -8 * 60;
    const readings = ['a', 'b'].flatMap((source) =>
      Array.from({ length: 4 * 72 }, (_, i) =>
        sample(source, startMinutes + 20 * i, {
          facilityPowerKw: source === 'a' ? 100 + i : 50,
          itPowerKw: 40,
        }),
      ),
    );
    for (let start = 0; start < readings.length; start += 100)
      await store.insert(readings.slice(start, start + 100), policy);
    const fromMs = at(startMinutes + 60);
    const toMs = at(startMinutes + 3 * 1440 + 5 * 60);
    const hours = await store.rollups(fromMs, toMs, { stepMs: HOUR, bySource: true });
    const totals = await store.rollups(fromMs, toMs, { stepMs: toMs - fromMs, bySource: true });
    expect(totals.map((row) => [row.source, row.hourMs])).toEqual([
      ['a', fromMs],
      ['b', fromMs],
    ]);
    for (const total of totals) {
      const mine = hours.filter((row) => row.source === total.source);
      expect(total.samples).toBe(mine.reduce((sum, row) => sum + row.samples, 0));
      expect(total.facilityKwh).toBeCloseTo(
        mine.reduce((sum, row) => sum + row.facilityKwh, 0),
        6,
      );
      expect(total.itCoveredMs).toBe(mine.reduce((sum, row) => sum + row.itCoveredMs, 0));
    }
    // b: 50 kW held 15 of every 20 minutes over the 76 h: 76 x 0.75 x 50 kWh.
    expect(totals[1]!.facilityKwh).toBeCloseTo(76 * 0.75 * 50, 6);
  });

  it('rolls a batch of many readings of one meter-hour up as the same readings inserted one by one', async () => {
    // 1,200 kW facility and 900 kW IT at 00:00, 00:01, ... 00:59 from meter m, and 300 kW from n at 00:00-00:29.
    // Closed intervals: m 59 x 1 min, so 1,200 x 59/60 = 1,180 kWh facility and 900 x 59/60 = 885 kWh IT
    // over 59 min; n 29 min, 300 x 29/60 = 145 kWh. The last readings are still open (not in the rollups).
    const readings = [
      ...Array.from({ length: 60 }, (_, minute) =>
        sample('m', minute, { facilityPowerKw: 1200, itPowerKw: 900, outdoorDryBulbC: 10 + minute / 4 }),
      ),
      ...Array.from({ length: 30 }, (_, minute) => sample('n', minute, { facilityPowerKw: 300 })),
    ];
    await store.insert(readings, policy);
    const single = await open();
    try {
      for (const one of readings) await single.insert([one], policy);
      const range = [MIDNIGHT_MS - DAY_MS, MIDNIGHT_MS + 2 * DAY_MS] as const;
      for (const rolled of [store, single]) {
        const hours = await rolled.rollups(...range, { stepMs: HOUR, bySource: true });
        expect(hours.map((row) => [row.source, row.hourMs, row.samples])).toEqual([
          ['m', MIDNIGHT_MS, 60],
          ['n', MIDNIGHT_MS, 30],
        ]);
        expect(hours[0]!.facilityKwh).toBeCloseTo(1180, 9);
        expect(hours[0]!.itKwh).toBeCloseTo(885, 9);
        expect(hours[0]!.facilityCoveredMs).toBe(59 * MINUTE);
        // Dry bulb: the sum of 10 + minute / 4 over minutes 0..59 = 600 + 1,770 / 4 = 1,042.5 degC.
        expect(hours[0]!.dryBulbSumC).toBeCloseTo(1042.5, 9);
        expect(hours[0]!.dryBulbSamples).toBe(60);
        expect(hours[1]!.facilityKwh).toBeCloseTo(145, 9);
        expect(hours[1]!.itCoveredMs).toBe(0);
        // The meter-day rollups (a 3-day total reads them) hold the same sums.
        const totals = await rolled.rollups(...range, { stepMs: range[1] - range[0], bySource: true });
        expect(totals.map((row) => [row.source, row.samples])).toEqual([
          ['m', 60],
          ['n', 30],
        ]);
        expect(totals[0]!.facilityKwh).toBeCloseTo(1180, 9);
        expect(totals[1]!.facilityKwh).toBeCloseTo(145, 9);
        // The site hour: two meters, each one's mean power over its covered time summed: 1,200 + 300 kW.
        const [site] = await rolled.series(MIDNIGHT_MS, MIDNIGHT_MS + HOUR, HOUR);
        expect(site).toMatchObject({ meters: 2, samples: 90 });
        expect(site!.meanFacilityPowerKw).toBeCloseTo(1500, 9);
        expect(site!.meanItPowerKw).toBeCloseTo(900, 9);
        expect(site!.facilityKwh).toBeCloseTo(1325, 9);
      }
      expect(await single.meterStates()).toEqual(await store.meterStates());
      expect(await single.count()).toBe(90);
    } finally {
      await single.close();
    }
  });

  it('keeps the meter registry', async () => {
    expect(await store.meters()).toEqual([]);
    const meter = {
      id: 'ups-1',
      roles: ['it' as const],
      itMeasurementPoint: 'ups-output' as const,
      expectedIntervalS: 60,
      ratingKw: 2000,
    };
    await store.putMeter(meter);
    await store.putMeter({ id: 'incomer', roles: ['facility'], expectedIntervalS: 900 });
    await store.putMeter({ ...meter, ratingKw: 2500 });
    expect(await store.meters()).toEqual([
      { id: 'incomer', roles: ['facility'], expectedIntervalS: 900 },
      { ...meter, ratingKw: 2500 },
    ]);
  });
});

describe('SQLite store on disk', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'karst-sqlite-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates the directory and file on first start, in WAL mode, at the schema version', async () => {
    const path = join(directory, 'nested', 'data', 'karst.sqlite');
    const store = await createSqliteStore({ path });
    await store.insert([reading('a', MIDNIGHT_MS)]);
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(true);

    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      const plan = raw
        .prepare(
          'EXPLAIN QUERY PLAN SELECT * FROM readings WHERE timestamp_ms >= 0 AND timestamp_ms < 1 ORDER BY timestamp_ms, source',
        )
        .all() as { detail: string }[];
      expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX readings_by_time/);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('keeps exact rollups and meter states when two connections write the same file in turn', async () => {
    // What a store remembers of its last writes (meter states, hour rollups) is dropped once another
    // connection has committed. Meter m every minute for 40 minutes at 1,000 kW, in batches of 5 that
    // alternate between two stores on one file: the rollups must equal one store's.
    const path = join(directory, 'karst.sqlite');
    const minute = 60_000;
    const readings = Array.from({ length: 40 }, (_, i) =>
      reading('m', MIDNIGHT_MS + i * minute, { facilityPowerKw: 1000, itPowerKw: 800 }),
    );
    const [a, b] = [await createSqliteStore({ path }), await createSqliteStore({ path })];
    const alone = await createSqliteStore({ path: ':memory:' });
    try {
      for (let start = 0; start < readings.length; start += 5) {
        const batch = readings.slice(start, start + 5);
        await (start % 10 === 0 ? a : b).insert(batch);
        await alone.insert(batch);
      }
      const range = [MIDNIGHT_MS, MIDNIGHT_MS + DAY_MS] as const;
      for (const store of [a, b]) {
        const [hour] = await store.rollups(...range, { stepMs: 3_600_000, bySource: true });
        // 39 closed minutes at 1,000 kW: 650 kWh over 39 min.
        expect(hour!.facilityKwh).toBeCloseTo(650, 9);
        expect(hour!.facilityCoveredMs).toBe(39 * minute);
        expect(hour!.samples).toBe(40);
        expect(await store.rollups(...range, { stepMs: 3_600_000, bySource: true })).toEqual(
          await alone.rollups(...range, { stepMs: 3_600_000, bySource: true }),
        );
        expect(await store.series(...range, 3_600_000)).toEqual(await alone.series(...range, 3_600_000));
        expect(await store.meterStates()).toEqual(await alone.meterStates());
        expect(await store.count()).toBe(40);
      }
    } finally {
      await a.close();
      await b.close();
      await alone.close();
    }
  });

  it('stores nothing of a batch that fails mid-way, and the next batch rolls up exactly', async () => {
    // A trigger (from another connection) fails the batch after meter m's rows are written: m's state and
    // rollups of that batch must not be remembered as stored.
    const path = join(directory, 'karst.sqlite');
    const minute = 60_000;
    const store = await createSqliteStore({ path });
    const raw = new Database(path);
    try {
      const m = (i: number) =>
        reading('m', MIDNIGHT_MS + i * minute, { facilityPowerKw: 600, itPowerKw: 500 });
      await store.insert([m(0), m(1)]);
      raw.exec(
        "CREATE TRIGGER poison AFTER INSERT ON readings WHEN NEW.source = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
      );
      await expect(store.insert([m(2), m(3), reading('poison', MIDNIGHT_MS)])).rejects.toThrow(/poisoned/);
      expect(await store.count()).toBe(2);
      await store.insert([m(4)]);
      const [hour] = await store.rollups(MIDNIGHT_MS, MIDNIGHT_MS + DAY_MS, {
        stepMs: 3_600_000,
        bySource: true,
      });
      // 00:00-00:01 and 00:01-00:04 (held 15 min, the next reading is 3 min away): 4 min x 600 kW = 40 kWh.
      expect(hour!.samples).toBe(3);
      expect(hour!.facilityCoveredMs).toBe(4 * minute);
      expect(hour!.facilityKwh).toBeCloseTo(40, 9);
      const [site] = await store.series(MIDNIGHT_MS, MIDNIGHT_MS + DAY_MS, 3_600_000);
      expect(site).toMatchObject({ meters: 1, samples: 3 });
      expect(site!.meanFacilityPowerKw).toBeCloseTo(600, 9);
      expect((await store.meterStates())[0]!.latest.timestampMs).toBe(MIDNIGHT_MS + 4 * minute);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('bounds what it remembers of its writes: full, the memory starts over, the rollups stay exact', async () => {
    // 30 meters every minute, in batches of 5 minutes, with room for 40 entries (states + meter-hours): the
    // planner must forget and read back from the file, and end with the rollups of a store that never forgets.
    const path = join(directory, 'karst.sqlite');
    const capped = await createSqliteStore({ path, writeCacheEntries: 40 });
    const alone = await createSqliteStore({ path: ':memory:' });
    const minute = 60_000;
    let most = 0;
    try {
      for (let start = 0; start < 90; start += 5) {
        const batch = Array.from({ length: 30 * 5 }, (_, i) =>
          reading(`m${i % 30}`, MIDNIGHT_MS + (start + Math.floor(i / 30)) * minute, {
            facilityPowerKw: 100 + (i % 30),
            itPowerKw: 80,
          }),
        );
        await Promise.all([capped.insert(batch), alone.insert(batch)]);
        most = Math.max(most, sqliteStoreInternals(capped).writeCacheEntries());
      }
      // At most the cap plus one batch's entries (30 states and 30 meter-hours, or 60 across an hour).
      expect(most).toBeGreaterThan(40);
      expect(most).toBeLessThanOrEqual(40 + 30 + 60);
      const range = [MIDNIGHT_MS, MIDNIGHT_MS + DAY_MS] as const;
      const options = { stepMs: 3_600_000, bySource: true };
      expect(await capped.rollups(...range, options)).toEqual(await alone.rollups(...range, options));
      expect(await capped.series(...range, 3_600_000)).toEqual(await alone.series(...range, 3_600_000));
      expect(await capped.meterStates()).toEqual(await alone.meterStates());
    } finally {
      await capped.close();
      await alone.close();
    }
    // A few MB at most: a meter state or an hour rollup is well under 1 KB.
    expect(WRITE_CACHE_ENTRIES).toBeLessThanOrEqual(20_000);
  });

  it('keeps data across close and reopen', async () => {
    const path = join(directory, 'karst.sqlite');
    const first = await createSqliteStore({ path });
    const stored = [reading('a', MIDNIGHT_MS, { inletTemperaturesC: [22.5] }), reading('b', MIDNIGHT_MS + 1)];
    await first.insert(stored);
    await first.close();

    const second = await createSqliteStore({ path });
    try {
      expect(await second.count()).toBe(2);
      expect(await second.range(0, MIDNIGHT_MS + DAY_MS)).toEqual(stored);
      expect(await second.insert(stored)).toEqual({ inserted: 0, duplicates: 2 });
    } finally {
      await second.close();
    }
  });

  it('keeps an acknowledged batch when the process is SIGKILLed right after', async () => {
    const path = join(directory, 'karst.sqlite');
    const child = spawnSync(
      process.execPath,
      // From the workspace's sources, as the server runs (the packages' dist/ need not be built).
      [
        '--conditions=karst-source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./sqlite-crash-child.ts', import.meta.url)),
        path,
        '250',
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(JSON.parse(child.stdout)).toEqual({ inserted: 250, duplicates: 0 });

    const store = await createSqliteStore({ path });
    try {
      expect(await store.count()).toBe(250);
    } finally {
      await store.close();
    }
  });

  it('migrates a schema 1 database: readings kept, rollups and meter states built from them', async () => {
    const path = join(directory, 'karst.sqlite');
    const raw = new Database(path);
    raw.exec(`
      CREATE TABLE readings (source TEXT NOT NULL, timestamp_ms INTEGER NOT NULL, facility_power_kw REAL NOT NULL,
        it_power_kw REAL NOT NULL, outdoor_dry_bulb_c REAL NOT NULL, outdoor_dew_point_c REAL NOT NULL,
        inlet_temperatures_c TEXT, PRIMARY KEY (source, timestamp_ms)) WITHOUT ROWID;
      CREATE INDEX readings_by_time ON readings (timestamp_ms, source);
    `);
    const insert = raw.prepare('INSERT INTO readings VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Two meters, 1,200 kW / 1,000 kW every 10 minutes over the first hour.
    for (const source of ['a', 'b'])
      for (let minute = 0; minute < 60; minute += 10)
        insert.run(source, MIDNIGHT_MS + minute * 60_000, 1200, 1000, 5, 1, minute === 0 ? '[22]' : null);
    raw.pragma('user_version = 1');
    raw.close();
    const store = await createSqliteStore({ path });
    try {
      expect(await store.count()).toBe(12);
      expect((await store.range(MIDNIGHT_MS, MIDNIGHT_MS + 1))[0]).toEqual(
        reading('a', MIDNIGHT_MS, {
          facilityPowerKw: 1200,
          itPowerKw: 1000,
          outdoorDryBulbC: 5,
          outdoorDewPointC: 1,
          inletTemperaturesC: [22],
        }),
      );
      const [hour] = await store.series(MIDNIGHT_MS, MIDNIGHT_MS + 3_600_000, 3_600_000);
      // Each meter: five closed 10-minute intervals at 1,200 kW = 1,000 kWh; the 00:50 reading is still open.
      expect(hour!.facilityKwh).toBeCloseTo(2 * 1000, 9);
      expect(hour!.meanFacilityPowerKw).toBeCloseTo(2 * 1200, 9);
      expect((await store.meterStates()).map((state) => state.latest.timestampMs)).toEqual([
        MIDNIGHT_MS + 50 * 60_000,
        MIDNIGHT_MS + 50 * 60_000,
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses a database from a newer schema version', async () => {
    const path = join(directory, 'karst.sqlite');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();
    await expect(createSqliteStore({ path })).rejects.toThrow(/newer than this code/);
  });
});
