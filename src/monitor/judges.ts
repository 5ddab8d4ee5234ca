/**
 * The recommended alerts of go-live.txt ("Post-Launch Monitoring"), as pure judges: counts and
 * thresholds in, findings out. Every rate is judged over the whole range and over each window that
 * has at least `minSample` occurrences, so that 1 failure in 2 payments pages nobody.
 */
import type { MonitorThresholds } from '../config/schema.js';
import { fail, pass, skip, warn, type Finding } from '../engine/check.js';
import type { Counts, WindowCounts } from './metrics.js';
import { FIX, fixOnce, pct, pctShort, rangeEvidence, rangeText, restText, round, times, windowEvidence, windowFindings, type MonitorData } from './judge-kit.js';
import { formatSpan, isoUtc } from './time.js';

export { judgeVouchers } from './judge-vouchers.js';
export { MAX_WINDOW_FINDINGS, type MonitorData } from './judge-kit.js';

/** monitor.payment-success-rate: payment_success / payment_initiated below minSuccessRate. */
export function judgePayments(d: MonitorData, t: MonitorThresholds['payments']): Finding[] {
  const target = d.inputs.events;
  const T = d.total;
  if (T.paymentInitiated === 0) {
    const why = T.paymentSuccess > 0
      ? `${T.paymentSuccess} payment_success but no payment_initiated events in ${target}: the export seems to leave events out`
      : `no payment_initiated events in ${target}${d.range ? ` between ${rangeText(d)}` : ''}`;
    return [skip(why, { target })];
  }
  if (T.paymentInitiated < t.minSample) {
    return [skip(`only ${T.paymentInitiated} payment_initiated events in ${target}; at least ${t.minSample} are needed to judge the success rate (monitor.payments.minSample)`, { target })];
  }
  const rate = (c: Counts) => Math.min(1, c.paymentSuccess / c.paymentInitiated);
  const min = t.minSuccessRate;
  const judged = d.windows.filter((w) => w.counts.paymentInitiated >= t.minSample);
  const low = judged.filter((w) => rate(w.counts) < min);
  const tooSmall = d.windows.filter((w) => w.counts.paymentInitiated > 0 && w.counts.paymentInitiated < t.minSample).length;
  const overall = rate(T);
  const reasons = d.reasons.payment.top();
  const evidence = {
    ...rangeEvidence(d),
    initiated: T.paymentInitiated, success: T.paymentSuccess, fail: T.paymentFail, successRate: round(overall),
    minSuccessRate: min, minSample: t.minSample, windowsJudged: judged.length, windowsBelow: low.length, windowsTooSmall: tooSmall,
    ...(Object.keys(reasons).length ? { failureReasons: reasons } : {}),
  };
  const counts = `${T.paymentSuccess} payment_success of ${T.paymentInitiated} payment_initiated, ${T.paymentFail} payment_fail`;
  const findings: Finding[] = [
    overall < min
      ? fail(`payment success rate ${pct(overall)} over ${rangeText(d)} (${counts}${times(reasons)}); alert below ${pctShort(min)}`, { target, evidence, fix: FIX.payments })
      : pass(`payment success rate ${pct(overall)} over ${rangeText(d)} (${counts}); at or above ${pctShort(min)}${low.length ? '' : ` in every window with ${t.minSample}+ payments`}`, { target, evidence }),
  ];
  findings.push(
    ...windowFindings(
      low,
      (w) =>
        fail(
          `payment success rate ${pct(rate(w.counts))} in ${formatSpan(w.start, w.end)} (${w.counts.paymentSuccess} payment_success of ${w.counts.paymentInitiated} payment_initiated); alert below ${pctShort(min)}`,
          { target, evidence: { ...windowEvidence(w), initiated: w.counts.paymentInitiated, success: w.counts.paymentSuccess, fail: w.counts.paymentFail, successRate: round(rate(w.counts)), minSuccessRate: min }, fix: FIX.payments },
        ),
      (n, first, last) => fail(restText(n, `below ${pctShort(min)}`, first, last), { target, evidence: { windows: n, firstFrom: isoUtc(first.start), lastFrom: isoUtc(last.start) }, fix: FIX.payments }),
    ),
  );
  if (T.paymentSuccess > T.paymentInitiated) {
    findings.push(
      warn(`more payment_success (${T.paymentSuccess}) than payment_initiated (${T.paymentInitiated}) events: the export holds duplicates or starts in the middle of payments; the rate is capped at 100%`, {
        target,
        evidence: { initiated: T.paymentInitiated, success: T.paymentSuccess },
        fix: 'Export every SDK event of the range once; pass --since to start where the export starts.',
      }),
    );
  }
  return fixOnce(findings);
}

