import {
  BUILT_IN_SITE_IDS,
  getBuiltInSite,
  type HourlyWeather,
  parseWith,
  type SiteProfile,
  ValidationError,
} from '@karst/climate';
import { type Budget, computeBudget, type Plan, type PlanInput, planSchema } from '@karst/energy';
import { LRUCache } from 'lru-cache';

/** Bytes the what-if cache holds by default: plan keys plus serialized `{plan, budget}` bodies. */
export const DEFAULT_WHAT_IF_CACHE_BYTES = 64_000_000;

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
  private readonly whatIf: LRUCache<string, string>;

  /**
   * @param planInput the deployment's plan (parse it first with `parseWith(planSchema, …)` for an error
   *   naming its source).
   * @param whatIfCacheBytes bound of the what-if cache, in bytes of UTF-16 text (2 per character) of each
   *   entry's key and serialized body; an entry larger than the bound is served but not kept.
   * @param options.weather the deployment's hourly weather (infra's karst:weatherFile) instead of the
   *   site's synthesized typical year, for the deployment's budget.
   */
  constructor(
    planInput: PlanInput,
    whatIfCacheBytes = DEFAULT_WHAT_IF_CACHE_BYTES,
    options: { weather?: HourlyWeather } = {},
  ) {
    this.plan = parseWith(planSchema, planInput, 'plan');
    this.deployment = computeBudget(this.plan, options.weather ? { weather: options.weather } : {});
    this.whatIf = new LRUCache<string, string>({
      maxSize: whatIfCacheBytes,
      sizeCalculation: (body, key) => 2 * (body.length + key.length),
    });
  }

  /** Bytes the what-if cache holds now (as counted for its bound). */
  get whatIfCacheBytes(): number {
    return this.whatIf.calculatedSize;
  }

  get site(): SiteProfile {
    return typeof this.plan.site === 'string' ? getBuiltInSite(this.plan.site) : this.plan.site;
  }

  /** The deployment's plan (without its site) at a built-in site. */
  atSite(siteId: string): Budget {
    if (!BUILT_IN_SITE_IDS.includes(siteId)) {
      throw new ValidationError('site', [{ path: 'site', message: `unknown site "${siteId}"` }]);
    }
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
      withinCap: budget.headroom.withinCap,
      // Where the site's figures are not physical (e.g. the transformer past its rating).
      planWarnings: budget.planWarnings,
    };
  }

  /**
   * A what-if plan's response body, `{"plan":…,"budget":…}` as JSON text; the same plan (after defaults)
   * is computed and serialized once while it stays in the cache (bounded by bytes, least recently used
   * out first).
   */
  whatIfBody(plan: Plan): string {
    const key = whatIfKey(plan);
    return this.cachedWhatIf(key) ?? this.computeWhatIf(key, plan);
  }

  /** The cached body of the plan whose `whatIfKey` is `key`, if it is still in the cache. */
  cachedWhatIf(key: string): string | undefined {
    return this.whatIf.get(key);
  }

  /** Computes and serializes the plan's budget (27-650 ms of CPU) and caches the body under `key`. */
  computeWhatIf(key: string, plan: Plan): string {
    const body = JSON.stringify({ plan, budget: computeBudget(plan) });
    this.whatIf.set(key, body);
    return body;
  }
}

/** The what-if cache's key of a plan (after defaults): its JSON text. */
export function whatIfKey(plan: Plan): string {
  return JSON.stringify(plan);
}
