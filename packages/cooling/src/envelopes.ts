import { dewPointFromRelativeHumidityC } from '@karst/climate';

export const ENVELOPE_IDS = ['recommended', 'A1', 'A2', 'A3', 'A4'] as const;
export type EnvelopeId = (typeof ENVELOPE_IDS)[number];

/**
 * An ASHRAE TC 9.9 inlet-air envelope for IT equipment. Moisture limits combine a dew point and a
 * relative humidity: the air must satisfy both (e.g. A1: dew point -12..17 °C and RH 8..80 %).
 */
export interface Envelope {
  readonly id: EnvelopeId;
  readonly minDryBulbC: number;
  /** At sea level; see maxDryBulbAtAltitudeC. */
  readonly maxDryBulbC: number;
  readonly minDewPointC: number;
  readonly maxDewPointC: number;
  /** 0 where the envelope sets no lower RH limit. */
  readonly minRelativeHumidityPct: number;
  readonly maxRelativeHumidityPct: number;
  /** The allowable maximum that derates with altitude (for `recommended` the A1 maximum, see below). */
  readonly deratedMaxDryBulbC: number;
  readonly deratingStartM: number;
  /** Meters of elevation per kelvin of derating. */
  readonly deratingMPerK: number;
}

/**
 * ASHRAE TC 9.9, Thermal Guidelines for Data Processing Environments, 5th ed. (2021), Table 2.1 and its
 * footnotes: A1 and A2 derate 1 °C per 300 m above 900 m, A3 1 °C per 175 m, A4 1 °C per 125 m. The
 * recommended range is not derated by a rule of its own: above 2,400 m the derated A1 maximum (32 °C
 * less 1 °C per 300 m) falls below 27 °C and takes precedence, which is what `deratedMaxDryBulbC: 32`
 * encodes. The 2011 TC 9.9 white paper started the derating at 950 m; the 4th (2015) and 5th editions
 * at 900 m.
 */
export const ENVELOPES: Readonly<Record<EnvelopeId, Envelope>> = {
  recommended: {
    id: 'recommended',
    minDryBulbC: 18,
    maxDryBulbC: 27,
    minDewPointC: -9,
    maxDewPointC: 15,
    minRelativeHumidityPct: 0,
    maxRelativeHumidityPct: 70,
    deratedMaxDryBulbC: 32,
    deratingStartM: 900,
    deratingMPerK: 300,
  },
  A1: {
    id: 'A1',
    minDryBulbC: 15,
    maxDryBulbC: 32,
    minDewPointC: -12,
    maxDewPointC: 17,
    minRelativeHumidityPct: 8,
    maxRelativeHumidityPct: 80,
    deratedMaxDryBulbC: 32,
    deratingStartM: 900,
    deratingMPerK: 300,
  },
  A2: {
    id: 'A2',
    minDryBulbC: 10,
    maxDryBulbC: 35,
    minDewPointC: -12,
    maxDewPointC: 21,
    minRelativeHumidityPct: 8,
    maxRelativeHumidityPct: 80,
    deratedMaxDryBulbC: 35,
    deratingStartM: 900,
    deratingMPerK: 300,
  },
  A3: {
    id: 'A3',
    minDryBulbC: 5,
    maxDryBulbC: 40,
    minDewPointC: -12,
    maxDewPointC: 24,
    minRelativeHumidityPct: 8,
    maxRelativeHumidityPct: 85,
    deratedMaxDryBulbC: 40,
    deratingStartM: 900,
    deratingMPerK: 175,
  },
  A4: {
    id: 'A4',
    minDryBulbC: 5,
    maxDryBulbC: 45,
    minDewPointC: -12,
    maxDewPointC: 24,
    minRelativeHumidityPct: 8,
    maxRelativeHumidityPct: 90,
    deratedMaxDryBulbC: 45,
    deratingStartM: 900,
    deratingMPerK: 125,
  },
};

/**
 * Maximum inlet dry bulb, °C, at a site elevation: the sea-level maximum, lowered by the envelope's
 * derating rule above its start elevation (ASHRAE TC 9.9 2021, Table 2.1 footnotes).
 */
export function maxDryBulbAtAltitudeC(envelope: Envelope, elevationM: number): number {
  if (!Number.isFinite(elevationM))
    throw new RangeError(`elevationM must be a finite number, got ${elevationM}`);
  const excessM = Math.max(0, elevationM - envelope.deratingStartM);
  return Math.min(envelope.maxDryBulbC, envelope.deratedMaxDryBulbC - excessM / envelope.deratingMPerK);
}

/**
 * The dew point band, °C, that keeps air at `supplyAirC` inside the envelope's moisture limits: the
 * tighter of the dew point limit and the dew point at the RH limit.
 */
export function supplyDewPointLimitsC(
  envelope: Envelope,
  supplyAirC: number,
): { readonly minDewPointC: number; readonly maxDewPointC: number } {
  const maxByRhC = dewPointFromRelativeHumidityC(supplyAirC, envelope.maxRelativeHumidityPct);
  const minByRhC =
    envelope.minRelativeHumidityPct > 0
      ? dewPointFromRelativeHumidityC(supplyAirC, envelope.minRelativeHumidityPct)
      : Number.NEGATIVE_INFINITY;
  return {
    minDewPointC: Math.max(envelope.minDewPointC, minByRhC),
    maxDewPointC: Math.min(envelope.maxDewPointC, maxByRhC),
  };
}
