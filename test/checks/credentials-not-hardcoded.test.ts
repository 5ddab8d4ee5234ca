import { describe, expect, it } from 'vitest';
import { judgeHardcoded } from '../../checks/credentials-not-hardcoded.js';
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedEnvironment } from '../../src/config/types.js';
import { effective, expectWellFormed, literal, PROD, problems, production, STAGING, staging } from './offline-fixtures.js';

const FILE = 'hubble.config.yaml';

describe('judgeHardcoded: one row per SPEC rule', () => {
  it.each<[string, ResolvedEnvironment, [status: string, message: RegExp][]]>([
    ['secrets from ${VAR}s pass', production(), []],
    [
      'a literal appSecret fails on production, naming file and line',
      production({ sources: { appSecret: literal(6) } }),
      [['fail', /^production appSecret is written in hubble\.config\.yaml:6 as a literal value; secrets must come from the environment \(24 characters, sha256:[0-9a-f]{8}\)$/]],
    ],
    ['a literal hubbleSecret fails', production({ sources: { hubbleSecret: literal(7) } }), [['fail', /hubbleSecret is written in hubble\.config\.yaml:7/]]],
    ['a literal webhookSecret fails', production({ sources: { webhookSecret: literal(8) } }), [['fail', /webhookSecret is written in hubble\.config\.yaml:8/]]],
    [
      'text mixed with a ${VAR} fails too',
      production({ sources: { appSecret: { line: 6, from: 'mixed', vars: ['APP_SECRET_TAIL'], unsetVars: [] } } }),
      [['fail', /appSecret in hubble\.config\.yaml:6 mixes text written in the file with \$\{APP_SECRET_TAIL\}/]],
    ],
    ['a literal secret is only a warning on staging', staging({ sources: { appSecret: literal(17) } }), [['warn', /staging appSecret is written in hubble\.config\.yaml:17/]]],
    ['a literal clientId is fine: it is not a secret', production({ sources: { clientId: literal(5) } }), []],
    ['an empty literal holds no secret (credentials.present reports it)', production({ appSecret: '', sources: { appSecret: literal(6) } }), []],
  ])('%s', (_name, env, expected) => {
    const findings = judgeHardcoded(env, FILE);
    expectWellFormed(findings);
    expect(problems(findings).map((f) => [effective(f, env.tier), f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });

  it('names the variables the secrets come from when they pass', () => {
    const [only] = judgeHardcoded(production(), FILE);
    expect(only).toMatchObject({
      status: 'pass',
      message: 'production secrets come from the environment: appSecret from ${HUBBLE_APP_SECRET}, hubbleSecret from ${HUBBLE_SECRET}, webhookSecret from ${HUBBLE_WEBHOOK_SECRET}',
    });
  });

  it('skips with a reason when no secret is configured at all', () => {
    const env = production({ appSecret: undefined, hubbleSecret: undefined, webhookSecret: undefined });
    expect(judgeHardcoded(env, FILE).map((f) => f.status)).toEqual(['skip']);
  });

  it('suggests the variable to use in the fix', () => {
    const [finding] = judgeHardcoded(production({ sources: { hubbleSecret: literal(7) } }), FILE).filter((f) => f.status === 'fail');
    expect(finding!.fix).toContain('hubbleSecret: ${HUBBLE_SECRET}');
    expect(finding!.relaxOnStaging).toBe(true);
  });
});

describe('credentials.not-hardcoded through parseConfig', () => {
  it('reports the real line of a literal secret and never its value', () => {
    const yaml = `version: 1
environments:
  staging:
    appSecret: \${STG_APP}
  production:
    clientId: acme-prod
    appSecret: \${PROD_APP}
    hubbleSecret: ${PROD.hubbleSecret}
    webhookSecret: "whsec-\${PROD_WEBHOOK_TAIL}"
`;
    const config = parseConfig(yaml, 'config/hubble.config.yaml', { env: { STG_APP: STAGING.appSecret, PROD_APP: PROD.appSecret, PROD_WEBHOOK_TAIL: 'k3j4h5g6f7d8s9a0' } });
    const findings = judgeHardcoded(config.environments.production!, config.path);
    expect(problems(findings).map((f) => f.message)).toEqual([
      expect.stringContaining('hubbleSecret is written in config/hubble.config.yaml:8 as a literal value'),
      expect.stringContaining('webhookSecret in config/hubble.config.yaml:9 mixes text written in the file with ${PROD_WEBHOOK_TAIL}'),
    ]);
    expectWellFormed(findings, [PROD.hubbleSecret, 'whsec-k3j4h5g6f7d8s9a0']);
  });
});
