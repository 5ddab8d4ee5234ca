import { describe, expect, it } from 'vitest';
import { buildChecklist, renderChecklistMarkdown, renderChecklistText } from '../../src/commands/checklist-build.js';
import type { CheckResult, Status } from '../../src/engine/check.js';
import { GO_LIVE_STEPS } from '../../src/hubble/go-live-steps.js';
import { builtinChecks } from '../../checks/index.js';
import { runCli } from '../helpers/cli.js';
import { sampleReport } from '../helpers/report.js';

const result = (id: string, status: Status, message = `${id} ${status}`): CheckResult => ({
  id, title: id, status, durationMs: 1, findings: [{ status, message }],
});
const reportWith = (...checks: CheckResult[]) => sampleReport({ checks });
const item = (n: number, ...checks: CheckResult[]) => buildChecklist(reportWith(...checks))[n - 1]!;

describe('go-live steps', () => {
  it('name only checks that exist', () => {
    const ids = new Set(builtinChecks.map((c) => c.id));
    for (const step of GO_LIVE_STEPS) for (const id of step.checks) expect(ids, `step ${step.number}`).toContain(id);
  });
  it('cover every built-in check at least once', () => {
    const covered = new Set(GO_LIVE_STEPS.flatMap((s) => s.checks));
    expect(builtinChecks.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('buildChecklist', () => {
  it.each([
    ['all checks pass → done', [result('credentials.present', 'pass'), result('credentials.isolated', 'pass')], 'done', /^credentials\.present, credentials\.isolated pass$/],
    ['a warning is still done, and says so', [result('credentials.present', 'pass'), result('credentials.isolated', 'warn')], 'done', /pass \(warnings: credentials\.isolated\)/],
    ['a failed check → failing, with its first message', [result('credentials.present', 'fail', 'appSecret is not set'), result('credentials.isolated', 'pass')], 'failing', /^credentials\.present fail: appSecret is not set$/],
    ['an error → failing', [result('credentials.present', 'error')], 'failing', /credentials\.present error/],
    ['every check skipped → manual, with the reason', [result('credentials.present', 'skip', 'needs the network'), result('credentials.isolated', 'skip')], 'manual', /not verified in this run: its checks were skipped \(needs the network\)/],
    ['checks not selected → manual', [], 'manual', /its checks were not selected/],
  ])('%s', (_name, checks, status, note) => {
    const i = item(1, ...checks);
    expect(i.status).toBe(status);
    expect(i.note).toMatch(note);
  });

  it('a step with something to confirm is manual even when its checks pass', () => {
    const i = item(2, result('urls.partner', 'pass'));
    expect(i.status).toBe('manual');
    expect(i.note).toMatch(/^urls\.partner pass; Confirm with the Hubble team/);
  });
  it('a step with something to confirm is failing when its checks fail', () => {
    expect(item(2, result('urls.partner', 'fail')).status).toBe('failing');
  });
  it('steps only a person can do are manual', () => {
    expect([6, 7, 8].map((n) => item(n).status)).toEqual(['manual', 'manual', 'manual']);
  });
});

describe('rendering', () => {
  const report = reportWith(result('credentials.present', 'pass'), result('credentials.isolated', 'pass'), result('tls.protocol', 'fail', 'TLS 1.0 accepted'));
  const items = buildChecklist(report);
  it('text marks each step and ends with the tally', () => {
    const text = renderChecklistText(report, items);
    expect(text).toMatch(/^\[x\] 1\. Request production credentials +done$/m);
    expect(text).toMatch(/^\[!\] 4\. Deploy your backend +failing\n {6}tls\.protocol fail: TLS 1\.0 accepted$/m);
    expect(text).toMatch(/^\[ \] 6\. Verify theme and catalog +manual$/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 done, 1 failing, 6 manual');
  });
  it('markdown is a task list with only done steps ticked', () => {
    const md = renderChecklistMarkdown(report, items);
    expect(md.match(/^- \[x\] /gm)).toHaveLength(1);
    expect(md.match(/^- \[ \] /gm)).toHaveLength(7);
    expect(md).toContain('**4. Deploy your backend**: failing');
  });
});

describe('checklist command', () => {
  it('runs offline on the example config and marks network steps manual', async () => {
    const example = new URL('../../hubble.config.example.yaml', import.meta.url).pathname;
    const r = await runCli(['checklist', '--env', 'production', '--offline', '--config', example, '--format', 'markdown']);
    expect(r.stdout).toMatch(/^## Hubble go-live checklist: `production` \(production\)/);
    expect(r.stdout).toMatch(/\*\*1\. Request production credentials\*\*: failing/);
    expect(r.stdout).toMatch(/\*\*4\. Deploy your backend\*\*: manual\n  - not verified in this run: its checks were skipped \(needs the network/);
    expect(r.code).toBe(1);
  });
});

describe('checklist --skip', () => {
  it('leaves checks out; their steps say they were not verified', async () => {
    const example = new URL('../../hubble.config.example.yaml', import.meta.url).pathname;
    const r = await runCli(['checklist', '--env', 'production', '--config', example, '--skip', 'sdk,network,tls,auth,sso,webhook,coins,urls', '--offline']);
    expect(r.stdout).toMatch(/\[ \] 5\. Update the SDK URL +manual\n {6}not verified in this run: its checks were not selected/);
  });
});

describe('attestations', () => {
  const att = (step: number, env = 'production') => ({ step, env, by: 'Priya (QA)', date: '2026-12-01', note: 'ticket GL-7' });
  it('mark a manual step done, naming who and when', () => {
    const items = buildChecklist(reportWith(), [att(6)]);
    expect(items[5]).toMatchObject({ status: 'done', note: expect.stringMatching(/^attested by Priya \(QA\) on 2026-12-01 \(ticket GL-7\); /) });
  });
  it('never override a failing step, nor apply to another environment', () => {
    expect(buildChecklist(reportWith(result('urls.partner', 'fail')), [att(2)])[1]!.status).toBe('failing');
    expect(buildChecklist(reportWith(), [att(6, 'staging')])[5]!.status).toBe('manual');
  });
});

describe('attestations complete only what a person can check', () => {
  const att = (step: number) => ({ step, env: 'production', by: 'X', date: '2026-12-01' });
  it('not a step of checks alone (4), whether they ran or not', () => {
    expect(buildChecklist(reportWith(), [att(4)])[3]!.status).toBe('manual');
    expect(buildChecklist(reportWith(result('tls.protocol', 'skip', 'needs the network')), [att(4)])[3]!.status).toBe('manual');
  });
  it('not a step with a manual part whose checks were skipped', () => {
    expect(buildChecklist(reportWith(result('urls.partner', 'skip')), [att(2)])[1]!.status).toBe('manual');
    expect(buildChecklist(reportWith(result('urls.partner', 'pass')), [att(2)])[1]!.status).toBe('done');
  });
});

describe('attestations and unselected checks', () => {
  it('do not complete a step whose checks were left out of the run', () => {
    expect(buildChecklist(reportWith(), [{ step: 2, env: 'production', by: 'X', date: '2026-12-01' }])[1]!.status).toBe('manual');
  });
});
