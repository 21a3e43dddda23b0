import type { z } from 'zod';
import { MODE_FREE_AIR, MODE_FREE_AIR_PARTIAL, MODE_MECHANICAL } from '../modes.js';
import { dxTrimKw } from './dx.js';
import { dehumidifyingCoilShare, type HoursFunction, hallFanFactor, hallFanKw, writeHour } from './hour.js';
import { airCooledDxFields, designSchema, specificFanPower } from './parts.js';

/**
 * Direct airside economizer: outdoor air, mixed with return air when cold, trimmed by DX coils when warm;
 * dampers close and the DX coils recirculate return air when outdoor air is hotter than the return air or
 * wetter than the envelope allows.
 */
export const freeAirDesignSchema = designSchema('free-air', {
  /** Supply fans including filters, louvers and relief, W per m³/s. */
  supplyFanSpecificPowerWPerM3s: specificFanPower(700),
  ...airCooledDxFields,
});

export type FreeAirDesign = z.infer<typeof freeAirDesignSchema>;

export const freeAirHours = ((design, hall, inputs, out, hours) => {
  // The hall fans' affinity factor depends on the load alone: computed again only when it changes.
  let factorLoadKw = Number.NaN;
  let fanFactor = 0;
  for (let i = 0; i < hours; i++) {
    const dryBulbC = inputs.dryBulbC[i]!;
    const dewPointC = inputs.dewPointC[i]!;
    const pressurePa = inputs.pressurePa[i]!;
    const humidityRatio = inputs.humidityRatio[i]!;
    const heatLoadKw = inputs.heatLoadKw[i]!;
    const supplyC = hall.supplyAirC;
    const tooHumid = dewPointC > hall.maxDewPointC;
    let mode: number;
    let neededFraction: number;
    const coilShare = tooHumid ? dehumidifyingCoilShare(hall, dryBulbC, pressurePa, humidityRatio) : 0;
    if (tooHumid ? coilShare >= 1 : dryBulbC >= hall.returnAirC) {
      mode = MODE_MECHANICAL;
      neededFraction = 1;
    } else if (tooHumid) {
      // Wetter than the envelope: the coils cool and dry outdoor air, mixed with return air to the setpoint.
      mode = MODE_FREE_AIR_PARTIAL;
      neededFraction = Math.max(0, coilShare);
    } else if (dryBulbC > supplyC) {
      mode = MODE_FREE_AIR_PARTIAL;
      neededFraction = (dryBulbC - supplyC) / hall.airTemperatureRiseK;
    } else {
      mode = MODE_FREE_AIR;
      neededFraction = 0;
    }
    const mechanicalFraction = Math.min(neededFraction, design.mechanicalCapacityFraction);

    if (heatLoadKw !== factorLoadKw) {
      fanFactor = hallFanFactor(design, hall, heatLoadKw);
      factorLoadKw = heatLoadKw;
    }
    const fanKw = hallFanKw(hall, pressurePa, heatLoadKw, design.supplyFanSpecificPowerWPerM3s, fanFactor);
    // Fan motors sit in the air stream, so their heat is part of what the coils remove.
    const dxKw = dxTrimKw(design, hall, dryBulbC, heatLoadKw + fanKw, mechanicalFraction);
    const unmetFraction = neededFraction - mechanicalFraction;
    const coolingPowerKw = fanKw + dxKw;
    // Mixing and DX coils cannot add moisture: outdoor air drier than the envelope is reported, not fixed.
    const humidityWithinEnvelope = mode === MODE_MECHANICAL || tooHumid || dewPointC >= hall.minDewPointC;
    writeHour(
      out,
      i,
      hall,
      mode,
      mechanicalFraction,
      unmetFraction,
      coolingPowerKw,
      0,
      humidityWithinEnvelope,
    );
  }
}) satisfies HoursFunction<FreeAirDesign>;
