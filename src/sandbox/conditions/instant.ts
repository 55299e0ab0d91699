/**
 * ISO-8601 timestamps to epoch milliseconds, without allocating: record values are parsed on every
 * evaluation (50,000 records a request), and `Date.parse` reads a timestamp without a zone as local
 * time, where ConnectWise reads it as UTC (research §3.1, django-connectwise's naive datetimes).
 */

const ZERO = 48;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return NaN;
    n = n * 10 + d;
  }
  return n;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/**
 * `yyyy-mm-dd`, optionally followed by `T` (or a space) and `hh:mm`, `:ss`, `.fraction`, and `Z` or
 * `±hh:mm`. No zone means UTC. Anything else, or an impossible date, is NaN.
 */
export function parseInstant(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offset = 0;
  let i = 10;
  if (i < n) {
    const sep = s.charCodeAt(i);
    if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // T, t, space
    if (n < i + 6 || s.charCodeAt(i + 3) !== 58) return NaN;
    hour = digits(s, i + 1, 2);
    minute = digits(s, i + 4, 2);
    i += 6;
    if (i < n && s.charCodeAt(i) === 58) {
      second = digits(s, i + 1, 2);
      i += 3;
      if (i < n && s.charCodeAt(i) === 46) {
        i++;
        const start = i;
        let scale = 100;
        while (i < n && s.charCodeAt(i) >= ZERO && s.charCodeAt(i) <= ZERO + 9) {
          millis += (s.charCodeAt(i) - ZERO) * scale;
          scale /= 10;
          i++;
        }
        if (i === start) return NaN;
        millis = Math.floor(millis);
      }
    }
    if (!(hour <= 23 && minute <= 59 && second <= 59)) return NaN;
    if (i < n) {
      const zone = s.charCodeAt(i);
      if ((zone === 90 || zone === 122) && i + 1 === n) {
        i++;
      } else if ((zone === 43 || zone === 45) && (n === i + 6 || n === i + 5)) {
        const colon = n === i + 6 ? 1 : 0;
        if (colon && s.charCodeAt(i + 3) !== 58) return NaN;
        const minutes = digits(s, i + 1, 2) * 60 + digits(s, i + 3 + colon, 2);
        offset = zone === 43 ? minutes : -minutes;
        i = n;
      } else {
        return NaN;
      }
    }
  }
  if (i !== n) return NaN;
  // Date.UTC reads years 0–99 as 1900–1999; 400 Gregorian years later the calendar is the same, 146,097 days on.
  const shift = year < 100 ? 1 : 0;
  return Date.UTC(year + shift * 400, month - 1, day, hour, minute, second, millis) - shift * GREGORIAN_CYCLE_MS - offset * 60_000;
}

/** 400 Gregorian years, in milliseconds. */
const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000;

/** The bracketed literal's contents as the grammar allows them: `yyyy-mm-dd[Thh:mm:ss[.f…][Z]]`. */
const LITERAL = /^\d{4}-\d{2}-\d{2}(?:[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?[Zz]?)?$/;

/** A datetime literal's instant, or NaN when it is not one the grammar accepts. */
export function parseDateLiteral(body: string): number {
  return LITERAL.test(body) ? parseInstant(body) : NaN;
}
