import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { dxPowerKw } from '../chiller.js';
import { airVolumeFlowM3PerS, fanPowerKw } from '../fans.js';
import type { HallContext } from '../hall.js';
import {
  MODE_INDIRECT_DRY,
  MODE_INDIRECT_EVAPORATIVE,
  MODE_INDIRECT_EVAPORATIVE_PARTIAL,
  MODE_MECHANICAL,
} from '../modes.js';
import type { CoolingSeries } from '../series.js';
import { makeupWaterLitersPerHour } from '../water.js';
import { writeHour } from './hour.js';
import { between, checkSetpointInEnvelope, compressorSchema, DX_DEFAULTS, hallFields } from './parts.js';

/**
 * Indirect evaporative cooler: hall return air crosses an air-to-air heat exchanger against outdoor
 * (scavenger) air, dry when that suffices, with the scavenger air evaporatively cooled toward its wet bulb
 * when not, and DX trim for the rest. Outdoor air never enters the hall.
 */
export const indirectEvaporativeDesignSchema = strictObject({
  type: z.literal('indirect-evaporative'),
  ...hallFields,
  /** Dry sensible effectiveness of the heat exchanger at design scavenger flow (plate HX 0.6-0.8). */
  hxEffectivenessDry: between(0.3, 0.95).default(0.7),
  /** Effectiveness against the evaporatively cooled scavenger air when the plates are wetted. */
  hxEffectivenessWet: between(0.3, 0.95).default(0.75),
  /** Saturation effectiveness of the scavenger-air spray: (t_db - t_out) / (t_db - t_wb). */
  evaporativeEffectiveness: between(0.3, 1).default(0.9),
  /** Process (hall) fans through the heat exchanger, filters and hall, W per m³/s. */
  processFanSpecificPowerWPerM3s: between(100, 5000).default(800),
  /** Scavenger fans, W per m³/s of scavenger air at full speed. */
  scavengerFanSpecificPowerWPerM3s: between(100, 5000).default(600),
  /** Scavenger airflow at full speed over process airflow. */
  scavengerFlowRatio: between(0.3, 3).default(1),
  /** Lowest scavenger fan speed, as a fraction of full speed. */
  scavengerMinSpeedFraction: between(0, 1).default(0.2),
  /** Spray pumps while wet, kW per kW of heat rejected through the exchanger. */
  sprayPumpKwPerKw: between(0, 0.1).default(0.005),
  /** Cycles of concentration of the spray water (blowdown = evaporation / (cycles - 1)). */
  cyclesOfConcentration: between(1.5, 20).default(3),
  /** DX trim condenser fans, kW per kW of heat rejected. */
  condenserFanKwPerKw: between(0, 0.2).default(0.02),
  compressor: compressorSchema(DX_DEFAULTS).prefault({}),
}).check(checkSetpointInEnvelope);

export type IndirectEvaporativeDesign = z.infer<typeof indirectEvaporativeDesignSchema>;

export function indirectEvaporativeHour(
  design: IndirectEvaporativeDesign,
  hall: HallContext,
  dryBulbC: number,
  _dewPointC: number,
  wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  out: CoolingSeries,
  i: number,
): void {
  const supplyC = hall.supplyAirC;
  const returnC = hall.returnAirC;
  const riseK = hall.airTemperatureRiseK;
  // A wet bulb above the dry bulb (sensor rounding) is saturated air at the dry bulb.
  const wetC = Math.min(wetBulbC, dryBulbC);

  let mode: number;
  let neededFraction = 0;
  let scavengerSpeed = 1;
  let wet = false;
  const dryOutC = returnC - design.hxEffectivenessDry * (returnC - dryBulbC);
  if (dryOutC <= supplyC) {
    mode = MODE_INDIRECT_DRY;
    // Scavenger flow is the smaller capacity stream, so the heat moved scales roughly with its speed.
    scavengerSpeed = riseK / (design.hxEffectivenessDry * (returnC - dryBulbC));
  } else {
    const scavengerInC = dryBulbC - design.evaporativeEffectiveness * (dryBulbC - wetC);
    const wetOutC = returnC - design.hxEffectivenessWet * (returnC - scavengerInC);
    if (wetOutC <= supplyC) {
      mode = MODE_INDIRECT_EVAPORATIVE;
      scavengerSpeed = riseK / (design.hxEffectivenessWet * (returnC - scavengerInC));
      wet = true;
    } else if (wetOutC < returnC) {
      mode = MODE_INDIRECT_EVAPORATIVE_PARTIAL;
      neededFraction = (wetOutC - supplyC) / riseK;
      wet = true;
    } else {
      mode = MODE_MECHANICAL;
      neededFraction = 1;
      scavengerSpeed = 0;
    }
  }
  if (scavengerSpeed > 0 && scavengerSpeed < design.scavengerMinSpeedFraction) {
    scavengerSpeed = design.scavengerMinSpeedFraction;
  }
  const capacity = design.mechanicalCapacityFraction;
  const mechanicalFraction = Math.min(neededFraction, capacity);

  const processM3PerS = airVolumeFlowM3PerS(heatLoadKw, riseK, hall.airDensityKgPerM3PerPa * pressurePa);
  const processFanKw = fanPowerKw(processM3PerS, design.processFanSpecificPowerWPerM3s);
  // Affinity laws: fan power goes with the cube of speed.
  const scavengerFanKw =
    fanPowerKw(processM3PerS * design.scavengerFlowRatio, design.scavengerFanSpecificPowerWPerM3s) *
    scavengerSpeed *
    scavengerSpeed *
    scavengerSpeed;
  // Process fan heat lands in the hall air, so the plant removes it too.
  const heatRemovedKw = heatLoadKw + processFanKw;
  const exchangerKw = heatRemovedKw * (1 - neededFraction);

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
  const sprayPumpKw = wet ? design.sprayPumpKwPerKw * exchangerKw : 0;
  const waterLiters = wet ? makeupWaterLitersPerHour(exchangerKw, design.cyclesOfConcentration) : 0;
  writeHour(
    out,
    i,
    hall,
    mode,
    mechanicalFraction,
    neededFraction - mechanicalFraction,
    processFanKw + scavengerFanKw + dxKw + sprayPumpKw,
    waterLiters,
    true,
  );
}
