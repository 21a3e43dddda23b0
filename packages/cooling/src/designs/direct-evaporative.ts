import { humidityRatioFromDewPoint } from '@karst/climate';
import { z } from 'zod';
import { airMassFlowKgPerS } from '../fans.js';
import { hallMaxHumidityRatio } from '../hall.js';
import {
  MODE_DIRECT_EVAPORATIVE,
  MODE_DIRECT_EVAPORATIVE_PARTIAL,
  MODE_FREE_AIR,
  MODE_FREE_AIR_PARTIAL,
  MODE_MECHANICAL,
} from '../modes.js';
import {
  blowdownLiters,
  dryBulbOnWetBulbLineC,
  evaporationFromAirLitersPerHour,
  wetBulbLineHumidityRatio,
} from '../water.js';
import { dxTrimKw } from './dx.js';
import { dehumidifyingCoilShare, type HoursFunction, hallFanFactor, hallFanKw, writeHour } from './hour.js';
import {
  airCooledDxFields,
  between,
  cyclesOfConcentration,
  designSchema,
  specificFanPower,
} from './parts.js';

/**
 * Direct evaporative cooling with free air (the Open Compute / Meta Prineville and Forest City type): fan
 * walls draw outdoor air through filters and wetted media into the hall; in cold hours outdoor air is
 * mixed with hot-aisle air (and humidified when too dry); in warm hours the media cool it toward its wet
 * bulb as far as the envelope's humidity limit allows; DX coils trim what is left, or cool and
 * dehumidify outdoor air when it is wetter than the envelope, or recirculate when outdoor air carries
 * more enthalpy than the return air (an enthalpy economizer).
 */
export const directEvaporativeDesignSchema = designSchema('direct-evaporative', {
  /**
   * Supply fans through louvers, filters, wetted media and the hall, W per m³/s at design flow: a
   * ductless penthouse at ~300 Pa and 0.6 total efficiency is 500 (EN 16798-3 SFP 1 is <= 500).
   */
  supplyFanSpecificPowerWPerM3s: specificFanPower(500),
  /**
   * Saturation effectiveness of the wetted media, (t_db - t_out) / (t_db - t_wb): rigid cellulose media
   * 100-300 mm deep reach 0.70-0.95 (ASHRAE Handbook HVAC Systems and Equipment 2020, ch. 41).
   */
  mediaEffectiveness: between(0.3, 1).default(0.85),
  /** Media recirculation pumps while wet, kW per kW of heat removed. */
  mediaPumpKwPerKw: between(0, 0.05).default(0.001),
  /** Cycles of concentration of the media sump (bleed-off = evaporation / (cycles - 1)). */
  cyclesOfConcentration: cyclesOfConcentration(4),
  /** Humidify outdoor air that is drier than the envelope by evaporating into it. */
  humidifyDryAir: z.boolean({ error: 'must be true or false' }).default(true),
  /**
   * Dew point, °C, the humidifying media hold the supply air at or above; by default the envelope's
   * lower limit. Halls designed to the ASHRAE 2008 recommended envelope (lower limit 5.5 °C dew point,
   * ASHRAE TC 9.9, "2008 ASHRAE Environmental Guidelines for Datacom Equipment") humidify far more.
   */
  humidifyToDewPointC: between(-20, 15).optional(),
  ...airCooledDxFields,
});

export type DirectEvaporativeDesign = z.infer<typeof directEvaporativeDesignSchema>;

