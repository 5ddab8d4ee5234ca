import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { reportValidator } from '../helpers/schema.js';
import { DAY0, eventsNdjson, HOUR, payments } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-monitor-cli-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const at = (h: number) => DAY0 + h * HOUR;
const vouchersFor = (start: number, n: number) => Array.from({ length: n }, (_, i) => ['voucher_generation_success', start + i * 1000 + 800] as [string, number]);

/** Three busy hours; `rate` of the payments in each succeed. */
function eventsFile(name: string, rate: number): string {
  const events = [0, 1, 2].flatMap((h) => [...payments(at(10 + h), 100, Math.round(100 * rate)), ...vouchersFor(at(10 + h), 50)]);
  return write(name, eventsNdjson(events));
}
const deliveries = write('deliveries.ndjson', Array.from({ length: 60 }, (_, i) => JSON.stringify({ timestamp: at(10) + i * 120_000, status: 200 })).join('\n') + '\n');
const sso = write('sso.ndjson', Array.from({ length: 300 }, (_, i) => JSON.stringify({ timestamp: new Date(at(10) + i * 36_000).toISOString(), success: i % 50 !== 0 })).join('\n') + '\n');
const healthy = eventsFile('healthy.ndjson', 0.97);
const degraded = eventsFile('degraded.ndjson', 0.8);
// A directory without hubble.config.yaml: monitor then needs no config.
const cwd = mkdtempSync(join(tmpdir(), 'hg-monitor-cwd-'));
const monitor = (args: string[]) => runCli(['monitor', ...args], { cwd });

// Each test spawns the CLI and waits on it: run them side by side.
describe.concurrent('hubble-golive monitor', () => {
  it('healthy traffic: exit 0, a readable report, defaults without a config file', async ({ expect }) => {
    const r = await monitor(['--events', healthy, '--webhooks', deliveries, '--sso', sso]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hubble-golive \S+  env healthy\.ndjson \(tier production\)  config \(default thresholds\)/);
    expect(r.stdout).toMatch(/^✔ PASS  monitor\.payment-success-rate/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^5 passed, 0 warned, 0 failed/);
  });

  it('payment success at 80%: exit 1, and --format json validates against the shipped schema', async ({ expect }) => {
    const r = await monitor(['--events', degraded, '--webhooks', deliveries, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['monitor.input', 'pass'],
      ['monitor.payment-success-rate', 'fail'],
      ['monitor.webhook-delivery', 'pass'],
      ['monitor.sso-errors', 'skip'],
      ['monitor.voucher-failures', 'pass'],
    ]);
    const overall = report.checks[1].findings[0];
    expect(overall.message).toMatch(/^payment success rate 80\.0% over 2026-12-04 10:00:00–12:\d\d:\d\d UTC \(240 payment_success of 300 payment_initiated, 60 payment_fail; most often UPI timeout \(60×\)\); alert below 90%$/);
    expect(overall.evidence).toMatchObject({ initiated: 300, success: 240, fail: 60, successRate: 0.8, minSuccessRate: 0.9, window: '1h' });
    expect(overall.fix).toMatch(/payment gateway .* UPI/);
    expect(report.checks[3].findings[0].message).toMatch(/^no SSO log given/);
  });

  it('thresholds come from the monitor: block of --config', async ({ expect }) => {
    const config = write('lenient.yaml', 'version: 1\nenvironments:\n  production: {}\nmonitor:\n  payments:\n    minSuccessRate: 0.75\n');
    const r = await monitor(['--events', degraded, '--config', config, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config).toBe(config);
  });

  it('--strict turns a warning (one failed webhook delivery) into exit 1', async ({ expect }) => {
    const oneFailed = write('one-failed.ndjson', `${readFileSync(deliveries, 'utf8')}{"timestamp":${at(11)},"status":503}\n`);
    expect((await monitor(['--events', healthy, '--webhooks', oneFailed])).code).toBe(0);
    const strict = await monitor(['--events', healthy, '--webhooks', oneFailed, '--strict', '--format', 'github']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^::error .*1 of 61 webhook deliveries failed/m);
  });

  it('malformed input: exit 2, one line naming file:line on stderr, nothing on stdout', async ({ expect }) => {
    const csv = write('export.csv', 'timestamp,event\n2026-12-04T10:00:00Z,payment_success\n');
    for (const format of ['pretty', 'json']) {
      const r = await monitor(['--events', csv, '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^hubble-golive: ${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1: not NDJSON \\(one JSON object a line\\): not JSON`));
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('a few bad lines are skipped with a warning on stderr; stdout keeps pure JSON', async ({ expect }) => {
    const cut = write('cut.ndjson', `${readFileSync(healthy, 'utf8')}{"event":"payment_su`);
    const r = await monitor(['--events', cut, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^hubble-golive: warning: .*cut\.ndjson: skipped 1 malformed line of \d+; first: .*cut\.ndjson:\d+: not JSON/);
    expect(JSON.parse(r.stdout).checks[0].status).toBe('warn');
  });

  it('nothing to judge (no event in --since/--until): the report, and exit 2', async ({ expect }) => {
    const r = await monitor(['--events', healthy, '--since', '2027-01-01', '--until', '2027-01-02']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/no record of any input file falls between --since and --until/);
  });

  it.for([
    [['--window', '2w'], /option '--window <duration>' argument '2w' is invalid\. expected a whole number and s, m, h or d/],
    [['--since', 'yesterday'], /option '--since <time>' argument 'yesterday' is invalid\. "yesterday" is not ISO 8601/],
    [['--format', 'xml'], /argument 'xml' is invalid/],
  ] as const)('bad option %j: exit 2, one line', async ([args, message], { expect }) => {
    const r = await monitor(['--events', healthy, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('reads stdin with --events -', async ({ expect }) => {
    const r = await runCli(['monitor', '--events', '-', '--format', 'json'], { cwd, input: readFileSync(degraded, 'utf8') });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).env).toBe('stdin');
  });

  it('--help documents the input shapes and exit codes', async ({ expect }) => {
    const r = await runCli(['monitor', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['--events', '"status":200', 'orderStatus', 'epoch milliseconds', 'minSample', 'Exit codes:']) expect(r.stdout).toContain(text);
  });
});
