/** Timestamps and window lengths of `monitor`: ISO 8601 or epoch milliseconds in, epoch milliseconds out. */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `15m`, `1h`, `1d` (a whole number and s, m, h or d) in milliseconds; undefined when not such a value. */
export function parseDuration(text: string): number | undefined {
  const m = /^([1-9][0-9]{0,8})(s|m|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** The shortest way to write a duration: 3600000 -> `1h`, 5400000 -> `90m`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${ms}ms`;
}

// Epoch milliseconds from 1973-03-03 to 5138-11-16: below is epoch seconds, above is micro- or nanoseconds.
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = 1e14;

// Date, then optional time (T or space), optional fraction, optional zone. No zone means UTC, as in
// Hubble's webhook payloads ("timestamp":"2024-01-15T14:30:22", UTC without a suffix).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?$/i;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch milliseconds of an ISO 8601 string (zone-less = UTC) or of epoch milliseconds given as a
 * number or a string of digits. Throws a TypeError whose message says what was wrong.
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return epochMs(value, String(value));
  if (typeof value !== 'string') {
    throw new TypeError(value === undefined || value === null ? 'no timestamp' : `timestamp is ${describe(value)}; expected an ISO 8601 string or epoch milliseconds`);
  }
  const fast = canonicalIso(value);
  if (fast !== undefined) return fast;
  const m = ISO.exec(value);
  if (!m) {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return epochMs(Number(text), text);
    if (text !== value) return parseTimestamp(text);
    throw new TypeError(`timestamp ${JSON.stringify(clip(value))} is not ISO 8601 (2026-12-04T10:00:00Z) or epoch milliseconds`);
  }
  // Computed from the fields, not Date.parse: that would take 2026-02-30 for March 2 (and is slower).
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!, h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, s = m[6] ? +m[6] : 0;
  const ms = m[7] ? +m[7].padEnd(3, '0').slice(0, 3) : 0;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (+m[9]! * 60 + (m[10] ? +m[10] : 0)) : 0;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1];
  if (days === undefined || d < 1 || d > days || h > 23 || mi > 59 || s > 59 || Math.abs(offset) > 18 * 60 || (m[10] !== undefined && +m[10] > 59)) {
    throw new TypeError(`timestamp ${JSON.stringify(clip(value))} is not a valid date`);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000;
}

/**
 * The form exporters write (`2026-12-04T10:00:00Z`, `2026-12-04T10:00:00.250Z`, Date#toISOString)
 * read digit by digit: this runs once per line of a file of millions, at a tenth of the regex's cost.
 * Anything else, or an impossible date, is left to the general path (undefined).
 */
function canonicalIso(v: string): number | undefined {
  const n = v.length;
  if ((n !== 20 && n !== 24) || v.charCodeAt(n - 1) !== 0x5a || v.charCodeAt(10) !== 0x54) return undefined;
  if (v.charCodeAt(4) !== 0x2d || v.charCodeAt(7) !== 0x2d || v.charCodeAt(13) !== 0x3a || v.charCodeAt(16) !== 0x3a) return undefined;
  if (n === 24 && v.charCodeAt(19) !== 0x2e) return undefined;
  const y = digits(v, 0, 4), mo = digits(v, 5, 7), d = digits(v, 8, 10), h = digits(v, 11, 13), mi = digits(v, 14, 16), s = digits(v, 17, 19);
  const ms = n === 24 ? digits(v, 20, 23) : 0;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0) return undefined;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** The number written in v[from, to), or -1 if a character is not a digit. */
function digits(v: string, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): integer math, no Date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function epochMs(n: number, shown: string): number {
  if (!Number.isFinite(n)) throw new TypeError(`timestamp ${shown} is not a finite number`);
  if (n < MIN_EPOCH_MS) {
    if (n >= 1e9) throw new TypeError(`timestamp ${shown} looks like epoch seconds; expected epoch milliseconds (${Math.round(n * 1000)})`);
    throw new TypeError(`timestamp ${shown} is not epoch milliseconds of a recent date`);
  }
  if (n >= MAX_EPOCH_MS) throw new TypeError(`timestamp ${shown} looks like epoch micro- or nanoseconds; expected epoch milliseconds`);
  return Math.floor(n);
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
const describe = (v: unknown) => (Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** `2026-12-04T10:00:00Z` (milliseconds only when there are any). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A window for people: `2026-12-04 10:00–11:00 UTC`; `23:00–24:00` for an hour up to midnight; both dates otherwise. */
export function formatSpan(start: number, end: number): string {
  const a = new Date(start).toISOString();
  const b = new Date(end).toISOString();
  const secs = a.slice(17, 19) !== '00' || b.slice(17, 19) !== '00';
  const time = (iso: string) => iso.slice(11, secs ? 19 : 16);
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a.slice(0, 10)} ${time(a)}–${time(b)} UTC`;
  const lastMs = new Date(end - 1).toISOString();
  if (b.slice(11, 23) === '00:00:00.000' && lastMs.slice(0, 10) === a.slice(0, 10) && time(a) !== time(b)) {
    return `${a.slice(0, 10)} ${time(a)}–${secs ? '24:00:00' : '24:00'} UTC`;
  }
  return `${a.slice(0, 10)} ${time(a)} – ${b.slice(0, 10)} ${time(b)} UTC`;
}
