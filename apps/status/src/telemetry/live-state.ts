import { ENVELOPES, maxDryBulbAtAltitudeC } from '@karst/cooling';
import { pricePerKwhByHourOfDay } from '@karst/energy';
import type { BudgetService } from '../budget-service.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { durationText } from './duration.js';
import type { MeterRegistry } from './meter-registry.js';
import { type Meter, type MeterRole, type PueCategory, pueCategoryOf, staleAfterS } from './meters.js';
import { POWER_ROLES, type PowerRole, type Reading } from './reading.js';
import { COVERED_FIELD, HOUR_MS, KWH_FIELD, openInterval, RollupDeltas } from './rollup.js';

export interface Alert {
  id:
    | 'over-cap'
    | 'over-budget'
    | 'pue-above-plan'
    | 'pue-below-one'
    | 'inlet-out-of-envelope'
    | 'telemetry-stale'
    | 'meter-stale'
    | 'no-telemetry';
  severity: 'info' | 'warning' | 'critical';
  message: string;
  /** The meter a `meter-stale` alert is about. */
  meter?: string;
}

/** A meter as the status shows it: its registry entry, its latest reading and its month so far. */
export interface MeterStatus {
  id: string;
  roles: MeterRole[];
  /** False for a source that is not in the registry (roles from its readings). */
  registered: boolean;
  pueCategory: PueCategory | null;
  expectedIntervalS: number;
  staleAfterS: number;
  lastReadingMs: number | null;
  stale: boolean;
  /** Power per role now; absent for a stale meter, whose last value no longer counts. */
  livePowerKw: Partial<Record<PowerRole, number>>;
  monthToDate: {
    energyKwh: Partial<Record<PowerRole, number>>;
    coveredHours: Partial<Record<PowerRole, number>>;
    /** Energy over covered time, per role. */
    meanPowerKw: Partial<Record<PowerRole, number>>;
  };
}

export interface LiveFigures {
  latest: Reading | null;
  /**
   * Facility / IT power summed over the meters of each role that are not stale; null when a stale meter
   * measures only one of the two.
   */
  livePue: number | null;
  liveFacilityPowerKw: number | null;
  liveItPowerKw: number | null;
  liveCoolingPowerKw: number | null;
  /** From the freshest meter that reports outdoor conditions, if any. */
  outdoor: { dryBulbC: number | null; dewPointC: number | null; meter: string; timestampMs: number } | null;
  meters: MeterStatus[];
  monthToDate: {
    month: number;
    fromMs: number;
    /** Metered energy: each meter's integrated readings, summed over meters of the role. */
    facilityEnergyMwh: number;
    itEnergyMwh: number;
    coolingEnergyMwh: number;
    /** Measured PUE, facility over IT energy (ISO/IEC 30134-2), with the category its IT meters give. */
    pue: number | null;
    pueCategory: PueCategory | null;
    cost: number;
    currency: string;
    /** Hours since the month began, and the facility meters' mean covered hours. */
    elapsedHours: number;
    coveredHours: number;
    /** coveredHours / elapsedHours: how much of the month so far the data covers. */
    coverageShare: number | null;
    /** The month's budgeted facility energy, and the share of it due by now. */
    budgetFacilityEnergyMwh: number;
    budgetDueByNowMwh: number;
    budgetCost: number;
    budgetPue: number;
    /** Budgeted mean facility power of the month, to compare with the metered mean. */
    budgetMeanFacilityPowerKw: number;
    /** Sum over facility meters of each one's mean power over the time it was measured. */
    meteredMeanFacilityPowerKw: number | null;
  };
  readingsStored: number;
  alerts: Alert[];
}

/** Live figures are recomputed in the background once they are this old (from the end of a compute). */
export const LIVE_TTL_MS = 5_000;
const OVER_BUDGET_TOLERANCE = 0.05;
/**
 * Hours of facility data the month must hold before its mean can raise the critical over-budget alert: a
 * mean over one reading (seconds of data) says nothing of the month. One hour is the rollups' own step.
 */
