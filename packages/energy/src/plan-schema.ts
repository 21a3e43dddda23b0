import { BUILT_IN_SITE_IDS, didYouMean, siteProfileSchema, strictObject, tariffSchema } from '@karst/climate';
import { coolingDesignSchema } from '@karst/cooling';
import { z } from 'zod';
import { thousands } from './format.js';
import { applyPreset, PLAN_PRESET_IDS, type PlanPresetId } from './presets.js';
import { UPS_EFFICIENCY_CURVES } from './ups-curves.js';

/**
 * A finite number from `min` to `max` (above `min` with `above`) in `unit`, whose error names the range
 * and the unit, so an API client reads `must be from 0 to 1 (a share of the IT load)` rather than zod's
 * `Too big: expected number to be <=1`. `unit` follows the number: "kW", "°C", or a share's meaning.
 */
function within(min: number, max: number, unit: string, { above = false } = {}) {
  const lower = above ? `above ${thousands(min)}` : `from ${thousands(min)}`;
  const error = `must be ${lower} ${above ? 'and at most' : 'to'} ${thousands(max)} ${unit}`;
  return z
    .number({ error: 'must be a number' })
    .check(above ? z.gt(min, { error }) : z.gte(min, { error }), z.lte(max, { error }));
}

/**
 * Upper bounds that keep a plan physical (and its arithmetic finite): 100,000 racks of 500 kW is 50 GW of
 * IT, above any campus built or announced (the largest announced are ~5 GW); 10 GW of grid connection
 * likewise. A plan beyond them is a typo, not a design.
 */
export const PLAN_LIMITS = {
  maxRacks: 100_000,
  maxKw: 10_000_000,
  maxUpsCurvePoints: 50,
} as const;

const DEFAULT_IT_PLAN = { racks: 500, kwPerRack: 10 } as const;
/** The share of design power the racks draw when a plan does not say. */
const DEFAULT_UTILIZATION = 0.6;

// itPlan replaces the default IT plan whole, so a partial one (racks without kwPerRack) says so.
const requiredInItPlan = (issue: { input?: unknown }) =>
  issue.input === undefined
    ? `is required when itPlan is given: an itPlan replaces the default (${DEFAULT_IT_PLAN.racks} racks x ${DEFAULT_IT_PLAN.kwPerRack} kW) whole, so give racks and kwPerRack (utilization defaults to ${DEFAULT_UTILIZATION})`
    : typeof issue.input === 'number'
      ? undefined
      : `must be a number, got ${typeof issue.input}`;

const KW_PER_RACK_RANGE = 'must be above 0 and at most 500 kW per rack';

export const itPlanSchema = strictObject({
  racks: z
    .number({ error: requiredInItPlan })
    .int('must be a whole number of racks')
    .positive('must be a positive integer')
    .max(PLAN_LIMITS.maxRacks, `must be at most ${thousands(PLAN_LIMITS.maxRacks)}`),
  /** Design (nameplate) power of one rack. */
  kwPerRack: z
    .number({ error: requiredInItPlan })
    .check(z.gt(0, { error: KW_PER_RACK_RANGE }), z.lte(500, { error: KW_PER_RACK_RANGE })),
  /** Average share of the design power the racks draw. */
  utilization: within(0, 1, "(a share of the racks' design power)", { above: true }).default(
    DEFAULT_UTILIZATION,
  ),
  /**
   * Optional shape of the load: 24 multipliers by hour of day, or 8,760 by hour of year, applied to
   * `utilization` (the product is capped at 1, the racks' design power).
   */
  hourlyProfile: z
    .array(within(0, 10, '(a multiplier of utilization)'))
    // The size first: zod then does not validate (and report) each of a huge array's items.
    .max(8760, 'must hold 24 values (by hour of day) or 8,760 (by hour of year)')
    .refine((values) => values.length === 24 || values.length === 8760, {
      message: 'must hold 24 values (by hour of day) or 8,760 (by hour of year)',
    })
    .refine((values) => values.some((value) => value > 0), {
      message: 'must have at least one value above 0 (an IT load that is never on has no budget)',
    })
    .optional(),
  /**
   * IT power added per kelvin of server inlet air above `inletReferenceC`, as a share of the IT power:
   * server fans speed up as the inlet warms. Measured 0.35-0.5 % per K between 23 and 30 °C over two
   * whole colocation halls (Coroamă, "Temperature Optimisation in Data Centres", arXiv 2509.26163, 2025);
   * the shape (flat below ~23-25 °C, rising above) is ASHRAE TC 9.9's server power-increase band
   * (Thermal Guidelines for Data Processing Environments, 2011 white paper, fig. 4; 5th ed. 2021).
   * Reported as IT power, so PUE and total energy both show the trade-off of a warmer hall.
   */
  inletPowerIncreasePerK: within(0, 0.05, '(a share of the IT power per K)').default(0.004),
  /**
   * Inlet temperature, °C, below which server fans hold their minimum speed: ASHRAE's band is nearly flat
   * up to ~25 °C and the measured rise runs from 23 °C (Coroamă 2025); 24 °C, the default supply air.
   */
  inletReferenceC: within(10, 40, '°C').default(24),
});

