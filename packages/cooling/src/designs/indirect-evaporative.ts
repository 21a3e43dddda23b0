import type { z } from 'zod';
import { airMassFlowKgPerS, fanPowerKw, fanSpeedPowerFactor } from '../fans.js';
import { hallFanSpeed } from '../hall.js';
import {
  MODE_INDIRECT_DRY,
  MODE_INDIRECT_EVAPORATIVE,
  MODE_INDIRECT_EVAPORATIVE_PARTIAL,
  MODE_MECHANICAL,
} from '../modes.js';
import { blowdownLiters, wetStreamEvaporationLitersPerHour } from '../water.js';
import { dxTrimKw } from './dx.js';
import { type HoursFunction, hallDesignAirflowM3PerS, writeHour } from './hour.js';
import {
  airCooledDxFields,
  between,
  cyclesOfConcentration,
  designSchema,
  specificFanPower,
} from './parts.js';

/**
 * Indirect evaporative cooler: hall return air crosses an air-to-air heat exchanger against outdoor
 * (scavenger) air, dry when that suffices, with the scavenger air evaporatively cooled toward its wet bulb
 * when not, and DX trim for the rest. Outdoor air never enters the hall.
 */
export const indirectEvaporativeDesignSchema = designSchema('indirect-evaporative', {
  /** Dry sensible effectiveness of the heat exchanger at design scavenger flow (plate HX 0.6-0.8). */
  hxEffectivenessDry: between(0.3, 0.95).default(0.7),
  /** Effectiveness against the evaporatively cooled scavenger air when the plates are wetted. */
  hxEffectivenessWet: between(0.3, 0.95).default(0.75),
  /** Saturation effectiveness of the scavenger-air spray: (t_db - t_out) / (t_db - t_wb). */
  evaporativeEffectiveness: between(0.3, 1).default(0.9),
  /** Process (hall) fans through the heat exchanger, filters and hall, W per m³/s. */
  processFanSpecificPowerWPerM3s: specificFanPower(800),
  /** Scavenger fans, W per m³/s of scavenger air at full speed. */
  scavengerFanSpecificPowerWPerM3s: specificFanPower(600),
  /** Scavenger airflow at full speed over process airflow. */
  scavengerFlowRatio: between(0.3, 3).default(1),
  /** Lowest scavenger fan speed, as a fraction of full speed. */
  scavengerMinSpeedFraction: between(0, 1).default(0.2),
  /** Spray pumps while wet, kW per kW of heat rejected through the exchanger. */
  sprayPumpKwPerKw: between(0, 0.1).default(0.005),
  /** Cycles of concentration of the spray water (blowdown = evaporation / (cycles - 1)). */
  cyclesOfConcentration: cyclesOfConcentration(3),
  ...airCooledDxFields,
});

export type IndirectEvaporativeDesign = z.infer<typeof indirectEvaporativeDesignSchema>;

export const indirectEvaporativeHours = ((design, hall, inputs, out, hours) => {
  // The process fans' affinity factor depends on the load alone: computed again only when it changes.
  let factorLoadKw = Number.NaN;
  let processFanFactor = 0;
  let factorScavengerSpeed = Number.NaN;
  let scavengerFanFactor = 0;
  for (let i = 0; i < hours; i++) {
    const dryBulbC = inputs.dryBulbC[i]!;
    const wetBulbC = inputs.wetBulbC[i]!;
    const pressurePa = inputs.pressurePa[i]!;
    const humidityRatio = inputs.humidityRatio[i]!;
    const heatLoadKw = inputs.heatLoadKw[i]!;
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
    const mechanicalFraction = Math.min(neededFraction, design.mechanicalCapacityFraction);

    // Process and scavenger fans are sized for the design process flow (times the flow ratio) and run at
    // the load's speed (times the scavenger's share), never below their minimum speed (affinity laws,
    // partLoadFanPowerKw, as hallFanKw for the process fans, written out so both share the design flow).
    const loadSpeed = hallFanSpeed(hall, heatLoadKw);
    const designM3PerS = heatLoadKw > 0 ? hallDesignAirflowM3PerS(hall, pressurePa, heatLoadKw) : 0;
    if (heatLoadKw !== factorLoadKw) {
      processFanFactor = fanSpeedPowerFactor(
        loadSpeed,
        design.fanMinSpeedFraction,
        design.fanAffinityExponent,
      );
      factorLoadKw = heatLoadKw;
    }
    const processFanKw =
      designM3PerS > 0
        ? fanPowerKw(designM3PerS, design.processFanSpecificPowerWPerM3s) * processFanFactor
        : 0;
    // Process fan heat lands in the hall air, so the plant removes it too.
    const heatRemovedKw = heatLoadKw + processFanKw;
    const exchangerKw = heatRemovedKw * (1 - neededFraction);
    const scavengerDesignM3PerS = designM3PerS * design.scavengerFlowRatio;
    const scavengerSpeedOfDesign = heatLoadKw > 0 ? scavengerSpeed * loadSpeed : 0;
    // The scavenger speed repeats too (the load's speed in every wet-partial and mechanical hour).
    if (scavengerSpeedOfDesign !== factorScavengerSpeed) {
      scavengerFanFactor = fanSpeedPowerFactor(
        scavengerSpeedOfDesign,
        design.scavengerMinSpeedFraction,
        design.fanAffinityExponent,
      );
      factorScavengerSpeed = scavengerSpeedOfDesign;
    }
    const scavengerFanKw =
      scavengerDesignM3PerS > 0
        ? fanPowerKw(scavengerDesignM3PerS, design.scavengerFanSpecificPowerWPerM3s) * scavengerFanFactor
        : 0;
    // Water: the scavenger air is sprayed (adiabatic) and then takes the exchanger's heat off the wetted
    // plates, leaving saturated; evaporation is its humidity-ratio change (wetStreamEvaporationLitersPerHour).
    let evaporatedLiters = 0;
    if (wet && exchangerKw > 0 && scavengerDesignM3PerS > 0) {
      const designHeatKw = hall.designHeatLoadKw > 0 ? hall.designHeatLoadKw : heatLoadKw;
      const scavengerKgPerS =
        airMassFlowKgPerS(designHeatKw, riseK) *
        design.scavengerFlowRatio *
        Math.max(scavengerSpeedOfDesign, design.scavengerMinSpeedFraction);
      evaporatedLiters = wetStreamEvaporationLitersPerHour(
        exchangerKw,
        scavengerKgPerS,
        dryBulbC,
        humidityRatio,
        pressurePa,
      );
    }

    const dxKw = dxTrimKw(design, hall, dryBulbC, heatRemovedKw, mechanicalFraction);
    const sprayPumpKw = wet ? design.sprayPumpKwPerKw * exchangerKw : 0;
    const unmetFraction = neededFraction - mechanicalFraction;
    const coolingPowerKw = processFanKw + scavengerFanKw + dxKw + sprayPumpKw;
    const waterLiters = evaporatedLiters + blowdownLiters(evaporatedLiters, design.cyclesOfConcentration);
    writeHour(out, i, hall, mode, mechanicalFraction, unmetFraction, coolingPowerKw, waterLiters, true);
  }
}) satisfies HoursFunction<IndirectEvaporativeDesign>;
