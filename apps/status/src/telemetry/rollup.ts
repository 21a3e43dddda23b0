import { ENERGY_FIELD, POWER_FIELD, POWER_ROLES, type PowerRole, type Reading } from './reading.js';

export const HOUR_MS = 3_600_000;

/**
 * One meter's hour of telemetry as the store keeps it at write time. Energy is integrated between
 * consecutive readings of the meter: a cumulative register's difference spread evenly over the interval
 * (a decrease is a rollover at `registerRolloverKwh`, else a reset to zero), or else the earlier
 * reading's power held until the next reading for at most the meter's hold; `*CoveredMs` is the time so
 * measured. A meter's last reading is still open: its hold is added when read ({@link openInterval}).
 */
export interface HourRollup {
  source: string;
  /** Start of the UTC hour, ms since the epoch. */
  hourMs: number;
  facilityKwh: number;
  itKwh: number;
  coolingKwh: number;
  facilityCoveredMs: number;
  itCoveredMs: number;
  coolingCoveredMs: number;
  /** Readings whose timestamp is in the hour. */
  samples: number;
  dryBulbSumC: number;
  dryBulbSamples: number;
}

export const ROLLUP_NUMBER_FIELDS = [
  'facilityKwh',
  'itKwh',
  'coolingKwh',
  'facilityCoveredMs',
  'itCoveredMs',
  'coolingCoveredMs',
  'samples',
  'dryBulbSumC',
  'dryBulbSamples',
] as const satisfies readonly (keyof HourRollup)[];

export const KWH_FIELD = { facility: 'facilityKwh', it: 'itKwh', cooling: 'coolingKwh' } as const;
export const COVERED_FIELD = {
  facility: 'facilityCoveredMs',
  it: 'itCoveredMs',
  cooling: 'coolingCoveredMs',
} as const;

/** How the store integrates a meter's readings. */
export interface MeterPolicy {
  /** A power sample holds until the next reading, for at most this long (the meter's staleness). */
  holdMs: number;
  registerRolloverKwh?: number;
}

export type PolicyOf = (source: string) => MeterPolicy;

/** The latest reading of a meter, and its live power per role (a register's rate over its last interval). */
export interface MeterState {
  source: string;
  latest: Reading;
  livePowerKw: Partial<Record<PowerRole, number>>;
}

export function emptyRollup(source: string, hourMs: number): HourRollup {
  return {
    source,
    hourMs,
    facilityKwh: 0,
    itKwh: 0,
    coolingKwh: 0,
    facilityCoveredMs: 0,
    itCoveredMs: 0,
    coolingCoveredMs: 0,
    samples: 0,
    dryBulbSumC: 0,
    dryBulbSamples: 0,
  };
}

/** Rollup deltas keyed by source and hour, summed as they are added. */
export class RollupDeltas {
  readonly byKey = new Map<string, HourRollup>();
  /** The row `at` returned last: consecutive calls mostly ask for the same meter-hour. */
  private last: HourRollup | undefined;

  at(source: string, hourMs: number): HourRollup {
    const last = this.last;
    if (last !== undefined && last.hourMs === hourMs && last.source === source) return last;
    const key = `${source}\u0000${hourMs}`;
    let row = this.byKey.get(key);
    if (row === undefined) {
      row = emptyRollup(source, hourMs);
      this.byKey.set(key, row);
    }
    this.last = row;
    return row;
  }

  /** Adds `energyKwh` spread evenly over [fromMs, toMs), and the time as covered. */
  spread(
    source: string,
    role: PowerRole,
    energyKwh: number,
    fromMs: number,
    toMs: number,
    sign: 1 | -1,
  ): void {
    if (!(toMs > fromMs)) return;
    const span = toMs - fromMs;
    for (let hourMs = fromMs - mod(fromMs, HOUR_MS); hourMs < toMs; hourMs += HOUR_MS) {
      const overlap = Math.min(toMs, hourMs + HOUR_MS) - Math.max(fromMs, hourMs);
      const row = this.at(source, hourMs);
      const kwh = (sign * energyKwh * overlap) / span;
      const coveredMs = sign * overlap;
      // Named fields, not row[KWH_FIELD[role]]: this runs per role for every interval of every batch.
      if (role === 'facility') {
        row.facilityKwh += kwh;
        row.facilityCoveredMs += coveredMs;
      } else if (role === 'it') {
        row.itKwh += kwh;
        row.itCoveredMs += coveredMs;
      } else {
        row.coolingKwh += kwh;
        row.coolingCoveredMs += coveredMs;
      }
    }
  }

