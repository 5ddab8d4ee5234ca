import type { Tier } from '../config/types.js';
import { worstStatus, type CheckResult, type Status } from './check.js';

export type Summary = Record<Status, number>;

/**
 * Severity policy, applied once after the run: on a staging tier, findings marked
 * relaxOnStaging count as warn instead of fail; with --strict every warn counts as fail.
 */
export function applyPolicy(results: readonly CheckResult[], policy: { tier: Tier; strict: boolean }): CheckResult[] {
  return results.map((r) => {
    const findings = r.findings.map(({ relaxOnStaging, ...f }) => {
      let status = f.status;
      if (relaxOnStaging && policy.tier === 'staging' && status === 'fail') status = 'warn';
      if (policy.strict && status === 'warn') status = 'fail';
      return status === f.status ? f : { ...f, status };
    });
    return { ...r, findings, status: worstStatus(findings.map((f) => f.status)) };
  });
}

export function summarize(results: readonly CheckResult[]): Summary {
  const summary: Summary = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
  for (const r of results) summary[r.status]++;
  return summary;
}

/** The run's status: fail, else error, else warn, else pass; skip when nothing was checked. */
export function overallStatus(summary: Summary): Status {
  if (summary.fail) return 'fail';
  if (summary.error) return 'error';
  if (summary.warn) return 'warn';
  if (summary.pass) return 'pass';
  return 'skip';
}

/**
 * Exit code: 1 when anything failed, 3 when nothing failed but a check could not decide,
 * 2 when nothing was checked (no check selected or every one skipped), else 0.
 * Warnings pass; --strict has already turned them into failures.
 */
export function exitCodeFor(summary: Summary): 0 | 1 | 2 | 3 {
  if (summary.fail > 0) return 1;
  if (summary.error > 0) return 3;
  if (summary.pass + summary.warn === 0) return 2;
  return 0;
}