const efficiencyPoint = strictObject({
  loadFraction: within(0, 1, '(a share of the rated load)'),
  efficiency: within(0.5, 1, '(output over input)', { above: true }),
});

const efficiencyCurve = z
  .array(efficiencyPoint)
  .min(2)
  .max(PLAN_LIMITS.maxUpsCurvePoints, `at most ${PLAN_LIMITS.maxUpsCurvePoints} points`)
  .refine(
    (points) => points.every((point, i) => i === 0 || point.loadFraction > points[i - 1]!.loadFraction),
    {
      message: 'load fractions must increase',
    },
  );

/**
 * Where the UPS sits and how much of it is installed per unit of need:
 * - `2N`: two independent systems, each able to carry the whole load: 2x installed, each at half load.
 * - `N+1`: one system of N modules of need plus one spare: (N + 1) / N installed (`upsModulesOfNeed`).
 * - `distributed`: distributed redundancy (three systems, any two carry the load, "3N/2"): 1.5x.
 * - `none`: no central UPS: the IT load is fed from the grid, with rack batteries (Open Compute Open
 *   Rack battery backup units) or generators alone riding through; no UPS loss.
 * Uptime Institute, Tier Standard: Topology; Schneider Electric White Paper 75, "Comparing UPS System
 * Design Configurations".
 */
export const UPS_TOPOLOGIES = ['2N', 'N+1', 'distributed', 'none'] as const;
export type UpsTopology = (typeof UPS_TOPOLOGIES)[number];

export const UPS_MODES = ['double-conversion', 'eco'] as const;

