import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { reportValidator } from '../helpers/schema.js';

const EXAMPLE = new URL('../../hubble.config.example.yaml', import.meta.url).pathname;
const exampleEnv = {
  HUBBLE_CLIENT_ID: 'prod-client-7f3a',
  HUBBLE_APP_SECRET: 'prod-app-secret-9c1d2e3f4a5b',
  HUBBLE_SECRET: 'prod-hubble-secret-1a2b3c4d5e6f',
  HUBBLE_WEBHOOK_SECRET: 'prod-webhook-secret-6f5e4d3c2b1a',
  HUBBLE_STAGING_CLIENT_ID: 'stg-client-0b1c',
  HUBBLE_STAGING_APP_SECRET: 'stg-app-secret-aa11bb22cc33',
  HUBBLE_STAGING_SECRET: 'stg-hubble-secret-dd44ee55ff66',
  HUBBLE_STAGING_WEBHOOK_SECRET: 'stg-webhook-secret-778899aabbcc',
};
const tmp = () => mkdtempSync(join(tmpdir(), 'hg-cli-'));

describe('help teaches', () => {
  it('top-level --help lists the commands and where to start', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['check', 'list', 'explain', 'init', 'sdk-url']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    expect(r.stdout).toContain('hubble-golive check --env production');
  });
  it('check --help documents exit codes and examples', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:\n  0 .*\n  1 .*\n  2 .*\n  3 /);
    expect(r.stdout).toContain('--resolve <host:port:addr>');
  });
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('check on the example config, offline', () => {
  it('prints a readable report ending with the tally', async () => {
    const r = await runCli(['check', '--env', 'production', '--offline', '--config', EXAMPLE], { env: exampleEnv });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^hubble-golive \S+  env production \(tier production\)  config /);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ warned, \d+ failed/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect([0, 1]).toContain(r.code);
  });
  it('--format json prints only JSON that validates against the shipped schema', async () => {
    const r = await runCli(['check', '--env', 'production', '--offline', '--config', EXAMPLE, '--format', 'json'], { env: exampleEnv });
    const report = JSON.parse(r.stdout);
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.env).toBe('production');
    expect(report.tier).toBe('production');
    expect(Number.isNaN(Date.parse(report.startedAt))).toBe(false);
    expect(r.code).toBe(report.status === 'fail' ? 1 : report.status === 'error' ? 3 : 0);
  });
  it.each([
    ['with every variable set', exampleEnv],
    ['with no variable set', {}],
    ['with only production set', Object.fromEntries(Object.entries(exampleEnv).filter(([k]) => !k.includes('STAGING')))],
  ])('no offline check errors on the example config %s, for either environment', async (_name, env) => {
    for (const e of ['production', 'staging']) {
      const r = await runCli(['check', '--env', e, '--offline', '--config', EXAMPLE, '--format', 'json'], { env });
      const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; findings: { message: string }[] }[] };
      expect(report.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.findings[0]?.message}`)).toEqual([]);
    }
  });

  it('--output writes the report to a file and keeps stdout empty', async () => {
    const dir = tmp();
    const out = join(dir, 'report.xml');
    const r = await runCli(['check', '--env', 'production', '--offline', '--config', EXAMPLE, '--format', 'junit', '--output', out], { env: exampleEnv });
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml version="1.0"/);
    expect(r.stderr).toMatch(/junit report written to /);
    expect(readdirSync(dir)).toEqual(['report.xml']);
  });
});

describe('bad input: one line on stderr, exit 2, nothing on stdout, nothing written', () => {
  const cases: [string, string | null, string[], RegExp][] = [
    ['invalid YAML', 'version: 1\nenvironments:\n  production: {clientId: [}\n', [], /^hubble-golive: .*hubble\.config\.yaml:3: invalid YAML/],
    ['unknown key', 'version: 1\nenvironments:\n  production:\n    webhookUrll: https://api.yourapp.com/w\n', [], /hubble\.config\.yaml:4 environments\.production\.webhookUrll: unknown key \(did you mean webhookUrl\?\)/],
    ['wrong type', 'version: 1\nenvironments:\n  production:\n    coins: 3\n', [], /hubble\.config\.yaml:4 environments\.production\.coins: expected true or false, got number 3/],
    ['unknown --env', 'version: 1\nenvironments:\n  production: {}\n  staging: {}\n', ['--env', 'stagin'], /unknown environment "stagin" \(did you mean staging\?\)/],
    ['missing config file', null, [], /hubble\.config\.yaml: no such file; create one with "hubble-golive init"/],
    ['--only naming nothing', 'version: 1\nenvironments:\n  production: {}\n', ['--only', 'tls.protcol'], /--only tls\.protcol: no check has that id or prefix/],
    ['bad --timeout', 'version: 1\nenvironments:\n  production: {}\n', ['--timeout', '-5'], /--timeout takes a whole number/],
    ['bad --resolve', 'version: 1\nenvironments:\n  production: {}\n', ['--resolve', 'api.yourapp.com:443'], /--resolve api\.yourapp\.com:443: expected HOST:PORT:ADDRESS/],
    ['unreadable --ca', 'version: 1\nenvironments:\n  production: {}\n', ['--ca', '/nonexistent/ca.pem'], /--ca \/nonexistent\/ca\.pem: cannot read/],
    ['unknown --format', 'version: 1\nenvironments:\n  production: {}\n', ['--format', 'xml'], /argument 'xml' is invalid/],
  ];
  for (const format of ['pretty', 'json']) {
    it.each(cases)(`%s (${format})`, async (_name, yaml, extra, pattern) => {
      const dir = tmp();
      if (yaml !== null) writeFileSync(join(dir, 'hubble.config.yaml'), yaml);
      const args = ['check', '--offline', ...(extra.includes('--env') ? [] : ['--env', 'production']), ...extra];
      if (!extra.includes('--format')) args.push('--format', format);
      args.push('--output', join(dir, 'out.json'));
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(dir).filter((f) => f !== 'hubble.config.yaml')).toEqual([]);
    });
  }
});

describe('HUBBLE_CONFIG and --env-file', () => {
  it('a missing --env-file is our one-line error, exit 2 (run as `node -- bin …`: see the README on Node 20)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const r = spawnSync(process.execPath, ['--', BIN, 'check', '--env', 'production', '--env-file', '/nonexistent/.env'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('hubble-golive: /nonexistent/.env: cannot read env file (ENOENT)\n');
  });

  it('reads the config named by HUBBLE_CONFIG and variables from --env-file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'golive.yaml'), 'version: 1\nenvironments:\n  production:\n    clientId: ${CID}\n');
    writeFileSync(join(dir, '.env'), 'CID=from-env-file\n');
    const r = await runCli(['check', '--env', 'production', '--offline', '--env-file', '.env', '--format', 'json'], {
      cwd: dir,
      env: { HUBBLE_CONFIG: join(dir, 'golive.yaml') },
    });
    const report = JSON.parse(r.stdout);
    expect(report.config).toBe(join(dir, 'golive.yaml'));
    expect(JSON.stringify(report)).not.toContain('CID is unset');
  });
});

describe('init', () => {
  it('writes the commented example and never overwrites without --force', async () => {
    const dir = tmp();
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const written = readFileSync(join(dir, 'hubble.config.yaml'), 'utf8');
    expect(written).toBe(readFileSync(EXAMPLE, 'utf8'));
    writeFileSync(join(dir, 'hubble.config.yaml'), 'mine');
    const second = await runCli(['init'], { cwd: dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already exists; pass --force to overwrite it/);
    expect(readFileSync(join(dir, 'hubble.config.yaml'), 'utf8')).toBe('mine');
    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'hubble.config.yaml'), 'utf8')).toBe(written);
    expect(readdirSync(dir)).toEqual(['hubble.config.yaml']);
  });
});

describe('sdk-url', () => {
  it('prints the SDK URL for the tier with appSecret masked, and in full only with --reveal', async () => {
    const masked = await runCli(['sdk-url', '--env', 'production', '--config', EXAMPLE, '--token', 'tok-1'], { env: exampleEnv });
    expect(masked.code).toBe(0);
    expect(masked.stdout.trim()).toBe('https://sdk.myhubble.money/?clientId=prod-client-7f3a&appSecret=****4a5b&token=tok-1');
    const revealed = await runCli(['sdk-url', '--env', 'staging', '--config', EXAMPLE, '--reveal'], { env: exampleEnv });
    expect(revealed.stdout.trim()).toBe('https://sdk.dev.myhubble.money/?clientId=stg-client-0b1c&appSecret=stg-app-secret-aa11bb22cc33');
  });
  it('refuses, naming the variable, when a credential is unset (exit 2, nothing on stdout)', async () => {
    const r = await runCli(['sdk-url', '--env', 'production', '--config', EXAMPLE], { env: { ...exampleEnv, HUBBLE_APP_SECRET: undefined } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`hubble-golive: ${EXAMPLE}: environments.production: appSecret (\${HUBBLE_APP_SECRET} unset) not set, so there is no SDK URL to print\n`);
  });
});

describe('list and explain', () => {
  it('list --format json names every check with its network and mutation flags', async () => {
    const r = await runCli(['list', '--format', 'json']);
    const rows = JSON.parse(r.stdout) as { id: string; network: boolean; mutates: boolean }[];
    expect(rows.map((c) => c.id)).toContain('credentials.present');
    expect(new Set(rows.map((c) => c.id)).size).toBe(rows.length);
  });
  it('explain prints what, why and how to fix; an unknown id suggests the closest', async () => {
    const r = await runCli(['explain', 'credentials.present']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/What it verifies\n[\s\S]*Why it matters\n[\s\S]*How to fix a failure\n  - /);
    const bad = await runCli(['explain', 'credentials.presnt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('hubble-golive: no check "credentials.presnt" (did you mean credentials.present?); "hubble-golive list" shows them all\n');
  });
});

describe('a closed pipe', () => {
  it('stops quietly when stdout is closed early (| head), no EPIPE stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [BIN, 'list'], { env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});

describe('runs that check nothing, and --output problems, say so', () => {
  it('every selected check skipped: exit 2 and a line on stderr saying why', async () => {
    const r = await runCli(['check', '--env', 'production', '--config', EXAMPLE, '--only', 'tls', '--offline'], { env: exampleEnv });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hubble-golive: nothing was checked: every selected check was skipped (the report gives each reason); exit code 2\n');
    expect(r.stdout).toMatch(/0 passed, 0 warned, 0 failed, 2 skipped/);
  });
  it('--output into a folder that does not exist fails before any check runs', async () => {
    const r = await runCli(['check', '--env', 'production', '--config', EXAMPLE, '--offline', '--output', '/nonexistent/dir/report.json'], { env: exampleEnv });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('hubble-golive: --output /nonexistent/dir/report.json: the folder /nonexistent/dir does not exist\n');
  });
});

describe('explain a family', () => {
  it('explain tls explains every tls.* check', async () => {
    const r = await runCli(['explain', 'tls']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tls\.protocol: /m);
    expect(r.stdout).toMatch(/^tls\.certificate: /m);
  });
});

describe('waivers from the command line', () => {
  const config = (waiver: string) =>
    `version: 1\nenvironments:\n  production:\n    clientId: c\n    sdkBaseUrl: http://sdk.myhubble.money\n${waiver}`;
  it('an active waiver turns the failure into a warning with its reason: exit 0', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hubble.config.yaml'), config('waivers:\n  - check: urls.hubble\n    reason: proxy migration, ticket OPS-42\n    expires: 2999-12-31\n'));
    const r = await runCli(['check', '--env', 'production', '--offline', '--only', 'urls.hubble', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(report.checks[0].status).toBe('warn');
    expect(report.checks[0].findings[0].message).toMatch(/^waived until 2999-12-31 \(proxy migration, ticket OPS-42\): /);
    expect(r.code).toBe(0);
  });
  it('a waiver naming no check is a config error with a suggestion', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hubble.config.yaml'), config('waivers:\n  - check: urls.hubbel\n    reason: proxy migration, ticket OPS-42\n    expires: 2999-12-31\n'));
    const r = await runCli(['check', '--env', 'production', '--offline'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hubble-golive: hubble.config.yaml:7 waivers.0.check: no check "urls.hubbel" (did you mean urls.hubble?)\n');
  });
});

describe('a weak staging secret that is a common word', () => {
  it.each(['pass', 'fail', 'production'])('"%s" leaves the report, its schema and the checklist intact', async (word) => {
    const env = { ...exampleEnv, HUBBLE_STAGING_SECRET: word };
    const pretty = await runCli(['check', '--env', 'production', '--offline', '--config', EXAMPLE], { env });
    expect(pretty.stderr).toBe('');
    expect(pretty.stdout).toMatch(/\d+ passed, \d+ warned, \d+ failed/);
    const json = await runCli(['check', '--env', 'production', '--offline', '--config', EXAMPLE, '--format', 'json'], { env });
    const report = JSON.parse(json.stdout);
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.env).toBe('production');
    const checklist = await runCli(['checklist', '--env', 'production', '--offline', '--config', EXAMPLE], { env });
    expect(checklist.stdout).toMatch(/^\[!\] 2\. Register your production URLs +failing$/m);
  });
});