export const OVER_BUDGET_MIN_COVERED_HOURS = 1;
const PUE_ALERT_FACTOR = 1.1;
/**
 * How long ago a reading was, for an alert (durationText), with the reading's own instant from 2 days
 * on (a meter whose clock reset reports 1990 as "36.9 years ago (1990-...)").
 */
export function ago(elapsedMs: number, timestampMs: number): string {
  const text = `${durationText(elapsedMs)} ago`;
  return elapsedMs < 2 * 86_400_000 ? text : `${text} (${new Date(timestampMs).toISOString()})`;
}

/** At most this many meters named one by one in `meter-stale` alerts; the rest are counted. */
const MAX_STALE_ALERTS = 20;

/**
 * The figures that compare the hall with its budget. They come from the store's meter states and hour
 * rollups (never the month's raw readings). A compute runs off the request path: requests get the last
 * figures while a newer compute runs once they are {@link LIVE_TTL_MS} old; only after a write (or
 * before the first compute) does a request wait, so a client reads its own writes.
 */
export class LiveState {
  private generation = 0;
  private cached: { figures: LiveFigures; generation: number; doneMs: number } | null = null;
  private pending: { promise: Promise<LiveFigures>; generation: number } | null = null;

  constructor(
    private readonly store: TelemetryStore,
    private readonly budgets: BudgetService,
    private readonly registry: MeterRegistry,
    private readonly clock: () => number,
    private readonly staleAfterS: number,
  ) {}

  /** After a write: the next request waits for figures that include it. */
  invalidate(): void {
    this.generation++;
  }

  async get(): Promise<LiveFigures> {
    const cached = this.cached;
    if (cached && cached.generation === this.generation) {
      if (this.clock() - cached.doneMs >= LIVE_TTL_MS && this.pending === null) {
        this.refresh().catch((error: unknown) =>
          console.error('live figures: background compute failed', error),
        );
      }
      return cached.figures;
    }
    return this.refresh();
  }

  private refresh(): Promise<LiveFigures> {
    if (this.pending && this.pending.generation === this.generation) return this.pending.promise;
    const generation = this.generation;
    const previous = this.pending?.promise;
    const promise = (async () => {
      // One compute at a time: a write during a compute starts the next one after it.
      if (previous) await previous.catch(() => undefined);
      const figures = await this.compute(this.clock());
      if (!this.cached || generation >= this.cached.generation) {
        this.cached = { figures, generation, doneMs: this.clock() };
      }
      return figures;
    })().finally(() => {
      if (this.pending?.promise === promise) this.pending = null;
    });
    this.pending = { promise, generation };
    return promise;
  }

