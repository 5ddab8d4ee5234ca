import { describe, expect, it } from 'vitest';
import { worstStatus, type Finding, type Status } from '../../src/engine/check.js';
import { judgePayments, judgeSso, judgeVouchers, judgeWebhooks, MAX_WINDOW_FINDINGS } from '../../src/monitor/judges.js';
import type { Counts } from '../../src/monitor/metrics.js';
import { dataOf, defaults, repeat } from './fixtures.js';

const statusOf = (findings: Finding[]): Status => worstStatus(findings.map((f) => f.status));
const pay = (initiated: number, success: number, fail = initiated - success): Partial<Counts> => ({ paymentInitiated: initiated, paymentSuccess: success, paymentFail: fail });
const hooks = (ok: number, failed: number): Partial<Counts> => ({ webhookOk: ok, webhookFailed: failed });
const sso = (ok: number, failed: number): Partial<Counts> => ({ ssoOk: ok, ssoFailed: failed });
const vouchers = (ok: number, failed: number): Partial<Counts> => ({ voucherSuccess: ok, voucherFail: failed });

describe('payment success rate: payment_success / payment_initiated below 90% (go-live.txt)', () => {
  it.each<[string, (Partial<Counts> | null)[], Record<string, unknown>, Status, RegExp]>([
    ['healthy windows pass', repeat(3, pay(100, 97)), {}, 'pass', /^payment success rate 97\.0% over .*; at or above 90% in every window with 20\+ payments$/],
    ['80% over the whole range fails', [pay(100, 80)], {}, 'fail', /^payment success rate 80\.0% over .*\(80 payment_success of 100 payment_initiated, 20 payment_fail.*\); alert below 90%$/],
    ['exactly 90% is not below 90%', [pay(100, 90)], {}, 'pass', /90\.0%/],
    ['1 of 2 in a quiet window pages nobody (below minSample)', [pay(100, 98), pay(2, 1), pay(100, 98)], {}, 'pass', /98\.0%|97\.5%/],
    ['the same quiet window alerts when minSample allows it', [pay(100, 98), pay(2, 1), pay(100, 98)], { minSample: 2 }, 'fail', /./],
    ['a busy bad window fails even when the whole range is above 90%', [pay(200, 198), pay(20, 15), pay(200, 198)], {}, 'fail', /./],
    ['a stricter threshold from the config', [pay(100, 94)], { minSuccessRate: 0.95 }, 'fail', /alert below 95%$/],
    ['empty windows between busy ones are fine', [pay(50, 49), null, null, pay(50, 48)], {}, 'pass', /./],
  ])('%s', (_name, windows, overrides, status, first) => {
    const findings = judgePayments(dataOf(windows), { ...defaults().payments, ...overrides });
    expect(statusOf(findings)).toBe(status);
    expect(findings[0]!.message).toMatch(first);
  });

  it('names the failing window with its numbers as evidence and the gateway/UPI fix', () => {
    const findings = judgePayments(dataOf([pay(200, 198), pay(20, 15), pay(200, 198)]), defaults().payments);
    const window = findings.find((f) => f.status === 'fail')!;
    expect(window.message).toBe('payment success rate 75.0% in 2026-12-04 01:00–02:00 UTC (15 payment_success of 20 payment_initiated); alert below 90%');
    expect(window.evidence).toMatchObject({ from: '2026-12-04T01:00:00Z', to: '2026-12-04T02:00:00Z', initiated: 20, success: 15, fail: 5, successRate: 0.75, minSuccessRate: 0.9 });
    expect(window.fix).toMatch(/payment gateway/);
    expect(window.fix).toMatch(/UPI/);
  });

  it('carries the top failure reasons of payment_fail as evidence', () => {
    const d = dataOf([pay(100, 70)], { reasons: { payment: [...repeat(20, 'UPI timeout'), ...repeat(10, 'declined')] } });
    const [overall] = judgePayments(d, defaults().payments);
    expect(overall!.evidence).toMatchObject({ failureReasons: { 'UPI timeout': 20, declined: 10 } });
    expect(overall!.message).toContain('most often UPI timeout (20×)');
  });

  it('lists at most a few windows, then counts the rest in one finding, and shows the fix once', () => {
    const findings = judgePayments(dataOf(repeat(9, pay(40, 20))), defaults().payments);
    const windows = findings.slice(1);
    expect(windows).toHaveLength(MAX_WINDOW_FINDINGS + 1);
    expect(windows.at(-1)!.message).toBe('4 more windows below 90%, from 2026-12-04 05:00–06:00 UTC to 2026-12-04 08:00–09:00 UTC');
    expect(findings.filter((f) => f.fix)).toHaveLength(1);
  });

  it.each([
    ['no payment events at all', [{ voucherSuccess: 3 }], /^no payment_initiated events in events\.ndjson/],
    ['payment_success without payment_initiated', [{ paymentSuccess: 40 }], /40 payment_success but no payment_initiated events/],
    ['too few payments to judge', [pay(5, 1)], /^only 5 payment_initiated events in events\.ndjson; at least 20 are needed .*monitor\.payments\.minSample/],
  ])('skips with the reason: %s', (_name, windows, reason) => {
    const findings = judgePayments(dataOf(windows), defaults().payments);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.status).toBe('skip');
    expect(findings[0]!.message).toMatch(reason);
  });

  it('warns when there are more successes than initiations, and caps the rate at 100%', () => {
    const findings = judgePayments(dataOf([pay(50, 60, 0)]), defaults().payments);
    expect(findings[0]!.message).toMatch(/^payment success rate 100\.0%/);
    expect(findings.find((f) => f.status === 'warn')!.message).toMatch(/^more payment_success \(60\) than payment_initiated \(50\)/);
  });
});

