import type { PowerChain } from './plan-schema.js';

/** UPS efficiency at a load fraction, linear between the curve's points and flat beyond its ends. */
export function upsEfficiency(curve: PowerChain['upsEfficiencyCurve'], loadFraction: number): number {
  const first = curve[0]!;
  if (loadFraction <= first.loadFraction) return first.efficiency;
  for (let i = 1; i < curve.length; i++) {
    const upper = curve[i]!;
    if (loadFraction <= upper.loadFraction) {
      const lower = curve[i - 1]!;
      const weight = (loadFraction - lower.loadFraction) / (upper.loadFraction - lower.loadFraction);
      return lower.efficiency + weight * (upper.efficiency - lower.efficiency);
    }
  }
  return curve[curve.length - 1]!.efficiency;
}

/**
 * Power lost in the UPS while it delivers `itLoadKw`: input minus output, with the efficiency at the
 * load fraction each installed module sees (`capacityKw` is the total installed UPS capacity).
 */
export function upsLossKw(
  curve: PowerChain['upsEfficiencyCurve'],
  itLoadKw: number,
  capacityKw: number,
): number {
  if (itLoadKw <= 0) return 0;
  const efficiency = upsEfficiency(curve, itLoadKw / capacityKw);
  return itLoadKw / efficiency - itLoadKw;
}

/**
 * Transformer losses: a constant core (no-load) loss plus a copper loss that grows with the square of
 * the load (IEC 60076-1 loss model): P = P0 + Pk (S / Sr)^2.
 */
export function transformerLossKw(chain: PowerChain, throughputKw: number, ratingKw: number): number {
  const loadRatio = throughputKw / ratingKw;
  return (
    ratingKw *
    (chain.transformerNoLoadLossFraction + chain.transformerLoadLossFraction * loadRatio * loadRatio)
  );
}
