import { KELVIN_OFFSET } from './constants.js';

/** Compressor parameters shared by chillers and DX units (see designs/parts.ts for the schema). */
export interface CompressorParams {
  /** Fraction of the Carnot COP the machine reaches at full load. */
  readonly carnotEfficiency: number;
  /** Cap on full-load COP: the Carnot term grows without bound as the lift shrinks, real compressors do not. */
  readonly maxCop: number;
  /** Evaporating temperature below the leaving chilled water (chiller) or supply air (DX), K. */
  readonly evaporatorApproachK: number;
  /** Condensing temperature above the condenser's leaving water (chiller) or outdoor dry bulb (DX), K. */
  readonly condenserApproachK: number;
  readonly partLoad: PartLoadCurve;
}

/**
 * Fraction of full-load power at a part-load ratio p: constant + linear p + quadratic p², the DOE-2 /
 * EnergyPlus EIR-fPLR form, with constant + linear + quadratic = 1. Below `minimumRatio` the compressor
 * cycles, so power falls in proportion to load from the value at `minimumRatio`.
 */
export interface PartLoadCurve {
  readonly constant: number;
  readonly linear: number;
  readonly quadratic: number;
  readonly minimumRatio: number;
}

/**
 * Full-load COP from the Carnot fraction: COP = carnotEfficiency x T_evap / (T_cond - T_evap), kelvin,
 * capped at maxCop (also when the lift is zero or negative).
 */
export function carnotCop(
  evaporatingC: number,
  condensingC: number,
  carnotEfficiency: number,
  maxCop: number,
): number {
  const liftK = condensingC - evaporatingC;
  if (liftK <= 0) return maxCop;
  const cop = (carnotEfficiency * (evaporatingC + KELVIN_OFFSET)) / liftK;
  return Math.min(cop, maxCop);
}

/** Fraction of full-load compressor power at a part-load ratio 0..1 (see PartLoadCurve). */
export function partLoadPowerFraction(partLoadRatio: number, curve: PartLoadCurve): number {
  if (partLoadRatio <= 0) return 0;
  const p = Math.min(partLoadRatio, 1);
  if (p < curve.minimumRatio) {
    const m = curve.minimumRatio;
    return (p / m) * (curve.constant + curve.linear * m + curve.quadratic * m * m);
  }
  return curve.constant + curve.linear * p + curve.quadratic * p * p;
}

/**
 * Electric power, kW, of compressors sized at `capacityKw` of cooling removing `loadKw`, with full-load
 * COP `cop`: capacity / COP x fraction of full-load power at load / capacity.
 */
export function compressorPowerKw(
  capacityKw: number,
  loadKw: number,
  cop: number,
  curve: PartLoadCurve,
): number {
  if (loadKw <= 0 || capacityKw <= 0) return 0;
  return (capacityKw / cop) * partLoadPowerFraction(loadKw / capacityKw, curve);
}
