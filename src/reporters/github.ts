import type { Reporter } from './types.js';

// Workflow-command escaping (GitHub's toolkit): data escapes % \r \n; properties also : and ,.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations: `::error` for fail/error findings, `::warning` for warnings, then a notice with the tally. */
export const renderGithub: Reporter = (report) => {
  const lines: string[] = [];
  for (const check of report.checks) {
    for (const f of check.findings) {
      const level = f.status === 'fail' || f.status === 'error' ? 'error' : f.status === 'warn' ? 'warning' : undefined;
      if (!level) continue;
      const text = [f.message, f.target ? `target: ${f.target}` : '', f.fix ? `fix: ${f.fix}` : ''].filter(Boolean).join(' · ');
      lines.push(`::${level} title=${prop(`${check.id} (${report.env})`)}::${data(text)}`);
    }
  }
  const s = report.summary;
  lines.push(`::notice title=${prop(`hubble-golive ${report.env}`)}::${data(`${s.pass} passed, ${s.warn} warned, ${s.fail} failed, ${s.error} errored, ${s.skip} skipped`)}`);
  return `${lines.join('\n')}\n`;
};
