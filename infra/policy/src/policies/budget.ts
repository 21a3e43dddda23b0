// What the budget policies read off a compute pool: the tags infra/src/sizing.ts `budgetTags` writes.

import { BUDGET_TAGS } from '../tag-names.js';
import { AUTOSCALING_GROUP, parseTagNumber, tagsOf } from './shared.js';

/** Budget tags the status service and the alarms read off the pool; all but the site are numbers. */
export const REQUIRED_BUDGET_TAGS = [
  BUDGET_TAGS.site,
  BUDGET_TAGS.pue,
  BUDGET_TAGS.peakFacilityKw,
  BUDGET_TAGS.capKw,
  BUDGET_TAGS.maxItKw,
  BUDGET_TAGS.maxMonthEnergyMwh,
  BUDGET_TAGS.nodeItKw,
] as const;

/** The budget tags whose value must be a non-negative decimal number. */
export const NUMERIC_BUDGET_TAGS: readonly string[] = REQUIRED_BUDGET_TAGS.filter(
  (tag) => tag !== BUDGET_TAGS.site,
);

/** Hours in the longest month: the monthly energy check assumes a 31-day month at the desired size. */
export const HOURS_IN_LONGEST_MONTH = 744;

/** How far the pool's monthly energy may run over the budget's largest month before it is refused. */
export const MONTHLY_ENERGY_TOLERANCE = 1.05;

/** The tags of an auto scaling group, or undefined when the resource is not one. */
export function poolTags(type: string, props: Record<string, unknown>): Record<string, string> | undefined {
  return type === AUTOSCALING_GROUP ? tagsOf(type, props) : undefined;
}

/** A numeric budget tag with the rounding its text carries (half a unit of its last decimal). */
export interface TagNumber {
  value: number;
  /** The largest error the rounding to the tag's decimals may have introduced. */
  rounding: number;
}

/** Reads a numeric budget tag; undefined when it is missing or not a number. */
export function tagNumber(tags: Record<string, string>, key: string): TagNumber | undefined {
  const text = tags[key];
  const value = parseTagNumber(text);
  if (text === undefined || value === undefined) return undefined;
  const decimals = text.trim().split('.')[1]?.length ?? 0;
  return { value, rounding: 0.5 * 10 ** -decimals };
}
