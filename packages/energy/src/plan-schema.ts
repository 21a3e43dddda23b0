import { BUILT_IN_SITE_IDS, siteProfileSchema, strictObject, tariffSchema } from '@karst/climate';
import { coolingDesignSchema } from '@karst/cooling';
import { z } from 'zod';

const finite = z.number().finite();
const fraction = finite.min(0).max(1);

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

export const itPlanSchema = strictObject({
  racks: z
    .number()
    .int('must be a whole number of racks')
    .positive('must be a positive integer')
    .max(PLAN_LIMITS.maxRacks, `must be at most ${PLAN_LIMITS.maxRacks.toLocaleString('en')}`),
  /** Design (nameplate) power of one rack. */
  kwPerRack: finite.positive().max(500),
  /** Average share of the design power the racks draw. */
  utilization: finite.gt(0, 'must be above 0').max(1).default(0.6),
  /**
   * Optional shape of the load: 24 multipliers by hour of day, or 8,760 by hour of year, applied to
   * `utilization` (the product is capped at 1, the racks' design power).
   */
  hourlyProfile: z
    .array(finite.min(0).max(10))
    // The size first: zod then does not validate (and report) each of a huge array's items.
    .max(8760, 'must hold 24 values (by hour of day) or 8,760 (by hour of year)')
    .refine((values) => values.length === 24 || values.length === 8760, {
      message: 'must hold 24 values (by hour of day) or 8,760 (by hour of year)',
    })
    .refine((values) => values.some((value) => value > 0), {
      message: 'must have at least one value above 0 (an IT load that is never on has no budget)',
    })
    .optional(),
});

const efficiencyPoint = strictObject({ loadFraction: fraction, efficiency: finite.gt(0.5).max(1) });

export const powerChainSchema = strictObject({
  /**
   * UPS efficiency by load fraction, interpolated linearly; defaults are typical of a modern
   * double-conversion UPS (EU Code of Conduct on AC UPS, 2021, and vendor curves: ~94% at 25% load,
   * ~96% from half load up).
   */
  upsEfficiencyCurve: z
    .array(efficiencyPoint)
    .min(2)
    .max(PLAN_LIMITS.maxUpsCurvePoints, `at most ${PLAN_LIMITS.maxUpsCurvePoints} points`)
    .refine(
      (points) => points.every((point, i) => i === 0 || point.loadFraction > points[i - 1]!.loadFraction),
      {
        message: 'load fractions must increase',
      },
    )
    .default([
      { loadFraction: 0.1, efficiency: 0.88 },
      { loadFraction: 0.25, efficiency: 0.94 },
      { loadFraction: 0.5, efficiency: 0.96 },
      { loadFraction: 0.75, efficiency: 0.965 },
      { loadFraction: 1, efficiency: 0.96 },
    ]),
  /** UPS modules installed per module of need: 1 for N, 2 for 2N (halves each unit's load fraction). */
  upsRedundancyFactor: finite.min(1).max(3).default(2),
  /** PDU, busway and cabling losses as a share of the IT load they carry. */
  distributionLossFraction: fraction.max(0.1).default(0.01),
  /**
   * Transformer no-load (core) loss as a share of its rating, drawn in every hour. Defaults here and below
   * are typical of ~2 MVA distribution transformers meeting EU Ecodesign Tier 2 (Commission Regulation
   * (EU) No 548/2014): core loss ~0.1-0.2% and load loss ~1% of rating.
   */
  transformerNoLoadLossFraction: fraction.max(0.05).default(0.002),
  /** Transformer load (copper) loss at rated load, as a share of the rating; scales with load squared. */
  transformerLoadLossFraction: fraction.max(0.05).default(0.01),
  /** Transformer rating; defaults to the grid connection cap. */
  transformerRatingKw: finite.positive().max(PLAN_LIMITS.maxKw).optional(),
});

export const otherLoadsSchema = strictObject({
  /** Lighting of the white space per kW of IT design capacity (LED at ~6 W/m2 over ~0.5 m2 per IT kW). */
  lightingWPerItKw: finite.min(0).max(100).default(3),
  /** Offices, security, controls and other constant loads on the meter. */
  miscKw: finite.min(0).max(PLAN_LIMITS.maxKw).default(0),
});

export const carbonOptionsSchema = strictObject({
  /** Overrides the site's location-based grid factor. */
  locationKgCo2ePerKwh: finite.min(0).max(2).optional(),
  /** Share of the facility's energy bought under a hydro supply contract (market-based method). */
  hydroContractShare: fraction.default(0),
  /**
   * Emission factor of the contracted hydro supply. GHG Protocol Scope 2 market-based accounting uses
   * the contract's direct emissions: 0 for hydro.
   */
  hydroKgCo2ePerKwh: finite.min(0).max(2).default(0),
  /** Share covered by unbundled green certificates (China GEC or I-REC), counted at 0. */
  greenCertificateShare: fraction.default(0),
  /**
   * Factor for the energy no contract covers. China publishes no residual mix, so the default is the
   * location-based grid average (which overstates nothing and understates the residual slightly).
   */
  residualKgCo2ePerKwh: finite.min(0).max(2).optional(),
}).refine((carbon) => carbon.hydroContractShare + carbon.greenCertificateShare <= 1, {
  message: 'hydroContractShare + greenCertificateShare must not exceed 1',
  path: ['greenCertificateShare'],
});

/** A budget plan: where, what IT load, how it is cooled and powered, what power costs and emits. */
export const planSchema = strictObject({
  /** A built-in site id (default `guiyang`) or a whole site profile. */
  site: z
    .union([
      z.string().refine((id) => BUILT_IN_SITE_IDS.includes(id), {
        error: `must be a built-in site id (${BUILT_IN_SITE_IDS.join(', ')}) or a site profile`,
      }),
      siteProfileSchema,
    ])
    .default('guiyang'),
  itPlan: itPlanSchema.prefault({ racks: 500, kwPerRack: 10 }),
  cooling: coolingDesignSchema.prefault({ type: 'indirect-evaporative' }),
  powerChain: powerChainSchema.prefault({}),
  otherLoads: otherLoadsSchema.prefault({}),
  /** Overrides the site's tariff. */
  tariff: tariffSchema.optional(),
  carbon: carbonOptionsSchema.prefault({}),
  /** The grid connection: the facility's power may never exceed it. */
  gridConnection: strictObject({ capKw: finite.positive().max(PLAN_LIMITS.maxKw) }).prefault({ capKw: 6000 }),
  /** Return the hourly series (8,760 values per quantity) with the budget. */
  includeHourly: z.boolean().default(false),
});

export type ItPlan = z.infer<typeof itPlanSchema>;
export type PowerChain = z.infer<typeof powerChainSchema>;
export type OtherLoads = z.infer<typeof otherLoadsSchema>;
export type CarbonOptions = z.infer<typeof carbonOptionsSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
