/** Days in each month of a typical (non-leap) year, January first. */
export const DAYS_PER_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export const HOURS_PER_TYPICAL_YEAR = 8760;

export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

export function daysInMonth(monthIndex: number): number {
  const days = DAYS_PER_MONTH[monthIndex];
  if (days === undefined) throw new RangeError(`monthIndex must be 0..11, got ${monthIndex}`);
  return days;
}
