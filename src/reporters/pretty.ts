import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckResult, Finding, Status } from '../engine/check.js';
import type { Report } from '../engine/report.js';
import type { Reporter } from './types.js';

export const GLYPH: Record<Status, string> = { pass: '✔', warn: '⚠', fail: '✖', error: '‼', skip: '○' };
const ORDER: Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

function paint(c: ChalkInstance): Record<Status, (s: string) => string> {
  return { pass: c.green, warn: c.yellow, fail: c.red, error: c.magenta, skip: c.gray };
}

/** Human report: grouped by status (worst first), findings with evidence and the fix, then the tally. */
export const renderPretty: Reporter = (report, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const color = paint(c);
  const lines: string[] = [];
  lines.push(
    `${c.bold(`${report.tool.name} ${report.tool.version}`)}  env ${c.bold(report.env)} (tier ${report.tier})  config ${report.config}`,
    '',
  );
  for (const status of ORDER) {
    for (const check of report.checks.filter((r) => r.status === status)) {
      lines.push(...renderCheck(check, color, c, options.verbose));
    }
  }
  lines.push('', tally(report, c));
  return `${lines.join('\n')}\n`;
};

function renderCheck(check: CheckResult, color: Record<Status, (s: string) => string>, c: ChalkInstance, verbose: boolean): string[] {
  const head = `${color[check.status](`${GLYPH[check.status]} ${check.status.toUpperCase().padEnd(5)}`)} ${c.bold(check.id)}  ${check.title}`;
  if (check.status === 'skip') return [`${head}  ${c.gray(`(${check.findings.map((f) => f.message).join('; ')})`)}`];
  const out = [`${head}  ${c.gray(`${check.durationMs} ms`)}`];
  const shown = check.status === 'pass' && !verbose ? [] : check.findings.filter((f) => verbose || f.status !== 'pass');
  for (const f of shown) out.push(...renderFinding(f, color, c));
  return out;
}

function renderFinding(f: Finding, color: Record<Status, (s: string) => string>, c: ChalkInstance): string[] {
  const out = [`    ${color[f.status](GLYPH[f.status])} ${f.message}`];
  if (f.target) out.push(`      ${c.gray('target:')} ${f.target}`);
  if (f.evidence && Object.keys(f.evidence).length > 0) out.push(`      ${c.gray('evidence:')} ${formatEvidence(f.evidence)}`);
  if (f.fix) out.push(`      ${c.cyan('fix:')} ${f.fix}`);
  return out;
}

export function formatEvidence(evidence: Record<string, unknown>): string {
  return Object.entries(evidence)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function tally(report: Report, c: ChalkInstance): string {
  const s = report.summary;
  const parts = [`${s.pass} passed`, `${s.warn} warned`, `${s.fail} failed`];
  if (s.error) parts.push(`${s.error} errored`);
  if (s.skip) parts.push(`${s.skip} skipped`);
  const line = `${parts.join(', ')}  ${c.gray(`(${(report.durationMs / 1000).toFixed(1)} s)`)}`;
  return report.status === 'fail' ? c.red(line) : report.status === 'error' ? c.magenta(line) : line;
}
