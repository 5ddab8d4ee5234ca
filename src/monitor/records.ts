/**
 * The NDJSON lines `monitor` reads, one parser per input file. A parser turns one parsed JSON value
 * into a record or throws a LineError saying what is wrong with the line; the reader adds file:line.
 */
import { parseTimestamp } from './time.js';

/** What is wrong with one line (the reader prefixes file:line). */
export class LineError extends Error {
  override name = 'LineError';
}

/** SDK events HUBBLE.md 5c lists; the ones monitor counts are the payment and voucher events. */
export const KNOWN_SDK_EVENTS: ReadonlySet<string> = new Set([
  'payment_initiated', 'payment_success', 'payment_fail', 'coin_payment',
  'voucher_generation_success', 'voucher_generation_fail',
  'visit_home', 'visit_search', 'visit_category', 'visit_brand_l2', 'visit_checkout_summary',
  'exited', 'search_query',
]);

/** An SDK event as exported: `{"event": "payment_success", "properties": {...}, "timestamp": ...}`. */
export interface SdkEvent {
  ts: number;
  event: string;
  /** `properties.failureReason` of payment_fail (and voucher_generation_fail, if it carries one); read for *_fail events only. */
  reason?: string;
  /** `properties.brandName` of a *_fail event, when present. */
  brand?: string;
  /** Whether Hubble documents this event name (visit_<screen> counts as known). */
  known: boolean;
}

/** One outcome of a webhook delivery or an SSO call. */
export interface Outcome {
  ts: number;
  ok: boolean;
  /** Why it failed: `error`, else `HTTP <status>`. */
  reason?: string;
}

/** One voucher outcome: generated, failed, or reversed by Hubble (not a generation failure). */
export interface VoucherOutcome {
  ts: number;
  result: 'success' | 'fail' | 'reversed' | 'pending';
  reason?: string;
  brand?: string;
}

const EVENT_EXAMPLE = '{"event":"payment_success","properties":{"amount":500},"timestamp":"2026-12-04T10:00:00Z"}';

/** `--events`: one SDK analytics event a line; `{type:"action"}` messages of the SDK are skipped (null). */
export function parseSdkEvent(value: unknown): SdkEvent | null {
  const o = object(value, EVENT_EXAMPLE);
  if (typeof o.event !== 'string' || o.event === '') {
    if (o.type === 'action' || typeof o.action === 'string') return null;
    throw new LineError(`${o.event === undefined ? 'no "event"' : `"event" is ${kind(o.event)}`}; expected an event name such as ${EVENT_EXAMPLE}`);
  }
  const ts = timestamp(o);
  const known = KNOWN_SDK_EVENTS.has(o.event) || o.event.startsWith('visit_');
  // Only failures need their reason and brand; reading them for every event costs time on big files.
  if (!o.event.endsWith('_fail')) return { ts, event: o.event, known };
  const props = o.properties !== null && typeof o.properties === 'object' && !Array.isArray(o.properties) ? (o.properties as Record<string, unknown>) : undefined;
  return { ts, event: o.event, reason: shortText(props?.failureReason), brand: shortText(props?.brandName), known };
}

const OUTCOME_EXAMPLE = '{"timestamp":"2026-12-04T10:00:00Z","status":200} or {"timestamp":…,"success":false,"error":"timeout"}';

/**
 * `--webhooks` and `--sso`: one attempt a line, `timestamp` plus `success` (or `ok`) true/false, or
 * `status` (or `statusCode`, `httpStatus`): an HTTP code, 2xx = success, 0 = no answer. `error` names
 * the reason of a failure. With both, `success` decides and `status` is kept as the reason.
 */
export function parseOutcome(value: unknown): Outcome {
  const o = object(value, OUTCOME_EXAMPLE);
  const ts = timestamp(o);
  const flag = o.success ?? o.ok;
  const rawStatus = o.status ?? o.statusCode ?? o.httpStatus;
  const status = rawStatus === undefined || rawStatus === null ? undefined : httpStatus(rawStatus);
  let ok: boolean;
  if (flag !== undefined && flag !== null) {
    if (typeof flag !== 'boolean') throw new LineError(`"${o.success !== undefined ? 'success' : 'ok'}" is ${kind(flag)}; expected true or false`);
    ok = flag;
  } else if (status !== undefined) {
    ok = status >= 200 && status < 300;
  } else {
    throw new LineError(`no "success" (true or false) or "status" (an HTTP code); expected ${OUTCOME_EXAMPLE}`);
  }
  if (ok) return { ts, ok };
  return { ts, ok, reason: shortText(o.error) ?? (status === 0 ? 'no answer' : status !== undefined ? `HTTP ${status}` : 'failed') };
}

const VOUCHER_EXAMPLE = '{"timestamp":"2026-12-04T10:00:00","orderStatus":"COMPLETED"} (a transaction webhook body) or {"timestamp":…,"success":false}';
const ORDER_STATUS: Record<string, VoucherOutcome['result']> = {
  COMPLETED: 'success', SUCCESS: 'success', FAILED: 'fail', REVERSED: 'reversed', PROCESSING: 'pending',
};

/**
 * `--vouchers`: one order outcome a line. The transaction webhook bodies Hubble sends fit as they
 * are: `orderStatus` COMPLETED (vouchers generated), FAILED (failed after payment), REVERSED (a
 * manual reversal, not counted as a failure). Also `status` SUCCESS|FAILED|PROCESSING|REVERSED
 * (API partners), `success` true/false, or the SDK's voucher_generation_success/_fail `event`.
 */
export function parseVoucherOutcome(value: unknown): VoucherOutcome {
  const o = object(value, VOUCHER_EXAMPLE);
  const ts = timestamp(o);
  const reason = shortText(o.failureReason) ?? shortText(o.error);
  const brand = shortText(o.brandName);
  const status = o.orderStatus ?? (typeof o.status === 'string' ? o.status : undefined);
  if (status !== undefined && status !== null) {
    const result = typeof status === 'string' ? ORDER_STATUS[status.toUpperCase()] : undefined;
    if (!result) throw new LineError(`"orderStatus" is ${kind(status)}; expected COMPLETED, FAILED or REVERSED (or SUCCESS, PROCESSING)`);
    return { ts, result, reason, brand };
  }
  if (typeof o.success === 'boolean') return { ts, result: o.success ? 'success' : 'fail', reason, brand };
  if (o.event === 'voucher_generation_success' || o.event === 'voucher_generation_fail') {
    return { ts, result: o.event === 'voucher_generation_success' ? 'success' : 'fail', reason, brand };
  }
  throw new LineError(`no "orderStatus" or "success"; expected ${VOUCHER_EXAMPLE}`);
}

function object(value: unknown, example: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new LineError(`${what}, not a JSON object; expected ${example}`);
  }
  return value as Record<string, unknown>;
}

function timestamp(o: Record<string, unknown>): number {
  try {
    return parseTimestamp(o.timestamp);
  } catch (err) {
    throw new LineError((err as Error).message === 'no timestamp' ? 'no "timestamp" (ISO 8601 or epoch milliseconds)' : (err as Error).message);
  }
}

function httpStatus(v: unknown): number {
  const n = typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 599) throw new LineError(`"status" is ${kind(v)}; expected an HTTP code such as 200 or 503 (0 = no answer)`);
  return n;
}

/** A reason or brand from user data: a bounded, single-line string, or undefined. */
function shortText(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).replace(/\s+/g, ' ').trim();
  if (s === '') return undefined;
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v);
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v)}`;
}
