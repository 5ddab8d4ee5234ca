/** What the monitor judges share: their input, the fixes of go-live.txt, and how numbers and windows are written. */
import type { Finding } from '../engine/check.js';
import type { Counts, Range, ReasonKind, WindowCounts } from './metrics.js';
import { formatDuration, formatSpan, isoUtc } from './time.js';

/** Everything the judges look at. */
export interface MonitorData {
  windowMs: number;
  /** Undefined when no record fell in range. */
  range?: Range;
  /** Windows that hold something, oldest first. */
  windows: WindowCounts[];
  total: Counts;
  reasons: Record<ReasonKind, { top(n?: number): Record<string, number> }>;
  /** The files given, as the user named them. */
  inputs: { events: string; webhooks?: string; sso?: string; vouchers?: string };
}

/** At most this many windows get a finding of their own; the rest are counted in one more. */
export const MAX_WINDOW_FINDINGS = 5;

export const FIX = {
  payments:
    'A drop in payment_success / payment_initiated points at payment gateway issues, UPI configuration problems or an SDK integration bug ' +
    '(go-live.txt): read the failureReason of the payment_fail events (evidence), check the payment gateway\'s status for that window, and on ' +
    'mobile that UPI apps can be opened (iOS: phonepe, tez, paytmmp, cred, bhim in LSApplicationQueriesSchemes; Android: a <queries> intent for the upi scheme).',
  webhooks:
    'Your webhook endpoint may be down or misconfigured: it must answer 2xx quickly over https (TLS 1.2+) and verify X-Verify with the production ' +
    'webhook secret; "hubble-golive check --env production --only network,tls,webhook" probes it. Look at the failing deliveries\' reasons (evidence).',
  sso:
    'Token generation or validation issues: read your /sso endpoint\'s logs for the window (or check your JWT signing: RS256, exp = iat + 60, a fresh ' +
    'token for every SDK open), that it accepts the production X-Hubble-Secret, and what changed when the spike began (a deploy, a key rotation).',
  vouchers:
    'Brand-side or Hubble-side issues (go-live.txt): see which brands fail (evidence) and send Hubble support the window with the ' +
    'transactionReferenceIds of the FAILED transaction webhooks.',
} as const;

export const round = (r: number) => Math.round(r * 10_000) / 10_000;
/** 0.8 -> `80.0%`; thresholds are written short: 0.9 -> `90%`. */
export const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
export const pctShort = (r: number) => `${Number((r * 100).toFixed(2))}%`;
export const times = (reasons: Record<string, number>) => {
  const [top] = Object.entries(reasons);
  return top ? `; most often ${top[0]} (${top[1]}×)` : '';
};

export function rangeText(d: MonitorData): string {
  return d.range ? formatSpan(d.range.start, d.range.end) : 'the range';
}

export function rangeEvidence(d: MonitorData) {
  return d.range ? { from: isoUtc(d.range.start), to: isoUtc(d.range.end), window: formatDuration(d.windowMs) } : {};
}

export function windowEvidence(w: { start: number; end: number }) {
  return { from: isoUtc(w.start), to: isoUtc(w.end) };
}

/** Findings for the first few breaching windows, then one that counts the rest. */
export function windowFindings(
  breaching: WindowCounts[],
  make: (w: WindowCounts) => Finding,
  more: (n: number, first: WindowCounts, last: WindowCounts) => Finding,
): Finding[] {
  const shown = breaching.slice(0, MAX_WINDOW_FINDINGS).map(make);
  const rest = breaching.slice(MAX_WINDOW_FINDINGS);
  if (rest.length > 0) shown.push(more(rest.length, rest[0]!, rest[rest.length - 1]!));
  return shown;
}

export const restText = (n: number, what: string, first: WindowCounts, last: WindowCounts) =>
  n === 1
    ? `1 more window ${what}: ${formatSpan(first.start, first.end)}`
    : `${n} more windows ${what}, from ${formatSpan(first.start, first.end)} to ${formatSpan(last.start, last.end)}`;

/** The same fix under every window would bury the findings: keep it on the first finding that has it. */
export function fixOnce(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.map((f) => {
    if (!f.fix || !seen.has(f.fix)) {
      if (f.fix) seen.add(f.fix);
      return f;
    }
    const { fix: _repeated, ...rest } = f;
    return rest;
  });
}
