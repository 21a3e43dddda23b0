import type { z } from 'zod';
import { MODE_MECHANICAL } from '../modes.js';
import { dxTrimKw } from './dx.js';
import { type HourFunction, hallFanKw, writeHour } from './hour.js';
import { airCooledDxFields, designSchema, specificFanPower } from './parts.js';

/** Air-cooled DX computer-room units (CRAC) with no economizer: the baseline. */
export const mechanicalDesignSchema = designSchema('mechanical', {
  /** CRAC fans through coil and filters, W per m³/s. */
  supplyFanSpecificPowerWPerM3s: specificFanPower(900),
  ...airCooledDxFields,
});

export type MechanicalDesign = z.infer<typeof mechanicalDesignSchema>;

export const mechanicalHour = ((design, hall, outdoor, heatLoadKw, out, i) => {
  const capacity = design.mechanicalCapacityFraction;
  const fanKw = hallFanKw(design, hall, outdoor, heatLoadKw, design.supplyFanSpecificPowerWPerM3s);
  const dxKw = dxTrimKw(design, hall, outdoor, heatLoadKw + fanKw, capacity);
  writeHour(out, i, hall, {
    mode: MODE_MECHANICAL,
    mechanicalFraction: capacity,
    unmetFraction: 1 - capacity,
    coolingPowerKw: fanKw + dxKw,
    waterLiters: 0,
    humidityWithinEnvelope: true,
  });
}) satisfies HourFunction<MechanicalDesign>;