export const powerChainSchema = strictObject({
  /** UPS topology; sets the installed capacity per unit of need (see UPS_TOPOLOGIES). */
  upsTopology: z.enum(UPS_TOPOLOGIES, { error: `must be one of ${UPS_TOPOLOGIES.join(', ')}` }).default('2N'),
  /** Modules of need of an N+1 system: installed = (N + 1) / N of the design load. */
  upsModulesOfNeed: within(1, 32, 'modules').int('must be a whole number of modules').default(4),
  /**
   * UPS modules installed per module of need; overrides the topology's (2 for 2N, (N + 1) / N for N+1,
   * 1.5 for distributed). It sets the load fraction each installed unit sees.
   */
  upsRedundancyFactor: within(1, 3, '(installed UPS capacity per unit of need)').optional(),
  /** `double-conversion` uses `upsEfficiencyCurve`, `eco` the eco-mode curve. */
  upsMode: z
    .enum(UPS_MODES, { error: `must be one of ${UPS_MODES.join(', ')}` })
    .default('double-conversion'),
  /**
   * Double-conversion efficiency by load fraction, interpolated linearly; the default is
   * UPS_EFFICIENCY_CURVES['typical-double-conversion'] (EU Code of Conduct on AC UPS, 2021, and vendor
   * curves: ~94% at 25% load, ~96% from half load up).
   */
  upsEfficiencyCurve: efficiencyCurve.default(() => [...UPS_EFFICIENCY_CURVES['typical-double-conversion']]),
  /** Eco-mode efficiency by load fraction; default UPS_EFFICIENCY_CURVES['eco-mode']. */
  upsEcoEfficiencyCurve: efficiencyCurve.default(() => [...UPS_EFFICIENCY_CURVES['eco-mode']]),
  /**
   * PDU, busway and cabling losses as a share of the IT load they carry: ~1 % for 415/240 V busway with
   * no PDU transformer; 2-3 % with 480/208 V PDU transformers (LBNL, "DC Power for Improved Data Center
   * Efficiency", 2008: PDU transformer efficiency 97-98 %).
   */
  distributionLossFraction: within(0, 0.1, '(a share of the IT load)').default(0.01),
  /**
   * Transformer no-load (core) loss as a share of its rating, drawn in every hour. Defaults here and below
   * are typical of ~2 MVA distribution transformers meeting EU Ecodesign Tier 2 (Commission Regulation
   * (EU) No 548/2014): core loss ~0.1-0.2% and load loss ~1% of rating.
   */
  transformerNoLoadLossFraction: within(0, 0.05, "(a share of the transformer's rating)").default(0.002),
  /** Transformer load (copper) loss at rated load, as a share of the rating; scales with load squared. */
  transformerLoadLossFraction: within(0, 0.05, "(a share of the transformer's rating)").default(0.01),
  /** Transformer rating; defaults to the grid connection cap. */
  transformerRatingKw: within(0, PLAN_LIMITS.maxKw, 'kW', { above: true }).optional(),
});

export const otherLoadsSchema = strictObject({
  /** Lighting of the white space per kW of IT design capacity (LED at ~6 W/m2 over ~0.5 m2 per IT kW). */
  lightingWPerItKw: within(0, 100, 'W per kW of IT').default(3),
  /**
   * Standby generators' engine (jacket water) heaters, averaged over the year, per kW of IT design
   * capacity: a 2 MW diesel set keeps 9-15 kW of immersion heaters on thermostat (Southern California
   * Edison, Emerging Technologies report ET08SCE1020, 2009, "Air Source Heat Pump for Emergency
   * Generator Engine Heating", measured heater energy), sets are installed at ~1.3 kW per IT kW (N+1 on
   * the facility peak), and the heaters run ~40 % of the hours: 12 kW / 2,000 kW x 1.3 x 0.4 = 3 W.
   */
  generatorHeaterWPerItKw: within(0, 50, 'W per kW of IT').default(3),
  /**
   * Building controls, fire detection, security and the facility's own network per kW of IT design
   * capacity. An estimate (no published survey separates them): ~2 W per IT kW.
   */
  controlsWPerItKw: within(0, 50, 'W per kW of IT').default(2),
  /** Offices, security, controls and other constant loads on the meter. */
  miscKw: within(0, PLAN_LIMITS.maxKw, 'kW').default(0),
});

export const carbonOptionsSchema = strictObject({
  /** Overrides the site's location-based grid factor. */
  locationKgCo2ePerKwh: within(0, 2, 'kg CO2e/kWh').optional(),
  /** Share of the facility's energy bought under a hydro supply contract (market-based method). */
  hydroContractShare: within(0, 1, "(a share of the facility's energy)").default(0),
  /**
   * Emission factor of the contracted hydro supply. GHG Protocol Scope 2 market-based accounting uses
   * the contract's direct emissions: 0 for hydro.
   */
  hydroKgCo2ePerKwh: within(0, 2, 'kg CO2e/kWh').default(0),
  /** Share covered by unbundled green certificates (China GEC or I-REC), counted at 0. */
  greenCertificateShare: within(0, 1, "(a share of the facility's energy)").default(0),
  /**
   * Factor for the energy no contract covers. China publishes no residual mix, so the default is the
   * location-based grid average (which overstates nothing and understates the residual slightly).
   */
  residualKgCo2ePerKwh: within(0, 2, 'kg CO2e/kWh').optional(),
}).refine((carbon) => carbon.hydroContractShare + carbon.greenCertificateShare <= 1, {
  message: 'hydroContractShare + greenCertificateShare must not exceed 1',
  path: ['greenCertificateShare'],
});

