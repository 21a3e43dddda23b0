import { ENVELOPES, maxDryBulbAtAltitudeC } from '@karst/cooling';
import { pricePerKwhByHourOfDay } from '@karst/energy';
import type { BudgetService } from '../budget-service.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { meteredEnergy } from './aggregate.js';
import type { Reading } from './reading.js';

export interface Alert {
  id: 'over-budget' | 'pue-above-plan' | 'inlet-out-of-envelope' | 'telemetry-stale' | 'no-telemetry';
  severity: 'info' | 'warning' | 'critical';
  message: string;
}

export interface LiveFigures {
  latest: Reading | null;
  /** Facility / IT power of the latest reading of every source. */
  livePue: number | null;
  liveFacilityPowerKw: number | null;
  liveItPowerKw: number | null;
  monthToDate: {
    month: number;
    fromMs: number;
    facilityEnergyMwh: number;
    itEnergyMwh: number;
    pue: number | null;
    cost: number;
    currency: string;
    coveredHours: number;
    /** The month's budgeted facility energy, and the share of it due by now. */
    budgetFacilityEnergyMwh: number;
    budgetDueByNowMwh: number;
    budgetCost: number;
    budgetPue: number;
    /** Budgeted mean facility power of the month, to compare with the metered mean over covered hours. */
    budgetMeanFacilityPowerKw: number;
    meteredMeanFacilityPowerKw: number | null;
  };
  readingsStored: number;
  alerts: Alert[];
}

/** A reading holds for at most 15 minutes when integrating energy. */
const MAX_HOLD_S = 900;
/** Live figures are recomputed at most this often between writes. */
const TTL_MS = 5_000;
const OVER_BUDGET_TOLERANCE = 0.05;
const PUE_ALERT_FACTOR = 1.1;

/**
 * The figures that compare the hall with its budget, computed from the store at most once per TTL and
 * again after each write, so status requests do not scan the month's telemetry each time.
 */
export class LiveState {
  private cached: { atMs: number; figures: LiveFigures } | null = null;
  private pending: Promise<LiveFigures> | null = null;

  constructor(
    private readonly store: TelemetryStore,
    private readonly budgets: BudgetService,
    private readonly clock: () => number,
    private readonly staleAfterS: number,
  ) {}

  invalidate(): void {
    this.cached = null;
  }

  async get(): Promise<LiveFigures> {
    const nowMs = this.clock();
    if (this.cached && nowMs - this.cached.atMs < TTL_MS) return this.cached.figures;
    if (!this.pending) {
      this.pending = this.compute(nowMs).finally(() => {
        this.pending = null;
      });
    }
    const figures = await this.pending;
    this.cached = { atMs: nowMs, figures };
    return figures;
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

    const [readings, latest, readingsStored] = await Promise.all([
      this.store.range(monthStartMs, nowMs + 1),
      this.store.latest(),
      this.store.count(),
    ]);
    const energy = meteredEnergy(readings, nowMs, MAX_HOLD_S, priceAt);
    const latestBySource = new Map<string, Reading>();
    for (const reading of readings) latestBySource.set(reading.source, reading);
    if (latest && !latestBySource.has(latest.source)) latestBySource.set(latest.source, latest);
    let liveFacilityPowerKw: number | null = null;
    let liveItPowerKw: number | null = null;
    for (const reading of latestBySource.values()) {
      liveFacilityPowerKw = (liveFacilityPowerKw ?? 0) + reading.facilityPowerKw;
      liveItPowerKw = (liveItPowerKw ?? 0) + reading.itPowerKw;
    }
    const livePue =
      liveItPowerKw && liveFacilityPowerKw !== null ? liveFacilityPowerKw / liveItPowerKw : null;

    const elapsedShare = Math.min(1, Math.max(0, (nowMs - monthStartMs) / (nextMonthStartMs - monthStartMs)));
    const budgetMeanFacilityPowerKw = (monthBudget.facilityEnergyMwh * 1000) / monthBudget.hours;
    const meteredMeanFacilityPowerKw =
      energy.coveredHours > 0 ? energy.facilityKwh / energy.coveredHours : null;

    const monthToDate: LiveFigures['monthToDate'] = {
      month,
      fromMs: monthStartMs,
      facilityEnergyMwh: energy.facilityKwh / 1000,
      itEnergyMwh: energy.itKwh / 1000,
      pue: energy.itKwh > 0 ? energy.facilityKwh / energy.itKwh : null,
      cost: energy.cost,
      currency: tariff.currency,
      coveredHours: energy.coveredHours,
      budgetFacilityEnergyMwh: monthBudget.facilityEnergyMwh,
      budgetDueByNowMwh: monthBudget.facilityEnergyMwh * elapsedShare,
      budgetCost: monthBudget.cost,
      budgetPue: monthBudget.pue,
      budgetMeanFacilityPowerKw,
      meteredMeanFacilityPowerKw,
    };

    const alerts: Alert[] = [];
    if (!latest) {
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
    if (
      meteredMeanFacilityPowerKw !== null &&
      meteredMeanFacilityPowerKw > budgetMeanFacilityPowerKw * (1 + OVER_BUDGET_TOLERANCE)
    ) {
      alerts.push({
        id: 'over-budget',
        severity: 'critical',
        message: `month-to-date mean facility power ${meteredMeanFacilityPowerKw.toFixed(0)} kW is over the budget's ${budgetMeanFacilityPowerKw.toFixed(0)} kW for month ${month}`,
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
    const inlets = [...latestBySource.values()].flatMap((reading) => reading.inletTemperaturesC ?? []);
    const outside = inlets.filter((inletC) => inletC > maxInletC || inletC < envelope.minDryBulbC);
    if (outside.length > 0) {
      alerts.push({
        id: 'inlet-out-of-envelope',
        severity: 'critical',
        message: `${outside.length} inlet temperature(s) outside the ${envelope.id} envelope (${envelope.minDryBulbC}-${maxInletC.toFixed(1)} C at ${site.location.elevationM} m): ${outside.slice(0, 5).join(', ')} C`,
      });
    }

    return {
      latest: latest ?? null,
      livePue,
      liveFacilityPowerKw,
      liveItPowerKw,
      monthToDate,
      readingsStored,
      alerts,
    };
  }
}
