import { strictObject } from '@karst/climate';
import { z } from 'zod';
import { carnotCop, compressorPowerKw } from '../chiller.js';
import { airVolumeFlowM3PerS, fanPowerKw } from '../fans.js';
import type { HallContext } from '../hall.js';
import { MODE_MECHANICAL, MODE_WATERSIDE_ECONOMIZER, MODE_WATERSIDE_ECONOMIZER_PARTIAL } from '../modes.js';
import { pumpPowerKw } from '../pumps.js';
import type { CoolingSeries } from '../series.js';
import { makeupWaterLitersPerHour } from '../water.js';
import { writeHour } from './hour.js';
import { between, CHILLER_DEFAULTS, checkSetpointInEnvelope, compressorSchema, hallFields } from './parts.js';

/**
 * Chilled water plant with a waterside economizer: hall air handlers (CRAH) on a chilled water loop;
 * cooling-tower water through a plate heat exchanger pre-cools the returning chilled water, water-cooled
 * chillers (condensing on the same tower) cool it the rest of the way to the setpoint.
 */
export const chilledWaterWseDesignSchema = strictObject({
  type: z.literal('chilled-water-wse'),
  ...hallFields,
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
  airHandlerFanSpecificPowerWPerM3s: between(100, 5000).default(600),
  /** Tower fans, kW per kW of heat rejected. */
  towerFanKwPerKw: between(0, 0.1).default(0.01),
  chilledWaterPumpHeadKpa: between(20, 1000).default(250),
  condenserWaterPumpHeadKpa: between(20, 1000).default(200),
  /** Wire-to-water efficiency of the pumps. */
  pumpEfficiency: between(0.2, 0.95).default(0.7),
  /** Cycles of concentration of the tower water (blowdown = evaporation / (cycles - 1)). */
  cyclesOfConcentration: between(1.5, 20).default(4),
  compressor: compressorSchema(CHILLER_DEFAULTS).prefault({}),
})
  .check(checkSetpointInEnvelope)
  .check((ctx) => {
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

export function chilledWaterWseHour(
  design: ChilledWaterWseDesign,
  hall: HallContext,
  _dryBulbC: number,
  _dewPointC: number,
  wetBulbC: number,
  pressurePa: number,
  heatLoadKw: number,
  out: CoolingSeries,
  i: number,
): void {
  const supplyWaterC = design.chilledWaterSupplyC;
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

  const airM3PerS = airVolumeFlowM3PerS(
    heatLoadKw,
    hall.airTemperatureRiseK,
    hall.airDensityKgPerM3PerPa * pressurePa,
  );
  const airHandlerFanKw = fanPowerKw(airM3PerS, design.airHandlerFanSpecificPowerWPerM3s);
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
  writeHour(
    out,
    i,
    hall,
    mode,
    mechanicalFraction,
    neededFraction - mechanicalFraction,
    airHandlerFanKw + chillerKw + pumpsKw + towerFanKw,
    makeupWaterLitersPerHour(rejectedKw, design.cyclesOfConcentration),
    true,
  );
}