/**
 * The default plan's choices, the one home of these defaults: a 500-rack hall at 10 kW per rack, cooled
 * indirect-evaporatively, behind a 6,000 kW grid connection at Guiyang. planSchema, infra's stack config and
 * the CLI's flags and help all read them from here.
 */
export const DEFAULT_PLAN = {
  site: 'guiyang',
  itPlan: DEFAULT_IT_PLAN,
  cooling: { type: 'indirect-evaporative' },
  gridConnection: { capKw: 6000 },
} as const;

/**
 * A budget plan's fields, without the preset step: where, what IT load, how it is cooled and powered,
 * what power costs and emits.
 */
export const planFieldsSchema = strictObject({
  /** The preset the plan started from (its fields are already merged under the plan's). */
  preset: z
    .enum(PLAN_PRESET_IDS, {
      error: (issue) => {
        const near = typeof issue.input === 'string' ? didYouMean(issue.input, PLAN_PRESET_IDS) : undefined;
        return `must be one of ${PLAN_PRESET_IDS.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`;
      },
    })
    .optional(),
  /** A built-in site id (default `guiyang`) or a whole site profile. */
  site: z
    .union([
      z.string().refine((id) => BUILT_IN_SITE_IDS.includes(id), {
        error: `must be a built-in site id (${BUILT_IN_SITE_IDS.join(', ')}) or a site profile`,
      }),
      siteProfileSchema,
    ])
    .default(DEFAULT_PLAN.site),
  itPlan: itPlanSchema.prefault({ ...DEFAULT_PLAN.itPlan }),
  cooling: coolingDesignSchema.prefault({ ...DEFAULT_PLAN.cooling }),
  powerChain: powerChainSchema.prefault({}),
  otherLoads: otherLoadsSchema.prefault({}),
  /** Overrides the site's tariff. */
  tariff: tariffSchema.optional(),
  carbon: carbonOptionsSchema.prefault({}),
  /** The grid connection: the facility's power may never exceed it. */
  gridConnection: strictObject({ capKw: within(0, PLAN_LIMITS.maxKw, 'kW', { above: true }) }).prefault({
    ...DEFAULT_PLAN.gridConnection,
  }),
  /** Return the hourly series (8,760 values per quantity) with the budget. */
  includeHourly: z.boolean().default(false),
});

/**
 * A budget plan. `preset` names one of `planPresets`: the preset's fields are laid under the plan's
 * (objects merge field by field, the plan's values win; a plan whose cooling names another design
 * type keeps only its own cooling), then everything is validated and defaulted.
 */
export const planSchema = z.preprocess(applyPreset, planFieldsSchema);

export type ItPlan = z.infer<typeof itPlanSchema>;
export type PowerChain = z.infer<typeof powerChainSchema>;
export type OtherLoads = z.infer<typeof otherLoadsSchema>;
export type CarbonOptions = z.infer<typeof carbonOptionsSchema>;
export type Plan = z.infer<typeof planFieldsSchema>;
/** Every field optional, at every depth (arrays are replaced whole, so they stay as they are). */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A plan as written: complete where the schema requires it, or any part of one over a preset. */
export type PlanInput =
  | z.input<typeof planFieldsSchema>
  | (DeepPartial<z.input<typeof planFieldsSchema>> & { preset: PlanPresetId });
