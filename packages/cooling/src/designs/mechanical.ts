import type { z } from 'zod';
import { MODE_MECHANICAL } from '../modes.js';
import { dxTrimKw } from './dx.js';
import { type HoursFunction, hallFanFactor, hallFanKw, writeHour } from './hour.js';
import { airCooledDxFields, designSchema, specificFanPower } from './parts.js';

/** Air-cooled DX computer-room units (CRAC) with no economizer: the baseline. */
export const mechanicalDesignSchema = designSchema('mechanical', {
  /** CRAC fans through coil and filters, W per m³/s. */
  supplyFanSpecificPowerWPerM3s: specificFanPower(900),
  ...airCooledDxFields,
});

export type MechanicalDesign = z.infer<typeof mechanicalDesignSchema>;

export const mechanicalHours = ((design, hall, inputs, out, hours) => {
  // The hall fans' affinity factor depends on the load alone: computed again only when it changes.
  let factorLoadKw = Number.NaN;
  let fanFactor = 0;
  for (let i = 0; i < hours; i++) {
    const dryBulbC = inputs.dryBulbC[i]!;
    const pressurePa = inputs.pressurePa[i]!;
    const heatLoadKw = inputs.heatLoadKw[i]!;
    const capacity = design.mechanicalCapacityFraction;
    if (heatLoadKw !== factorLoadKw) {
      fanFactor = hallFanFactor(design, hall, heatLoadKw);
      factorLoadKw = heatLoadKw;
    }
    const fanKw = hallFanKw(hall, pressurePa, heatLoadKw, design.supplyFanSpecificPowerWPerM3s, fanFactor);
    const dxKw = dxTrimKw(design, hall, dryBulbC, heatLoadKw + fanKw, capacity);
    const unmetFraction = 1 - capacity;
    const coolingPowerKw = fanKw + dxKw;
    writeHour(out, i, hall, MODE_MECHANICAL, capacity, unmetFraction, coolingPowerKw, 0, true);
  }
}) satisfies HoursFunction<MechanicalDesign>;
