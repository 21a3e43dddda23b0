/** Hourly output of the cooling model; index i is hour i of the weather. */
export interface CoolingSeries {
  /** Index into COOLING_MODES. */
  readonly mode: Uint8Array;
  /** 0..1 share of the heat removed by compressors. */
  readonly mechanicalFraction: Float64Array;
  /** All electric power of the cooling plant, kW: fans, pumps, compressors, tower or condenser fans. */
  readonly coolingPowerKw: Float64Array;
  /** Evaporation plus blowdown in the hour, liters. */
  readonly waterLiters: Float64Array;
  readonly supplyAirC: Float64Array;
  /** 1 when the supply air holds the design envelope (derated for altitude), else 0. */
  readonly withinEnvelope: Uint8Array;
}

/** Preallocated series for `hours` hours, to pass as `into` when a sweep reuses buffers. */
export function createCoolingSeries(hours: number): CoolingSeries {
  if (!(Number.isInteger(hours) && hours >= 0)) {
    throw new RangeError(`hours must be a whole number >= 0, got ${hours}`);
  }
  return {
    mode: new Uint8Array(hours),
    mechanicalFraction: new Float64Array(hours),
    coolingPowerKw: new Float64Array(hours),
    waterLiters: new Float64Array(hours),
    supplyAirC: new Float64Array(hours),
    withinEnvelope: new Uint8Array(hours),
  };
}
