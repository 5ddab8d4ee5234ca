import type { Finding, Status } from '../engine/check.js';
import { formatEvidence } from './pretty.js';
import type { Reporter } from './types.js';

const ICON: Record<Status, string> = { pass: '✅', warn: '⚠️', fail: '❌', error: '‼️', skip: '⏭️' };
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function findingLines(f: Finding): string[] {
  const out = [`- ${ICON[f.status]} ${f.message}${f.target ? ` (${code(f.target)})` : ''}`];
  if (f.evidence && Object.keys(f.evidence).length > 0) out.push(`  - evidence: ${code(formatEvidence(f.evidence))}`);
  if (f.fix) out.push(`  - **fix:** ${f.fix}`);
  return out;
}

/** Markdown for a PR comment or $GITHUB_STEP_SUMMARY: verdict, a table of checks, then what to fix. */
export const renderMarkdown: Reporter = (report, options) => {
  const s = report.summary;
  const lines = [
    `## ${ICON[report.status]} Hubble go-live: \`${report.env}\` (${report.tier}): ${report.status.toUpperCase()}`,
    '',
    `**${s.pass} passed, ${s.warn} warned, ${s.fail} failed**${s.error ? `, ${s.error} errored` : ''}${s.skip ? `, ${s.skip} skipped` : ''} · ${report.tool.name} ${report.tool.version} · ${report.startedAt} · ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
    '| | Check | Result |',
    '| --- | --- | --- |',
    ...report.checks.map((c) => {
      const summary = c.status === 'pass' ? c.title : (c.findings.find((f) => f.status === c.status)?.message ?? c.title);
      return `| ${ICON[c.status]} | ${code(c.id)} | ${cell(summary)} |`;
    }),
  ];
  const detailed = report.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'warn' || (options.verbose && c.status === 'pass'));
  if (detailed.length > 0) {
    lines.push('', '### Details');
    for (const c of detailed) {
      lines.push('', `#### ${ICON[c.status]} ${code(c.id)} ${c.title}`, '');
      for (const f of c.findings.filter((f) => options.verbose || f.status !== 'pass')) lines.push(...findingLines(f));
    }
  }
  return `${lines.join('\n')}\n`;
};
