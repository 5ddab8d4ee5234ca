import { describe, expect, it } from 'vitest';
import { judgeIsolation } from '../../checks/credentials-isolated.js';
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedEnvironment } from '../../src/config/types.js';
import { fingerprint } from '../../src/engine/secret.js';
import { effective, expectWellFormed, PROD, problems, production, STAGING, staging, unset } from './offline-fixtures.js';

type Row = [name: string, env: ResolvedEnvironment, others: ResolvedEnvironment[], expected: { status: string; message: RegExp; target?: string }[]];

describe('judgeIsolation: one row per SPEC rule', () => {
  it.each<Row>([
    ['production and staging share nothing', production(), [staging()], []],
    [
      'a shared clientId fails, naming both environments',
      production({ clientId: STAGING.clientId }),
      [staging()],
      [{ status: 'fail', message: /^production clientId is the same value as staging's clientId \("acme-stg-11b0e9"\)/, target: 'environments.production.clientId' }],
    ],
    [
      'a shared appSecret fails, shown by fingerprint',
      production({ appSecret: STAGING.appSecret }),
      [staging()],
      [{ status: 'fail', message: new RegExp(`^production appSecret is the same value as staging's appSecret \\(sha256:${fingerprint(STAGING.appSecret)}\\)`) }],
    ],
    [
      'a staging secret pasted with a trailing newline is still shared',
      production({ appSecret: `${STAGING.appSecret}\n` }),
      [staging()],
      [{ status: 'fail', message: /production appSecret is the same value as staging's appSecret/ }],
    ],
    ['a shared hubbleSecret fails', production({ hubbleSecret: STAGING.hubbleSecret }), [staging()], [{ status: 'fail', message: /production hubbleSecret is the same value as staging's hubbleSecret/ }]],
    ['a shared webhookSecret fails', production({ webhookSecret: STAGING.webhookSecret }), [staging()], [{ status: 'fail', message: /production webhookSecret is the same value as staging's webhookSecret/ }]],
    [
      'a staging secret reused under another key fails',
      production({ hubbleSecret: STAGING.webhookSecret }),
      [staging()],
      [{ status: 'fail', message: /production hubbleSecret is the same value as staging's webhookSecret/ }],
    ],
    [
      'hubbleSecret equal to webhookSecret warns',
      production({ webhookSecret: PROD.hubbleSecret }),
      [staging()],
      [{ status: 'warn', message: /production hubbleSecret and webhookSecret are the same value/ }],
    ],
    [
      'appSecret doubling as hubbleSecret fails: it is public in the SDK URL',
      production({ hubbleSecret: PROD.appSecret }),
      [staging()],
      [{ status: 'fail', message: /production hubbleSecret is the same value as its appSecret.*public/ }],
    ],
    [
      'a single environment says what it could not compare',
      production(),
      [],
      [{ status: 'warn', message: /production could not be compared with a staging environment: the config defines no other environment/ }],
    ],
    [
      'unset staging variables are named as not compared',
      production(),
      [staging({ appSecret: undefined, sources: { appSecret: unset(17, 'HUBBLE_STAGING_APP_SECRET') } })],
      [{ status: 'warn', message: /could not compare appSecret with staging \(staging's \$\{HUBBLE_STAGING_APP_SECRET\} unset\)/ }],
    ],
    [
      'seen from staging, a production value is the same leak',
      staging({ appSecret: PROD.appSecret }),
      [production()],
      [{ status: 'fail', message: /staging appSecret is the same value as production's appSecret.*production credential in a staging environment/ }],
    ],
    ['two staging environments may share values', staging(), [staging({ name: 'qa' })], []],
    [
      'two production environments sharing a value only warn',
      production(),
      [production({ name: 'production-eu', appSecret: 'eU4rT7yU1iO5pA8sD2fG6hJ9', hubbleSecret: 'eH1jK4lZ7xC2vB5nM8qW3eR6', webhookSecret: 'eW6rT9yU3iO7pA1sD4fG8hJ2' }), staging()],
      [{ status: 'warn', message: /^production clientId is the same value as production-eu's clientId/ }],
    ],
    [
      'the same placeholder on both sides is not a clash (credentials.present reports it)',
      production({ appSecret: 'changeme' }),
      [staging({ appSecret: 'changeme' })],
      [],
    ],
    [
      'a placeholder on the other side is named as not compared',
      production(),
      [staging({ appSecret: 'changeme' })],
      [{ status: 'warn', message: /could not compare appSecret with staging \(staging's a placeholder\)/ }],
    ],
  ])('%s', (_name, env, others, expected) => {
    const findings = judgeIsolation(env, others);
    expectWellFormed(findings, [...Object.values(PROD), ...Object.values(STAGING)].filter((v) => !v.startsWith('acme-')));
    const got = problems(findings).map((f) => ({ status: effective(f, env.tier), message: f.message, target: f.target }));
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(got[i]!.status).toBe(e.status);
      expect(got[i]!.message).toMatch(e.message);
      if (e.target) expect(got[i]!.target).toBe(e.target);
    });
  });

  it('puts both environment names and both keys in the evidence of a clash', () => {
    const [clash] = problems(judgeIsolation(production({ webhookSecret: STAGING.webhookSecret }), [staging()]));
    expect(clash!.evidence).toEqual({ env: 'production', key: 'webhookSecret', otherEnv: 'staging', otherKey: 'webhookSecret', sha256: fingerprint(STAGING.webhookSecret) });
  });

  it('says which values it compared when all differ', () => {
    const passed = judgeIsolation(production(), [staging()]).filter((f) => f.status === 'pass');
    expect(passed.map((f) => f.message)).toEqual([
      "production credentials differ from the other environments': clientId (vs staging), appSecret (vs staging), hubbleSecret (vs staging), webhookSecret (vs staging)",
      'production hubbleSecret and webhookSecret are different values',
    ]);
  });

  it('skips (rather than warns) on a staging environment with no production to compare with', () => {
    const findings = judgeIsolation(staging(), []);
    expect(findings.map((f) => f.status)).toEqual(['skip', 'pass']);
  });
});

describe('credentials.isolated through parseConfig', () => {
  it('catches a staging secret pasted into production through a shared variable', () => {
    const yaml = `version: 1
environments:
  staging:
    clientId: acme-stg
    appSecret: \${STG_APP}
    hubbleSecret: \${STG_HUBBLE}
  production:
    clientId: acme-prod
    appSecret: \${PROD_APP}
    hubbleSecret: \${STG_HUBBLE}
`;
    const config = parseConfig(yaml, 'hubble.config.yaml', { env: { STG_APP: STAGING.appSecret, STG_HUBBLE: STAGING.hubbleSecret, PROD_APP: PROD.appSecret } });
    const prod = config.environments.production!;
    const findings = judgeIsolation(prod, [config.environments.staging!]);
    expect(problems(findings).map((f) => [f.status, f.target])).toEqual([['fail', 'environments.production.hubbleSecret']]);
    expectWellFormed(findings, [STAGING.appSecret, STAGING.hubbleSecret, PROD.appSecret]);
  });
});

describe('credentials.isolated with nothing set', () => {
  it('says there is nothing to compare instead of returning no findings (the example config with no variables set)', async () => {
    const { parseConfig } = await import('../../src/config/load.js');
    const { readFileSync } = await import('node:fs');
    const { judgeIsolation } = await import('../../checks/credentials-isolated.js');
    const text = readFileSync(new URL('../../hubble.config.example.yaml', import.meta.url), 'utf8');
    const config = parseConfig(text, 'hubble.config.example.yaml', { env: {} });
    const findings = judgeIsolation(config.environments.production!, [config.environments.staging!]);
    expect(findings).toEqual([expect.objectContaining({ status: 'skip', message: expect.stringMatching(/^nothing to compare: none of production's clientId, appSecret, hubbleSecret, webhookSecret has a value/) })]);
  });
});