  rows(): HourRollup[] {
    return [...this.byKey.values()];
  }
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

/** Energy of a register step from `fromKwh` to `toKwh`: a rollover at `rolloverKwh` or a reset to zero. */
export function registerDeltaKwh(fromKwh: number, toKwh: number, rolloverKwh?: number): number {
  if (toKwh >= fromKwh) return toKwh - fromKwh;
  if (rolloverKwh !== undefined && fromKwh <= rolloverKwh) return rolloverKwh - fromKwh + toKwh;
  return toKwh;
}

/** Adds (or with sign -1 removes) what the interval from reading `a` to the next reading `b` measured. */
export function addInterval(
  deltas: RollupDeltas,
  a: Reading,
  b: Reading,
  policy: MeterPolicy,
  sign: 1 | -1,
): void {
  // Each role by its named fields (this runs for every interval of every batch).
  addRoleInterval(
    deltas,
    'facility',
    a,
    b,
    a.facilityEnergyKwh,
    b.facilityEnergyKwh,
    a.facilityPowerKw,
    policy,
    sign,
  );
  addRoleInterval(deltas, 'it', a, b, a.itEnergyKwh, b.itEnergyKwh, a.itPowerKw, policy, sign);
  addRoleInterval(
    deltas,
    'cooling',
    a,
    b,
    a.coolingEnergyKwh,
    b.coolingEnergyKwh,
    a.coolingPowerKw,
    policy,
    sign,
  );
}

/**
 * What one role measured from `a` to `b`: the register's difference when both have one, else `a`'s power
 * held until `b` for at most the policy's hold.
 */
function addRoleInterval(
  deltas: RollupDeltas,
  role: PowerRole,
  a: Reading,
  b: Reading,
  fromKwh: number | undefined,
  toKwh: number | undefined,
  powerKw: number | undefined,
  policy: MeterPolicy,
  sign: 1 | -1,
): void {
  if (fromKwh !== undefined && toKwh !== undefined) {
    const energyKwh = registerDeltaKwh(fromKwh, toKwh, policy.registerRolloverKwh);
    deltas.spread(a.source, role, energyKwh, a.timestampMs, b.timestampMs, sign);
    return;
  }
  if (powerKw === undefined) return;
  const untilMs = Math.min(b.timestampMs, a.timestampMs + policy.holdMs);
  deltas.spread(
    a.source,
    role,
    (powerKw * (untilMs - a.timestampMs)) / HOUR_MS,
    a.timestampMs,
    untilMs,
    sign,
  );
}

/** Adds (or removes) a reading's own counts: samples and outdoor dry bulb in its hour. */
export function addSample(deltas: RollupDeltas, reading: Reading, sign: 1 | -1): void {
  const row = deltas.at(reading.source, reading.timestampMs - mod(reading.timestampMs, HOUR_MS));
  row.samples += sign;
  if (reading.outdoorDryBulbC !== undefined) {
    row.dryBulbSumC += sign * reading.outdoorDryBulbC;
    row.dryBulbSamples += sign;
  }
}

/**
 * The meter's last reading held from its timestamp to `nowMs`, for at most the hold: what the rollups
 * do not have yet. Registers add nothing until their next reading.
 */
export function openInterval(
  deltas: RollupDeltas,
  latest: Reading,
  nowMs: number,
  policy: MeterPolicy,
): void {
  addInterval(
    deltas,
    latest,
    { source: latest.source, timestampMs: Math.max(latest.timestampMs, nowMs) },
    policy,
    1,
  );
}

/** Live power per role of a meter whose last two readings are `previous` and `latest`. */
export function livePowerOf(
  latest: Reading,
  previous: Reading | undefined,
  policy: MeterPolicy,
): MeterState['livePowerKw'] {
  const live: MeterState['livePowerKw'] = {};
  for (const role of POWER_ROLES) {
    const sample = latest[POWER_FIELD[role]];
    if (sample !== undefined) {
      live[role] = sample;
      continue;
    }
    const toKwh = latest[ENERGY_FIELD[role]];
    const fromKwh = previous?.[ENERGY_FIELD[role]];
    if (toKwh === undefined || fromKwh === undefined || previous === undefined) continue;
    const hours = (latest.timestampMs - previous.timestampMs) / HOUR_MS;
    if (hours > 0) live[role] = registerDeltaKwh(fromKwh, toKwh, policy.registerRolloverKwh) / hours;
  }
  return live;
}

export interface SourcePlan {
  /** Rollup deltas for the source (whole-batch deltas are merged by the caller). */
  deltas: RollupDeltas;
  /** The readings of `fresh` not already stored: the ones to insert. */
  inserted: Reading[];
  /** The new state when the latest reading changed. */
  state?: MeterState;
}

/**
 * What storing `fresh` (new readings of one source, sorted, none stored yet) changes, given `stored`: the
 * stored readings of the source that neighbour them (sorted; the one before the first new reading, every
 * stored reading between the first and last new reading, and the one after the last). The rollups change
 * by the intervals of the merged chain less those of the stored chain; pairs in both cancel.
 */
export function planSource(
  stored: readonly Reading[],
  fresh: readonly Reading[],
  policy: MeterPolicy,
  deltas: RollupDeltas = new RollupDeltas(),
): SourcePlan {
  // In order (the usual batch): nothing stored after the first new reading, no stored pair to take out.
  const inOrder =
    stored.length === 0 || fresh.length === 0 || stored.at(-1)!.timestampMs < fresh[0]!.timestampMs;
  const storedTimes = new Set(inOrder ? [] : stored.map((reading) => reading.timestampMs));
  const inserted = inOrder ? [...fresh] : fresh.filter((reading) => !storedTimes.has(reading.timestampMs));
  const merged = inOrder ? [...stored, ...fresh] : mergeByTime(stored, inserted);
  const oldPairs = new Map<string, [Reading, Reading]>();
  for (let i = 1; i < stored.length; i++)
    oldPairs.set(`${stored[i - 1]!.timestampMs}:${stored[i]!.timestampMs}`, [stored[i - 1]!, stored[i]!]);
  for (let i = 1; i < merged.length; i++) {
    if (oldPairs.size > 0 && oldPairs.delete(`${merged[i - 1]!.timestampMs}:${merged[i]!.timestampMs}`))
      continue;
    addInterval(deltas, merged[i - 1]!, merged[i]!, policy, 1);
  }
  for (const [a, b] of oldPairs.values()) addInterval(deltas, a, b, policy, -1);
  for (const reading of inserted) addSample(deltas, reading, 1);
  const last = merged.at(-1);
  const storedLast = stored.at(-1);
  if (last === undefined || (storedLast !== undefined && last.timestampMs === storedLast.timestampMs))
    return { deltas, inserted };
  return {
    deltas,
    inserted,
    state: { source: last.source, latest: last, livePowerKw: livePowerOf(last, merged.at(-2), policy) },
  };
}

function mergeByTime(a: readonly Reading[], b: readonly Reading[]): Reading[] {
  const out: Reading[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.timestampMs < b[j]!.timestampMs)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * Splits a batch into new readings per source, sorted by time: the first occurrence of a (source,
 * timestamp) in the batch wins, as a retried batch keeps what was stored first.
 */
export function bySourceFirstWins(readings: readonly Reading[]): Map<string, Reading[]> {
  const groups = new Map<string, Reading[]>();
  for (const reading of readings) {
    let list = groups.get(reading.source);
    if (list === undefined) {
      list = [];
      groups.set(reading.source, list);
    }
    list.push(reading);
  }
  for (const [source, list] of groups) {
    let sorted = true;
    for (let i = 1; i < list.length && sorted; i++) sorted = list[i - 1]!.timestampMs < list[i]!.timestampMs;
    if (sorted) continue;
    // A stable sort keeps repeats of a timestamp in batch order: the first of each is kept.
    list.sort((x, y) => x.timestampMs - y.timestampMs);
    groups.set(
      source,
      list.filter((reading, i) => i === 0 || reading.timestampMs !== list[i - 1]!.timestampMs),
    );
  }
  return groups;
}

/** Sums rollup rows into `into` (same source and hour assumed, or ignored). */
export function addRollup(into: HourRollup, row: HourRollup): void {
  for (const field of ROLLUP_NUMBER_FIELDS) into[field] += row[field];
}
