import { parseWith } from '@karst/climate';
import { z } from 'zod';
import { chilledWaterWseDesignSchema } from './designs/chilled-water-wse.js';
import { freeAirDesignSchema } from './designs/free-air.js';
import { indirectEvaporativeDesignSchema } from './designs/indirect-evaporative.js';
import { mechanicalDesignSchema } from './designs/mechanical.js';

/** Cooling plant designs by type. */
export const COOLING_DESIGN_TYPES = [
  'free-air',
  'indirect-evaporative',
  'chilled-water-wse',
  'mechanical',
] as const;
export type CoolingDesignType = (typeof COOLING_DESIGN_TYPES)[number];

/**
 * A cooling design: `type` picks the plant; every other parameter has a default, so
 * `coolingDesignSchema.parse({ type: 'indirect-evaporative' })` is a complete design.
 */
export const coolingDesignSchema = z.discriminatedUnion(
  'type',
  [freeAirDesignSchema, indirectEvaporativeDesignSchema, chilledWaterWseDesignSchema, mechanicalDesignSchema],
  { error: `must be one of ${COOLING_DESIGN_TYPES.join(', ')}` },
);

export type CoolingDesign = z.infer<typeof coolingDesignSchema>;
export type CoolingDesignInput = z.input<typeof coolingDesignSchema>;

/** Validates and completes a design with defaults; throws ValidationError (from @karst/climate) naming each bad field. */
export function parseCoolingDesign(input: unknown): CoolingDesign {
  return parseWith(coolingDesignSchema, input, 'cooling design');
}
