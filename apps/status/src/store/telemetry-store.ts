import type { Meter } from '../telemetry/meters.js';
import type { Reading } from '../telemetry/reading.js';
import {
  addRollup,
  emptyRollup,
  type HourRollup,
  type MeterState,
  type PolicyOf,
  ROLLUP_NUMBER_FIELDS,
} from '../telemetry/rollup.js';

export interface InsertResult {
  /** Readings stored by this call. */
  readonly inserted: number;
  /** Readings whose (source, timestamp) was already stored: left as they were. */
  readonly duplicates: number;
}

/** Mean power per role of one bucket from the readings in it (the sub-hour series). */
export interface SampleBucket {
  source: string;
  bucketMs: number;
  samples: number;
  facilityPowerKw: number | null;
  itPowerKw: number | null;
  coolingPowerKw: number | null;
}

/** The site's telemetry in one bucket of a series, from the hour rollups, summed over meters. */
export interface SeriesBucket {
  bucketMs: number;
  /** Readings in the bucket; the most meters with a rollup in any one hour of it. */
  samples: number;
  meters: number;
  facilityKwh: number;
  itKwh: number;
  coolingKwh: number;
  facilityCoveredMs: number;
  itCoveredMs: number;
  coolingCoveredMs: number;
  /**
   * Per hour, the sum over meters of each one's energy over its covered time in the hour (its mean power);
   * averaged over the bucket's hours that have one. Null when no meter of the role covered the bucket.
   */
  meanFacilityPowerKw: number | null;
  meanItPowerKw: number | null;
  meanCoolingPowerKw: number | null;
}

/** A store's default integration policy: hold power for 15 minutes, no register rollover. */
export const DEFAULT_POLICY: PolicyOf = () => ({ holdMs: 900_000 });

/** Both stores accept the same timestamps: whole milliseconds from 1970 up to (not including) 2286-11-20. */
export const MAX_STORABLE_TIMESTAMP_MS = 1e13;

/**
 * Where telemetry lives: raw readings, and per meter per UTC hour the rollups kept at write time
 * (see {@link HourRollup}), so live figures, month-to-date and long queries never read raw readings.
 * Idempotent on (source, timestamp): a retried batch stores nothing twice.
 * Implementations: SQLite (the embedded default) and DynamoDB (in the cloud); one contract suite.
 */
export interface TelemetryStore {
  readonly kind: 'sqlite' | 'dynamodb';
  /**
   * Stores a batch and updates the rollups and meter states; when it resolves, all of it is durable.
   * `policyOf` says how each meter's readings are integrated (default {@link DEFAULT_POLICY}).
   */
  insert(readings: readonly Reading[], policyOf?: PolicyOf): Promise<InsertResult>;
  /** Raw readings with fromMs <= timestampMs < toMs, ordered by timestamp then source. */
  range(fromMs: number, toMs: number): Promise<Reading[]>;
  /** The reading with the latest timestamp, if any (on a tie, the greatest source). */
  latest(): Promise<Reading | undefined>;
  count(): Promise<number>;
  /** The latest reading of every meter that has sent one, ordered by source. */
  meterStates(): Promise<MeterState[]>;
  /**
   * Rollups of the hours starting in [fromMs, toMs), summed per bucket of `stepMs` (a whole number of hours)
   * from `fromMs`, and per source when `bySource`; `hourMs` is the bucket's start, `source` '' when summed.
   */
  rollups(
    fromMs: number,
    toMs: number,
    options: { stepMs: number; bySource: boolean },
  ): Promise<HourRollup[]>;
  /**
   * The site series over the hours starting in [fromMs, toMs), in buckets of `stepMs` (whole hours) from
   * `fromMs`; only `source`'s rollups when given. Buckets without rollups are left out.
   */
  series(fromMs: number, toMs: number, stepMs: number, source?: string): Promise<SeriesBucket[]>;
  /** Per source and bucket of `stepMs` from `fromMs`: mean power of the readings in [fromMs, toMs). */
  sampleBuckets(fromMs: number, toMs: number, stepMs: number): Promise<SampleBucket[]>;
  /** The meter registry, ordered by id. */
  meters(): Promise<Meter[]>;
  /** Adds or replaces a meter of the registry. */
  putMeter(meter: Meter): Promise<void>;
  /** Resolves when the store answers; rejects with the reason when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Both stores refuse the same timestamps, before storing anything of the batch. */
export function assertStorableTimestamp(reading: Reading): void {
  const { timestampMs } = reading;
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0 || timestampMs >= MAX_STORABLE_TIMESTAMP_MS) {
    throw new RangeError(`timestampMs ${timestampMs} of ${reading.source} is not a whole ms in [0, 1e13)`);
  }
}

