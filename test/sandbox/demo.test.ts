import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { demo, statusOf } from './run-demo.js';
import { isolatedTmp, startCli } from './process.js';

describe('hubble-golive demo', () => {
  it('with no faults: every check that applies passes, sdk.reachable is skipped as needing the internet, exit 0', async () => {
    const r = await demo(['--format', 'json']);
    expect(r.stderr).toMatch(/^hubble-golive demo: sandbox partner https:\/\/api\.golive-demo-partner\.com:\d+\/hubble served on 127\.0\.0\.1:\d+ .*faults: none/);
    const report = JSON.parse(r.stdout) as Report;
    // Only these may skip: sdk.reachable (the internet) and source.scan (the demo has no source to scan).
    const mayNotApply = new Set(['sdk.reachable', 'source.scan']);
    const notPassing = report.checks.filter((c) => c.status !== 'pass' && !(c.status === 'skip' && mayNotApply.has(c.id)));
    expect(notPassing, JSON.stringify(notPassing, null, 2)).toEqual([]);
    expect(r.code).toBe(0);
    expect(report).toMatchObject({ env: 'production', tier: 'production', status: 'pass' });
    expect(report.checks.length).toBeGreaterThan(10);
    const sdkReachable = report.checks.find((c) => c.id === 'sdk.reachable');
    expect(sdkReachable?.status).toBe('skip');
    expect(sdkReachable?.findings[0]?.message).toMatch(/needs the internet/);
    expect(report.summary.skip).toBe(report.checks.filter((c) => c.status === 'skip').length);
    expect(r.leftovers).toEqual([]);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('prints a readable report with the tally, and no token or secret of the sandbox', async () => {
    const r = await demo([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hubble-golive \S+ {2}env production \(tier production\)/);
    expect(r.stdout).toMatch(/✔ PASS {2}credentials\.present/);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 warned, 0 failed/);
    expect(r.stdout + r.stderr).not.toMatch(/sbx_[A-Za-z0-9_-]{20,}/);
    expect(r.leftovers).toEqual([]);
  });

  it('with --faults any-secret,legacy-tls: auth.hubble-secret and tls.protocol fail, exit 1', async () => {
    const r = await demo(['--faults', 'any-secret,legacy-tls', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(statusOf(report, 'auth.hubble-secret')).toBe('fail');
    expect(statusOf(report, 'tls.protocol')).toBe('fail');
    expect(r.code).toBe(1);
    expect(r.leftovers).toEqual([]);
  });

  it('refuses an unknown fault with one line and a suggestion, exit 2, stdout empty', async () => {
    const r = await demo(['--faults', 'legacy-tl']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hubble-golive: --faults legacy-tl: unknown fault \(did you mean legacy-tls\?\); known faults: [^\n]*\n$/);
    expect(r.leftovers).toEqual([]);
  });

  it('only checks that need the internet: reported as skipped with the reason, exit 2 (nothing was checked)', async () => {
    const r = await demo(['--only', 'sdk.reachable']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/○ SKIP  sdk\.reachable .*needs the internet/);
    expect(r.stdout).toMatch(/0 passed, 0 warned, 0 failed, 1 skipped/);
  });

  it('cleans up when interrupted mid-run (SIGINT): exit 130, no temp files', async () => {
    const tmp = isolatedTmp();
    try {
      const run = startCli(['demo', '--faults', 'hang', '--timeout', '20000'], { TMPDIR: tmp.path });
      await run.waitFor('running check --env production', 'stderr');
      expect(tmp.leftovers()).toHaveLength(1);
      run.child.kill('SIGINT');
      const { code } = await run.exited;
      expect(code).toBe(130);
      expect(tmp.leftovers()).toEqual([]);
    } finally {
      tmp.remove();
    }
  });
});
