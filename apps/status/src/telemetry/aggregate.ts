import type { Reading } from './reading.js';

export interface TelemetryBucket {
  fromMs: number;
  toMs: number;
  readings: number;
  meanFacilityPowerKw: number | null;
  meanItPowerKw: number | null;
  /** Energy-weighted over the bucket: sum of facility power / sum of IT power. */
  pue: number | null;
}

/** At most this many buckets per query, so a tiny step over a long range cannot exhaust memory. */
export const MAX_BUCKETS = 10_000;

/** Readings grouped into [fromMs + k*step, fromMs + (k+1)*step) buckets, empty buckets included. */
export function aggregateReadings(
  readings: readonly Reading[],
  fromMs: number,
  toMs: number,
  stepS: number,
): TelemetryBucket[] {
  const stepMs = stepS * 1000;
  const count = Math.ceil((toMs - fromMs) / stepMs);
  if (count > MAX_BUCKETS)
    throw new RangeError(`step: ${count} buckets over the range, more than ${MAX_BUCKETS}`);
  const sums = Array.from({ length: count }, () => ({ readings: 0, facilityKw: 0, itKw: 0 }));
  for (const reading of readings) {
    const index = Math.floor((reading.timestampMs - fromMs) / stepMs);
    const bucket = sums[index];
    if (!bucket) continue;
    bucket.readings++;
    bucket.facilityKw += reading.facilityPowerKw;
    bucket.itKw += reading.itPowerKw;
  }
  return sums.map((bucket, index) => ({
    fromMs: fromMs + index * stepMs,
    toMs: Math.min(toMs, fromMs + (index + 1) * stepMs),
    readings: bucket.readings,
    meanFacilityPowerKw: bucket.readings > 0 ? bucket.facilityKw / bucket.readings : null,
    meanItPowerKw: bucket.readings > 0 ? bucket.itKw / bucket.readings : null,
    pue: bucket.itKw > 0 ? bucket.facilityKw / bucket.itKw : null,
  }));
}

export interface MeteredEnergy {
  facilityKwh: number;
  itKwh: number;
  /** Cost of the facility energy at the price of each reading's local hour. */
  cost: number;
  /** Hours of the period that readings cover (per source, summed). */
  coveredHours: number;
}

/**
 * Energy from power readings: each source is a meter whose reading holds until its next reading, for at
 * most `maxHoldS` (a gap in telemetry counts as no data, not as the last power forever), and not past
 * `untilMs`. Sources are summed.
 */
export function meteredEnergy(
  readings: readonly Reading[],
  untilMs: number,
  maxHoldS: number,
  priceAt: (timestampMs: number) => number,
): MeteredEnergy {
  const bySource = new Map<string, Reading[]>();
  for (const reading of readings) {
    const list = bySource.get(reading.source) ?? [];
    list.push(reading);
    bySource.set(reading.source, list);
  }
  const totals: MeteredEnergy = { facilityKwh: 0, itKwh: 0, cost: 0, coveredHours: 0 };
  for (const list of bySource.values()) {
    list.sort((a, b) => a.timestampMs - b.timestampMs);
    list.forEach((reading, i) => {
      const nextMs = list[i + 1]?.timestampMs ?? untilMs;
      const heldMs = Math.max(
        0,
        Math.min(nextMs, untilMs, reading.timestampMs + maxHoldS * 1000) - reading.timestampMs,
      );
      const hours = heldMs / 3_600_000;
      totals.facilityKwh += reading.facilityPowerKw * hours;
      totals.itKwh += reading.itPowerKw * hours;
      totals.cost += reading.facilityPowerKw * hours * priceAt(reading.timestampMs);
      totals.coveredHours += hours;
    });
  }
  return totals;
}