/** {@link TelemetryStore.sampleBuckets} over raw readings, for a store without SQL. */
export function sampleBucketsOf(
  readings: readonly Reading[],
  fromMs: number,
  stepMs: number,
): SampleBucket[] {
  const sums = new Map<string, { bucket: SampleBucket; n: [number, number, number] }>();
  for (const reading of readings) {
    const bucketMs = fromMs + Math.floor((reading.timestampMs - fromMs) / stepMs) * stepMs;
    const key = `${bucketMs}\u0000${reading.source}`;
    let entry = sums.get(key);
    if (entry === undefined) {
      entry = {
        bucket: {
          source: reading.source,
          bucketMs,
          samples: 0,
          facilityPowerKw: null,
          itPowerKw: null,
          coolingPowerKw: null,
        },
        n: [0, 0, 0],
      };
      sums.set(key, entry);
    }
    entry.bucket.samples++;
    (['facilityPowerKw', 'itPowerKw', 'coolingPowerKw'] as const).forEach((field, index) => {
      const value = reading[field];
      if (value === undefined) return;
      entry.bucket[field] = (entry.bucket[field] ?? 0) + value;
      entry.n[index]!++;
    });
  }
  return [...sums.values()]
    .map(({ bucket, n }) => ({
      ...bucket,
      facilityPowerKw: bucket.facilityPowerKw === null ? null : bucket.facilityPowerKw / n[0],
      itPowerKw: bucket.itPowerKw === null ? null : bucket.itPowerKw / n[1],
      coolingPowerKw: bucket.coolingPowerKw === null ? null : bucket.coolingPowerKw / n[2],
    }))
    .sort((a, b) => a.bucketMs - b.bucketMs || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** {@link TelemetryStore.rollups} from per-source hour rollups, for a store without SQL. */
export function bucketRollups(
  hours: readonly HourRollup[],
  fromMs: number,
  stepMs: number,
  bySource: boolean,
): HourRollup[] {
  const buckets = new Map<string, HourRollup>();
  for (const hour of hours) {
    const bucketMs = fromMs + Math.floor((hour.hourMs - fromMs) / stepMs) * stepMs;
    const source = bySource ? hour.source : '';
    const key = `${bucketMs}\u0000${source}`;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = emptyRollup(source, bucketMs);
      buckets.set(key, bucket);
    }
    addRollup(bucket, hour);
  }
  return [...buckets.values()].sort(
    (a, b) => a.hourMs - b.hourMs || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
  );
}

/** {@link TelemetryStore.series} from per-source hour rollups, for a store without SQL. */
export function seriesOf(hours: readonly HourRollup[], fromMs: number, stepMs: number): SeriesBucket[] {
  const roles = ['facility', 'it', 'cooling'] as const;
  // The site per hour: sums, meters, and each role's sum of the meters' mean powers.
  const perHour = new Map<number, { row: HourRollup; meters: number; mean: number[]; covered: number[] }>();
  for (const hour of hours) {
    let site = perHour.get(hour.hourMs);
    if (site === undefined) {
      site = { row: emptyRollup('', hour.hourMs), meters: 0, mean: [0, 0, 0], covered: [0, 0, 0] };
      perHour.set(hour.hourMs, site);
    }
    addRollup(site.row, hour);
    site.meters++;
    roles.forEach((role, index) => {
      const coveredMs = hour[`${role}CoveredMs`];
      if (coveredMs <= 0) return;
      site.mean[index]! += (hour[`${role}Kwh`] * 3_600_000) / coveredMs;
      site.covered[index]!++;
    });
  }
  return seriesOfSiteHours(
    [...perHour.values()].map(({ row, meters, mean, covered }) => ({
      hourMs: row.hourMs,
      meters,
      samples: row.samples,
      facilityKwh: row.facilityKwh,
      itKwh: row.itKwh,
      coolingKwh: row.coolingKwh,
      facilityCoveredMs: row.facilityCoveredMs,
      itCoveredMs: row.itCoveredMs,
      coolingCoveredMs: row.coolingCoveredMs,
      facilityMeanKw: mean[0]!,
      itMeanKw: mean[1]!,
      coolingMeanKw: mean[2]!,
      facilityMeters: covered[0]!,
      itMeters: covered[1]!,
      coolingMeters: covered[2]!,
    })),
    fromMs,
    stepMs,
  );
}

/** What a store keeps per site hour besides the hour: sums over meters and each role's sum of meter means. */
export const SITE_FIELDS = [
  'meters',
  ...ROLLUP_NUMBER_FIELDS,
  'facilityMeanKw',
  'itMeanKw',
  'coolingMeanKw',
  'facilityMeters',
  'itMeters',
  'coolingMeters',
] as const;

/** {@link TelemetryStore.series} from site-hour rollups, for a store without SQL. */
export function seriesOfSiteHours(
  sites: readonly ({ hourMs: number } & Record<
    Exclude<(typeof SITE_FIELDS)[number], 'dryBulbSumC' | 'dryBulbSamples'>,
    number
  >)[],
  fromMs: number,
  stepMs: number,
): SeriesBucket[] {
  const out = new Map<number, { bucket: SeriesBucket; means: number[][] }>();
  for (const site of sites) {
    if (site.meters <= 0) continue;
    const bucketMs = fromMs + Math.floor((site.hourMs - fromMs) / stepMs) * stepMs;
    let entry = out.get(bucketMs);
    if (entry === undefined) {
      entry = {
        bucket: {
          bucketMs,
          samples: 0,
          meters: 0,
          facilityKwh: 0,
          itKwh: 0,
          coolingKwh: 0,
          facilityCoveredMs: 0,
          itCoveredMs: 0,
          coolingCoveredMs: 0,
          meanFacilityPowerKw: null,
          meanItPowerKw: null,
          meanCoolingPowerKw: null,
        },
        means: [[], [], []],
      };
      out.set(bucketMs, entry);
    }
    const { bucket, means } = entry;
    bucket.samples += site.samples;
    bucket.meters = Math.max(bucket.meters, site.meters);
    bucket.facilityKwh += site.facilityKwh;
    bucket.itKwh += site.itKwh;
    bucket.coolingKwh += site.coolingKwh;
    bucket.facilityCoveredMs += site.facilityCoveredMs;
    bucket.itCoveredMs += site.itCoveredMs;
    bucket.coolingCoveredMs += site.coolingCoveredMs;
    if (site.facilityMeters > 0) means[0]!.push(site.facilityMeanKw);
    if (site.itMeters > 0) means[1]!.push(site.itMeanKw);
    if (site.coolingMeters > 0) means[2]!.push(site.coolingMeanKw);
  }
  const average = (values: number[]) =>
    values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  return [...out.values()]
    .map(({ bucket, means }) => ({
      ...bucket,
      meanFacilityPowerKw: average(means[0]!),
      meanItPowerKw: average(means[1]!),
      meanCoolingPowerKw: average(means[2]!),
    }))
    .sort((a, b) => a.bucketMs - b.bucketMs);
}
