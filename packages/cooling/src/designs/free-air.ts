import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { dxPowerKw } from '../chiller.js';
import { airVolumeFlowM3PerS, fanPowerKw } from '../fans.js';
import type { HallContext } from '../hall.js';
import { MODE_FREE_AIR, MODE_FREE_AIR_PARTIAL, MODE_MECHANICAL } from '../modes.js';
import type { CoolingSeries } from '../series.js';
import { writeHour } from './hour.js';
import { between, checkSetpointInEnvelope, compressorSchema, DX_DEFAULTS, hallFields } from './parts.js';

/**
 * Direct airside economizer: outdoor air, mixed with return air when cold, trimmed by DX coils when warm;
 * dampers close and the DX coils recirculate return air when outdoor air is hotter than the return air or
 * wetter than the envelope allows.
 */
export const freeAirDesignSchema = strictObject({
  type: z.literal('free-air'),
  ...hallFields,
  /** Supply fans including filters, louvers and relief, W per m³/s. */
  supplyFanSpecificPowerWPerM3s: between(100, 5000).default(700),
  /** DX condenser fans, kW per kW of heat rejected. */
  condenserFanKwPerKw: between(0, 0.2).default(0.02),
  compressor: compressorSchema(DX_DEFAULTS).prefault({}),
}).check(checkSetpointInEnvelope);

export type FreeAirDesign = z.infer<typeof freeAirDesignSchema>;

export function freeAirHour(
  design: FreeAirDesign,
  hall: HallContext,
  dryBulbC: number,
  dewPointC: number,
  _wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  out: CoolingSeries,
  i: number,
): void {
  const supplyC = hall.supplyAirC;
  const tooHumid = dewPointC > hall.maxDewPointC;
  let mode: number;
  let neededFraction: number;
  if (tooHumid || dryBulbC >= hall.returnAirC) {
    mode = MODE_MECHANICAL;
    neededFraction = 1;
  } else if (dryBulbC > supplyC) {
    mode = MODE_FREE_AIR_PARTIAL;
    neededFraction = (dryBulbC - supplyC) / hall.airTemperatureRiseK;
  } else {
    mode = MODE_FREE_AIR;
    neededFraction = 0;
  }
  const capacity = design.mechanicalCapacityFraction;
  const mechanicalFraction = Math.min(neededFraction, capacity);

  const volumeM3PerS = airVolumeFlowM3PerS(
    heatLoadKw,
    hall.airTemperatureRiseK,
    hall.airDensityKgPerM3PerPa * pressurePa,
  );
  const fanKw = fanPowerKw(volumeM3PerS, design.supplyFanSpecificPowerWPerM3s);
  // Fan motors sit in the air stream, so their heat is part of what the coils remove.
  const heatRemovedKw = heatLoadKw + fanKw;
  const dxKw =
    mechanicalFraction > 0
      ? dxPowerKw(
          design.compressor,
          design.condenserFanKwPerKw,
          supplyC,
          dryBulbC,
          heatRemovedKw * capacity,
          heatRemovedKw * mechanicalFraction,
        )
      : 0;
  // Mixing and DX coils cannot add moisture: outdoor air drier than the envelope is reported, not fixed.
  const humidityOk = mode === MODE_MECHANICAL || dewPointC >= hall.minDewPointC;
  writeHour(
    out,
    i,
    hall,
    mode,
    mechanicalFraction,
    neededFraction - mechanicalFraction,
    fanKw + dxKw,
    0,
    humidityOk,
  );
}
