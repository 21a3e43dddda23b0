import { parseWith } from '@karst/climate';
import { z } from 'zod';
import { chilledWaterWseDesignSchema, chilledWaterWseHour } from './designs/chilled-water-wse.js';
import { directEvaporativeDesignSchema, directEvaporativeHour } from './designs/direct-evaporative.js';
import { freeAirDesignSchema, freeAirHour } from './designs/free-air.js';
import type { HourFunction } from './designs/hour.js';
import { indirectEvaporativeDesignSchema, indirectEvaporativeHour } from './designs/indirect-evaporative.js';
import { mechanicalDesignSchema, mechanicalHour } from './designs/mechanical.js';
import { warmWaterLiquidDesignSchema, warmWaterLiquidHour } from './designs/warm-water-liquid.js';

/** Cooling plant designs by type. A new design adds its type here, its schema to the union and its hour to HOUR_FUNCTIONS. */
export const COOLING_DESIGN_TYPES = [
  'free-air',
  'indirect-evaporative',
  'chilled-water-wse',
  'mechanical',
  'direct-evaporative',
  'warm-water-liquid',
] as const;
export type CoolingDesignType = (typeof COOLING_DESIGN_TYPES)[number];

/**
 * A cooling design: `type` picks the plant; every other parameter has a default, so
 * `coolingDesignSchema.parse({ type: 'indirect-evaporative' })` is a complete design.
 */
export const coolingDesignSchema = z.discriminatedUnion(
  'type',
  [
    freeAirDesignSchema,
    indirectEvaporativeDesignSchema,
    chilledWaterWseDesignSchema,
    mechanicalDesignSchema,
    directEvaporativeDesignSchema,
    warmWaterLiquidDesignSchema,
  ],
  { error: `must be one of ${COOLING_DESIGN_TYPES.join(', ')}` },
);

export type CoolingDesign = z.infer<typeof coolingDesignSchema>;
export type CoolingDesignInput = z.input<typeof coolingDesignSchema>;

/** Validates and completes a design with defaults; throws ValidationError (from @karst/climate) naming each bad field. */
export function parseCoolingDesign(input: unknown): CoolingDesign {
  return parseWith(coolingDesignSchema, input, 'cooling design');
}

/** The hour function of each design type, which simulateCooling and coolingAtConditions call. */
export const HOUR_FUNCTIONS: {
  readonly [T in CoolingDesignType]: HourFunction<Extract<CoolingDesign, { readonly type: T }>>;
} = {
  'free-air': freeAirHour,
  'indirect-evaporative': indirectEvaporativeHour,
  'chilled-water-wse': chilledWaterWseHour,
  mechanical: mechanicalHour,
  'direct-evaporative': directEvaporativeHour,
  'warm-water-liquid': warmWaterLiquidHour,
};

/** The hour function for `design`'s type. */
export function hourFunctionOf<D extends CoolingDesign>(design: D): HourFunction<D> {
  return HOUR_FUNCTIONS[design.type] as HourFunction<D>;
}
