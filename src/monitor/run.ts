/**
 * `monitor`'s work without the command line: stream the input files into per-window counts, then
 * judge them. Returns check results in a fixed order, ready for the report.
 */
import type { Readable } from 'node:stream';
import type { MonitorThresholds } from '../config/schema.js';
import { worstStatus, type CheckResult, type Finding } from '../engine/check.js';
import { UsageError } from '../errors.js';
import { judgeInput, type FileSummary } from './input-check.js';
import { judgePayments, judgeSso, judgeVouchers, judgeWebhooks, type MonitorData } from './judges.js';
import { TopCounter, WindowedCounts, type Counter } from './metrics.js';
import { readNdjson } from './ndjson.js';
import { parseOutcome, parseSdkEvent, parseVoucherOutcome } from './records.js';

/** The files to read; `-` is stdin (for one of them at most). */
export interface MonitorInputs {
  events: string;
  webhooks?: string;
  sso?: string;
  vouchers?: string;
}

export interface MonitorOptions {
  inputs: MonitorInputs;
  windowMs: number;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  thresholds: MonitorThresholds;
  stdin?: Readable;
  onProgress?: (file: string, lines: number) => void;
}

export interface MonitorResult {
  results: CheckResult[];
  files: FileSummary[];
  data: MonitorData;
}

/** Check ids and titles, in report order. */
export const MONITOR_CHECKS = {
  input: { id: 'monitor.input', title: 'Input files are NDJSON and cover a range' },
  payments: { id: 'monitor.payment-success-rate', title: 'Payment success rate (payment_success / payment_initiated)' },
  webhooks: { id: 'monitor.webhook-delivery', title: 'Webhook deliveries succeed' },
  sso: { id: 'monitor.sso-errors', title: 'No SSO error spike' },
  vouchers: { id: 'monitor.voucher-failures', title: 'Voucher generation failures are not rising' },
} as const;

const SDK_COUNTERS: Record<string, Counter> = {
  payment_initiated: 'paymentInitiated',
  payment_success: 'paymentSuccess',
  payment_fail: 'paymentFail',
  voucher_generation_success: 'voucherSuccess',
  voucher_generation_fail: 'voucherFail',
};

