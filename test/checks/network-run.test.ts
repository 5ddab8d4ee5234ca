// The network checks through the real engine, all at once, against hostile loopback servers:
// SPEC section 5 bounds (a check within timeout + 1 s, a run within 2 x timeout + 2 s) and the
// secret rules (never over plain http, never to a redirect target).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import networkReachability from '../../checks/network-reachability.js';
import sdkReachable from '../../checks/sdk-reachable.js';
import tlsCertificate from '../../checks/tls-certificate.js';
import tlsProtocol from '../../checks/tls-protocol.js';
import { testCa } from '../helpers/certs.js';
import { netConfig, netSettings, runNetworkChecks, TEST_SECRETS } from '../helpers/net-context.js';
import {
  answer,
  closeAll,
  drip,
  hugeBody,
  resetMidResponse,
  startHttp,
  startHttps,
  startPartnerServer,
  startTcpSilent,
  startTlsSilent,
  type TestServer,
} from '../helpers/servers.js';

const NETWORK = [sdkReachable, networkReachability, tlsProtocol, tlsCertificate];
const TIMEOUT = 700;
const noSecretIn = (text: string) => {
  for (const v of Object.values(TEST_SECRETS)) expect(text).not.toContain(v);
};

describe('network checks in one run', () => {
  const s: Record<string, TestServer> = {};
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
    const made = await Promise.all(
      Object.entries({
        tcpSilent: startTcpSilent({ host: 'tcp-silent.acme-rewards.com' }),
        tlsSilent: startTlsSilent({ host: 'tls-silent.acme-rewards.com' }),
        drip: startHttps({ host: 'drip.acme-rewards.com', handler: drip(50) }),
        reset: startHttps({ host: 'reset.acme-rewards.com', handler: resetMidResponse() }),
        huge: startHttps({ host: 'huge.acme-rewards.com', handler: hugeBody() }),
        legacy: startHttps({ host: 'legacy.acme-rewards.com', tls: { minVersion: 'TLSv1' } }),
        sdk: startHttps({ host: 'sdk.myhubble.money', handler: answer(200) }),
        api: startHttps({ host: 'api.myhubble.money', handler: answer(404) }),
        other: startHttps({ host: 'login.elsewhere-idp.com', handler: answer(200) }),
        plain: startHttp({ host: 'plain.acme-rewards.com' }),
      }).map(async ([k, v]) => [k, await v] as const),
    );
    Object.assign(s, Object.fromEntries(made));
    s.redirect = await startHttps({ host: 'redirect.acme-rewards.com', handler: answer(302, { location: s.other!.url('/landing') }) });
  });
  afterAll(() => closeAll(Object.values(s)));

  const rules = () => Object.values(s).map((x) => x.rule);

  it.concurrent.each([
    ['tcpSilent', 'tlsSilent', 'drip', 'reset'],
    ['drip', 'huge', 'tcpSilent', 'tlsSilent'],
    ['reset', 'tcpSilent', 'huge', 'drip'],
  ])('hostile servers (integration %s, webhook %s, sdk %s, api %s): each check within timeout + 1 s, the run within 2 x timeout + 2 s', async (integration, webhook, sdk, api) => {
    const { config, envName } = netConfig({
      integrationBaseUrl: s[integration]!.url('/hubble'),
      webhookUrl: s[webhook]!.url('/hook'),
      sdkBaseUrl: s[sdk]!.url(),
      apiBaseUrl: s[api]!.url(),
    });
    const { results, wallMs } = await runNetworkChecks({ checks: NETWORK, config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: rules(), caPem }) });
    for (const r of results) {
      expect(r.durationMs, r.id).toBeLessThanOrEqual(TIMEOUT + 1000);
      expect(r.status, `${r.id}: ${r.findings.map((f) => f.message).join('; ')}`).not.toBe('error');
    }
    expect(wallMs).toBeLessThanOrEqual(2 * TIMEOUT + 2000);
    // A silent, dripping or resetting server is never a pass for reachability.
    expect(results.find((r) => r.id === 'network.reachability')!.status).toBe('fail');
  });

  it('a well-behaved partner and Hubble stand-ins: everything passes, and the run takes about one probe', async () => {
    const partner = await startPartnerServer({ host: 'api.good-partner.com' });
    try {
      const { config, envName } = netConfig({ integrationBaseUrl: partner.integrationBaseUrl, webhookUrl: partner.webhookUrl, sdkBaseUrl: s.sdk!.url(), apiBaseUrl: s.api!.url() });
      const { results, wallMs } = await runNetworkChecks({ checks: NETWORK, config, envName, net: netSettings({ timeoutMs: 5000, rules: [...rules(), partner.rule], caPem }) });
      expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(['sdk.reachable:pass', 'network.reachability:pass', 'tls.protocol:pass', 'tls.certificate:pass']);
      expect(wallMs).toBeLessThan(1500);
      expect(partner.sawHeader('x-hubble-secret')).toBe(false);
    } finally {
      await partner.close();
    }
  });

  it('legacy TLS fails production and only warns on staging (policy applied after the run)', async () => {
    const run = (tier: 'production' | 'staging') => {
      const { config, envName } = netConfig({ tier, integrationBaseUrl: s.legacy!.url('/hubble') });
      return runNetworkChecks({ checks: [tlsProtocol], config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: rules(), caPem }) });
    };
    expect((await run('production')).byId['tls.protocol']!.status).toBe('fail');
    expect((await run('staging')).byId['tls.protocol']!.status).toBe('warn');
  });

  it('plain http in a production config: every built-in check runs and the server never receives a secret or a signature', async () => {
    const { config, envName } = netConfig({ integrationBaseUrl: s.plain!.url('/hubble'), webhookUrl: s.plain!.url('/hubble/webhook') });
    const { byId, results } = await runNetworkChecks({ checks: builtinChecks, config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: rules(), caPem }) });
    expect(s.plain!.sawHeader('x-hubble-secret')).toBe(false);
    expect(s.plain!.sawHeader('x-verify')).toBe(false);
    expect(byId['tls.protocol']!.status).toBe('fail');
    expect(byId['tls.protocol']!.findings[0]!.message).toMatch(/is plain http/);
    noSecretIn(JSON.stringify(results));
  });

  it('a 302 to another host: no built-in check makes the other host receive X-Hubble-Secret', async () => {
    const before = s.other!.requests.length;
    const { config, envName } = netConfig({ integrationBaseUrl: s.redirect!.url('/hubble'), webhookUrl: s.redirect!.url('/hubble/webhook') });
    const { byId, results } = await runNetworkChecks({ checks: builtinChecks, config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: rules(), caPem }) });
    expect(s.other!.requests.length).toBe(before);
    expect(s.other!.sawHeader('x-hubble-secret')).toBe(false);
    const reach = byId['network.reachability']!;
    expect(reach.status).toBe('warn');
    expect(reach.findings[0]!.evidence).toMatchObject({ status: 302, location: s.other!.url('/landing') });
    noSecretIn(JSON.stringify(results));
  });
});