describe('webhook delivery: any failure warns, a failure rate above 5% fails', () => {
  it.each<[string, (Partial<Counts> | null)[], Record<string, unknown>, Status, RegExp]>([
    ['every delivery succeeded', repeat(3, hooks(100, 0)), {}, 'pass', /^all 300 webhook deliveries succeeded/],
    ['one failure in 300 warns', [hooks(100, 0), hooks(99, 1), hooks(100, 0)], {}, 'warn', /^1 of 300 webhook deliveries failed \(0\.3%\).*below the 5% alert threshold/],
    ['... unless warnOnAnyFailure is off', [hooks(100, 0), hooks(99, 1), hooks(100, 0)], { warnOnAnyFailure: false }, 'pass', /within the 5% alert threshold/],
    ['10% over the whole range fails', [hooks(90, 10)], {}, 'fail', /^10 of 100 webhook deliveries failed \(10\.0%\).*; alert above 5%$/],
    ['an outage window fails though the whole range is at 1%', [hooks(500, 0), hooks(5, 5), hooks(500, 0)], {}, 'fail', /^5 of 1010 /],
    ['a window below minSample only warns', [hooks(100, 0), hooks(1, 3), hooks(100, 0)], {}, 'warn', /^3 of 204 /],
    ['a stricter threshold', [hooks(98, 2)], { maxFailureRate: 0.01 }, 'fail', /alert above 1%$/],
  ])('%s', (_name, windows, overrides, status, first) => {
    const findings = judgeWebhooks(dataOf(windows, { inputs: { webhooks: 'deliveries.ndjson' } }), { ...defaults().webhooks, ...overrides });
    expect(statusOf(findings)).toBe(status);
    expect(findings[0]!.message).toMatch(first);
    expect(findings[0]!.target).toBe('deliveries.ndjson');
  });

  it('names the outage window with its counts', () => {
    const findings = judgeWebhooks(dataOf([hooks(500, 0), hooks(5, 5)], { inputs: { webhooks: 'd.ndjson' } }), defaults().webhooks);
    expect(findings[1]!.message).toBe('5 of 10 webhook deliveries failed (50.0%) in 2026-12-04 01:00–02:00 UTC; alert above 5%');
    expect(findings[1]!.evidence).toMatchObject({ deliveries: 10, failed: 5, successRate: 0.5 });
  });

  it('skips without a log, and with a log that holds no delivery in range', () => {
    expect(judgeWebhooks(dataOf([hooks(1, 0)]), defaults().webhooks)).toEqual([expect.objectContaining({ status: 'skip', message: expect.stringMatching(/^no webhook delivery log given \(--webhooks FILE/) })]);
    expect(judgeWebhooks(dataOf([pay(1, 1)], { inputs: { webhooks: 'd.ndjson' } }), defaults().webhooks)[0]).toMatchObject({ status: 'skip', message: expect.stringMatching(/^no webhook deliveries in d\.ndjson/) });
  });
});

describe('SSO errors: a window well above the rest of the range is a spike', () => {
  it.each<[string, (Partial<Counts> | null)[], Record<string, unknown>, Status, RegExp | null]>([
    ['a steady 2% is no spike', repeat(4, sso(98, 2)), {}, 'pass', null],
    ['30% in one window against 1% elsewhere is a spike', [sso(99, 1), sso(99, 1), sso(70, 30), sso(99, 1)], {}, 'fail', /^SSO error spike in 2026-12-04 02:00–03:00 UTC: 30\.0% of 100 calls failed against 1\.0% in the rest of the range/],
    ['0.1% to 0.4% is 4x but not 5 points above: no page', [sso(999, 1), sso(996, 4), sso(999, 1)], {}, 'pass', null],
    ['from a zero baseline, 10% with enough calls is a spike', [sso(100, 0), sso(90, 10), sso(100, 0)], {}, 'fail', /10\.0% of 100 calls failed against 0\.0%/],
    ['a tiny window (below minSample) is not judged', [sso(100, 1), sso(5, 5), sso(100, 1)], {}, 'pass', null],
    ['a steady 20% warns (maxErrorRate) but is no spike', repeat(3, sso(80, 20)), {}, 'warn', null],
    ['a lower spikeFactor from the config', [sso(98, 2), sso(94, 6), sso(98, 2)], { spikeFactor: 2, minIncrease: 0.02 }, 'fail', /6\.0% of 100 calls/],
  ])('%s', (_name, windows, overrides, status, spike) => {
    const findings = judgeSso(dataOf(windows, { inputs: { sso: 'sso.ndjson' } }), { ...defaults().sso, ...overrides });
    expect(statusOf(findings)).toBe(status);
    const spikes = findings.filter((f) => f.message.startsWith('SSO error spike'));
    if (spike) expect(spikes[0]!.message).toMatch(spike);
    else expect(spikes).toEqual([]);
  });

  it('compares with the rest of the range, not with a baseline that includes the spike', () => {
    // Whole-range rate (17%) would hide a 30% window at 3x; the rest of the range is at 4%.
    const findings = judgeSso(dataOf([sso(96, 4), sso(70, 30)], { inputs: { sso: 's' } }), defaults().sso);
    expect(findings.find((f) => f.status === 'fail')?.evidence).toMatchObject({ errorRate: 0.3, baselineErrorRate: 0.04 });
  });

  it('says when no window can be compared (one window only)', () => {
    const findings = judgeSso(dataOf([sso(90, 10)], { inputs: { sso: 's' } }), defaults().sso);
    expect(findings.map((f) => f.status)).toEqual(['pass', 'skip']);
    expect(findings[1]!.message).toMatch(/^no SSO error spike can be judged/);
  });

  it.each([
    ['no log given', [sso(1, 0)], {}, /^no SSO log given/],
    ['too few calls', [sso(10, 5)], { sso: 's' }, /^only 15 SSO calls in s; at least 20 are needed/],
  ])('skips: %s', (_name, windows, inputs, reason) => {
    const [f] = judgeSso(dataOf(windows, { inputs }), defaults().sso);
    expect(f).toMatchObject({ status: 'skip', message: expect.stringMatching(reason) });
  });
});

describe('voucher failures: the later half failing more than the earlier half', () => {
  it.each<[string, (Partial<Counts> | null)[], Record<string, unknown>, Status, RegExp]>([
    ['a flat 1% is not rising', repeat(4, vouchers(99, 1)), {}, 'pass', /^voucher generation failures not rising: 1\.0% in the later half/],
    ['1% then 8% is rising', [vouchers(99, 1), vouchers(99, 1), vouchers(92, 8), vouchers(92, 8)], {}, 'fail', /^voucher generation failures rising: 8\.0% in the later half \(2026-12-04 02:00–04:00 UTC, 16 of 200\) against 1\.0% in the earlier half \(2026-12-04 00:00–02:00 UTC, 2 of 200\)/],
    ['0% then 5% is rising', [vouchers(100, 0), vouchers(95, 5)], {}, 'fail', /rising: 5\.0%/],
    ['0.5% then 1.5% is 3x but under 2 points: not rising', [vouchers(995, 5), vouchers(985, 15)], {}, 'pass', /not rising/],
    ['8% then 1% is falling', [vouchers(92, 8), vouchers(99, 1)], {}, 'warn', /not rising/],
    ['a later half below minSample cannot be judged', [vouchers(100, 0), vouchers(5, 5)], {}, 'pass', /cannot be judged: each half of the range needs 20\+ outcomes \(earlier 100, later 10\)/],
    ['empty windows count as time: the later half is the later hours', [vouchers(99, 1), null, null, vouchers(90, 10)], {}, 'fail', /rising: 10\.0%/],
  ])('%s', (_name, windows, overrides, status, trend) => {
    const findings = judgeVouchers(dataOf(windows), { ...defaults().vouchers, ...overrides });
    expect(statusOf(findings)).toBe(status);
    expect(findings.at(-1)!.message).toMatch(trend);
  });

  it('warns on a high failure rate even when it is not rising', () => {
    const findings = judgeVouchers(dataOf(repeat(2, vouchers(90, 10))), defaults().vouchers);
    expect(findings[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(/^voucher generation failure rate 10\.0% over .*; above 5%$/) });
  });

  it('needs two windows for a trend', () => {
    const findings = judgeVouchers(dataOf([vouchers(90, 10)], { windowMs: 86_400_000 }), defaults().vouchers);
    expect(findings.at(-1)).toMatchObject({ status: 'skip', message: expect.stringMatching(/every voucher outcome falls in one 1d window \(pass a shorter --window\)/) });
  });

  it('judges the trend over the span that has voucher outcomes, not the whole range of the events', () => {
    // Vouchers in hours 0-3 only; payments go on until hour 11. Halves: 00:00-02:00 and 02:00-04:00.
    const windows = [vouchers(99, 1), vouchers(99, 1), vouchers(90, 10), vouchers(90, 10), ...repeat(8, pay(100, 99))];
    const trend = judgeVouchers(dataOf(windows), defaults().vouchers).at(-1)!;
    expect(trend.status).toBe('fail');
    expect(trend.evidence).toMatchObject({ earlier: { from: '2026-12-04T00:00:00Z', to: '2026-12-04T02:00:00Z', failed: 2 }, later: { from: '2026-12-04T02:00:00Z', to: '2026-12-04T04:00:00Z', failed: 20 } });
  });

  it('uses the voucher log instead of the SDK events when one is given, with the failing brands', () => {
    const windows = [{ voucherLogSuccess: 100, voucherLogFail: 0, voucherSuccess: 1, voucherFail: 50 }, { voucherLogSuccess: 90, voucherLogFail: 10 }];
    const findings = judgeVouchers(dataOf(windows, { inputs: { vouchers: 'orders.ndjson' }, reasons: { voucherBrand: repeat(10, 'Swiggy') } }), defaults().vouchers);
    expect(findings[0]!.evidence).toMatchObject({ source: 'voucher log', outcomes: 200, failed: 10, failingBrands: { Swiggy: 10 } });
    expect(findings[0]!.target).toBe('orders.ndjson');
    expect(statusOf(findings)).toBe('fail');
  });

  it('skips without voucher outcomes', () => {
    expect(judgeVouchers(dataOf([pay(10, 10)]), defaults().vouchers)[0]).toMatchObject({ status: 'skip', message: expect.stringMatching(/^no voucher_generation_success or voucher_generation_fail events in events\.ndjson, and no --vouchers log given$/) });
    expect(judgeVouchers(dataOf([vouchers(3, 1)]), defaults().vouchers)[0]).toMatchObject({ status: 'skip', message: expect.stringMatching(/^only 4 voucher outcomes/) });
  });
});
