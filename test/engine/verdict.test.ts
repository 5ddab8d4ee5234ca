import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../../src/engine/check.js';
import { applyPolicy, exitCodeFor, overallStatus, summarize, type Summary } from '../../src/engine/verdict.js';

const sum = (s: Partial<Summary>): Summary => ({ pass: 0, warn: 0, fail: 0, skip: 0, error: 0, ...s });

describe('exitCodeFor', () => {
  it.each([
    ['all pass', sum({ pass: 3 }), 0],
    ['warnings are allowed', sum({ pass: 1, warn: 2 }), 0],
    ['any fail is 1', sum({ pass: 1, fail: 1, error: 1 }), 1],
    ['error without fail is 3', sum({ pass: 1, error: 1 }), 3],
    ['every check skipped is 2', sum({ skip: 4 }), 2],
    ['nothing selected is 2', sum({}), 2],
    ['skips next to a pass are fine', sum({ pass: 1, skip: 4 }), 0],
  ])('%s', (_name, summary, code) => {
    expect(exitCodeFor(summary)).toBe(code);
  });
});

describe('overallStatus', () => {
  it.each([
    [sum({ fail: 1, error: 1, warn: 1 }), 'fail'],
    [sum({ error: 1, warn: 1, pass: 1 }), 'error'],
    [sum({ warn: 1, pass: 1 }), 'warn'],
    [sum({ pass: 1, skip: 1 }), 'pass'],
    [sum({ skip: 2 }), 'skip'],
  ])('%o is %s', (summary, status) => {
    expect(overallStatus(summary)).toBe(status);
  });
});

const result = (findings: Finding[]): CheckResult => ({ id: 'a.b', title: 'A', status: 'pass', durationMs: 0, findings });

describe('applyPolicy', () => {
  it('turns a relaxOnStaging fail into a warn on staging only', () => {
    const r = result([{ status: 'fail', message: 'TLS 1.0 accepted', relaxOnStaging: true }]);
    expect(applyPolicy([r], { tier: 'staging', strict: false })[0]!.status).toBe('warn');
    expect(applyPolicy([r], { tier: 'production', strict: false })[0]!.status).toBe('fail');
  });
  it('counts warnings as failures with --strict', () => {
    const r = result([{ status: 'pass', message: 'ok' }, { status: 'warn', message: 'slow' }]);
    expect(applyPolicy([r], { tier: 'production', strict: false })[0]!.status).toBe('warn');
    expect(applyPolicy([r], { tier: 'production', strict: true })[0]!.status).toBe('fail');
  });
  it('drops the internal relaxOnStaging flag from the report', () => {
    const r = result([{ status: 'fail', message: 'x', relaxOnStaging: true }]);
    expect(applyPolicy([r], { tier: 'production', strict: false })[0]!.findings[0]).not.toHaveProperty('relaxOnStaging');
  });
  it('summarize counts check statuses', () => {
    expect(summarize([result([{ status: 'pass', message: '' }]), { ...result([]), status: 'skip' }])).toEqual(sum({ pass: 1, skip: 1 }));
  });
});

describe('waivers', () => {
  const failing = (): CheckResult => ({ ...result([{ status: 'fail', message: 'TLS 1.0 accepted' }, { status: 'warn', message: 'slow' }]), id: 'tls.protocol' });
  const waiver = { check: 'tls', reason: 'legacy POS terminals until Q1; ACME-123', expires: '2027-01-31' };

  it('an active waiver turns the check\'s failures into warnings that carry its reason', () => {
    const [r] = applyPolicy([failing()], { tier: 'production', strict: false, waivers: [waiver], today: '2027-01-31' });
    expect(r!.status).toBe('warn');
    expect(r!.findings[0]).toMatchObject({ status: 'warn', message: 'waived until 2027-01-31 (legacy POS terminals until Q1; ACME-123): TLS 1.0 accepted' });
  });
  it('--strict leaves a waived failure a warning (accepted on purpose) but still fails other warnings', () => {
    const [r] = applyPolicy([failing()], { tier: 'production', strict: true, waivers: [waiver], today: '2026-12-04' });
    expect(r!.findings.map((f) => f.status)).toEqual(['warn', 'fail']);
  });
  it('an expired waiver changes nothing and says it expired', () => {
    const [r] = applyPolicy([failing()], { tier: 'production', strict: false, waivers: [waiver], today: '2027-02-01' });
    expect(r!.status).toBe('fail');
    expect(r!.findings.at(-1)!.message).toBe('the waiver for tls expired on 2027-01-31 (legacy POS terminals until Q1; ACME-123); its failures count again');
  });
  it('does not touch other checks, nor errors', () => {
    const other = { ...result([{ status: 'fail', message: 'x' }]), id: 'urls.partner' };
    const err = { ...result([{ status: 'error', message: 'bug' }]), id: 'tls.certificate' };
    const out = applyPolicy([other, err], { tier: 'production', strict: false, waivers: [waiver], today: '2026-12-04' });
    expect(out.map((r) => r.status)).toEqual(['fail', 'error']);
  });
});

describe('waivers on a staging tier', () => {
  it('cover a finding the staging relaxation already turned into a warning, so --strict does not fail it', () => {
    const r = { ...result([{ status: 'fail', message: 'literal appSecret', relaxOnStaging: true }]), id: 'credentials.not-hardcoded' };
    const [out] = applyPolicy([r], { tier: 'staging', strict: true, waivers: [{ check: 'credentials', reason: 'shared dev sandbox, OPS-9', expires: '2999-01-01' }], today: '2026-12-04' });
    expect(out!.findings[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(/^waived until 2999-01-01/) });
  });
});
