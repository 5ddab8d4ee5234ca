import { describe, expect, it } from 'vitest';
import { LineError, parseOutcome, parseSdkEvent, parseVoucherOutcome } from '../../src/monitor/records.js';
import { formatDuration, formatSpan, parseDuration, parseTimestamp } from '../../src/monitor/time.js';

const T = Date.UTC(2026, 11, 4, 10, 0, 0); // 2026-12-04T10:00:00Z

describe('timestamps: ISO 8601 or epoch milliseconds', () => {
  it.each<[string, unknown, number]>([
    ['ISO with Z', '2026-12-04T10:00:00Z', T],
    ['ISO with milliseconds', '2026-12-04T10:00:00.250Z', T + 250],
    ['ISO with microseconds (truncated to ms)', '2026-12-04T10:00:00.250999Z', T + 250],
    ['ISO with an offset', '2026-12-04T15:30:00+05:30', T],
    ['ISO with an offset without colon', '2026-12-04T15:30:00+0530', T],
    ['no zone is UTC (as in Hubble webhooks)', '2026-12-04T10:00:00', T],
    ['a space instead of T', '2026-12-04 10:00:00', T],
    ['minutes only', '2026-12-04T10:00Z', T],
    ['a date alone is 00:00 UTC', '2026-12-04', Date.UTC(2026, 11, 4)],
    ['February 29 of a leap year', '2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    ['a negative offset', '2026-12-04T05:00:00-05:00', T],
    ['surrounding spaces', ' 2026-12-04T10:00:00Z ', T],
    ['epoch ms as a number', T, T],
    ['epoch ms as a string', String(T), T],
    ['fractional epoch ms', T + 0.5, T],
  ])('%s', (_name, input, expected) => expect(parseTimestamp(input)).toBe(expected));

  it.each<[string, unknown, RegExp]>([
    ['epoch seconds', T / 1000, /looks like epoch seconds; expected epoch milliseconds \(1796378400000\)/],
    ['epoch microseconds', T * 1000, /looks like epoch micro- or nanoseconds/],
    ['a date that does not exist', '2026-02-30T10:00:00Z', /is not a valid date/],
    ['hour 25', '2026-12-04T25:00:00Z', /is not a valid date/],
    ['February 29 of a common year', '2027-02-29', /is not a valid date/],
    ['an offset of 19 hours', '2026-12-04T10:00:00+19:00', /is not a valid date/],
    ['words', 'yesterday', /is not ISO 8601/],
    ['missing', undefined, /^no timestamp$/],
    ['an object', { t: 1 }, /timestamp is an object/],
    ['a tiny number', 42, /is not epoch milliseconds of a recent date/],
  ])('rejects %s', (_name, input, message) => expect(() => parseTimestamp(input)).toThrow(message));
});

describe('durations and spans', () => {
  it.each([['15m', 900_000], ['1h', 3_600_000], ['1d', 86_400_000], ['30s', 30_000], [' 2h ', 7_200_000]])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['0h', '1w', 'h', '1.5h', '-1h', ''])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
  it('formats the shortest unit', () => {
    expect([86_400_000, 3_600_000, 5_400_000, 45_000].map(formatDuration)).toEqual(['1d', '1h', '90m', '45s']);
  });
  it.each([
    [T, T + 3_600_000, '2026-12-04 10:00–11:00 UTC'],
    [Date.UTC(2026, 11, 4, 23), Date.UTC(2026, 11, 5), '2026-12-04 23:00–24:00 UTC'],
    [Date.UTC(2026, 11, 4), Date.UTC(2026, 11, 5), '2026-12-04 00:00 – 2026-12-05 00:00 UTC'],
    [T, T + 30_500, '2026-12-04 10:00:00–10:00:30 UTC'],
  ])('span %#', (a, b, text) => expect(formatSpan(a, b)).toBe(text));
});

