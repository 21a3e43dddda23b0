/**
 * A month's distribution of hourly values (dry bulb or dew point) as its cumulative fraction at whole
 * degrees: `cumulativeFraction[k]` is the share of the month's hours at or below `startC + k` C.
 * Storing the distribution at whole degrees keeps hour counts at the integer thresholds of the cooling
 * envelopes (18, 24, 27 C ...) exact, even for weather files whose values cluster on whole degrees.
 */
export interface DegreeDistribution {
  startC: number;
  cumulativeFraction: number[];
}

/** The distribution of `values` at whole degrees, starting one degree below the minimum (fraction 0). */
export function distributionOf(values: ArrayLike<number>, digits = 5): DegreeDistribution {
  const sorted = Float64Array.from(values).sort();
  const startC = Math.floor(sorted[0]!) - 1;
  const endC = Math.ceil(sorted[sorted.length - 1]!);
  const cumulativeFraction: number[] = [];
  let below = 0;
  const scale = 10 ** digits;
  for (let degreeC = startC; degreeC <= endC; degreeC++) {
    while (below < sorted.length && sorted[below]! <= degreeC) below++;
    cumulativeFraction.push(Math.round((below / sorted.length) * scale) / scale);
  }
  return { startC, cumulativeFraction };
}

/**
 * The value at cumulative probability p (0 < p <= 1) within the whole-degree bin whose cumulative
 * fractions bracket p, so a probability at or below F(t) maps to a value at or below t. Inside a bin the
 * position is w^exponent for the linear position w: exponent 1 spreads a bin's hours evenly, below 1
 * moves them toward the bin's top (records rounded to whole degrees), which restores the monthly mean.
 */
export function valueAtProbability(
  distribution: Readonly<DegreeDistribution>,
  p: number,
  withinBinExponent = 1,
): number {
  const { startC, cumulativeFraction } = distribution;
  let upper = 1;
  while (upper < cumulativeFraction.length - 1 && cumulativeFraction[upper]! < p) upper++;
  const lowerFraction = cumulativeFraction[upper - 1]!;
  const binFraction = cumulativeFraction[upper]! - lowerFraction;
  const withinBin = binFraction > 0 ? Math.min(1, Math.max(0, (p - lowerFraction) / binFraction)) : 1;
  return startC + upper - 1 + (withinBinExponent === 1 ? withinBin : withinBin ** withinBinExponent);
}

/**
 * The within-bin exponent for which the values at probabilities (r + 0.5) / hours, r = 0..hours-1,
 * average to `meanC` (bisection on its logarithm; 1 when the distribution alone already gives the mean).
 */
export function withinBinExponentForMean(
  distribution: DegreeDistribution,
  hours: number,
  meanC: number,
): number {
  const meanAt = (exponent: number) => {
    let sum = 0;
    for (let r = 0; r < hours; r++) sum += valueAtProbability(distribution, (r + 0.5) / hours, exponent);
    return sum / hours;
  };
  // The mean falls as the exponent grows (positions w^e shrink toward each bin's bottom).
  let lowLog = Math.log(0.05);
  let highLog = Math.log(20);
  if (meanAt(Math.exp(lowLog)) <= meanC) return Math.exp(lowLog);
  if (meanAt(Math.exp(highLog)) >= meanC) return Math.exp(highLog);
  for (let i = 0; i < 40; i++) {
    const midLog = (lowLog + highLog) / 2;
    if (meanAt(Math.exp(midLog)) > meanC) lowLog = midLog;
    else highLog = midLog;
  }
  return Math.round(Math.exp((lowLog + highLog) / 2) * 1000) / 1000;
}
