import { z } from 'zod';
import { carnotCop, compressorPowerKw } from '../chiller.js';
import { AIR_SPECIFIC_HEAT_KJ_PER_KG_K } from '../constants.js';
import { fanPowerKw, fanSpeedPowerFactor } from '../fans.js';
import { hallFanSpeed } from '../hall.js';
import {
  MODE_DRY_COOLER,
  MODE_DRY_COOLER_EVAPORATIVE,
  MODE_DRY_COOLER_PARTIAL,
  MODE_MECHANICAL,
  MODE_WATERSIDE_ECONOMIZER,
  MODE_WATERSIDE_ECONOMIZER_PARTIAL,
} from '../modes.js';
import { pumpPowerKw } from '../pumps.js';
import {
  blowdownLiters,
  evaporationFromAirLitersPerHour,
  towerAirFlowKgPerS,
  wetBulbLineHumidityRatio,
  wetStreamEvaporationLitersPerHour,
} from '../water.js';
import { type HoursFunction, hallAirflowM3PerS, writeHour } from './hour.js';
import { between, chillerFields, cyclesOfConcentration, designSchema, specificFanPower } from './parts.js';

/**
 * ASHRAE TC 9.9 liquid-cooling classes: the highest facility water supply temperature, °C, each class
 * guarantees the IT equipment accepts (ASHRAE TC 9.9, "Liquid Cooling Guidelines for Datacom Equipment
 * Centers", 2nd ed., 2014, Table 2.1; "Water-Cooled Servers: Common Designs, Components and Processes",
 * 2019: W17, W27, W32, W40, W45 and W+ above 45 °C, here taken at 50 °C).
 */
export const LIQUID_COOLING_CLASSES = { W17: 17, W27: 27, W32: 32, W40: 40, W45: 45, 'W+': 50 } as const;
export type LiquidCoolingClass = keyof typeof LIQUID_COOLING_CLASSES;
const CLASS_IDS = Object.keys(LIQUID_COOLING_CLASSES) as [LiquidCoolingClass, ...LiquidCoolingClass[]];

export const HEAT_REJECTIONS = ['dry-cooler', 'cooling-tower'] as const;

/**
 * Warm-water direct liquid cooling for AI racks (40-140 kW): cold plates take `coldPlateShare` of the
 * heat into a technology cooling loop whose CDUs hand it to a facility water loop at the class's supply
 * temperature; the rest leaves by air through fan coils on a cooler water loop. Both loops reject to dry
 * coolers (with adiabatic pads when the air is too warm) or cooling towers, and water-cooled chillers trim
 * only when the rejection cannot hold a loop's supply temperature.
 */
