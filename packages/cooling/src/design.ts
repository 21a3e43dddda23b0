import { didYouMean, parseWith } from '@karst/climate';
import { z } from 'zod';
import { chilledWaterWseDesignSchema, chilledWaterWseHours } from './designs/chilled-water-wse.js';
import { directEvaporativeDesignSchema, directEvaporativeHours } from './designs/direct-evaporative.js';
import { freeAirDesignSchema, freeAirHours } from './designs/free-air.js';
import type { HoursFunction } from './designs/hour.js';
import { indirectEvaporativeDesignSchema, indirectEvaporativeHours } from './designs/indirect-evaporative.js';
import { mechanicalDesignSchema, mechanicalHours } from './designs/mechanical.js';
import { warmWaterLiquidDesignSchema, warmWaterLiquidHours } from './designs/warm-water-liquid.js';

/** Cooling plant designs by type. A new design adds its type here, its schema to the union and its hours function to HOURS_FUNCTIONS. */
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
  {
    // A misspelled type gets the type it most likely meant, as misspelled keys do (`chiled-water-wse`).
    error: (issue) => {
      const given = (issue.input as { type?: unknown } | undefined)?.type;
      const near = typeof given === 'string' ? didYouMean(given, COOLING_DESIGN_TYPES) : undefined;
      return `must be one of ${COOLING_DESIGN_TYPES.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`;
    },
  },
);

export type CoolingDesign = z.infer<typeof coolingDesignSchema>;
export type CoolingDesignInput = z.input<typeof coolingDesignSchema>;

/** Validates and completes a design with defaults; throws ValidationError (from @karst/climate) naming each bad field. */
export function parseCoolingDesign(input: unknown): CoolingDesign {
  return parseWith(coolingDesignSchema, input, 'cooling design');
}

/** The hours function of each design type, which simulateCooling and coolingAtConditions call. */
export const HOURS_FUNCTIONS: {
  readonly [T in CoolingDesignType]: HoursFunction<Extract<CoolingDesign, { readonly type: T }>>;
} = {
  'free-air': freeAirHours,
  'indirect-evaporative': indirectEvaporativeHours,
  'chilled-water-wse': chilledWaterWseHours,
  mechanical: mechanicalHours,
  'direct-evaporative': directEvaporativeHours,
  'warm-water-liquid': warmWaterLiquidHours,
};

/** The hours function for `design`'s type. */
export function hoursFunctionOf<D extends CoolingDesign>(design: D): HoursFunction<D> {
  return HOURS_FUNCTIONS[design.type] as HoursFunction<D>;
}