describe('SDK event lines', () => {
  it('reads event, timestamp, failureReason and brand', () => {
    expect(parseSdkEvent({ event: 'payment_fail', properties: { amount: 500, failureReason: 'UPI  timeout\n', brandName: 'Swiggy' }, timestamp: T })).toEqual({
      ts: T, event: 'payment_fail', reason: 'UPI timeout', brand: 'Swiggy', known: true,
    });
  });
  it('knows the documented events, visit_<screen> included, and flags others', () => {
    expect(parseSdkEvent({ event: 'visit_coupons', timestamp: T })!.known).toBe(true);
    expect(parseSdkEvent({ event: 'cart_abandoned', timestamp: T })!.known).toBe(false);
  });
  it('skips the SDK action messages (close, app_ready)', () => {
    expect(parseSdkEvent({ type: 'action', action: 'close', timestamp: T })).toBeNull();
  });
  it('tolerates missing or odd properties', () => {
    expect(parseSdkEvent({ event: 'payment_fail', properties: 'x', timestamp: T })).toEqual({ ts: T, event: 'payment_fail', reason: undefined, brand: undefined, known: true });
    expect(parseSdkEvent({ event: 'payment_success', timestamp: T })).toEqual({ ts: T, event: 'payment_success', known: true });
  });
  it.each<[string, unknown, RegExp]>([
    ['an array', [1, 2], /^an array, not a JSON object; expected \{"event"/],
    ['no event', { properties: {}, timestamp: T }, /^no "event"; expected an event name/],
    ['a numeric event', { event: 5, timestamp: T }, /^"event" is number 5/],
    ['no timestamp', { event: 'payment_success' }, /^no "timestamp" \(ISO 8601 or epoch milliseconds\)$/],
    ['epoch seconds', { event: 'payment_success', timestamp: 1796378400 }, /looks like epoch seconds/],
  ])('rejects %s with a LineError', (_name, value, message) => {
    expect(() => parseSdkEvent(value)).toThrow(LineError);
    expect(() => parseSdkEvent(value)).toThrow(message);
  });
});

describe('webhook delivery and SSO lines', () => {
  it.each<[string, Record<string, unknown>, { ok: boolean; reason?: string }]>([
    ['2xx status', { status: 200 }, { ok: true }],
    ['204 as a string', { statusCode: '204' }, { ok: true }],
    ['5xx status', { status: 503 }, { ok: false, reason: 'HTTP 503' }],
    ['401 on SSO', { httpStatus: 401 }, { ok: false, reason: 'HTTP 401' }],
    ['no answer', { status: 0 }, { ok: false, reason: 'no answer' }],
    ['success false with an error', { success: false, error: 'timeout' }, { ok: false, reason: 'timeout' }],
    ['ok true', { ok: true }, { ok: true }],
    ['success decides over status', { success: false, status: 200 }, { ok: false, reason: 'HTTP 200' }],
  ])('%s', (_name, fields, expected) => {
    const o = parseOutcome({ timestamp: T, ...fields });
    expect({ ok: o.ok, reason: o.reason }).toEqual({ ok: expected.ok, reason: expected.reason });
  });
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['neither success nor status', { timestamp: T, code: 200 }, /^no "success" \(true or false\) or "status" \(an HTTP code\)/],
    ['a status that is no HTTP code', { timestamp: T, status: 'delivered' }, /^"status" is "delivered"; expected an HTTP code/],
    ['success as a string', { timestamp: T, success: 'yes' }, /^"success" is "yes"; expected true or false$/],
    ['no timestamp', { status: 200 }, /^no "timestamp"/],
  ])('rejects %s', (_name, value, message) => expect(() => parseOutcome(value)).toThrow(message));
});

describe('voucher lines', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a COMPLETED transaction webhook', { orderStatus: 'COMPLETED', vouchers: [{}] }, 'success'],
    ['a FAILED transaction webhook', { orderStatus: 'FAILED', vouchers: [] }, 'fail'],
    ['a REVERSED one (manual reversal: not a generation failure)', { orderStatus: 'REVERSED' }, 'reversed'],
    ['lower case', { orderStatus: 'failed' }, 'fail'],
    ['API-partner status SUCCESS', { status: 'SUCCESS' }, 'success'],
    ['PROCESSING is pending', { status: 'PROCESSING' }, 'pending'],
    ['success false', { success: false }, 'fail'],
    ['the SDK event name', { event: 'voucher_generation_fail' }, 'fail'],
  ])('%s', (_name, fields, result) => {
    // Transaction webhooks carry a UTC timestamp without a zone.
    expect(parseVoucherOutcome({ timestamp: '2026-12-04T10:00:00', ...fields })).toMatchObject({ ts: T, result });
  });
  it('keeps the brand of a failure', () => {
    expect(parseVoucherOutcome({ timestamp: T, orderStatus: 'FAILED', brandName: 'Swiggy' }).brand).toBe('Swiggy');
  });
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown orderStatus', { timestamp: T, orderStatus: 'DONE' }, /^"orderStatus" is "DONE"; expected COMPLETED, FAILED or REVERSED/],
    ['no outcome', { timestamp: T, amount: 5 }, /^no "orderStatus" or "success"/],
  ])('rejects %s', (_name, value, message) => expect(() => parseVoucherOutcome(value)).toThrow(message));
});
