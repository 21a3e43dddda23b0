import type { TelemetryStore } from '../store/telemetry-store.js';
import { implicitMeter, type Meter, staleAfterS } from './meters.js';
import type { Reading } from './reading.js';
import type { MeterPolicy } from './rollup.js';

/** The registry is reread from the store at most this often (other instances may have changed it). */
const RELOAD_MS = 5_000;

export interface RegistryDefaults {
  /** Staleness of a meter not in the registry, s. */
  staleAfterS: number;
  /** Plausible ceiling of a meter not in the registry, kW (e.g. twice the grid connection). */
  ratingKw?: number;
}

/**
 * The meter registry: meters from configuration (`KARST_METERS_JSON`), overlaid by those put through
 * the API (kept in the store, so they survive restarts and reach every instance). A source not in the
 * registry is an implicit meter with the roles its readings carry.
 */
export class MeterRegistry {
  private stored: Map<string, Meter> | null = null;
  private loadedAtMs = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: TelemetryStore,
    private readonly configured: readonly Meter[],
    readonly defaults: RegistryDefaults,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every registered meter, by id. */
  async all(): Promise<Map<string, Meter>> {
    if (this.stored === null || this.clock() - this.loadedAtMs >= RELOAD_MS) await this.reload();
    const meters = new Map(this.configured.map((meter) => [meter.id, meter]));
    for (const [id, meter] of this.stored!) meters.set(id, meter);
    return meters;
  }

  async put(meter: Meter): Promise<void> {
    await this.store.putMeter(meter);
    this.stored?.set(meter.id, meter);
  }

  private reload(): Promise<void> {
    this.loading ??= this.store
      .meters()
      .then((meters) => {
        this.stored = new Map(meters.map((meter) => [meter.id, meter]));
        this.loadedAtMs = this.clock();
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** The registered meter of a reading, or its implicit meter. */
  meterOf(meters: ReadonlyMap<string, Meter>, reading: Reading): { meter: Meter; registered: boolean } {
    const registered = meters.get(reading.source);
    if (registered) return { meter: registered, registered: true };
    return {
      meter: implicitMeter(reading, this.defaults.staleAfterS, this.defaults.ratingKw),
      registered: false,
    };
  }

  /** How the store integrates a source's readings. */
  policyOf(meters: ReadonlyMap<string, Meter>): (source: string) => MeterPolicy {
    return (source) => {
      const meter = meters.get(source);
      if (meter === undefined) return { holdMs: this.defaults.staleAfterS * 1000 };
      return {
        holdMs: staleAfterS(meter) * 1000,
        ...(meter.registerRolloverKwh === undefined
          ? {}
          : { registerRolloverKwh: meter.registerRolloverKwh }),
      };
    };
  }
}
