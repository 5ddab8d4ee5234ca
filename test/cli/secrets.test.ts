import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/reporters/formats.js';
import { runCli } from '../helpers/cli.js';

/**
 * No secret value may appear in any output. Every environment gets distinct random secrets,
 * some from variables and some written in the file (which credentials.not-hardcoded flags),
 * one with a trailing newline; then every command and format runs and its stdout, stderr and
 * written files are searched for each value and for any 8-character slice of it.
 */
const rand = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const secrets = {
  PROD_APP: rand('pa'),
  PROD_HUBBLE: rand('ph'),
  PROD_WEBHOOK: rand('pw'),
  STG_APP: rand('sa'),
  STG_HUBBLE: rand('sh'),
  STG_WEBHOOK: rand('sw'),
};
const literalSecret = rand('lit');
const config = `version: 1
environments:
  staging:
    clientId: stg-client
    appSecret: \${STG_APP}
    hubbleSecret: \${STG_HUBBLE}
    webhookSecret: ${literalSecret}
    integrationBaseUrl: https://staging-api.yourapp.com/hubble
    webhookUrl: https://staging-api.yourapp.com/hubble/webhook
    coins: true
  production:
    clientId: prod-client
    appSecret: \${PROD_APP}
    hubbleSecret: \${PROD_HUBBLE}
    webhookSecret: \${PROD_WEBHOOK}
    integrationBaseUrl: https://api.yourapp.com/hubble
    webhookUrl: https://api.yourapp.com/hubble/webhook
    coins: true
`;
const env = { ...secrets, PROD_HUBBLE: `${secrets.PROD_HUBBLE}\n` };
const allValues = [...Object.values(secrets), literalSecret];

function expectNoSecret(text: string, where: string) {
  for (const value of allValues) {
    expect(text, `${where} shows a secret`).not.toContain(value);
    // Any 8-character run of the random part: catches partial leaks (more than the last 4).
    const random = value.slice(value.indexOf('-') + 1);
    for (let i = 0; i + 8 <= random.length - 4; i += 4) expect(text, `${where} shows part of a secret`).not.toContain(random.slice(i, i + 8));
  }
}

describe('no secret in any output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hg-secrets-'));
  writeFileSync(join(dir, 'hubble.config.yaml'), config);

  const runs: [string, string[]][] = [
    ...FORMAT_NAMES.flatMap((format) =>
      ['production', 'staging'].map((e): [string, string[]] => [`check ${e} ${format}`, ['check', '--env', e, '--offline', '--format', format, '--verbose']]),
    ),
    ['check with --sdk-url holding the secret', ['check', '--env', 'production', '--offline', '--format', 'json', '--sdk-url', `https://sdk.myhubble.money/?clientId=prod-client&appSecret=${secrets.PROD_APP}&token=t`]],
    ['check with the staging appSecret in --sdk-url', ['check', '--env', 'production', '--offline', '--sdk-url', `https://sdk.myhubble.money/?clientId=stg-client&appSecret=${secrets.STG_APP}`]],
    ['check --strict', ['check', '--env', 'production', '--offline', '--strict', '--format', 'github']],
    ['sdk-url production', ['sdk-url', '--env', 'production', '--token', 'tok']],
    ['sdk-url staging', ['sdk-url', '--env', 'staging']],
    ['list', ['list']],
    ['explain', ['explain', 'credentials.isolated']],
    ['unknown env error', ['check', '--env', 'prod']],
  ];

  it.each(runs)('%s', async (_name, args) => {
    const r = await runCli(args, { cwd: dir, env });
    expect(r.stderr).not.toMatch(/internal error/);
    expectNoSecret(r.stdout, 'stdout');
    expectNoSecret(r.stderr, 'stderr');
  });

  it('--output files hold no secret either', async () => {
    const out = join(dir, 'report.json');
    await runCli(['check', '--env', 'production', '--offline', '--format', 'json', '--output', out], { cwd: dir, env });
    expectNoSecret(readFileSync(out, 'utf8'), 'report file');
  });

  it('a secret written where a string was expected is not echoed in the config error', async () => {
    const d = mkdtempSync(join(tmpdir(), 'hg-secrets-'));
    writeFileSync(join(d, 'hubble.config.yaml'), 'version: 1\nenvironments:\n  production:\n    hubbleSecret: [ab12cd34ef56ab78]\n');
    const r = await runCli(['check', '--env', 'production'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environments.production.hubbleSecret: expected a string, got a list');
    expect(r.stderr).not.toContain('ab12cd34ef56ab78');
  });
});
