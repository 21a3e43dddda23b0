import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { dxPowerKw } from '../chiller.js';
import { airVolumeFlowM3PerS, fanPowerKw } from '../fans.js';
import type { HallContext } from '../hall.js';
import { MODE_MECHANICAL } from '../modes.js';
import type { CoolingSeries } from '../series.js';
import { writeHour } from './hour.js';
import { between, checkSetpointInEnvelope, compressorSchema, DX_DEFAULTS, hallFields } from './parts.js';

/** Air-cooled DX computer-room units (CRAC) with no economizer: the baseline. */
export const mechanicalDesignSchema = strictObject({
  type: z.literal('mechanical'),
  ...hallFields,
  /** CRAC fans through coil and filters, W per m³/s. */
  supplyFanSpecificPowerWPerM3s: between(100, 5000).default(900),
  /** Condenser fans, kW per kW of heat rejected. */
  condenserFanKwPerKw: between(0, 0.2).default(0.02),
  compressor: compressorSchema(DX_DEFAULTS).prefault({}),
}).check(checkSetpointInEnvelope);

export type MechanicalDesign = z.infer<typeof mechanicalDesignSchema>;

export function mechanicalHour(
  design: MechanicalDesign,
  hall: HallContext,
  dryBulbC: number,
  _dewPointC: number,
  _wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  out: CoolingSeries,
  i: number,
): void {
  const capacity = design.mechanicalCapacityFraction;
  const volumeM3PerS = airVolumeFlowM3PerS(
    heatLoadKw,
    hall.airTemperatureRiseK,
    hall.airDensityKgPerM3PerPa * pressurePa,
  );
  const fanKw = fanPowerKw(volumeM3PerS, design.supplyFanSpecificPowerWPerM3s);
  const heatRemovedKw = heatLoadKw + fanKw;
  const mechanicalKw = heatRemovedKw * capacity;
  const dxKw = dxPowerKw(
    design.compressor,
    design.condenserFanKwPerKw,
    hall.supplyAirC,
    dryBulbC,
    mechanicalKw,
    mechanicalKw,
  );
  writeHour(out, i, hall, MODE_MECHANICAL, capacity, 1 - capacity, fanKw + dxKw, 0, true);
}
