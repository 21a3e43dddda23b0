import type { TelemetryStore } from './telemetry-store.js';

/** Whether the store's last write failed, and why. */
export interface WriteHealth {
  /** The error of the last insert when it failed; undefined after a successful one. */
  lastFailure: Error | undefined;
}

/**
 * Wraps a store so that a failed insert (a read-only or full disk, a corrupt page) is remembered until an
 * insert succeeds: readiness then reports what writers already see, instead of 200 over failing writes.
 */
export function trackWrites(inner: TelemetryStore): { store: TelemetryStore; writeHealth: WriteHealth } {
  const writeHealth: WriteHealth = { lastFailure: undefined };
  const store: TelemetryStore = {
    kind: inner.kind,
    async insert(readings, policyOf) {
      try {
        const result = await inner.insert(readings, policyOf);
        writeHealth.lastFailure = undefined;
        return result;
      } catch (error) {
        // Input the store refuses (a RangeError on a timestamp) is the client's, not the store's, failure.
        if (!(error instanceof RangeError)) writeHealth.lastFailure = error as Error;
        throw error;
      }
    },
    range: (fromMs, toMs) => inner.range(fromMs, toMs),
    latest: () => inner.latest(),
    count: () => inner.count(),
    meterStates: () => inner.meterStates(),
    rollups: (fromMs, toMs, options) => inner.rollups(fromMs, toMs, options),
    series: (fromMs, toMs, stepMs, source) => inner.series(fromMs, toMs, stepMs, source),
    sampleBuckets: (fromMs, toMs, stepMs) => inner.sampleBuckets(fromMs, toMs, stepMs),
    meters: () => inner.meters(),
    putMeter: (meter) => inner.putMeter(meter),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { store, writeHealth };
}
