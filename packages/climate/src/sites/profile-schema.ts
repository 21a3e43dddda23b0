import { z } from 'zod';
import { EpwWarningSchema } from '../epw/schema.js';
import { lazySchema } from '../lazy-schema.js';
import { strictObject } from '../strict-object.js';

const finite = z.number().finite();

/** Longest free text a profile holds (a source citation, a name): 1,000 characters. */
export const MAX_TEXT_LENGTH = 1000;

/** A price in the tariff's currency, 0 or more, whose error says what it is per. */
const price = (per: string) =>
  z.number({ error: 'must be a number' }).min(0, `must be 0 or more, in the tariff's currency ${per}`);
const text = (max = MAX_TEXT_LENGTH) => z.string().max(max, `must be at most ${max} characters`);

const sourced = { source: text().min(1) };

const ascending = (values: readonly number[]) =>
  values.every((value, i) => i === 0 || value >= values[i - 1]!);

const degreeDistribution = lazySchema(() =>
  strictObject({
    startC: z.number().int().min(-100).max(70),
    cumulativeFraction: z
      .array(finite.min(0).max(1))
      .min(2)
      .max(200)
      .refine(ascending, { message: 'cumulative fractions must not decrease' })
      .refine((fractions) => fractions[0] === 0 && fractions[fractions.length - 1] === 1, {
        message: 'cumulative fractions must start at 0 and end at 1',
      }),
  }),
);

/** The statistics of one month that the typical-year synthesis reproduces. */
export const monthClimateSchema = lazySchema(() =>
  strictObject({
    meanDryBulbC: finite.min(-90).max(70),
    /** Share of the month's hours at or below each whole degree of dry bulb. */
    dryBulbDistribution: degreeDistribution,
    /** How a whole-degree bin's hours sit inside it (1: evenly); chosen so the synthesis keeps the mean. */
    dryBulbWithinBinExponent: finite.min(0.01).max(100).default(1),
    /** Share of the month's hours at or below each whole degree of dew point. */
    dewPointDistribution: degreeDistribution,
    /** Mean dry bulb at each hour of day (0 = hour ending 01:00) minus the monthly mean. */
    diurnalDryBulbAnomalyC: z.array(finite.min(-30).max(30)).length(24),
    /** Standard deviation of the daily mean dry bulb about the monthly mean. */
    dailyMeanDryBulbSdC: finite.min(0).max(30),
    /** Spearman rank correlation of hourly dry bulb and dew point within the month. */
    dryBulbDewPointRankCorrelation: finite.min(-1).max(1),
    meanPressurePa: finite.min(31_000).max(120_000),
    meanWindSpeedMps: finite.min(0).max(60),
  }),
);

export const designConditionsSchema = lazySchema(() =>
  strictObject({
    ...sourced,
    /** Cooling 0.4% annual dry bulb, with its mean coincident wet bulb. */
    cooling04DryBulbC: finite,
    cooling04CoincidentWetBulbC: finite,
    /** Evaporation 0.4% annual wet bulb, with its mean coincident dry bulb. */
    evaporation04WetBulbC: finite,
    evaporation04CoincidentDryBulbC: finite,
    /** Mean of the extreme annual maximum dry bulb. */
    extremeAnnualMaxDryBulbC: finite,
    heating996DryBulbC: finite,
  }),
);

export const timeOfUseBandSchema = strictObject({
  name: text(64).min(1),
  /** Hours of day [startHour, endHour) local time; a band may wrap past midnight. */
  startHour: z.number().int().min(0).max(23),
  endHour: z.number().int().min(1).max(24),
  energyPricePerKwh: price('per kWh'),
}).refine((band) => band.startHour !== band.endHour % 24, { message: 'a band must not be empty' });

export const tariffSchema = strictObject({
  ...sourced,
  currency: text(3).regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY'),
  /** Flat energy price, used for every hour that no time-of-use band covers. */
  energyPricePerKwh: price('per kWh'),
  timeOfUse: z.array(timeOfUseBandSchema).max(24, 'at most 24 bands').default([]),
  /** Monthly charge per kW of the month's peak demand, when the tariff has one. */
  demandChargePerKwMonth: price("per kW of the month's peak").default(0),
});

export const gridCarbonSchema = lazySchema(() =>
  strictObject({
    ...sourced,
    /** Location-based grid average emission factor. */
    locationKgCo2ePerKwh: finite.min(0).max(2),
    year: z.number().int().min(1990).max(2100),
  }),
);

export const siteProfileSchema = lazySchema(() =>
  strictObject({
    id: text(64).regex(/^[a-z][a-z0-9-]*$/, 'a lowercase id such as guiyang'),
    name: text(200).min(1),
    region: text(200).default(''),
    country: text(3).regex(/^[A-Z]{3}$/, 'an ISO 3166 alpha-3 code such as CHN'),
    location: strictObject({
      latitudeDeg: finite.min(-90).max(90),
      longitudeDeg: finite.min(-180).max(180),
      elevationM: finite.min(-500).max(9000),
      timeZoneHours: finite.min(-12).max(14),
      wmoId: text(32).default(''),
    }),
    climate: strictObject({
      ...sourced,
      months: z.array(monthClimateSchema).length(12),
      /**
       * The repairs and doubts of the weather file the months were measured from (profileFromEpw), kept so
       * that every budget at this site carries them. Absent for the built-in sites.
       */
      weatherWarnings: z.array(EpwWarningSchema).max(1000).optional(),
    }),
    designConditions: designConditionsSchema,
    power: strictObject({
      tariff: tariffSchema,
      gridCarbon: gridCarbonSchema,
    }),
    /** The AWS region nearest in kind (same market, similar siting), or null where none fits. */
    awsRegion: strictObject({ id: text(32).regex(/^[a-z]{2}(-[a-z]+)+-\d$/), ...sourced }).nullable(),
  }),
);

export type MonthClimate = z.infer<typeof monthClimateSchema>;
export type DesignConditions = z.infer<typeof designConditionsSchema>;
export type Tariff = z.infer<typeof tariffSchema>;
export type TariffInput = z.input<typeof tariffSchema>;
export type GridCarbon = z.infer<typeof gridCarbonSchema>;
export type SiteProfile = z.infer<typeof siteProfileSchema>;
export type SiteProfileInput = z.input<typeof siteProfileSchema>;
