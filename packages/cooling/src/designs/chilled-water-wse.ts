import { z } from 'zod';
import { carnotCop, compressorPowerKw } from '../chiller.js';
import { hallFanSpeed } from '../hall.js';
import { MODE_MECHANICAL, MODE_WATERSIDE_ECONOMIZER, MODE_WATERSIDE_ECONOMIZER_PARTIAL } from '../modes.js';
import { pumpPowerKw } from '../pumps.js';
import { blowdownLiters, towerAirFlowKgPerS, wetStreamEvaporationLitersPerHour } from '../water.js';
import { type HoursFunction, hallFanFactor, hallFanKw, writeHour } from './hour.js';
import { between, chillerFields, cyclesOfConcentration, designSchema, specificFanPower } from './parts.js';

/**
 * Chilled water plant with a waterside economizer: hall air handlers (CRAH) on a chilled water loop;
 * cooling-tower water through a plate heat exchanger pre-cools the returning chilled water, water-cooled
 * chillers (condensing on the same tower) cool it the rest of the way to the setpoint.
 */
export const chilledWaterWseDesignSchema = designSchema('chilled-water-wse', {
  /** Chilled water supply temperature, °C (a high-temperature data center loop). */
  chilledWaterSupplyC: between(5, 30).default(18),
  /** Chilled water return minus supply, K. */
  chilledWaterDeltaTK: between(2, 15).default(6),
  /** Tower leaving water above the outdoor wet bulb, K. */
  towerApproachK: between(1, 15).default(4),
  /** Plate heat exchanger: chilled water leaving it above the tower water entering it, K. */
  plateHxApproachK: between(0.5, 10).default(2),
  /** Condenser water temperature rise through the chillers, K. */
  condenserWaterRangeK: between(2, 15).default(5),
  /** Air handler fans, W per m³/s. */
  airHandlerFanSpecificPowerWPerM3s: specificFanPower(600),
  /** Tower fans, kW per kW of heat rejected. */
  towerFanKwPerKw: between(0, 0.1).default(0.01),
  chilledWaterPumpHeadKpa: between(20, 1000).default(250),
  condenserWaterPumpHeadKpa: between(20, 1000).default(200),
  /** Wire-to-water efficiency of the pumps. */
  pumpEfficiency: between(0.2, 0.95).default(0.7),
  /** Cycles of concentration of the tower water (blowdown = evaporation / (cycles - 1)). */
  cyclesOfConcentration: cyclesOfConcentration(4),
  /** Tower water-to-air mass ratio L/G (0.75-1.5, ASHRAE Handbook HVAC S&E 2020 ch. 40). */
  towerLiquidToGasRatio: between(0.3, 3).default(1),
  /**
   * Reset the chilled water supply upward at part load: the air handler coils, sized to cool the design
   * load with water at chilledWaterSupplyC, need a temperature difference to the supply air that scales
   * with the load they carry, so t_chw = t_s - (t_s - t_chw,design) x load / design load (ASHRAE
   * Guideline 36-2021, 5.20.8, chilled water supply temperature reset by coil demand).
   */
  chilledWaterReset: z.boolean({ error: 'must be true or false' }).default(false),
  ...chillerFields,
}).check((ctx) => {
  const { chilledWaterSupplyC, supplyAirSetpointC } = ctx.value;
  // Both must be numbers for the comparison to mean anything; their own checks report otherwise.
  if (typeof chilledWaterSupplyC !== 'number' || typeof supplyAirSetpointC !== 'number') return;
  if (chilledWaterSupplyC > supplyAirSetpointC - 2) {
    ctx.issues.push({
      code: 'custom',
      path: ['chilledWaterSupplyC'],
      message: `must be at least 2 K below supplyAirSetpointC (${supplyAirSetpointC} °C) for the air handler coils`,
      input: chilledWaterSupplyC,
    });
  }
});

export type ChilledWaterWseDesign = z.infer<typeof chilledWaterWseDesignSchema>;

