import type { CheckResult, Finding } from '../engine/check.js';
import type { Reporter } from './types.js';

const xml = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const lines = [`[${f.status}] ${f.message}`];
      if (f.target) lines.push(`  target: ${f.target}`);
      if (f.evidence) lines.push(`  evidence: ${JSON.stringify(f.evidence)}`);
      if (f.fix) lines.push(`  fix: ${f.fix}`);
      return lines.join('\n');
    })
    .join('\n');
}

function testcase(check: CheckResult, suite: string): string {
  const open = `    <testcase classname="${xml(suite)}.${xml(check.id.split('.')[0]!)}" name="${xml(`${check.id}: ${check.title}`)}" time="${seconds(check.durationMs)}"`;
  const worst = check.findings.filter((f) => f.status === check.status);
  const first = worst[0]?.message ?? check.status;
  const body = xml(describeFindings(check.findings));
  // The failing findings go in <failure>; system-out keeps only the rest (warnings, passes).
  const rest = check.findings.filter((f) => f.status !== check.status);
  switch (check.status) {
    case 'fail':
      return `${open}>\n      <failure message="${xml(first)}" type="fail">${xml(describeFindings(worst))}</failure>${
        rest.length ? `\n      <system-out>${xml(describeFindings(rest))}</system-out>` : ''
      }\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${xml(first)}" type="error">${xml(describeFindings(worst))}</error>\n    </testcase>`;
    case 'skip':
      return `${open}>\n      <skipped message="${xml(first)}"/>\n    </testcase>`;
    default:
      return `${open}>\n      <system-out>${body}</system-out>\n    </testcase>`;
  }
}

/** JUnit XML: one testcase per check; fail → <failure>, error → <error>, skip → <skipped>; warnings in system-out. */
export const renderJunit: Reporter = (report) => {
  const s = report.summary;
  const total = report.checks.length;
  const suite = `hubble-golive.${report.env}`;
  const attrs = `tests="${total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip}" time="${seconds(report.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hubble-golive" ${attrs}>`,
    `  <testsuite name="${xml(`hubble-golive ${report.env}`)}" ${attrs} timestamp="${report.startedAt}">`,
    ...report.checks.map((c) => testcase(c, suite)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
