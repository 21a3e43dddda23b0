// One place for number formatting so every command prints the same quantity the same way.
//
// Not Intl.NumberFormat: the first formatter of a process loads ICU's number data, ~15 ms of CPU on Node 20
// and 24 (a third of Node 24's own start), which every `karst budget` paid for a few dozen en-US numbers.
// `grouped` gives Intl.NumberFormat('en-US')'s text for the options karst uses (numbers.test.ts holds it
// to Intl over random values of every magnitude): like ICU, it rounds the shortest decimal that reads back
// as the double (what String(value) prints), half away from zero, so 1.005 is 1.01 (toFixed says 1.00).

/**
 * `value` as Intl.NumberFormat('en-US', { minimumFractionDigits, maximumFractionDigits }) writes it:
 * thousands separators, rounded half away from zero at `maxDigits` decimals, trailing zeros dropped down
 * to `minDigits`. Non-finite values as String() writes them.
 */
export function grouped(value: number, minDigits: number, maxDigits: number): string {
  if (!Number.isFinite(value)) return String(value);
  // The shortest round-trip digits and the exponent of the first: 1234.5 -> "1.2345e+3".
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const significant = mantissa.replace('.', '');
  const integerDigits = Number(exponentText) + 1;
  // The digits kept, as a whole number of units of 10^-maxDigits; the next digit decides the rounding.
  const keep = integerDigits + maxDigits;
  let units = keep <= 0 ? '' : significant.slice(0, keep).padEnd(keep, '0');
  if ((significant[keep] ?? '0') >= '5' && keep >= 0) units = increment(units);
  units = units.padStart(maxDigits + 1, '0');
  let integer = units.slice(0, units.length - maxDigits);
  let fraction = units.slice(units.length - maxDigits);
  while (fraction.length > minDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  integer = integer.replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${integer}${fraction === '' ? '' : `.${fraction}`}`;
}

/** A string of decimal digits plus one ("999" -> "1000"). */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return digits.slice(0, i) + String(Number(digits[i]) + 1) + '0'.repeat(digits.length - i - 1);
}

/** `value` with thousands separators and exactly `digits` decimals (en-US, so output is locale-stable). */
export function num(value: number, digits = 0): string {
  const text = grouped(value, digits, digits);
  // Avoid "-0" for values that round to zero.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Decimals per kind of quantity, shared by tables and summaries. */
export const DIGITS = {
  pue: 3,
  energyMwh: 0,
  powerKw: 0,
  cost: 0,
  carbonT: 0,
  waterM3: 0,
  wue: 2,
  hours: 0,
  tempC: 1,
  share: 1,
  kgPerKwh: 3,
  price: 3,
} as const;

export const fmt = {
  pue: (v: number) => num(v, DIGITS.pue),
  mwh: (v: number) => num(v, DIGITS.energyMwh),
  kw: (v: number) => num(v, DIGITS.powerKw),
  cost: (v: number) => num(v, DIGITS.cost),
  t: (v: number) => num(v, DIGITS.carbonT),
  m3: (v: number) => num(v, DIGITS.waterM3),
  wue: (v: number) => num(v, DIGITS.wue),
  h: (v: number) => num(v, DIGITS.hours),
  c: (v: number) => num(v, DIGITS.tempC),
  /** A 0..1 share as a percentage. */
  pct: (share: number) => `${num(share * 100, DIGITS.share)} %`,
  kgPerKwh: (v: number) => num(v, DIGITS.kgPerKwh),
  price: (v: number) => num(v, DIGITS.price),
  int: (v: number) => num(v, 0),
};
