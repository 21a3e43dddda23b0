// One place for number formatting so every command prints the same quantity the same way.
const formatters = new Map<number, Intl.NumberFormat>();

/** `value` with thousands separators and exactly `digits` decimals (en-US, so output is locale-stable). */
export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(digits, formatter);
  }
  // Avoid "-0" for values that round to zero.
  const text = formatter.format(value);
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