  private async compute(nowMs: number): Promise<LiveFigures> {
    const site = this.budgets.site;
    const budget = this.budgets.deployment;
    const offsetMs = site.location.timeZoneHours * 3_600_000;
    const local = new Date(nowMs + offsetMs);
    const monthStartMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - offsetMs;
    const nextMonthStartMs = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - offsetMs;
    const month = local.getUTCMonth() + 1;
    const monthBudget = budget.months.find((m) => m.month === month) ?? budget.months[0]!;

    const tariff = this.budgets.plan.tariff ?? site.power.tariff;
    const prices = pricePerKwhByHourOfDay(tariff);
    // Budget hour 0 is the hour ending 01:00 local time, so a reading at local hh:mm is in hour hh.
    const priceAt = (timestampMs: number) => prices[new Date(timestampMs + offsetMs).getUTCHours()]!;

    const monthMs = nextMonthStartMs - monthStartMs;
    const [meters, states, perHour, perSource, readingsStored] = await Promise.all([
      this.registry.all(),
      this.store.meterStates(),
      this.store.series(monthStartMs, nextMonthStartMs, HOUR_MS),
      this.store.rollups(monthStartMs, nextMonthStartMs, { stepMs: monthMs, bySource: true }),
      this.store.count(),
    ]);
    const policyOf = this.registry.policyOf(meters);

    // What the rollups do not have yet: each meter's last reading held until now (for at most its hold).
    const open = new RollupDeltas();
    for (const state of states) openInterval(open, state.latest, nowMs, policyOf(state.source));
    const openRows = open.rows().filter((row) => row.hourMs >= monthStartMs && row.hourMs < nextMonthStartMs);

    let cost = 0;
    for (const row of perHour) cost += row.facilityKwh * priceAt(row.bucketMs);
    for (const row of openRows) cost += row.facilityKwh * priceAt(row.hourMs);

    const monthBySource = new Map<
      string,
      { kwh: Record<PowerRole, number>; coveredMs: Record<PowerRole, number> }
    >();
    const monthOf = (source: string) => {
      let entry = monthBySource.get(source);
      if (!entry) {
        entry = { kwh: { facility: 0, it: 0, cooling: 0 }, coveredMs: { facility: 0, it: 0, cooling: 0 } };
        monthBySource.set(source, entry);
      }
      return entry;
    };
    for (const row of [...perSource, ...openRows]) {
      const entry = monthOf(row.source);
      for (const role of POWER_ROLES) {
        entry.kwh[role] += row[KWH_FIELD[role]];
        entry.coveredMs[role] += row[COVERED_FIELD[role]];
      }
    }

    const stateBySource = new Map(states.map((state) => [state.source, state]));
    const ids = [...new Set([...meters.keys(), ...stateBySource.keys()])].sort();
    const meterStatuses: MeterStatus[] = [];
    const totals = { facility: 0, it: 0, cooling: 0 };
    const live: Record<PowerRole, number | null> = { facility: null, it: null, cooling: null };
    let staleInPue = false;
    let meteredMeanFacilityPowerKw: number | null = null;
    let facilityMeters = 0;
    let facilityCoveredMs = 0;
    const categories: (PueCategory | null)[] = [];
    for (const id of ids) {
      const state = stateBySource.get(id);
      const resolved: { meter: Meter; registered: boolean } = meters.has(id)
        ? { meter: meters.get(id)!, registered: true }
        : this.registry.meterOf(meters, state!.latest);
      const { meter } = resolved;
      const limitS = staleAfterS(meter);
      const stale = state === undefined || nowMs - state.latest.timestampMs > limitS * 1000;
      const usage = monthBySource.get(id);
      const status: MeterStatus = {
        id,
        roles: meter.roles,
        registered: resolved.registered,
        pueCategory: pueCategoryOf(meter),
        expectedIntervalS: meter.expectedIntervalS,
        staleAfterS: limitS,
        lastReadingMs: state?.latest.timestampMs ?? null,
        stale,
        livePowerKw: stale ? {} : { ...state.livePowerKw },
        monthToDate: { energyKwh: {}, coveredHours: {}, meanPowerKw: {} },
      };
      for (const role of POWER_ROLES) {
        if (!meter.roles.includes(role) && !(usage && usage.coveredMs[role] > 0)) continue;
        // A stale meter with both roles drops out of both sums alike; one with only one of them skews the ratio.
        if (
          stale &&
          (role === 'facility' || role === 'it') &&
          !(meter.roles.includes('facility') && meter.roles.includes('it'))
        )
          staleInPue = true;
        const livePower = status.livePowerKw[role];
        if (livePower !== undefined) live[role] = (live[role] ?? 0) + livePower;
        if (!usage) continue;
        const kwh = usage.kwh[role];
        const coveredMs = usage.coveredMs[role];
        totals[role] += kwh;
        status.monthToDate.energyKwh[role] = kwh;
        status.monthToDate.coveredHours[role] = coveredMs / HOUR_MS;
        if (coveredMs > 0) {
          const meanKw = kwh / (coveredMs / HOUR_MS);
          status.monthToDate.meanPowerKw[role] = meanKw;
          if (role === 'facility') {
            meteredMeanFacilityPowerKw = (meteredMeanFacilityPowerKw ?? 0) + meanKw;
            facilityMeters++;
            facilityCoveredMs += coveredMs;
          }
          if (role === 'it' && kwh > 0) categories.push(status.pueCategory);
        }
      }
      meterStatuses.push(status);
    }

    const livePue =
      !staleInPue && live.it !== null && live.it > 0 && live.facility !== null
        ? live.facility / live.it
        : null;
    const elapsedMs = Math.min(monthMs, Math.max(0, nowMs - monthStartMs));
    const coveredHours = facilityMeters > 0 ? facilityCoveredMs / facilityMeters / HOUR_MS : 0;
    const budgetMeanFacilityPowerKw = (monthBudget.facilityEnergyMwh * 1000) / monthBudget.hours;
    const pueCategory =
      categories.length === 0 || categories.includes(null)
        ? null
        : (Math.min(...(categories as PueCategory[])) as PueCategory);

    const monthToDate: LiveFigures['monthToDate'] = {
      month,
      fromMs: monthStartMs,
      facilityEnergyMwh: totals.facility / 1000,
      itEnergyMwh: totals.it / 1000,
      coolingEnergyMwh: totals.cooling / 1000,
      pue: totals.it > 0 ? totals.facility / totals.it : null,
      pueCategory,
      cost,
      currency: tariff.currency,
      elapsedHours: elapsedMs / HOUR_MS,
      coveredHours,
      coverageShare:
        elapsedMs > 0 && facilityMeters > 0 ? Math.min(1, coveredHours / (elapsedMs / HOUR_MS)) : null,
      budgetFacilityEnergyMwh: monthBudget.facilityEnergyMwh,
      budgetDueByNowMwh: (monthBudget.facilityEnergyMwh * elapsedMs) / monthMs,
      budgetCost: monthBudget.cost,
      budgetPue: monthBudget.pue,
      budgetMeanFacilityPowerKw,
      meteredMeanFacilityPowerKw,
    };

    let latest: Reading | null = null;
    for (const state of states) {
      if (latest === null || state.latest.timestampMs >= latest.timestampMs) latest = state.latest;
    }
    let outdoor: LiveFigures['outdoor'] = null;
    for (const status of meterStatuses) {
      const reading = stateBySource.get(status.id)?.latest;
      if (status.stale || !reading) continue;
      if (reading.outdoorDryBulbC === undefined && reading.outdoorDewPointC === undefined) continue;
      if (outdoor === null || reading.timestampMs > outdoor.timestampMs) {
        outdoor = {
          dryBulbC: reading.outdoorDryBulbC ?? null,
          dewPointC: reading.outdoorDewPointC ?? null,
          meter: status.id,
          timestampMs: reading.timestampMs,
        };
      }
    }

    const alerts: Alert[] = [];
    if (latest === null) {
      alerts.push({ id: 'no-telemetry', severity: 'info', message: 'no telemetry received yet' });
    } else {
      const ageS = (nowMs - latest.timestampMs) / 1000;
      if (ageS > this.staleAfterS) {
        alerts.push({
          id: 'telemetry-stale',
          severity: 'warning',
          message: `latest reading is ${Math.round(ageS)} s old (limit ${this.staleAfterS} s)`,
        });
      }
    }
    const staleMeters = meterStatuses.filter(
      (status) => status.stale && (status.registered || latest !== null),
    );
    for (const status of staleMeters.slice(0, MAX_STALE_ALERTS)) {
      alerts.push({
        id: 'meter-stale',
        severity: 'warning',
        meter: status.id,
        message:
          status.lastReadingMs === null
            ? `meter ${status.id} has sent no reading (expected every ${status.expectedIntervalS} s)`
            : `meter ${status.id} last reported ${ago(nowMs - status.lastReadingMs, status.lastReadingMs)} (stale after ${status.staleAfterS} s); its last value no longer counts`,
      });
    }
    if (staleMeters.length > MAX_STALE_ALERTS) {
      alerts.push({
        id: 'meter-stale',
        severity: 'warning',
        message: `${staleMeters.length - MAX_STALE_ALERTS} more meters are stale`,
      });
    }
    // The grid cap is a limit now, not a monthly mean: live power over it is critical at once (the meter,
    // the utility's breaker and the contract see the same kW), with no wait for an hour of data.
    const capKw = this.budgets.plan.gridConnection.capKw;
    if (live.facility !== null && live.facility > capKw) {
      const liveFacilityMeters = meterStatuses.filter(
        (status) => status.livePowerKw.facility !== undefined,
      ).length;
      alerts.push({
        id: 'over-cap',
        severity: 'critical',
        message: `live facility power ${live.facility.toFixed(0)} kW (summed over ${liveFacilityMeters} meter(s)) is over the ${capKw.toFixed(0)} kW grid cap by ${(live.facility - capKw).toFixed(0)} kW`,
      });
    }
    if (
      meteredMeanFacilityPowerKw !== null &&
      coveredHours >= OVER_BUDGET_MIN_COVERED_HOURS &&
      meteredMeanFacilityPowerKw > budgetMeanFacilityPowerKw * (1 + OVER_BUDGET_TOLERANCE)
    ) {
      alerts.push({
        id: 'over-budget',
        severity: 'critical',
        message: `month-to-date mean facility power ${meteredMeanFacilityPowerKw.toFixed(0)} kW (summed over ${facilityMeters} meter(s)) is over the budget's ${budgetMeanFacilityPowerKw.toFixed(0)} kW for month ${month}`,
      });
    }
    // Facility power includes the IT power: a live PUE under 1 is a metering fault, not a figure.
    if (livePue !== null && livePue < 1) {
      alerts.push({
        id: 'pue-below-one',
        severity: 'warning',
        message: `live PUE ${livePue.toFixed(3)} is below 1: the IT meters read ${live.it!.toFixed(0)} kW against the facility meters' ${live.facility!.toFixed(0)} kW (a meter counted on the wrong role or twice, or a facility feed not metered)`,
      });
    }
    if (livePue !== null && livePue > monthBudget.pue * PUE_ALERT_FACTOR) {
      alerts.push({
        id: 'pue-above-plan',
        severity: 'warning',
        message: `live PUE ${livePue.toFixed(3)} is above the plan's ${monthBudget.pue.toFixed(3)} for month ${month} by more than 10%`,
      });
    }
    const design = this.budgets.plan.cooling;
    const envelope = ENVELOPES[design.envelope];
    const maxInletC = maxDryBulbAtAltitudeC(envelope, site.location.elevationM);
    const inlets = meterStatuses
      .filter((status) => !status.stale)
      .flatMap((status) => stateBySource.get(status.id)?.latest.inletTemperaturesC ?? []);
    const outside = inlets.filter((inletC) => inletC > maxInletC || inletC < envelope.minDryBulbC);
    if (outside.length > 0) {
      alerts.push({
        id: 'inlet-out-of-envelope',
        severity: 'critical',
        message: `${outside.length} inlet temperature(s) outside the ${envelope.id} envelope (${envelope.minDryBulbC}-${maxInletC.toFixed(1)} C at ${site.location.elevationM} m): ${outside.slice(0, 5).join(', ')} C`,
      });
    }

    return {
      latest,
      livePue,
      liveFacilityPowerKw: live.facility,
      liveItPowerKw: live.it,
      liveCoolingPowerKw: live.cooling,
      outdoor,
      meters: meterStatuses,
      monthToDate,
      readingsStored,
      alerts,
    };
  }
}
