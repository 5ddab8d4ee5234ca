import { monitorSchema, type MonitorThresholds } from '../../src/config/schema.js';
import type { MonitorData } from '../../src/monitor/judges.js';
import { emptyCounts, TopCounter, type Counts, type WindowCounts } from '../../src/monitor/metrics.js';

export const HOUR = 3_600_000;
/** 2026-12-04T00:00:00Z */
export const DAY0 = Date.UTC(2026, 11, 4);

export const defaults = (): MonitorThresholds => monitorSchema.parse({});

/**
 * MonitorData from plain counts, one entry a window (null = a window without any record), the first
 * starting at DAY0, so that judges are tested with plain data and no file.
 */
export function dataOf(
  windows: (Partial<Counts> | null)[],
  options: { windowMs?: number; inputs?: Partial<MonitorData['inputs']>; reasons?: Partial<Record<keyof MonitorData['reasons'], string[]>> } = {},
): MonitorData {
  const windowMs = options.windowMs ?? HOUR;
  const firstIndex = DAY0 / windowMs;
  const total = emptyCounts();
  const list: WindowCounts[] = [];
  windows.forEach((w, i) => {
    if (!w) return;
    const counts = { ...emptyCounts(), ...w };
    for (const [k, v] of Object.entries(w)) total[k as keyof Counts] += v;
    list.push({ index: firstIndex + i, start: DAY0 + i * windowMs, end: DAY0 + (i + 1) * windowMs, counts });
  });
  const reasons = { payment: new TopCounter(), webhook: new TopCounter(), sso: new TopCounter(), voucher: new TopCounter(), voucherBrand: new TopCounter() };
  for (const [kind, texts] of Object.entries(options.reasons ?? {})) for (const t of texts ?? []) reasons[kind as keyof typeof reasons].add(t);
  return {
    windowMs,
    range: windows.length ? { origin: 0, start: DAY0, end: DAY0 + windows.length * windowMs, firstIndex, lastIndex: firstIndex + windows.length - 1 } : undefined,
    windows: list,
    total,
    reasons,
    inputs: { events: 'events.ndjson', ...options.inputs },
  };
}

/** `n` copies of a window. */
export const repeat = <T>(n: number, w: T): T[] => Array.from({ length: n }, () => w);

/** NDJSON text of SDK events: [event, epoch ms or ISO, properties?]. */
export function eventsNdjson(events: [string, number | string, Record<string, unknown>?][]): string {
  return events.map(([event, timestamp, properties]) => JSON.stringify({ event, properties: properties ?? {}, timestamp })).join('\n') + '\n';
}

/** Payment events for one window: `initiated` payment_initiated, `success` of them succeeded, the rest failed. */
export function payments(start: number, initiated: number, success: number): [string, number, Record<string, unknown>?][] {
  const out: [string, number, Record<string, unknown>?][] = [];
  for (let i = 0; i < initiated; i++) {
    const t = start + i * 1000;
    out.push(['payment_initiated', t, { amount: 500, paymentMode: 'UPI' }]);
    out.push(i < success ? ['payment_success', t + 500, { amount: 500, referenceId: `r${i}` }] : ['payment_fail', t + 500, { amount: 500, failureReason: 'UPI timeout' }]);
  }
  return out;
}