export const warmWaterLiquidDesignSchema = designSchema('warm-water-liquid', {
  /** Share of the IT heat the cold plates take (direct-to-chip: 70-90 %; the rest by air). */
  coldPlateShare: between(0.5, 0.98).default(0.8),
  /** ASHRAE liquid-cooling class of the facility water: its maximum supply temperature. */
  facilityWaterClass: z.enum(CLASS_IDS, { error: `must be one of ${CLASS_IDS.join(', ')}` }).default('W32'),
  /** Facility water return minus supply, K (cold-plate loops run 8-12 K). */
  facilityWaterDeltaTK: between(3, 20).default(10),
  /** Supply temperature of the fan-coil (air share) water loop, °C. */
  airLoopWaterSupplyC: between(7, 30).default(20),
  airLoopWaterDeltaTK: between(2, 15).default(6),
  /** Fan coils / fan walls for the air share, W per m³/s at design flow. */
  airHandlerFanSpecificPowerWPerM3s: specificFanPower(600),
  heatRejection: z
    .enum(HEAT_REJECTIONS, { error: `must be one of ${HEAT_REJECTIONS.join(', ')}` })
    .default('dry-cooler'),
  /** Dry cooler leaving water above the entering air, K (5-10 K at design). */
  dryCoolerApproachK: between(2, 20).default(6),
  /** Air temperature rise through the dry cooler coil, K: sets its air flow for the pads' water. */
  dryCoolerAirRiseK: between(3, 25).default(10),
  /** Dry cooler fans at design speed, kW per kW rejected. */
  dryCoolerFanKwPerKw: between(0, 0.1).default(0.015),
  /** Adiabatic pads ahead of the dry cooler coils, wetted when dry air cannot hold a loop. */
  evaporativeAssist: z.boolean({ error: 'must be true or false' }).default(true),
  /** Saturation effectiveness of the pads. */
  assistEffectiveness: between(0.3, 1).default(0.8),
  towerApproachK: between(1, 15).default(4),
  /** Tower water-to-air mass ratio (0.75-1.5). */
  towerLiquidToGasRatio: between(0.3, 3).default(1),
  towerFanKwPerKw: between(0, 0.1).default(0.01),
  /** Condenser water rise through the trim chillers, K. */
  condenserWaterRangeK: between(2, 15).default(5),
  /** CDU secondary (technology cooling loop) pump head, kPa: cold plates, manifolds and the CDU. */
  cduPumpHeadKpa: between(20, 1000).default(200),
  facilityPumpHeadKpa: between(20, 1000).default(250),
  airLoopPumpHeadKpa: between(20, 1000).default(200),
  pumpEfficiency: between(0.2, 0.95).default(0.7),
  /** Cycles of concentration of tower or pad water. */
  cyclesOfConcentration: cyclesOfConcentration(5),
  ...chillerFields,
}).check((ctx) => {
  const { airLoopWaterSupplyC, supplyAirSetpointC } = ctx.value;
  if (typeof airLoopWaterSupplyC !== 'number' || typeof supplyAirSetpointC !== 'number') return;
  if (airLoopWaterSupplyC > supplyAirSetpointC - 2) {
    ctx.issues.push({
      code: 'custom',
      path: ['airLoopWaterSupplyC'],
      message: `must be at least 2 K below supplyAirSetpointC (${supplyAirSetpointC} °C) for the fan coils`,
      input: airLoopWaterSupplyC,
    });
  }
});

export type WarmWaterLiquidDesign = z.infer<typeof warmWaterLiquidDesignSchema>;

/** Share of a design's IT heat that leaves by air (server fans run only for that share). */
export function airCooledShare(design: { readonly type: string; readonly coldPlateShare?: number }): number {
  return design.type === 'warm-water-liquid' ? 1 - (design.coldPlateShare ?? 0.8) : 1;
}

