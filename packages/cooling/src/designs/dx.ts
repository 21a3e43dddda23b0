import { type CompressorParams, carnotCop, compressorPowerKw } from '../chiller.js';
import type { HallContext } from '../hall.js';

/** An air-cooled DX unit (trim coils or CRACs): compressors, condenser fans and their sizing. */
export interface AirCooledDx {
  readonly compressor: CompressorParams;
  /** Condenser fans, kW per kW of heat rejected. */
  readonly condenserFanKwPerKw: number;
  /** Compressor capacity as a share of the hour's heat removed. */
  readonly mechanicalCapacityFraction: number;
}

/**
 * Electric power, kW, of air-cooled DX (compressors plus condenser fans) in one hour: compressors sized at
 * the design's mechanicalCapacityFraction of `heatRemovedKw`, carrying `mechanicalFraction` of it (0 when
 * the compressors are off). Written out rather than passing an object per hour: the hot loop stays
 * allocation-free (measured: an options object here cost ~40 % on the mechanical design).
 */
export function dxTrimKw(
  design: AirCooledDx,
  hall: HallContext,
  dryBulbC: number,
  heatRemovedKw: number,
  mechanicalFraction: number,
): number {
  if (!(mechanicalFraction > 0)) return 0;
  const compressor = design.compressor;
  const capacityKw = heatRemovedKw * design.mechanicalCapacityFraction;
  const loadKw = heatRemovedKw * mechanicalFraction;
  // Evaporating below the supply air, condensing above the outdoor dry bulb.
  const cop = carnotCop(
    hall.supplyAirC - compressor.evaporatorApproachK,
    dryBulbC + compressor.condenserApproachK,
    compressor.carnotEfficiency,
    compressor.maxCop,
  );
  const compressorKw = compressorPowerKw(capacityKw, loadKw, cop, compressor.partLoad);
  // The condenser fans move the heat removed plus the compressors' own.
  return compressorKw + design.condenserFanKwPerKw * (loadKw + compressorKw);
}
