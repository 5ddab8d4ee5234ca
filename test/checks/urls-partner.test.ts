import { describe, expect, it } from 'vitest';
import { judgePartnerUrls } from '../../checks/urls-partner.js';
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedEnvironment } from '../../src/config/types.js';
import { effective, expectWellFormed, problems, production, staging, unset } from './offline-fixtures.js';

type Row = [name: string, env: ResolvedEnvironment, others: ResolvedEnvironment[], expected: [status: string, message: RegExp][]];
const base = (url: string) => ({ integrationBaseUrl: url, webhookUrl: undefined });

describe('judgePartnerUrls: one row per SPEC rule', () => {
  it.each<Row>([
    ['public https URLs pass', production(), [staging()], []],
    ['http fails', production(base('http://api.acme-shop.com/hubble')), [], [['fail', /^integrationBaseUrl http:\/\/api\.acme-shop\.com\/hubble uses http; Hubble requires https with TLS 1\.2 or higher$/]]],
    ['localhost fails', production(base('https://localhost:8443/hubble')), [], [['fail', /host localhost is localhost: Hubble's servers would be calling themselves/]]],
    ['an IPv4 loopback literal fails', production(base('https://127.0.0.1/hubble')), [], [['fail', /host 127\.0\.0\.1 is an IP address, a loopback address/]]],
    ['an IPv6 loopback literal fails', production(base('https://[::1]:8443/hubble')), [], [['fail', /host ::1 is an IP address, a loopback address/]]],
    ['a private address fails', production(base('https://10.20.30.40/hubble')), [], [['fail', /a private network address; Hubble's servers cannot reach it/]]],
    ['a link-local IPv6 address fails', production(base('https://[fe80::1]/hubble')), [], [['fail', /a link-local address/]]],
    ['even a public IP literal fails', production(base('https://52.12.34.56/hubble')), [], [['fail', /is an IP address, a public address; register a DNS name instead/]]],
    ['a .localhost name fails', production(base('https://api.localhost/hubble')), [], [['fail', /is localhost/]]],
    ['a .local name fails', production(base('https://backend.local/hubble')), [], [['fail', /ends in \.local, multicast DNS/]]],
    ['an .internal name fails', production(base('https://api.corp.internal/hubble')), [], [['fail', /ends in \.internal/]]],
    ['a .test name fails', production(base('https://api.shop.test/hubble')), [], [['fail', /ends in \.test/]]],
    ['an .example name fails', production(base('https://api.shop.example/hubble')), [], [['fail', /ends in \.example/]]],
    ['an .invalid name fails', production(base('https://api.shop.invalid/hubble')), [], [['fail', /ends in \.invalid/]]],
    ['a single-label name fails', production(base('https://backend/hubble')), [], [['fail', /host backend is a single label/]]],
    ['the documentation example host fails', production(base('https://api.yourapp.com/hubble')), [], [['fail', /under yourapp\.com, a documentation example/]]],
    [
      'user:password in the URL fails without showing the password',
      production({ webhookUrl: 'https://hubble:hunter2-pw@api.acme-shop.com/hubble/webhook' }),
      [],
      [['fail', /^webhookUrl https:\/\/\*\*\*@api\.acme-shop\.com\/hubble\/webhook contains a user name and password/]],
    ],
    [
      'the same URL as staging fails',
      production(),
      [staging({ integrationBaseUrl: 'https://API.acme-shop.com/hubble/' })],
      [['fail', /^production integrationBaseUrl https:\/\/api\.acme-shop\.com\/hubble is identical to staging's/]],
    ],
    [
      'a staging-looking label on production warns',
      production({ webhookUrl: 'https://staging-api.acme-shop.com/hubble/webhook' }),
      [],
      [['warn', /webhookUrl .* contains the staging-looking word "staging"; production should point at the production backend/]],
    ],
    ['a sandbox label warns', production(base('https://sandbox.acme-shop.com/hubble')), [], [['warn', /"sandbox"/]]],
    [
      'integrationBaseUrl is required with sso: classic',
      production({ integrationBaseUrl: undefined, coins: false }),
      [],
      [['fail', /^integrationBaseUrl is not set; it is required because Hubble calls \/sso under it \(sso: classic, coins: false\)$/]],
    ],
    ['integrationBaseUrl is required with coins', production({ integrationBaseUrl: undefined, sso: 'jwt' }), [], [['fail', /Hubble calls \/balance, \/debit, \/reverse under it/]]],
    ['integrationBaseUrl is not required with sso: jwt and no coins', production({ integrationBaseUrl: undefined, sso: 'jwt', coins: false }), [], []],
    ['webhookUrl is optional', production({ webhookUrl: undefined }), [], []],
    ['on staging, http only warns', staging(base('http://staging-api.acme-shop.com/hubble')), [], [['warn', /uses http/]]],
    ['on staging, localhost only warns', staging(base('https://localhost:8443/hubble')), [], [['warn', /is localhost/]]],
    ['on staging, staging labels are expected', staging(), [production()], []],
    ['on staging, the same URL as production warns', staging(base('https://api.acme-shop.com/hubble')), [production()], [['warn', /staging integrationBaseUrl .* is identical to production's/]]],
    ['on staging, a missing required URL still fails', staging({ integrationBaseUrl: undefined }), [], [['fail', /integrationBaseUrl is not set/]]],
  ])('%s', (_name, env, others, expected) => {
    const findings = judgePartnerUrls(env, others);
    expectWellFormed(findings, ['hunter2-pw']);
    expect(problems(findings).map((f) => [effective(f, env.tier), f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });

  it('skips a URL whose ${VAR} is unset, leaving it to credentials.present', () => {
    const env = production({ integrationBaseUrl: undefined, sources: { integrationBaseUrl: unset(9, 'HUBBLE_BASE_URL') } });
    const [first] = judgePartnerUrls(env, []);
    expect(first).toMatchObject({ status: 'skip', message: expect.stringContaining('${HUBBLE_BASE_URL} is not set') });
  });

  it('passes with what it compared against', () => {
    const [integration] = judgePartnerUrls(production(), [staging()]);
    expect(integration).toMatchObject({ status: 'pass', message: 'integrationBaseUrl https://api.acme-shop.com/hubble is https on a public host name, different from staging' });
  });

  it('marks production-only rules relaxOnStaging, and a missing required URL not', () => {
    const [http] = judgePartnerUrls(production(base('http://api.acme-shop.com/hubble')), []);
    const [missing] = judgePartnerUrls(production({ integrationBaseUrl: undefined }), []);
    expect(http!.relaxOnStaging).toBe(true);
    expect(missing!.relaxOnStaging).toBeUndefined();
  });
});

describe('urls.partner through parseConfig', () => {
  it('judges a production block copied from staging', () => {
    const yaml = `version: 1
environments:
  staging:
    integrationBaseUrl: https://staging-api.acme-shop.com/hubble
    webhookUrl: https://staging-api.acme-shop.com/hubble/webhook
  production:
    integrationBaseUrl: https://staging-api.acme-shop.com/hubble
    webhookUrl: http://192.168.1.10:3000/hubble/webhook
`;
    const config = parseConfig(yaml, 'hubble.config.yaml', { env: {} });
    const findings = judgePartnerUrls(config.environments.production!, [config.environments.staging!]);
    expect(problems(findings).map((f) => [f.status, f.target, f.message.split(';')[0]])).toEqual([
      ['warn', 'environments.production.integrationBaseUrl', 'integrationBaseUrl https://staging-api.acme-shop.com/hubble contains the staging-looking word "staging"'],
      ['fail', 'environments.production.integrationBaseUrl', "production integrationBaseUrl https://staging-api.acme-shop.com/hubble is identical to staging's"],
      ['fail', 'environments.production.webhookUrl', 'webhookUrl http://192.168.1.10:3000/hubble/webhook uses http'],
      ['fail', 'environments.production.webhookUrl', 'webhookUrl host 192.168.1.10 is an IP address, a private network address'],
    ]);
  });
});
