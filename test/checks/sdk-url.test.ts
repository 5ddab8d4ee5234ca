import { describe, expect, it } from 'vitest';
import { judgeSdkUrl, maskSdkUrl } from '../../checks/sdk-url.js';
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedEnvironment } from '../../src/config/types.js';
import { fingerprint } from '../../src/engine/secret.js';
import { ALL_SECRETS, effective, expectWellFormed, PROD, problems, production, STAGING, staging, unset } from './offline-fixtures.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.sso-token-of-a-real-user';

/** An SDK URL as an app would build it. */
function sdkUrl(params: Record<string, string>, base = 'https://sdk.myhubble.money/'): string {
  return `${base}?${new URLSearchParams(params)}`;
}

type Row = [name: string, env: ResolvedEnvironment, others: ResolvedEnvironment[], given: string | undefined, expected: [status: string, message: RegExp][]];

describe('judgeSdkUrl: the URL built from the config', () => {
  it.each<Row>([
    ['production with its own credentials passes', production(), [staging()], undefined, []],
    [
      'a staging SDK host on production fails',
      production({ sdkBaseUrl: 'https://sdk.dev.myhubble.money' }),
      [],
      undefined,
      [['fail', /^the SDK URL host sdk\.dev\.myhubble\.money is Hubble's staging SDK host; production must use/]],
    ],
    ['a production SDK host on staging warns', staging({ sdkBaseUrl: 'https://sdk.myhubble.money' }), [], undefined, [['warn', /production SDK host, on a staging environment/]]],
    ['a non-Hubble SDK host fails', production({ sdkBaseUrl: 'https://sdk.acme-shop.com' }), [], undefined, [['fail', /is not a Hubble host/]]],
    ['plain http fails', production({ sdkBaseUrl: 'http://sdk.myhubble.money' }), [], undefined, [['fail', /^the SDK URL http:\/\/sdk\.myhubble\.money\/\?clientId=.* is plain http/]]],
    ['a missing clientId fails', production({ clientId: undefined }), [], undefined, [['fail', /the SDK URL would carry no clientId/]]],
    ['a missing appSecret fails', production({ appSecret: undefined }), [], undefined, [['fail', /the SDK URL would carry no appSecret/]]],
    [
      "staging's clientId fails",
      production({ clientId: STAGING.clientId }),
      [staging()],
      undefined,
      [['fail', /the SDK URL would carry clientId "acme-stg-11b0e9", which is also staging's clientId; production needs its own/]],
    ],
    [
      "staging's appSecret fails",
      production({ appSecret: STAGING.appSecret }),
      [staging()],
      undefined,
      [['fail', new RegExp(`the SDK URL would carry staging's appSecret \\(sha256:${fingerprint(STAGING.appSecret)}\\)`)]],
    ],
    ["seen from staging, production's appSecret fails too", staging({ appSecret: PROD.appSecret }), [production()], undefined, [['fail', /would carry production's appSecret/]]],
  ])('%s', (_name, env, others, given, expected) => {
    const findings = judgeSdkUrl(env, others, given);
    expectWellFormed(findings);
    expect(problems(findings).map((f) => [effective(f, env.tier), f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });

  it('shows the built URL with appSecret masked to its last 4 characters', () => {
    const [only] = judgeSdkUrl(production(), [staging()]);
    expect(only!.status).toBe('pass');
    expect(only!.target).toBe(`https://sdk.myhubble.money/?clientId=${PROD.clientId}&appSecret=****${PROD.appSecret.slice(-4)}`);
    expect(only!.message).toContain(`production's own clientId and appSecret (sha256:${fingerprint(PROD.appSecret)})`);
  });

  it('skips when sdkBaseUrl comes from an unset variable', () => {
    const env = production({ sdkBaseUrl: undefined, sources: { sdkBaseUrl: unset(3, 'HUBBLE_SDK_URL') } });
    expect(judgeSdkUrl(env, [])).toEqual([expect.objectContaining({ status: 'skip', message: expect.stringContaining('${HUBBLE_SDK_URL}') })]);
  });
});

describe('judgeSdkUrl: a URL copied from the app (--sdk-url)', () => {
  const good = { clientId: PROD.clientId, appSecret: PROD.appSecret, token: TOKEN };
  const onlyGiven = (env: ResolvedEnvironment, others: ResolvedEnvironment[], given: string) =>
    judgeSdkUrl(env, others, given).filter((f) => f.message.includes('--sdk-url'));

  it.each<Row>([
    ["production's own URL passes", production(), [staging()], sdkUrl(good), []],
    ['the documented vouchers host passes', production(), [], sdkUrl(good, 'https://vouchers.myhubble.money/sdk/gc/'), []],
    ['plain http fails', production(), [], sdkUrl(good, 'http://sdk.myhubble.money/'), [['fail', /^the --sdk-url URL http:\/\/sdk\.myhubble\.money\/\?.* is plain http/]]],
    ['a staging host on production fails', production(), [], sdkUrl(good, 'https://sdk.dev.myhubble.money/'), [['fail', /the --sdk-url host sdk\.dev\.myhubble\.money is Hubble's staging SDK host/]]],
    ['a look-alike host fails', production(), [], sdkUrl(good, 'https://sdk.myhubbel.money/'), [['fail', /NOT Hubble's domain/]]],
    ['a missing clientId fails', production(), [], sdkUrl({ appSecret: PROD.appSecret }), [['fail', /the --sdk-url URL has no clientId parameter/]]],
    [
      "staging's clientId fails, naming staging",
      production(),
      [staging()],
      sdkUrl({ ...good, clientId: STAGING.clientId }),
      [['fail', /^clientId "acme-stg-11b0e9" in --sdk-url is staging's clientId; production's is "acme-prod-7f3a2c"$/]],
    ],
    ['an unknown clientId fails', production(), [staging()], sdkUrl({ ...good, clientId: 'acme-old-000' }), [['fail', /clientId "acme-old-000" in --sdk-url is not production's clientId "acme-prod-7f3a2c"/]]],
    ['a missing appSecret fails', production(), [], sdkUrl({ clientId: PROD.clientId, token: TOKEN }), [['fail', /the --sdk-url URL has no appSecret parameter/]]],
    [
      'the legacy clientSecret parameter warns',
      production(),
      [],
      sdkUrl({ clientId: PROD.clientId, clientSecret: PROD.appSecret }),
      [['warn', /passes the app secret as the legacy clientSecret parameter/]],
    ],
    [
      "staging's appSecret fails, naming staging",
      production(),
      [staging()],
      sdkUrl({ ...good, appSecret: STAGING.appSecret }),
      [['fail', new RegExp(`^appSecret in --sdk-url \\(sha256:${fingerprint(STAGING.appSecret)}\\) is staging's appSecret, not production's \\(sha256:${fingerprint(PROD.appSecret)}\\)$`)]],
    ],
    ['an unknown appSecret fails', production(), [staging()], sdkUrl({ ...good, appSecret: 'zZ9yY8xX7wW6vV5uU4tT3sS2' }), [['fail', /appSecret in --sdk-url \(sha256:[0-9a-f]{8}\) is not production's appSecret/]]],
    [
      'an appSecret whose "+" was not URL-encoded fails with the reason',
      production({ appSecret: 'aB3+dE6/gH9+jK2=mN5pQ8rS' }),
      [],
      `https://sdk.myhubble.money/?clientId=${PROD.clientId}&appSecret=aB3+dE6/gH9+jK2=mN5pQ8rS`,
      [['fail', /only if its "\+" characters are read literally: the app does not URL-encode appSecret/]],
    ],
    ['a value that is not a URL fails', production(), [], 'sdk.myhubble.money/?appSecret=abc', [['fail', /^the --sdk-url value is not an http\(s\) URL$/]]],
  ])('%s', (_name, env, others, given, expected) => {
    const findings = onlyGiven(env, others, given!);
    expectWellFormed(judgeSdkUrl(env, others, given), [...ALL_SECRETS, TOKEN, 'zZ9yY8xX7wW6vV5uU4tT3sS2', 'aB3+dE6/gH9+jK2=mN5pQ8rS', 'aB3 dE6/gH9 jK2=mN5pQ8rS']);
    expect(problems(findings).map((f) => [effective(f, env.tier), f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });

  it('shows the copied URL with appSecret masked and the token hidden, and says a token was present', () => {
    const [pass] = onlyGiven(production(), [staging()], sdkUrl(good));
    expect(pass!.status).toBe('pass');
    expect(pass!.target).toBe(`https://sdk.myhubble.money/?clientId=${PROD.clientId}&appSecret=****${PROD.appSecret.slice(-4)}&token=****`);
    expect(pass!.message).toContain('a token is present (not shown)');
    expect(pass!.evidence).toMatchObject({ appSecretSha256: fingerprint(PROD.appSecret), tokenPresent: true, secretParam: 'appSecret' });
  });

  it('never shows an appSecret copied from the app, even one the config does not know', () => {
    const foreign = 'fR8eE7dD6cC5bB4aA3zZ2yY1';
    const findings = judgeSdkUrl(production(), [], sdkUrl({ ...good, appSecret: foreign }));
    expectWellFormed(findings, [foreign, TOKEN]);
  });
});

describe('maskSdkUrl', () => {
  it.each([
    ['https://sdk.myhubble.money/?clientId=a&appSecret=short', 'https://sdk.myhubble.money/?clientId=a&appSecret=****'],
    ['https://u:p@sdk.myhubble.money/?clientSecret=0123456789abcdefWXYZ#appSecret=x', 'https://sdk.myhubble.money/?clientSecret=****WXYZ'],
    ['https://sdk.myhubble.money/?authToken=abcdefghijklmnopqrstuvwxyz', 'https://sdk.myhubble.money/?authToken=****'],
  ])('%s -> %s', (raw, masked) => {
    expect(maskSdkUrl(raw)).toBe(masked);
  });
});

describe('sdk.url through parseConfig', () => {
  it('catches a production app built with the staging flavour', () => {
    const yaml = `version: 1
environments:
  staging:
    clientId: \${STG_CLIENT}
    appSecret: \${STG_APP}
  production:
    clientId: \${PROD_CLIENT}
    appSecret: \${PROD_APP}
`;
    const config = parseConfig(yaml, 'hubble.config.yaml', {
      env: { STG_CLIENT: STAGING.clientId, STG_APP: STAGING.appSecret, PROD_CLIENT: PROD.clientId, PROD_APP: PROD.appSecret },
    });
    const copied = sdkUrl({ clientId: STAGING.clientId, appSecret: STAGING.appSecret, token: TOKEN }, 'https://sdk.dev.myhubble.money/');
    const findings = judgeSdkUrl(config.environments.production!, [config.environments.staging!], copied);
    expect(findings[0]!.status).toBe('pass'); // the config itself is right
    expect(problems(findings).map((f) => f.message.split(';')[0])).toEqual([
      "the --sdk-url host sdk.dev.myhubble.money is Hubble's staging SDK host",
      `clientId "${STAGING.clientId}" in --sdk-url is staging's clientId`,
      expect.stringMatching(/^appSecret in --sdk-url \(sha256:[0-9a-f]{8}\) is staging's appSecret/),
    ]);
    expectWellFormed(findings, [...ALL_SECRETS, TOKEN]);
  });
});