export async function runMonitor(opts: MonitorOptions): Promise<MonitorResult> {
  const { inputs } = opts;
  const stdinUsers = Object.entries(inputs).filter(([, v]) => v === '-');
  if (stdinUsers.length > 1) throw new UsageError(`only one input can be read from stdin ("-"); got ${stdinUsers.map(([k]) => `--${k}`).join(' and ')}`);
  if (opts.since !== undefined && opts.until !== undefined && opts.since >= opts.until) throw new UsageError('--since must be before --until');

  const counts = new WindowedCounts(opts.windowMs, opts.since, opts.until);
  const readOptions = (what: string) => ({
    maxBadLineRate: opts.thresholds.maxBadLineRate,
    what,
    stdin: opts.stdin,
    onProgress: opts.onProgress && ((lines: number) => opts.onProgress!(what, lines)),
  });
  const t0 = performance.now();
  const files: FileSummary[] = [];

  // SDK events: payments and (unless a voucher log is given) voucher outcomes.
  {
    const f = { counted: 0, outside: 0, ignored: 0 };
    const unknown = new TopCounter();
    let unknownTotal = 0;
    const vouchersFromEvents = inputs.vouchers === undefined;
    const stats = await readNdjson(inputs.events, (value) => {
      const e = parseSdkEvent(value);
      if (!e) return void f.ignored++;
      if (!e.known) {
        unknownTotal++;
        unknown.add(e.event);
      }
      const counter = SDK_COUNTERS[e.event];
      if (!counter || (!vouchersFromEvents && counter.startsWith('voucher'))) return void f.ignored++;
      const reason = e.reason && counter === 'paymentFail' ? { kind: 'payment' as const, text: e.reason } : e.reason && counter === 'voucherFail' ? { kind: 'voucher' as const, text: e.reason } : undefined;
      if (!counts.add(e.ts, counter, reason)) return void f.outside++;
      if (counter === 'voucherFail' && e.brand) counts.reasons.voucherBrand.add(e.brand);
      f.counted++;
    }, readOptions('an SDK event {"event","properties","timestamp"}'));
    files.push({ flag: '--events', stats, ...f, unknownEvents: { total: unknownTotal, top: unknown.top(5) } });
  }

  for (const [flag, path, ok, bad, kind] of [
    ['--webhooks', inputs.webhooks, 'webhookOk', 'webhookFailed', 'webhook'],
    ['--sso', inputs.sso, 'ssoOk', 'ssoFailed', 'sso'],
  ] as const) {
    if (path === undefined) continue;
    const f = { counted: 0, outside: 0, ignored: 0 };
    const stats = await readNdjson(path, (value) => {
      const o = parseOutcome(value);
      const added = counts.add(o.ts, o.ok ? ok : bad, o.reason ? { kind, text: o.reason } : undefined);
      if (added) f.counted++;
      else f.outside++;
    }, readOptions(`a ${kind === 'sso' ? 'SSO call' : 'webhook delivery'} {"timestamp","status" or "success"}`));
    files.push({ flag, stats, ...f });
  }

  if (inputs.vouchers !== undefined) {
    const f = { counted: 0, outside: 0, ignored: 0 };
    const stats = await readNdjson(inputs.vouchers, (value) => {
      const v = parseVoucherOutcome(value);
      if (v.result === 'pending') return void f.ignored++;
      const counter: Counter = v.result === 'success' ? 'voucherLogSuccess' : v.result === 'fail' ? 'voucherLogFail' : 'voucherLogReversed';
      if (!counts.add(v.ts, counter, v.reason && v.result === 'fail' ? { kind: 'voucher', text: v.reason } : undefined)) return void f.outside++;
      if (v.result === 'fail' && v.brand) counts.reasons.voucherBrand.add(v.brand);
      if (v.result === 'reversed') f.ignored++;
      else f.counted++;
    }, readOptions('a voucher outcome {"timestamp","orderStatus"}'));
    files.push({ flag: '--vouchers', stats, ...f });
  }
  const readMs = Math.round(performance.now() - t0);

  const data: MonitorData = {
    windowMs: opts.windowMs,
    range: counts.range(),
    windows: counts.windows(),
    total: counts.total,
    reasons: counts.reasons,
    inputs: { events: label(inputs.events), webhooks: optLabel(inputs.webhooks), sso: optLabel(inputs.sso), vouchers: optLabel(inputs.vouchers) },
  };
  const t = opts.thresholds;
  const results = [
    result(MONITOR_CHECKS.input, () => judgeInput(files, data, opts), readMs),
    result(MONITOR_CHECKS.payments, () => judgePayments(data, t.payments)),
    result(MONITOR_CHECKS.webhooks, () => judgeWebhooks(data, t.webhooks)),
    result(MONITOR_CHECKS.sso, () => judgeSso(data, t.sso)),
    result(MONITOR_CHECKS.vouchers, () => judgeVouchers(data, t.vouchers)),
  ];
  return { results, files, data };
}

const label = (path: string) => (path === '-' ? 'stdin' : path);
const optLabel = (path: string | undefined) => (path === undefined ? undefined : label(path));

/** Runs one judge; a thrown error becomes an `error` result for that metric alone. */
function result(check: { id: string; title: string }, judge: () => Finding[], extraMs = 0): CheckResult {
  const t0 = performance.now();
  let findings: Finding[];
  try {
    findings = judge();
  } catch (err) {
    findings = [{ status: 'error', message: `the check itself failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` }];
  }
  return { ...check, status: worstStatus(findings.map((f) => f.status)), durationMs: extraMs + Math.round(performance.now() - t0), findings };
}
