/** monitor.voucher-failures: voucher generation failures rising (go-live.txt "Voucher generation failures increase"). */
import type { MonitorThresholds } from '../config/schema.js';
import { fail, pass, skip, warn, type Finding } from '../engine/check.js';
import type { Counts, WindowCounts } from './metrics.js';
import { FIX, fixOnce, pct, pctShort, rangeEvidence, rangeText, restText, round, times, windowEvidence, windowFindings, type MonitorData } from './judge-kit.js';
import { formatDuration, formatSpan, isoUtc } from './time.js';

/** monitor.voucher-failures: the later half of the span with outcomes fails more than the earlier (fail); a high rate (warn). */
export function judgeVouchers(d: MonitorData, t: MonitorThresholds['vouchers']): Finding[] {
  const fromLog = d.inputs.vouchers !== undefined;
  const target = d.inputs.vouchers ?? d.inputs.events;
  const ok = (c: Counts) => (fromLog ? c.voucherLogSuccess : c.voucherSuccess);
  const bad = (c: Counts) => (fromLog ? c.voucherLogFail : c.voucherFail);
  const n = (c: Counts) => ok(c) + bad(c);
  const T = d.total;
  const total = n(T);
  if (total === 0) {
    return [skip(fromLog
      ? `no COMPLETED or FAILED voucher outcomes in ${target}${d.range ? ` between ${rangeText(d)}` : ''}`
      : `no voucher_generation_success or voucher_generation_fail events in ${target}, and no --vouchers log given`, { target })];
  }
  if (total < t.minSample) return [skip(`only ${total} voucher outcomes in ${target}; at least ${t.minSample} are needed to judge the failure rate (monitor.vouchers.minSample)`, { target })];
  const rate = (c: Counts) => bad(c) / n(c);
  const max = t.maxFailureRate;
  const high = d.windows.filter((w) => n(w.counts) >= t.minSample && rate(w.counts) > max);
  const brands = d.reasons.voucherBrand.top();
  const reasons = d.reasons.voucher.top();
  const overall = rate(T);
  const source = fromLog ? 'voucher log' : 'SDK events';
  const evidence = {
    ...rangeEvidence(d), source, outcomes: total, failed: bad(T), failureRate: round(overall), maxFailureRate: max, minSample: t.minSample,
    ...(fromLog && T.voucherLogReversed ? { reversed: T.voucherLogReversed } : {}),
    ...(Object.keys(brands).length ? { failingBrands: brands } : {}), ...(Object.keys(reasons).length ? { failureReasons: reasons } : {}),
  };
  const what = `voucher generation failure rate ${pct(overall)} over ${rangeText(d)} (${bad(T)} of ${total} from the ${source}${times(brands)})`;
  const findings: Finding[] = [
    overall > max ? warn(`${what}; above ${pctShort(max)}`, { target, evidence, fix: FIX.vouchers }) : pass(`${what}; at most ${pctShort(max)}`, { target, evidence }),
    ...windowFindings(
      high,
      (w) => warn(`voucher generation failure rate ${pct(rate(w.counts))} in ${formatSpan(w.start, w.end)} (${bad(w.counts)} of ${n(w.counts)}); above ${pctShort(max)}`, {
        target, evidence: { ...windowEvidence(w), outcomes: n(w.counts), failed: bad(w.counts), failureRate: round(rate(w.counts)), maxFailureRate: max }, fix: FIX.vouchers,
      }),
      (k, a, b) => warn(restText(k, `with a failure rate above ${pctShort(max)}`, a, b), { target, evidence: { windows: k, firstFrom: isoUtc(a.start), lastFrom: isoUtc(b.start) }, fix: FIX.vouchers }),
    ),
  ];
  findings.push(judgeVoucherTrend(d, t, { target, ok, bad }));
  return fixOnce(findings);
}

/**
 * The earlier half of the span with voucher outcomes against the later half, split on a window
 * boundary (empty windows count as time). The span is the metric's own: voucher logs often cover
 * less time than the SDK events.
 */
function judgeVoucherTrend(
  d: MonitorData,
  t: MonitorThresholds['vouchers'],
  m: { target: string; ok: (c: Counts) => number; bad: (c: Counts) => number },
): Finding {
  const { target } = m;
  const withData = d.windows.filter((w) => m.ok(w.counts) + m.bad(w.counts) > 0);
  const first = withData[0]!;
  const last = withData[withData.length - 1]!;
  const windowCount = last.index - first.index + 1;
  if (windowCount < 2) {
    return skip(`whether voucher failures are rising cannot be judged: every voucher outcome falls in one ${formatDuration(d.windowMs)} window (pass a shorter --window)`, { target });
  }
  const mid = first.index + Math.floor(windowCount / 2);
  const midTs = first.start + (mid - first.index) * d.windowMs;
  const half = (ws: WindowCounts[]) => ws.reduce((acc, w) => ({ ok: acc.ok + m.ok(w.counts), bad: acc.bad + m.bad(w.counts) }), { ok: 0, bad: 0 });
  const earlier = { ...half(withData.filter((w) => w.index < mid)), start: first.start, end: midTs };
  const later = { ...half(withData.filter((w) => w.index >= mid)), start: midTs, end: last.end };
  const describe = (h: typeof earlier) => ({ ...windowEvidence(h), outcomes: h.ok + h.bad, failed: h.bad, failureRate: h.ok + h.bad ? round(h.bad / (h.ok + h.bad)) : null });
  const evidence = { earlier: describe(earlier), later: describe(later), riseFactor: t.riseFactor, minIncrease: t.minIncrease, minSample: t.minSample };
  if (earlier.ok + earlier.bad < t.minSample || later.ok + later.bad < t.minSample) {
    return skip(`whether voucher failures are rising cannot be judged: each half of the range needs ${t.minSample}+ outcomes (earlier ${earlier.ok + earlier.bad}, later ${later.ok + later.bad})`, { target, evidence });
  }
  const a = earlier.bad / (earlier.ok + earlier.bad);
  const b = later.bad / (later.ok + later.bad);
  const text = `${pct(b)} in the later half (${formatSpan(later.start, later.end)}, ${later.bad} of ${later.ok + later.bad}) against ${pct(a)} in the earlier half (${formatSpan(earlier.start, earlier.end)}, ${earlier.bad} of ${earlier.ok + earlier.bad})`;
  if (b >= a * t.riseFactor && b - a >= t.minIncrease) {
    return fail(`voucher generation failures rising: ${text}; alert at ${t.riseFactor}x and ${pctShort(t.minIncrease)} above the earlier half`, { target, evidence, fix: FIX.vouchers });
  }
  return pass(`voucher generation failures not rising: ${text}`, { target, evidence });
}
