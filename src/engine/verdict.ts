import type { Tier } from '../config/types.js';
import type { Waiver } from '../config/schema.js';
import { worstStatus, type CheckResult, type Finding, type Status } from './check.js';
import { matchesId } from './select.js';

export type Summary = Record<Status, number>;

export interface Policy {
  tier: Tier;
  strict: boolean;
  /** Waivers for this environment (config `waivers`). */
  waivers?: readonly Pick<Waiver, 'check' | 'reason' | 'expires'>[];
  /** Today, YYYY-MM-DD (UTC); waivers apply up to and including their expiry day. */
  today?: string;
}

/**
 * Severity policy, applied once after the run: on a staging tier, findings marked
 * relaxOnStaging count as warn instead of fail; an active waiver turns a check's failures into
 * warnings that carry its reason (and --strict leaves them so: the risk was accepted on purpose);
 * with --strict every other warn counts as fail. Errors are never waived.
 */
export function applyPolicy(results: readonly CheckResult[], policy: Policy): CheckResult[] {
  const today = policy.today ?? new Date().toISOString().slice(0, 10);
  return results.map((r) => {
    const waivers = (policy.waivers ?? []).filter((w) => matchesId(w.check, r.id));
    const active = waivers.find((w) => w.expires >= today);
    const findings: Finding[] = r.findings.map(({ relaxOnStaging, ...f }) => {
      let status = f.status;
      if (relaxOnStaging && policy.tier === 'staging' && status === 'fail') status = 'warn';
      // The check's own verdict decides, before the staging relaxation: a waiver covers the finding on every tier.
      if (active && f.status === 'fail') {
        return { ...f, status: 'warn', message: `waived until ${active.expires} (${active.reason}): ${f.message}` };
      }
      if (policy.strict && status === 'warn') status = 'fail';
      return status === f.status ? f : { ...f, status };
    });
    const expired = waivers.filter((w) => w.expires < today);
    if (!active && expired.length > 0 && findings.some((f) => f.status === 'fail')) {
      const w = expired[0]!;
      findings.push({
        status: 'fail',
        message: `the waiver for ${w.check} expired on ${w.expires} (${w.reason}); its failures count again`,
        fix: 'Fix the failures above, or, if the risk is still accepted, extend the waiver\'s expires date in the config on purpose.',
      });
    }
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