export const chilledWaterWseHours = ((design, hall, inputs, out, hours) => {
  // The hall fans' affinity factor depends on the load alone: computed again only when it changes.
  let factorLoadKw = Number.NaN;
  let fanFactor = 0;
  for (let i = 0; i < hours; i++) {
    const dryBulbC = inputs.dryBulbC[i]!;
    const wetBulbC = inputs.wetBulbC[i]!;
    const pressurePa = inputs.pressurePa[i]!;
    const humidityRatio = inputs.humidityRatio[i]!;
    const heatLoadKw = inputs.heatLoadKw[i]!;
    const loadShare = Math.min(1, hallFanSpeed(hall, heatLoadKw));
    const supplyWaterC = design.chilledWaterReset
      ? hall.supplyAirC - (hall.supplyAirC - design.chilledWaterSupplyC) * loadShare
      : design.chilledWaterSupplyC;
    const deltaTK = design.chilledWaterDeltaTK;
    const towerWaterC = wetBulbC + design.towerApproachK;
    const exchangerOutC = towerWaterC + design.plateHxApproachK;

    let mode: number;
    let neededFraction: number;
    if (exchangerOutC <= supplyWaterC) {
      mode = MODE_WATERSIDE_ECONOMIZER;
      neededFraction = 0;
    } else if (exchangerOutC < supplyWaterC + deltaTK) {
      mode = MODE_WATERSIDE_ECONOMIZER_PARTIAL;
      neededFraction = (exchangerOutC - supplyWaterC) / deltaTK;
    } else {
      mode = MODE_MECHANICAL;
      neededFraction = 1;
    }
    const capacity = design.mechanicalCapacityFraction;
    const mechanicalFraction = Math.min(neededFraction, capacity);

    if (heatLoadKw !== factorLoadKw) {
      fanFactor = hallFanFactor(design, hall, heatLoadKw);
      factorLoadKw = heatLoadKw;
    }
    const airHandlerFanKw = hallFanKw(
      hall,
      pressurePa,
      heatLoadKw,
      design.airHandlerFanSpecificPowerWPerM3s,
      fanFactor,
    );
    const heatRemovedKw = heatLoadKw + airHandlerFanKw;

    let chillerKw = 0;
    if (mechanicalFraction > 0) {
      const c = design.compressor;
      const cop = carnotCop(
        supplyWaterC - c.evaporatorApproachK,
        towerWaterC + design.condenserWaterRangeK + c.condenserApproachK,
        c.carnotEfficiency,
        c.maxCop,
      );
      chillerKw = compressorPowerKw(
        heatRemovedKw * capacity,
        heatRemovedKw * mechanicalFraction,
        cop,
        c.partLoad,
      );
    }
    // Unmet heat stays in the hall rather than reaching the tower.
    const rejectedKw = heatRemovedKw * (1 - (neededFraction - mechanicalFraction)) + chillerKw;
    const pumpsKw =
      pumpPowerKw(heatRemovedKw, deltaTK, design.chilledWaterPumpHeadKpa, design.pumpEfficiency) +
      pumpPowerKw(
        rejectedKw,
        design.condenserWaterRangeK,
        design.condenserWaterPumpHeadKpa,
        design.pumpEfficiency,
      );
    const towerFanKw = design.towerFanKwPerKw * rejectedKw;
    // Tower water from the air-state change: the tower air (from the water flow and L/G) leaves saturated.
    let evaporatedLiters = 0;
    if (rejectedKw > 0) {
      const outdoorW = humidityRatio;
      const airKgPerS = towerAirFlowKgPerS(
        rejectedKw,
        design.condenserWaterRangeK,
        design.towerLiquidToGasRatio,
      );
      evaporatedLiters = wetStreamEvaporationLitersPerHour(
        rejectedKw,
        airKgPerS,
        dryBulbC,
        outdoorW,
        pressurePa,
      );
    }
    const unmetFraction = neededFraction - mechanicalFraction;
    const coolingPowerKw = airHandlerFanKw + chillerKw + pumpsKw + towerFanKw;
    const waterLiters = evaporatedLiters + blowdownLiters(evaporatedLiters, design.cyclesOfConcentration);
    writeHour(out, i, hall, mode, mechanicalFraction, unmetFraction, coolingPowerKw, waterLiters, true);
  }
}) satisfies HoursFunction<ChilledWaterWseDesign>;