/** monitor.webhook-delivery: failed deliveries, any (warn) and above maxFailureRate (fail). */
export function judgeWebhooks(d: MonitorData, t: MonitorThresholds['webhooks']): Finding[] {
  const target = d.inputs.webhooks;
  if (!target) return [skip('no webhook delivery log given (--webhooks FILE: one delivery a line, {"timestamp":…,"status":200})')];
  const T = d.total;
  const total = T.webhookOk + T.webhookFailed;
  if (total === 0) return [skip(`no webhook deliveries in ${target}${d.range ? ` between ${rangeText(d)}` : ''}`, { target })];
  const failRate = (c: Counts) => c.webhookFailed / (c.webhookOk + c.webhookFailed);
  const max = t.maxFailureRate;
  const high = d.windows.filter((w) => w.counts.webhookOk + w.counts.webhookFailed >= t.minSample && failRate(w.counts) > max);
  const reasons = d.reasons.webhook.top();
  const overall = failRate(T);
  const evidence = {
    ...rangeEvidence(d), deliveries: total, failed: T.webhookFailed, successRate: round(1 - overall), maxFailureRate: max, minSample: t.minSample,
    windowsAbove: high.length, ...(Object.keys(reasons).length ? { failureReasons: reasons } : {}),
  };
  const what = `${T.webhookFailed} of ${total} webhook deliveries failed (${pct(overall)}) over ${rangeText(d)}${times(reasons)}`;
  let first: Finding;
  if (total >= t.minSample && overall > max) first = fail(`${what}; alert above ${pctShort(max)}`, { target, evidence, fix: FIX.webhooks });
  else if (T.webhookFailed > 0 && t.warnOnAnyFailure) first = warn(`${what}; below the ${pctShort(max)} alert threshold, but every failure is a notification your backend missed`, { target, evidence, fix: FIX.webhooks });
  else if (T.webhookFailed > 0) first = pass(`${what}; within the ${pctShort(max)} alert threshold`, { target, evidence });
  else first = pass(`all ${total} webhook deliveries succeeded over ${rangeText(d)}`, { target, evidence });
  return fixOnce([
    first,
    ...windowFindings(
      high,
      (w) => {
        const n = w.counts.webhookOk + w.counts.webhookFailed;
        return fail(`${w.counts.webhookFailed} of ${n} webhook deliveries failed (${pct(failRate(w.counts))}) in ${formatSpan(w.start, w.end)}; alert above ${pctShort(max)}`, {
          target, evidence: { ...windowEvidence(w), deliveries: n, failed: w.counts.webhookFailed, successRate: round(1 - failRate(w.counts)), maxFailureRate: max }, fix: FIX.webhooks,
        });
      },
      (n, a, b) => fail(restText(n, `with more than ${pctShort(max)} of deliveries failed`, a, b), { target, evidence: { windows: n, firstFrom: isoUtc(a.start), lastFrom: isoUtc(b.start) }, fix: FIX.webhooks }),
    ),
  ]);
}

/** monitor.sso-errors: a window's error rate far above the rest of the range's (fail); a high rate overall (warn). */
export function judgeSso(d: MonitorData, t: MonitorThresholds['sso']): Finding[] {
  const target = d.inputs.sso;
  if (!target) return [skip('no SSO log given (--sso FILE: one SSO call a line, {"timestamp":…,"status":200})')];
  const T = d.total;
  const total = T.ssoOk + T.ssoFailed;
  if (total === 0) return [skip(`no SSO calls in ${target}${d.range ? ` between ${rangeText(d)}` : ''}`, { target })];
  if (total < t.minSample) return [skip(`only ${total} SSO calls in ${target}; at least ${t.minSample} are needed to judge the error rate (monitor.sso.minSample)`, { target })];
  const n = (c: Counts) => c.ssoOk + c.ssoFailed;
  const overall = T.ssoFailed / total;
  const reasons = d.reasons.sso.top();
  const spikes: { w: WindowCounts; rate: number; baseline: number }[] = [];
  let comparable = 0;
  for (const w of d.windows) {
    const restCalls = total - n(w.counts);
    if (n(w.counts) < t.minSample || restCalls < t.minSample) continue;
    comparable++;
    const rate = w.counts.ssoFailed / n(w.counts);
    const baseline = (T.ssoFailed - w.counts.ssoFailed) / restCalls;
    if (rate >= baseline * t.spikeFactor && rate - baseline >= t.minIncrease) spikes.push({ w, rate, baseline });
  }
  const evidence = {
    ...rangeEvidence(d), calls: total, errors: T.ssoFailed, errorRate: round(overall), maxErrorRate: t.maxErrorRate, spikeFactor: t.spikeFactor,
    minIncrease: t.minIncrease, minSample: t.minSample, windowsCompared: comparable, spikes: spikes.length, ...(Object.keys(reasons).length ? { errorReasons: reasons } : {}),
  };
  const what = `SSO error rate ${pct(overall)} over ${rangeText(d)} (${T.ssoFailed} of ${total} calls${times(reasons)})`;
  const findings: Finding[] = [
    overall > t.maxErrorRate
      ? warn(`${what}; above ${pctShort(t.maxErrorRate)}`, { target, evidence, fix: FIX.sso })
      : pass(`${what}; at most ${pctShort(t.maxErrorRate)}${spikes.length || !comparable ? '' : `, and no window ${t.spikeFactor}x the rest`}`, { target, evidence }),
  ];
  if (comparable === 0) {
    findings.push(skip(`no SSO error spike can be judged: that needs a window and the rest of the range with ${t.minSample}+ calls each (try a longer --window or a wider range)`, { target }));
  }
  const byWindow = new Map(spikes.map((s) => [s.w, s]));
  findings.push(
    ...windowFindings(
      spikes.map((s) => s.w),
      (w) => {
        const s = byWindow.get(w)!;
        return fail(
          `SSO error spike in ${formatSpan(w.start, w.end)}: ${pct(s.rate)} of ${n(w.counts)} calls failed against ${pct(s.baseline)} in the rest of the range; alert at ${t.spikeFactor}x and ${pctShort(t.minIncrease)} above it`,
          { target, evidence: { ...windowEvidence(w), calls: n(w.counts), errors: w.counts.ssoFailed, errorRate: round(s.rate), baselineErrorRate: round(s.baseline) }, fix: FIX.sso },
        );
      },
      (k, a, b) => fail(restText(k, 'with an SSO error spike', a, b), { target, evidence: { windows: k, firstFrom: isoUtc(a.start), lastFrom: isoUtc(b.start) }, fix: FIX.sso }),
    ),
  );
  return fixOnce(findings);
}
