/**
 * An RFC 3339 instant as a reading's `timestamp` may carry it, parsed in one pass over its characters:
 * what `z.iso.datetime({ offset: true })` accepts (`YYYY-MM-DDTHH:MM:SS`, optional fraction, `Z` or
 * `+HH:MM`/`-HH:MM`, upper-case `T` and `Z`, real calendar dates, hours 00-23, minutes and seconds 00-59),
 * with at most millisecond precision (digits past the third only if zeros). Returns milliseconds since the
 * Unix epoch, the value `Date.parse` gives for the same text, or `undefined` for anything else.
 *
 * Runs for every reading of every batch (issue 13): the zod regex, a precision regex and `Date.parse`
 * took about 2 us a reading; this takes well under one.
 */
export function parseInstantMs(text: string): number | undefined {
  const length = text.length;
  // 2026-11-28T12:00:00Z is the shortest form (20 characters).
  if (length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84)
    return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    at++;
    const start = at;
    while (at < length) {
      const code = text.charCodeAt(at);
      if (code < 48 || code > 57) break;
      const place = at - start;
      if (place < 3) ms = ms * 10 + (code - 48);
      else if (code !== 48) return undefined;
      at++;
    }
    const count = at - start;
    if (count === 0) return undefined;
    if (count === 1) ms *= 100;
    else if (count === 2) ms *= 10;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90) {
    if (at + 1 !== length) return undefined;
  } else if (zone === 43 || zone === 45) {
    if (at + 6 !== length || text.charCodeAt(at + 3) !== 58) return undefined;
    const offsetHour = digits(text, at + 1, 2);
    const offsetMinute = digits(text, at + 4, 2);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return undefined;
    offsetMinutes = (zone === 43 ? 1 : -1) * (offsetHour * 60 + offsetMinute);
  } else return undefined;
  return (
    (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms
  );
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (year >= 0), without a Date object: H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", days_from_civil.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal value of `count` ASCII digits at `from`, or -1 if any is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
