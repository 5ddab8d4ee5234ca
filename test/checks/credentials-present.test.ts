import { describe, expect, it } from 'vitest';
import { judgeCredentials, surroundingWhitespace } from '../../checks/credentials-present.js';
import { parseConfig } from '../../src/config/load.js';
import { placeholderKind } from '../../src/hubble/placeholders.js';
import { expectWellFormed, fromEnv, PROD, problems, production, unset } from './offline-fixtures.js';

const about = (key: string) => (f: { target?: string }) => f.target === `environments.production.${key}`;

describe('judgeCredentials: one row per SPEC rule', () => {
  it.each([
    ['clientId is always required', production({ clientId: undefined }), 'clientId', 'fail', /clientId is missing from environments\.production/],
    ['appSecret is always required', production({ appSecret: undefined }), 'appSecret', 'fail', /appSecret is missing.*SDK URL/],
    ['hubbleSecret is required with sso: classic', production({ hubbleSecret: undefined, coins: false }), 'hubbleSecret', 'fail', /required because .*\/sso \(sso: classic\)/],
    ['hubbleSecret is required with coins', production({ hubbleSecret: undefined, sso: 'jwt' }), 'hubbleSecret', 'fail', /\/balance, \/debit, \/reverse \(coins: true\)/],
    ['hubbleSecret is not needed with sso: jwt and no coins', production({ hubbleSecret: undefined, sso: 'jwt', coins: false }), 'hubbleSecret', 'skip', /not needed/],
    ['webhookSecret is required when webhookUrl is set', production({ webhookSecret: undefined }), 'webhookSecret', 'fail', /X-Verify/],
    ['webhookSecret is not needed without webhookUrl', production({ webhookSecret: undefined, webhookUrl: undefined }), 'webhookSecret', 'skip', /no webhookUrl/],
    ['an empty value fails', production({ appSecret: '' }), 'appSecret', 'fail', /appSecret is empty \(\$\{HUBBLE_APP_SECRET\} is set but empty\)/],
    ['a whitespace-only value fails', production({ hubbleSecret: '   ' }), 'hubbleSecret', 'fail', /only whitespace/],
    ['an unset ${VAR} fails, naming the variable', production({ appSecret: undefined, sources: { appSecret: unset(6, 'HUBBLE_APP_SECRET') } }), 'appSecret', 'fail', /\$\{HUBBLE_APP_SECRET\} is not set/],
    ['a placeholder secret fails', production({ appSecret: 'changeme' }), 'appSecret', 'fail', /looks like a placeholder/],
    ['a placeholder clientId fails and may be shown', production({ clientId: '<your-client-id>' }), 'clientId', 'fail', /clientId "<your-client-id>".*placeholder/],
    ['a trailing newline is named as such', production({ appSecret: `${PROD.appSecret}\n` }), 'appSecret', 'fail', /has a trailing newline \(25 characters, 24 without it\)/],
    ['a CRLF ending is a trailing newline too', production({ webhookSecret: `${PROD.webhookSecret}\r\n` }), 'webhookSecret', 'fail', /trailing newline/],
    ['leading whitespace fails', production({ hubbleSecret: ` ${PROD.hubbleSecret}` }), 'hubbleSecret', 'fail', /leading whitespace/],
    ['whitespace around a clientId fails', production({ clientId: `${PROD.clientId} ` }), 'clientId', 'fail', /trailing whitespace/],
    ['a configured but unneeded secret only warns', production({ sso: 'none', coins: false, hubbleSecret: 'xxxx' }), 'hubbleSecret', 'warn', /placeholder/],
    ['a good value passes with its variable and fingerprint', production(), 'appSecret', 'pass', /appSecret is set from \$\{HUBBLE_APP_SECRET\} \(24 characters, sha256:[0-9a-f]{8}\)/],
  ])('%s', (_name, env, key, status, message) => {
    const findings = judgeCredentials(env);
    expectWellFormed(findings, [PROD.appSecret, PROD.hubbleSecret, PROD.webhookSecret]);
    const found = findings.filter(about(key));
    expect(found).toHaveLength(1);
    expect(found[0]!.status).toBe(status);
    expect(found[0]!.message).toMatch(message);
  });

  it('passes every credential of a complete production environment', () => {
    const findings = judgeCredentials(production());
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('never shows a placeholder secret value, only its length and fingerprint', () => {
    const findings = judgeCredentials(production({ appSecret: 'your-app-secret' }));
    expectWellFormed(findings, ['your-app-secret']);
    expect(findings.find(about('appSecret'))!.evidence).toMatchObject({ length: 15, sha256: expect.stringMatching(/^[0-9a-f]{8}$/) });
  });

  it.each([
    ['integrationBaseUrl (needed by sso: classic)', 'integrationBaseUrl', 'HUBBLE_PARTNER_URL', {}, 'fail'],
    ['integrationBaseUrl when nothing calls it', 'integrationBaseUrl', 'HUBBLE_PARTNER_URL', { sso: 'jwt' as const, coins: false }, 'warn'],
    ['sdkBaseUrl', 'sdkBaseUrl', 'HUBBLE_SDK_URL', {}, 'fail'],
    ['webhookUrl', 'webhookUrl', 'HUBBLE_WEBHOOK_URL', {}, 'fail'],
    ['testUserId (optional)', 'testUserId', 'HUBBLE_TEST_USER', {}, 'warn'],
  ])('reports an unset ${VAR} in %s, naming it', (_name, key, variable, extra, status) => {
    const env = production({ ...extra, [key]: undefined, sources: { [key]: unset(12, variable) } });
    const found = judgeCredentials(env).filter(about(key));
    expect(found).toHaveLength(1);
    expect(found[0]!.status).toBe(status);
    expect(found[0]!.message).toContain(`\${${variable}} is not set`);
    expect(found[0]!.evidence).toEqual({ variables: [variable], line: 12 });
  });

  it('names every unset variable of a value built from several', () => {
    const env = production({ clientId: undefined, sources: { clientId: { ...fromEnv(5, 'A', 'B'), from: 'mixed', unsetVars: ['A', 'B'] } } });
    expect(judgeCredentials(env).find(about('clientId'))!.message).toContain('${A}, ${B} are not set');
  });
});

describe('placeholderKind', () => {
  it.each([
    'changeme', 'CHANGE_ME', 'xxx', 'XXXXXXXX', 'xxxx-xxxx-xxxx', '<app-secret>', '<...>', '{{ APP_SECRET }}', 'your-app-secret',
    'YOUR_HUBBLE_SECRET', 'TODO', 'todo: ask hubble', 'placeholder', 'Example', 'secret', 'test', 'password', '********', '...',
    '0000000', '123456', '$HUBBLE_APP_SECRET', '%HUBBLE_SECRET%', '${hubble-secret}', 'insert-secret-here', 'null', 'my-changeme-value',
  ])('%j is a placeholder', (value) => {
    expect(placeholderKind(value)).toBeDefined();
  });

  it.each([PROD.appSecret, PROD.hubbleSecret, 'acme-prod-7f3a2c', 'a1b2c3d4e5f6', 'partner-123', 'xK9xQ2', 'mY7$kL2#pQ'])('%j is a real-looking value', (value) => {
    expect(placeholderKind(value)).toBeUndefined();
  });

  it('never quotes the value in its description', () => {
    expect(placeholderKind('changeme')).not.toContain('changeme');
  });
});

describe('surroundingWhitespace', () => {
  it.each([
    ['abc\n', 'a trailing newline'],
    ['abc\r\n', 'a trailing newline'],
    ['abc\r', 'a trailing carriage return (Windows line ending)'],
    [' abc', 'leading whitespace'],
    ['abc \n', 'trailing whitespace'],
    ['\tabc\n', 'whitespace at both ends'],
    ['abc', undefined],
    ['a b', undefined],
  ])('%j -> %s', (value, expected) => {
    expect(surroundingWhitespace(value)).toBe(expected);
  });
});

describe('credentials.present through parseConfig', () => {
  const yaml = `version: 1
environments:
  production:
    clientId: \${HUBBLE_CLIENT_ID}
    appSecret: \${HUBBLE_APP_SECRET}
    hubbleSecret: \${HUBBLE_SECRET}
    integrationBaseUrl: \${HUBBLE_BASE_URL}
    sso: classic
`;

  it('names the unset variables of credentials and of a URL', () => {
    const config = parseConfig(yaml, 'hubble.config.yaml', { env: { HUBBLE_CLIENT_ID: 'acme-prod-7f3a2c', HUBBLE_APP_SECRET: PROD.appSecret } });
    const findings = judgeCredentials(config.environments.production!);
    const failing = problems(findings).map((f) => f.message);
    expect(failing).toEqual([
      expect.stringContaining('hubbleSecret: ${HUBBLE_SECRET} is not set'),
      expect.stringContaining('integrationBaseUrl: ${HUBBLE_BASE_URL} is not set'),
    ]);
    expectWellFormed(findings);
  });

  it('catches a trailing newline that came in through the variable', () => {
    const config = parseConfig(yaml, 'hubble.config.yaml', {
      env: { HUBBLE_CLIENT_ID: 'acme-prod-7f3a2c', HUBBLE_APP_SECRET: `${PROD.appSecret}\n`, HUBBLE_SECRET: PROD.hubbleSecret, HUBBLE_BASE_URL: 'https://api.acme-shop.com' },
    });
    const [only, ...rest] = problems(judgeCredentials(config.environments.production!));
    expect(rest).toEqual([]);
    expect(only!.message).toMatch(/^appSecret from \$\{HUBBLE_APP_SECRET\} has a trailing newline/);
    expect(only!.fix).toContain('HUBBLE_APP_SECRET');
  });

  it('catches a placeholder written in the file without showing it', () => {
    const config = parseConfig(yaml.replace('${HUBBLE_APP_SECRET}', '"<paste the app secret>"'), 'hubble.config.yaml', {
      env: { HUBBLE_CLIENT_ID: 'acme-prod-7f3a2c', HUBBLE_SECRET: PROD.hubbleSecret, HUBBLE_BASE_URL: 'https://api.acme-shop.com' },
    });
    const findings = judgeCredentials(config.environments.production!);
    expect(problems(findings).map((f) => f.message)).toEqual([expect.stringMatching(/^appSecret in the file \(line 5\) looks like a placeholder/)]);
    expectWellFormed(findings, ['<paste the app secret>']);
  });
});

describe('short secrets', () => {
  it('warns about a secret shorter than 12 characters, without showing it', () => {
    const findings = problems(judgeCredentials(production({ hubbleSecret: 'Kx7pQ2' })));
    expect(findings).toEqual([expect.objectContaining({ status: 'warn', message: expect.stringMatching(/^hubbleSecret .*is only 6 characters \(6 characters, sha256:[0-9a-f]{8}\)/) })]);
    expect(JSON.stringify(findings)).not.toContain('Kx7pQ2');
  });
  it('does not flag a clientId for being short', () => {
    expect(problems(judgeCredentials(production({ clientId: 'c1' })))).toEqual([]);
  });
});