export const warmWaterLiquidHours = ((design, hall, inputs, out, hours) => {
  // What the design fixes for every hour: the rejection and the facility water class's supply.
  const towers = design.heatRejection === 'cooling-tower';
  const liquidSupplyC = LIQUID_COOLING_CLASSES[design.facilityWaterClass];
  // The fan coils' affinity factor depends on the load alone: computed again only when it changes.
  let factorLoadKw = Number.NaN;
  let fanCoilFactor = 0;
  for (let i = 0; i < hours; i++) {
    const dryBulbC = inputs.dryBulbC[i]!;
    const wetBulbC = inputs.wetBulbC[i]!;
    const pressurePa = inputs.pressurePa[i]!;
    const humidityRatio = inputs.humidityRatio[i]!;
    const heatLoadKw = inputs.heatLoadKw[i]!;
    const wetC = Math.min(wetBulbC, dryBulbC);
    const liquidKw = heatLoadKw * design.coldPlateShare;
    const airShareKw = heatLoadKw - liquidKw;

    // Fan coils for the air share, sized with the hall (their speed follows the hall's load).
    const airFlowM3PerS = hallAirflowM3PerS(hall, pressurePa, airShareKw);
    const speed = hallFanSpeed(hall, heatLoadKw);
    // partLoadFanPowerKw(V, V / s, ...) = SFP x (V / s) x max(s, s_min)^n, the factor once per load.
    if (heatLoadKw !== factorLoadKw) {
      fanCoilFactor = fanSpeedPowerFactor(speed, design.fanMinSpeedFraction, design.fanAffinityExponent);
      factorLoadKw = heatLoadKw;
    }
    const fanKw =
      airFlowM3PerS > 0 && speed > 0
        ? fanPowerKw(airFlowM3PerS / speed, design.airHandlerFanSpecificPowerWPerM3s) * fanCoilFactor
        : 0;
    const airLoopKw = airShareKw + fanKw;

    const dryC = dryBulbC + design.dryCoolerApproachK;
    const padAirC = dryBulbC - design.assistEffectiveness * (dryBulbC - wetC);
    const assistedC = padAirC + design.dryCoolerApproachK;
    const towerC = wetC + design.towerApproachK;

    // Each loop: the water the rejection delivers (pads on only when dry air cannot hold its supply), and
    // the share the chillers must carry: (t_rejection - t_supply) / ΔT, within 0..1. Scalars, not objects:
    // this runs every hour.
    const liquidAssisted = !towers && design.evaporativeAssist && dryC > liquidSupplyC;
    const liquidWaterC = towers ? towerC : liquidAssisted ? assistedC : dryC;
    const liquidNeeded = clampShare((liquidWaterC - liquidSupplyC) / design.facilityWaterDeltaTK);
    const airSupplyC = design.airLoopWaterSupplyC;
    const airAssisted = !towers && design.evaporativeAssist && dryC > airSupplyC;
    const airWaterC = towers ? towerC : airAssisted ? assistedC : dryC;
    const airNeeded = clampShare((airWaterC - airSupplyC) / design.airLoopWaterDeltaTK);

    const capacity = design.mechanicalCapacityFraction;
    const chillerKw =
      trimChillerKw(design, liquidSupplyC, liquidWaterC, liquidKw, liquidNeeded) +
      trimChillerKw(design, airSupplyC, airWaterC, airLoopKw, airNeeded);
    const totalKw = liquidKw + airLoopKw;
    const neededKw = liquidNeeded * liquidKw + airNeeded * airLoopKw;
    const mechanicalKw =
      Math.min(liquidNeeded, capacity) * liquidKw + Math.min(airNeeded, capacity) * airLoopKw;
    const neededFraction = totalKw > 0 ? neededKw / totalKw : 0;
    const mechanicalFraction = totalKw > 0 ? mechanicalKw / totalKw : 0;
    // Unmet heat stays in the hall; the rest, with the chillers' own, goes to the rejection.
    const rejectedKw = totalKw - (neededKw - mechanicalKw) + chillerKw;
    const liquidRejectedKw = totalKw > 0 ? (rejectedKw * liquidKw) / totalKw : 0;
    const airRejectedKw = rejectedKw - liquidRejectedKw;

    let rejectionFanKw: number;
    let waterLiters = 0;
    if (towers) {
      rejectionFanKw = design.towerFanKwPerKw * rejectedKw;
      if (rejectedKw > 0) {
        const outdoorW = humidityRatio;
        const airKgPerS = towerAirFlowKgPerS(
          rejectedKw,
          design.facilityWaterDeltaTK,
          design.towerLiquidToGasRatio,
        );
        const evaporated = wetStreamEvaporationLitersPerHour(
          rejectedKw,
          airKgPerS,
          dryBulbC,
          outdoorW,
          pressurePa,
        );
        waterLiters = evaporated + blowdownLiters(evaporated, design.cyclesOfConcentration);
      }
    } else {
      // Dry cooler fans slow when the air is colder than the loop needs: the speed that holds the supply
      // temperature scales as approach / (t_supply - t_air), never below the minimum, full with the pads on.
      rejectionFanKw =
        dryCoolerFanKw(
          design,
          liquidSupplyC - dryBulbC,
          liquidAssisted || liquidNeeded > 0,
          liquidRejectedKw,
        ) + dryCoolerFanKw(design, airSupplyC - dryBulbC, airAssisted || airNeeded > 0, airRejectedKw);
      // Pads: the dry cooler's air, Q / (cp ΔT_air), picks up W_pad - W_oa on its wet-bulb line.
      const assistedKw = (liquidAssisted ? liquidRejectedKw : 0) + (airAssisted ? airRejectedKw : 0);
      if (assistedKw > 0) {
        const outdoorW = humidityRatio;
        const airKgPerS = assistedKw / (AIR_SPECIFIC_HEAT_KJ_PER_KG_K * design.dryCoolerAirRiseK);
        const padW = wetBulbLineHumidityRatio(padAirC, wetC, pressurePa);
        const evaporated = evaporationFromAirLitersPerHour(airKgPerS, outdoorW, padW);
        waterLiters = evaporated + blowdownLiters(evaporated, design.cyclesOfConcentration);
      }
    }

    const pumpsKw =
      pumpPowerKw(liquidKw, design.facilityWaterDeltaTK, design.cduPumpHeadKpa, design.pumpEfficiency) +
      pumpPowerKw(
        liquidRejectedKw,
        design.facilityWaterDeltaTK,
        design.facilityPumpHeadKpa,
        design.pumpEfficiency,
      ) +
      pumpPowerKw(
        airRejectedKw,
        design.airLoopWaterDeltaTK,
        design.airLoopPumpHeadKpa,
        design.pumpEfficiency,
      );

    let mode: number;
    if (neededFraction >= 1) mode = MODE_MECHANICAL;
    else if (towers)
      mode = neededFraction > 0 ? MODE_WATERSIDE_ECONOMIZER_PARTIAL : MODE_WATERSIDE_ECONOMIZER;
    else if (neededFraction > 0) mode = MODE_DRY_COOLER_PARTIAL;
    else mode = liquidAssisted || airAssisted ? MODE_DRY_COOLER_EVAPORATIVE : MODE_DRY_COOLER;

    const unmetFraction = neededFraction - mechanicalFraction;
    const coolingPowerKw = fanKw + chillerKw + rejectionFanKw + pumpsKw;
    writeHour(out, i, hall, mode, mechanicalFraction, unmetFraction, coolingPowerKw, waterLiters, true);
  }
}) satisfies HoursFunction<WarmWaterLiquidDesign>;

