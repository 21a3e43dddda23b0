import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { ENVELOPE_IDS, ENVELOPES, type Envelope, type EnvelopeId } from '../envelopes.js';

const bounded = new Map<string, z.ZodNumber>();

/**
 * A finite number in [min, max] whose error says so. One schema per range, shared by every field with it
 * (zod schemas are immutable: `.default()` and the like wrap it, they do not change it), and both bounds
 * in one `.check()`: `.min().max()` builds the number schema three times. Building ~250 field schemas was
 * ~3 ms of every `karst budget` run (V8's interpreter, Node 24); the shared ones cost a third of that.
 */
export function between(min: number, max: number): z.ZodNumber {
  const key = `${min}:${max}`;
  let schema = bounded.get(key);
  if (schema === undefined) {
    const error = `must be between ${min} and ${max}`;
    schema = z.number({ error: 'must be a number' }).check(z.gte(min, { error }), z.lte(max, { error }));
    bounded.set(key, schema);
  }
  return schema;
}

/** A fan's specific power, W per m³/s of air moved, with its default. */
export function specificFanPower(defaultWPerM3s: number) {
  return between(100, 5000).default(defaultWPerM3s);
}

/** Cycles of concentration of evaporated water (blowdown = evaporation / (cycles - 1)), with its default. */
export function cyclesOfConcentration(defaultCycles: number) {
  return between(1.5, 20).default(defaultCycles);
}

const SETPOINT_MIN_C = 10;
const SETPOINT_MAX_C = 35;

/** Fields every design shares: the hall's supply air, its envelope and the IT air temperature rise. */
export const hallFields = {
  /** Supply (cold-aisle) air temperature the plant holds, °C. */
  supplyAirSetpointC: between(SETPOINT_MIN_C, SETPOINT_MAX_C).default(24),
  /** ASHRAE envelope the supply air must hold; its maximum is derated for altitude. */
  envelope: z
    .enum(ENVELOPE_IDS, { error: `must be one of ${ENVELOPE_IDS.join(', ')}` })
    .default('recommended'),
  /** Air temperature rise across the IT equipment, K: sets the airflow per kW and the return air. */
  airTemperatureRiseK: between(5, 25).default(12),
  /** Compressor capacity as a share of the hour's heat load; 1 holds the setpoint in every hour. */
  mechanicalCapacityFraction: between(0, 1).default(1),
  /**
   * Lowest speed of the hall's (and scavenger, tower, dry cooler) fans, as a share of design speed: EC fan
   * walls and VFD-driven fans turn down to 20-30 % (below that the extra air recirculates).
   */
  fanMinSpeedFraction: between(0, 1).default(0.25),
  /**
   * Exponent of fan power on speed, P = P_design s^n: 3 by the affinity laws, 2.8 with drive and motor
   * losses at part load (US DOE Motor Systems Tip Sheet 11, 2012); see partLoadFanPowerKw.
   */
  fanAffinityExponent: between(1, 3).default(2.8),
} as const;

/**
 * A design's schema: its `type`, the hall fields every design shares, its own fields, and the check that
 * the setpoint lies in the envelope.
 */
export function designSchema<T extends string, S extends z.core.$ZodLooseShape>(type: T, fields: S) {
  return strictObject({ type: z.literal(type), ...hallFields, ...fields }).check(checkSetpointInEnvelope);
}

/** Rejects a setpoint outside the envelope's sea-level dry-bulb range. */
export function checkSetpointInEnvelope(ctx: {
  readonly value: { readonly supplyAirSetpointC?: unknown; readonly envelope?: unknown };
  issues: unknown[];
}): void {
  const { supplyAirSetpointC, envelope } = ctx.value;
  // A field that failed its own check is already reported; comparing it again would only repeat that.
  if (typeof supplyAirSetpointC !== 'number' || typeof envelope !== 'string') return;
  const limits = ENVELOPES[envelope as EnvelopeId] as Envelope | undefined;
  if (limits === undefined || !(supplyAirSetpointC >= SETPOINT_MIN_C && supplyAirSetpointC <= SETPOINT_MAX_C))
    return;
  if (supplyAirSetpointC < limits.minDryBulbC || supplyAirSetpointC > limits.maxDryBulbC) {
    ctx.issues.push({
      code: 'custom',
      path: ['supplyAirSetpointC'],
      message: `must be within the ${envelope} envelope (${limits.minDryBulbC} to ${limits.maxDryBulbC} °C)`,
      input: supplyAirSetpointC,
    });
  }
}

const partLoadSchema = strictObject({
  constant: between(0, 1).default(0.1),
  linear: between(0, 1).default(0.4),
  quadratic: between(0, 1).default(0.5),
  minimumRatio: between(0, 1).default(0.2),
}).check((ctx) => {
  const sum = ctx.value.constant + ctx.value.linear + ctx.value.quadratic;
  if (Math.abs(sum - 1) > 1e-6) {
    ctx.issues.push({
      code: 'custom',
      path: [],
      message: `constant + linear + quadratic must equal 1 (full load), got ${sum}`,
      input: ctx.value,
    });
  }
});

export interface CompressorDefaults {
  readonly carnotEfficiency: number;
  readonly maxCop: number;
  readonly evaporatorApproachK: number;
  readonly condenserApproachK: number;
}

/** Compressor parameters with defaults for one kind of machine (chiller or DX). */
export function compressorSchema(defaults: CompressorDefaults) {
  return strictObject({
    carnotEfficiency: between(0.1, 0.9).default(defaults.carnotEfficiency),
    maxCop: between(1, 30).default(defaults.maxCop),
    evaporatorApproachK: between(0, 25).default(defaults.evaporatorApproachK),
    condenserApproachK: between(0, 30).default(defaults.condenserApproachK),
    partLoad: partLoadSchema.prefault({}),
  });
}

/**
 * Air-cooled DX (trim units and CRACs): evaporating 12 K below the supply air, condensing 15 K above the
 * outdoor dry bulb, 45 % of Carnot.
 */
export const DX_DEFAULTS: CompressorDefaults = {
  carnotEfficiency: 0.45,
  maxCop: 8,
  evaporatorApproachK: 12,
  condenserApproachK: 15,
};

/**
 * Water-cooled chiller: evaporating 1.5 K below the chilled water supply, condensing 1.5 K above the
 * leaving condenser water, 65 % of Carnot (COP 5.8 at the AHRI 550/590 rating point, 6.7 °C chilled
 * water and 29.4 °C entering condenser water with a 5.6 K range).
 */
export const CHILLER_DEFAULTS: CompressorDefaults = {
  carnotEfficiency: 0.65,
  maxCop: 12,
  evaporatorApproachK: 1.5,
  condenserApproachK: 1.5,
};

/** Fields of the designs that cool with air-cooled DX, as trim or as the whole plant. */
export const airCooledDxFields = {
  /** DX condenser fans, kW per kW of heat rejected. */
  condenserFanKwPerKw: between(0, 0.2).default(0.02),
  compressor: compressorSchema(DX_DEFAULTS).prefault({}),
} as const;

/** Fields of the designs that cool with water-cooled chillers. */
export const chillerFields = {
  compressor: compressorSchema(CHILLER_DEFAULTS).prefault({}),
} as const;
