import { BUILT_IN_SITE_IDS, getBuiltInSite, type SiteProfile } from '@karst/climate';
import { type Budget, computeBudget, type Plan, type PlanInput, planSchema } from '@karst/energy';

/** A bounded least-recently-used cache: what-if plans are computed once per distinct plan. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface SiteSummary {
  id: string;
  name: string;
  region: string;
  country: string;
  elevationM: number;
  awsRegion: string | null;
  tariff: { currency: string; energyPricePerKwh: number; source: string };
  gridCarbonKgCo2ePerKwh: number;
}

export function siteSummary(site: SiteProfile): SiteSummary {
  return {
    id: site.id,
    name: site.name,
    region: site.region,
    country: site.country,
    elevationM: site.location.elevationM,
    awsRegion: site.awsRegion?.id ?? null,
    tariff: {
      currency: site.power.tariff.currency,
      energyPricePerKwh: site.power.tariff.energyPricePerKwh,
      source: site.power.tariff.source,
    },
    gridCarbonKgCo2ePerKwh: site.power.gridCarbon.locationKgCo2ePerKwh,
  };
}

/**
 * Every budget the service shows: the deployment's, computed once at start; the default plan at each
 * built-in site, computed once on first use; what-if plans, once per distinct plan (bounded cache).
 */
export class BudgetService {
  readonly plan: Plan;
  readonly deployment: Budget;
  private readonly bySite = new Map<string, Budget>();
  private readonly whatIf: LruCache<Budget>;

  constructor(planInput: PlanInput, whatIfCapacity = 256) {
    this.plan = planSchema.parse(planInput);
    this.deployment = computeBudget(this.plan);
    this.whatIf = new LruCache(whatIfCapacity);
  }

  get site(): SiteProfile {
    return typeof this.plan.site === 'string' ? getBuiltInSite(this.plan.site) : this.plan.site;
  }

  /** The deployment's plan (without its site) at a built-in site. */
  atSite(siteId: string): Budget {
    if (!BUILT_IN_SITE_IDS.includes(siteId)) throw new RangeError(`unknown site "${siteId}"`);
    let budget = this.bySite.get(siteId);
    if (!budget) {
      budget = siteId === this.site.id ? this.deployment : computeBudget({ ...this.plan, site: siteId });
      this.bySite.set(siteId, budget);
    }
    return budget;
  }

  /** The plan's annual figures at a built-in site, as the comparison and the dashboard show them. */
  comparisonRow(siteId: string) {
    const budget = this.atSite(siteId);
    return {
      id: siteId,
      name: getBuiltInSite(siteId).name,
      pue: budget.annual.pue,
      facilityEnergyMwh: budget.annual.facilityEnergyMwh,
      cost: budget.annual.cost,
      currency: budget.site.currency,
      carbonLocationBasedTCo2e: budget.annual.carbonLocationBasedTCo2e,
      waterM3: budget.annual.waterM3,
      economizerHours: budget.annual.economizerHours,
      maxRacks: budget.headroom.maxRacks,
    };
  }

  /** A what-if plan; the same plan (after defaults) is computed once. */
  whatIfBudget(plan: Plan): Budget {
    const key = JSON.stringify(plan);
    let budget = this.whatIf.get(key);
    if (!budget) {
      budget = computeBudget(plan);
      this.whatIf.set(key, budget);
    }
    return budget;
  }
}