function clampShare(share: number): number {
  return share > 1 ? 1 : Math.max(share, 0);
}

/** Trim chiller power, kW, for one loop: chillers sized at the capacity share of `loopKw`, carrying `needed`. */
function trimChillerKw(
  design: WarmWaterLiquidDesign,
  supplyC: number,
  rejectionWaterC: number,
  loopKw: number,
  needed: number,
): number {
  if (!(needed > 0 && loopKw > 0)) return 0;
  const c = design.compressor;
  const cop = carnotCop(
    supplyC - c.evaporatorApproachK,
    rejectionWaterC + design.condenserWaterRangeK + c.condenserApproachK,
    c.carnotEfficiency,
    c.maxCop,
  );
  const capacity = design.mechanicalCapacityFraction;
  return compressorPowerKw(loopKw * capacity, loopKw * Math.min(needed, capacity), cop, c.partLoad);
}

/**
 * Dry cooler fan power, kW, rejecting `kw` for a loop whose supply lies `marginK` above the air: full
 * speed when the pads or chillers run or the margin is no more than the approach, else approach / margin
 * of it (never below the minimum), by the affinity law.
 */
function dryCoolerFanKw(
  design: WarmWaterLiquidDesign,
  marginK: number,
  fullSpeed: boolean,
  kw: number,
): number {
  if (!(kw > 0)) return 0;
  const speed =
    fullSpeed || marginK <= design.dryCoolerApproachK
      ? 1
      : Math.max(design.fanMinSpeedFraction, design.dryCoolerApproachK / marginK);
  return design.dryCoolerFanKwPerKw * kw * fanSpeedPowerFactor(speed, 0, design.fanAffinityExponent);
}
