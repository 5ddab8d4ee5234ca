import { basename } from 'node:path';
import type { Report } from '../engine/report.js';
import { TOOL } from '../engine/report.js';
import { applyPolicy, exitCodeFor, overallStatus, summarize } from '../engine/verdict.js';
import { loadMonitorThresholds } from '../monitor/config.js';
import { MONITOR_CHECKS, runMonitor } from '../monitor/run.js';
import { parseDuration } from '../monitor/time.js';
import { reporters } from '../reporters/index.js';
import { variables } from './context.js';
import type { MonitorCliOptions } from './monitor.js';
import { startSpinner, useColor, writeFileAtomic } from './output.js';

/** `monitor`: read, judge, report. Returns the exit code. */
export async function runMonitorCommand(opts: MonitorCliOptions): Promise<number> {
  const { report, warnings } = await produceMonitorReport(opts);
  for (const w of warnings) process.stderr.write(`hubble-golive: warning: ${w}\n`);
  const text = reporters[opts.format](report, { color: !opts.output && useColor(process.stdout), verbose: !!opts.verbose });
  if (opts.output) {
    writeFileAtomic(opts.output, text);
    const s = report.summary;
    process.stderr.write(`${s.pass} passed, ${s.warn} warned, ${s.fail} failed; ${opts.format} report written to ${opts.output}\n`);
  } else {
    process.stdout.write(text);
  }
  return monitorExitCode(report);
}

/**
 * exitCodeFor, plus: a run in which every metric was skipped judged nothing, so it exits 2 even
 * though monitor.input passed (a run that checked nothing never exits 0).
 */
export function monitorExitCode(report: Report): 0 | 1 | 2 | 3 {
  const code = exitCodeFor(report.summary);
  const judged = report.checks.some((c) => c.id !== MONITOR_CHECKS.input.id && c.status !== 'skip');
  return judged || code === 1 || code === 3 ? code : 2;
}

export async function produceMonitorReport(opts: MonitorCliOptions): Promise<{ report: Report; warnings: string[] }> {
  const { thresholds, path } = loadMonitorThresholds(opts.config, variables(opts.envFile));
  const windowMs = opts.window ?? parseDuration(thresholds.window)!;
  const spinner = await startSpinner(`Reading ${opts.events}…`);
  const startedAt = new Date();
  const t0 = performance.now();
  let run;
  try {
    run = await runMonitor({
      inputs: { events: opts.events, webhooks: opts.webhooks, sso: opts.sso, vouchers: opts.vouchers },
      windowMs,
      since: opts.since,
      until: opts.until,
      thresholds,
      onProgress: spinner && ((what, lines) => (spinner.text = `Reading ${what}… ${lines.toLocaleString('en')} lines`)),
    });
  } finally {
    spinner?.stop();
  }
  const warnings = run.files
    .filter((f) => f.stats.malformed > 0)
    .map((f) => `${f.stats.file}: skipped ${f.stats.malformed} malformed line${f.stats.malformed === 1 ? '' : 's'} of ${f.stats.lines}; first: ${f.stats.firstErrors[0]}`);
  const results = applyPolicy(run.results, { tier: 'production', strict: !!opts.strict });
  const summary = summarize(results);
  const report: Report = {
    schemaVersion: 1,
    tool: TOOL,
    env: opts.events === '-' ? 'stdin' : basename(opts.events),
    tier: 'production',
    config: path ?? '(default thresholds)',
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    status: overallStatus(summary),
    summary,
    checks: results,
  };
  return { report, warnings };
}
