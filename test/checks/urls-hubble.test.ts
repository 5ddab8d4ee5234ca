import { describe, expect, it } from 'vitest';
import { judgeHubbleUrls } from '../../checks/urls-hubble.js';
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedEnvironment } from '../../src/config/types.js';
import { effective, expectWellFormed, problems, production, staging, unset } from './offline-fixtures.js';

type Row = [name: string, env: ResolvedEnvironment, expected: [status: string, message: RegExp][]];

describe('judgeHubbleUrls: one row per SPEC rule', () => {
  it.each<Row>([
    ["production on Hubble's production hosts passes", production(), []],
    ["staging on Hubble's staging hosts passes", staging(), []],
    [
      'production on the staging SDK host fails',
      production({ sdkBaseUrl: 'https://sdk.dev.myhubble.money' }),
      [['fail', /^sdkBaseUrl host sdk\.dev\.myhubble\.money is Hubble's staging SDK host; production must use sdk\.myhubble\.money or vouchers\.myhubble\.money$/]],
    ],
    ['production on the staging API host fails', production({ apiBaseUrl: 'https://api.dev.myhubble.money' }), [['fail', /apiBaseUrl host api\.dev\.myhubble\.money is Hubble's staging API host/]]],
    ['production on the staging vouchers host fails', production({ sdkBaseUrl: 'https://vouchers.dev.myhubble.money/sdk/gc/' }), [['fail', /staging SDK host/]]],
    ['production on any other *.dev.myhubble.money host fails', production({ apiBaseUrl: 'https://gateway.dev.myhubble.money' }), [['fail', /is a Hubble staging \(\*\.dev\.myhubble\.money\) host/]]],
    ['a look-alike host fails loudly', production({ sdkBaseUrl: 'https://sdk.myhub6le.money' }), [['fail', /looks like Hubble's myhubble\.money but is NOT Hubble's domain/]]],
    ['Hubble\'s name inside another domain is a look-alike', production({ sdkBaseUrl: 'https://sdk.myhubble.money.cdn-eu.com' }), [['fail', /NOT Hubble's domain/]]],
    ['a look-alike fails on staging too', staging({ apiBaseUrl: 'https://api.dev.myhubble.co' }), [['fail', /NOT Hubble's domain/]]],
    ['a non-Hubble host fails on production', production({ apiBaseUrl: 'https://hubble-proxy.acme-shop.com' }), [['fail', /apiBaseUrl host hubble-proxy\.acme-shop\.com is not a Hubble host; expected api\.myhubble\.money/]]],
    ['a non-Hubble host only warns on staging (a local mock of Hubble)', staging({ apiBaseUrl: 'https://hubble-mock.acme-shop.com' }), [['warn', /is not a Hubble host/]]],
    ['plain http fails', production({ sdkBaseUrl: 'http://sdk.myhubble.money' }), [['fail', /^sdkBaseUrl http:\/\/sdk\.myhubble\.money uses http; Hubble's hosts are served over https only/]]],
    ['plain http fails on staging too', staging({ apiBaseUrl: 'http://api.dev.myhubble.money' }), [['fail', /uses http/]]],
    ['staging pointing at production hosts warns', staging({ sdkBaseUrl: 'https://sdk.myhubble.money' }), [['warn', /is Hubble's production SDK host, on a staging environment; expected sdk\.dev\.myhubble\.money/]]],
    ['the SDK base on the API host fails', production({ sdkBaseUrl: 'https://api.myhubble.money' }), [['fail', /sdkBaseUrl host api\.myhubble\.money is Hubble's production API host; expected the SDK host/]]],
    ['an undocumented myhubble.money host warns', production({ sdkBaseUrl: 'https://store.myhubble.money' }), [['warn', /is under myhubble\.money but is not one of Hubble's documented production SDK hosts/]]],
    ['a non-default port fails', production({ apiBaseUrl: 'https://api.myhubble.money:8443' }), [['fail', /names port 8443/]]],
    [
      'a production-looking name inferred as staging warns',
      staging({ name: 'eu-production', tierInferred: true, sources: { tier: undefined } }),
      [['warn', /environment "eu-production" was given the staging tier .* contains "production"/]],
    ],
  ])('%s', (_name, env, expected) => {
    const findings = judgeHubbleUrls(env);
    expectWellFormed(findings);
    expect(problems(findings).map((f) => [effective(f, env.tier), f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });

  it('skips a URL whose ${VAR} is unset, leaving it to credentials.present', () => {
    const env = production({ sdkBaseUrl: undefined, sources: { sdkBaseUrl: unset(3, 'HUBBLE_SDK_URL') } });
    const [sdk] = judgeHubbleUrls(env);
    expect(sdk).toMatchObject({ status: 'skip', message: expect.stringContaining('${HUBBLE_SDK_URL} is not set') });
  });

  it('says when a value was not in the file and the tier default was used', () => {
    const env = production({ sources: { sdkBaseUrl: undefined, apiBaseUrl: undefined } });
    const [sdk, api] = judgeHubbleUrls(env);
    expect(sdk!.message).toBe(
      'sdkBaseUrl host sdk.myhubble.money is Hubble\'s production SDK host (not in the file: the default for the production tier, which was inferred from the name "production")',
    );
    expect(api!.evidence).toMatchObject({ defaulted: true, tierInferredFromName: 'production' });
  });
});

describe('urls.hubble through parseConfig', () => {
  const run = (yaml: string) => judgeHubbleUrls(parseConfig(yaml, 'hubble.config.yaml', { env: {} }).environments.production!);

  it('judges the defaults of a production environment without URLs as right, and says they were defaulted', () => {
    const findings = run('version: 1\nenvironments:\n  production:\n    clientId: acme\n');
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(findings.every((f) => f.message.includes('not in the file'))).toBe(true);
  });

  it('fails production left on the staging hosts after copying the staging block', () => {
    const findings = run('version: 1\nenvironments:\n  production:\n    sdkBaseUrl: https://sdk.dev.myhubble.money\n    apiBaseUrl: https://api.dev.myhubble.money\n');
    expect(problems(findings).map((f) => [f.status, f.target])).toEqual([
      ['fail', 'environments.production.sdkBaseUrl'],
      ['fail', 'environments.production.apiBaseUrl'],
    ]);
  });
});

describe('credentials in a Hubble URL', () => {
  it('fails user:password in sdkBaseUrl, without showing the password', () => {
    const findings = problems(judgeHubbleUrls(production({ sdkBaseUrl: 'https://user:pw-123@sdk.myhubble.money' })));
    const f = findings.find((x) => /user name or password/.test(x.message));
    expect(f).toMatchObject({ status: 'fail', message: expect.stringContaining('https://***@sdk.myhubble.money') });
    expect(f!.message + JSON.stringify(f!.evidence)).not.toContain('pw-123');
  });
});
