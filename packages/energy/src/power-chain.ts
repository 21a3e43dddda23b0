import type { PowerChain } from './plan-schema.js';
import type { UpsEfficiencyCurve } from './ups-curves.js';

/**
 * UPS modules installed per module of need: the plan's `upsRedundancyFactor` when set, else the
 * topology's (2N: 2, N+1: (N + 1) / N, distributed 3N/2: 1.5); 0 when there is no central UPS.
 */
export function upsInstalledFactor(chain: PowerChain): number {
  if (chain.upsTopology === 'none') return 0;
  if (chain.upsRedundancyFactor !== undefined) return chain.upsRedundancyFactor;
  switch (chain.upsTopology) {
    case '2N':
      return 2;
    case 'N+1':
      return (chain.upsModulesOfNeed + 1) / chain.upsModulesOfNeed;
    case 'distributed':
      return 1.5;
  }
}

/** The efficiency curve the UPS runs on in its mode. */
export function upsCurve(chain: PowerChain): UpsEfficiencyCurve {
  return chain.upsMode === 'eco' ? chain.upsEcoEfficiencyCurve : chain.upsEfficiencyCurve;
}

/** UPS efficiency at a load fraction, linear between the curve's points and flat beyond its ends. */
export function upsEfficiency(curve: UpsEfficiencyCurve, loadFraction: number): number {
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
 * load fraction each installed module sees (`capacityKw` is the total installed UPS capacity; 0 when
 * there is no UPS, which loses nothing).
 */
export function upsLossKw(curve: UpsEfficiencyCurve, itLoadKw: number, capacityKw: number): number {
  if (itLoadKw <= 0 || capacityKw <= 0) return 0;
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