export const directEvaporativeHours = ((design, hall, inputs, out, hours) => {
  // The hall fans' affinity factor depends on the load alone: computed again only when it changes.
  let factorLoadKw = Number.NaN;
  let fanFactor = 0;
  for (let i = 0; i < hours; i++) {
    const dryBulbC = inputs.dryBulbC[i]!;
    const dewPointC = inputs.dewPointC[i]!;
    const wetBulbC = inputs.wetBulbC[i]!;
    const pressurePa = inputs.pressurePa[i]!;
    const humidityRatio = inputs.humidityRatio[i]!;
    const heatLoadKw = inputs.heatLoadKw[i]!;
    const supplyC = hall.supplyAirC;
    const returnC = hall.returnAirC;
    const riseK = hall.airTemperatureRiseK;
    const wetC = Math.min(wetBulbC, dryBulbC);
    const outdoorW = humidityRatio;
    const maxW = hallMaxHumidityRatio(hall, pressurePa);

    let mode: number;
    let neededFraction: number;
    let evaporativeOutC = dryBulbC;
    if (outdoorW > maxW) {
      // Wetter than the envelope: the DX coil cools outdoor air to the envelope's dew point (saturated,
      // h_c), and mixing with return air brings it to the supply temperature, so the outdoor share is
      // (t_r - t_s) / (t_r - t_c) and the coil carries (h_oa - h_c) / (cp (t_r - t_c)) of the hall's heat.
      // When that reaches 1 (outdoor air holds more enthalpy than the return air), dampers close and the
      // coils recirculate.
      const coilShare = dehumidifyingCoilShare(hall, dryBulbC, pressurePa, outdoorW);
      if (coilShare >= 1) {
        mode = MODE_MECHANICAL;
        neededFraction = 1;
      } else {
        mode = MODE_FREE_AIR_PARTIAL;
        neededFraction = Math.max(0, coilShare);
      }
    } else if (dryBulbC <= supplyC) {
      // Cold: outdoor air mixed with return air to the supply temperature.
      mode = MODE_FREE_AIR;
      neededFraction = 0;
    } else {
      // Warm: the media cool outdoor air along its wet bulb to the supply air, or as far as they reach, or
      // until the air holds the envelope's moisture limit; DX trims the rest.
      const mediaOutC = dryBulbC - design.mediaEffectiveness * (dryBulbC - wetC);
      const humidityLimitC = dryBulbOnWetBulbLineC(wetC, maxW, pressurePa);
      evaporativeOutC = Math.min(dryBulbC, Math.max(mediaOutC, humidityLimitC, supplyC));
      const share = (evaporativeOutC - supplyC) / riseK;
      if (share >= 1) {
        mode = MODE_MECHANICAL;
        neededFraction = 1;
        evaporativeOutC = dryBulbC;
      } else {
        mode = share > 0 ? MODE_DIRECT_EVAPORATIVE_PARTIAL : MODE_DIRECT_EVAPORATIVE;
        neededFraction = Math.max(0, share);
      }
    }
    let evaporating = evaporativeOutC < dryBulbC;
    const mechanicalFraction = Math.min(neededFraction, design.mechanicalCapacityFraction);

    if (heatLoadKw !== factorLoadKw) {
      fanFactor = hallFanFactor(design, hall, heatLoadKw);
      factorLoadKw = heatLoadKw;
    }
    const fanKw = hallFanKw(hall, pressurePa, heatLoadKw, design.supplyFanSpecificPowerWPerM3s, fanFactor);
    const heatRemovedKw = heatLoadKw + fanKw;
    const dxKw = dxTrimKw(design, hall, dryBulbC, heatRemovedKw, mechanicalFraction);
    const airKgPerS = airMassFlowKgPerS(heatRemovedKw, riseK);

    let evaporatedLiters = 0;
    let humidityOk = true;
    if (evaporating && airKgPerS > 0) {
      // 100 % outdoor air through the media: it leaves on its wet-bulb line at the outlet temperature.
      const outW = wetBulbLineHumidityRatio(evaporativeOutC, wetC, pressurePa);
      evaporatedLiters = evaporationFromAirLitersPerHour(airKgPerS, outdoorW, outW);
    } else if (mode === MODE_FREE_AIR) {
      const targetDewPointC = design.humidifyToDewPointC ?? hall.minDewPointC;
      if (design.humidifyDryAir && dewPointC < targetDewPointC && airKgPerS > 0) {
        // Mixing: the outdoor share of the supply air, (t_r - t_s) / (t_r - t_db), brings all its moisture;
        // the media raise it to the target dew point.
        const outdoorShare = Math.min(1, riseK / Math.max(riseK, returnC - dryBulbC));
        const targetW = humidityRatioFromDewPoint(targetDewPointC, pressurePa);
        evaporatedLiters = evaporationFromAirLitersPerHour(airKgPerS * outdoorShare, outdoorW, targetW);
        evaporating = evaporatedLiters > 0;
      } else if (dewPointC < hall.minDewPointC) {
        humidityOk = false;
      }
    }
    const pumpKw = evaporating ? design.mediaPumpKwPerKw * heatRemovedKw : 0;
    const unmetFraction = neededFraction - mechanicalFraction;
    const coolingPowerKw = fanKw + dxKw + pumpKw;
    const waterLiters = evaporatedLiters + blowdownLiters(evaporatedLiters, design.cyclesOfConcentration);
    writeHour(out, i, hall, mode, mechanicalFraction, unmetFraction, coolingPowerKw, waterLiters, humidityOk);
  }
}) satisfies HoursFunction<DirectEvaporativeDesign>;
