import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check, { judgeProtocols } from '../../checks/tls-protocol.js';
import type { Finding } from '../../src/engine/check.js';
import type { HandshakeOutcome, TlsOriginProbe, TlsVersion } from '../../src/net/tls.js';
import { testCa } from '../helpers/certs.js';
import { checkContext, netConfig, netSettings, runNetworkChecks } from '../helpers/net-context.js';
import { closeAll, startHttp, startHttps, startTcpSilent, type TestServer } from '../helpers/servers.js';

const ok = (protocol: string): HandshakeOutcome => ({ outcome: 'accepted', protocol, cipher: 'TLS_AES_256_GCM_SHA384', ms: 3 });
const no: HandshakeOutcome = { outcome: 'refused', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'alert', ms: 2 };
const hung: HandshakeOutcome = { outcome: 'timeout', stage: 'tls', ms: 1000 };
const down: HandshakeOutcome = { outcome: 'unreachable', stage: 'connect', code: 'ECONNREFUSED', message: 'refused', ms: 1 };
const cant: HandshakeOutcome = { outcome: 'error', code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', message: 'no protocols available', ms: 0 };

function probe(v: Partial<Record<TlsVersion, HandshakeOutcome>>, negotiated?: HandshakeOutcome): TlsOriginProbe {
  const versions = { 'TLSv1': no, 'TLSv1.1': no, 'TLSv1.2': no, 'TLSv1.3': no, ...v };
  return {
    origin: 'https://api.acme-rewards.com',
    host: 'api.acme-rewards.com',
    port: 443,
    versions,
    negotiated: negotiated ?? (versions['TLSv1.3'].outcome === 'accepted' ? ok('TLSv1.3') : versions['TLSv1.2'].outcome === 'accepted' ? ok('TLSv1.2') : no),
    ms: 5,
  };
}
const statuses = (fs: Finding[]) => fs.map((f) => `${f.status}${f.relaxOnStaging ? '~' : ''}`);

describe('judgeProtocols (SPEC rules, one row each)', () => {
  it.each<[string, TlsOriginProbe, string[], RegExp]>([
    ['TLS 1.2 + 1.3 only: pass', probe({ 'TLSv1.2': ok('TLSv1.2'), 'TLSv1.3': ok('TLSv1.3') }), ['pass'], /api\.acme-rewards\.com:443 negotiates TLS 1\.3 \(TLS_AES_256_GCM_SHA384\) and refuses TLS 1\.0 and TLS 1\.1/],
    ['TLS 1.2 only: pass', probe({ 'TLSv1.2': ok('TLSv1.2') }), ['pass'], /negotiates TLS 1\.2/],
    ['TLS 1.0-1.3: fail, relaxed on staging', probe({ 'TLSv1': ok('TLSv1'), 'TLSv1.1': ok('TLSv1.1'), 'TLSv1.2': ok('TLSv1.2'), 'TLSv1.3': ok('TLSv1.3') }), ['fail~'], /^TLS 1\.0 and TLS 1\.1 accepted by api\.acme-rewards\.com:443; Hubble requires TLS 1\.2 or higher$/],
    ['TLS 1.1 accepted alone among legacy: fail', probe({ 'TLSv1.1': ok('TLSv1.1'), 'TLSv1.2': ok('TLSv1.2') }), ['fail~'], /^TLS 1\.1 accepted/],
    ['TLS 1.1 only: no TLS 1.2/1.3 (fail, never relaxed) and legacy (fail, relaxed)', probe({ 'TLSv1.1': ok('TLSv1.1') }), ['fail', 'fail~'], /negotiates neither TLS 1\.2 nor TLS 1\.3 \(accepts only TLS 1\.1\)/],
    ['nothing accepted: fail', probe({}), ['fail'], /negotiates neither TLS 1\.2 nor TLS 1\.3 \(no version accepted\)/],
    ['unreachable: fail, said so', probe({ 'TLSv1': down, 'TLSv1.1': down, 'TLSv1.2': down, 'TLSv1.3': down }, down), ['fail'], /no TLS handshake with api\.acme-rewards\.com:443 completed: unreachable: TCP connect failed \(ECONNREFUSED\)/],
    ['silent: fail, said so', probe({ 'TLSv1': hung, 'TLSv1.1': hung, 'TLSv1.2': hung, 'TLSv1.3': hung }, hung), ['fail'], /no TLS handshake .* completed: no TLS answer within 1000 ms/],
    ['legacy probe unanswered while modern works: warn, not pass', probe({ 'TLSv1': hung, 'TLSv1.2': ok('TLSv1.2'), 'TLSv1.3': ok('TLSv1.3') }), ['warn'], /could not confirm that api\.acme-rewards\.com:443 refuses TLS 1\.0/],
    ['a version this machine cannot offer: error, not a false refusal', probe({ 'TLSv1': cant, 'TLSv1.2': ok('TLSv1.2') }), ['error'], /could not test TLS 1\.0/],
  ])('%s', (_name, p, expected, message) => {
    const findings = judgeProtocols([p], []);
    expect(statuses(findings)).toEqual(expected);
    expect(findings.map((f) => f.message).join('\n')).toMatch(message);
    for (const f of findings) expect(f.target).toBe('https://api.acme-rewards.com');
  });

  it('fails a plain http origin', () => {
    const [f] = judgeProtocols([], ['http://api.acme-rewards.com']);
    expect(f).toMatchObject({ status: 'fail', target: 'http://api.acme-rewards.com', message: 'http://api.acme-rewards.com is plain http; Hubble requires https with TLS 1.2 or higher' });
    expect(f!.relaxOnStaging).toBeUndefined();
  });

  it('gives accepted and refused versions, the negotiated cipher and each probe as evidence', () => {
    const [f] = judgeProtocols([probe({ 'TLSv1.2': ok('TLSv1.2'), 'TLSv1.3': ok('TLSv1.3') })], []);
    expect(f!.evidence).toMatchObject({
      accepted: ['TLS 1.2', 'TLS 1.3'],
      refused: ['TLS 1.0', 'TLS 1.1'],
      negotiated: { protocol: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
      probes: { 'TLS 1.0': 'refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION) in 2 ms' },
    });
  });
});

describe('tls.protocol against loopback servers', () => {
  const TIMEOUT = 800;
  const s: Record<string, TestServer> = {};
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
    Object.assign(s, {
      modern: await startHttps({ host: 'modern.acme-rewards.com', tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' } }),
      legacy: await startHttps({ host: 'legacy.acme-rewards.com', tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.3' } }),
      tls11: await startHttps({ host: 'tls11.acme-rewards.com', tls: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' } }),
      silent: await startTcpSilent({ host: 'silent.acme-rewards.com' }),
      plain: await startHttp({ host: 'plain.acme-rewards.com' }),
    });
  });
  afterAll(() => closeAll(Object.values(s)));

  const run = async (integration: TestServer, webhook?: TestServer, tier: 'production' | 'staging' = 'production') => {
    const { config, envName } = netConfig({ tier, integrationBaseUrl: integration.url('/hubble'), webhookUrl: webhook?.url('/hook') });
    const net = netSettings({ timeoutMs: TIMEOUT, rules: [integration.rule, ...(webhook ? [webhook.rule] : [])], caPem });
    return runNetworkChecks({ checks: [check], config, envName, net });
  };

  it.each<[string, string, RegExp]>([
    ['modern', 'pass', /negotiates TLS 1\.3 .* and refuses TLS 1\.0 and TLS 1\.1/],
    ['legacy', 'fail', /TLS 1\.0 and TLS 1\.1 accepted by legacy\.acme-rewards\.com:\d+/],
    ['tls11', 'fail', /negotiates neither TLS 1\.2 nor TLS 1\.3 \(accepts only TLS 1\.1\)/],
    ['silent', 'fail', /no TLS handshake with silent\.acme-rewards\.com:\d+ completed/],
  ])('%s server -> %s on production', async (name, status, message) => {
    const { byId, wallMs } = await run(s[name]!);
    const r = byId['tls.protocol']!;
    expect(r.status).toBe(status);
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(message);
    expect(wallMs).toBeLessThan(TIMEOUT + 1000);
  });

  it('TLS 1.0/1.1 accepted only warns on staging; a server without TLS 1.2 still fails there', async () => {
    expect((await run(s.legacy!, undefined, 'staging')).byId['tls.protocol']!.status).toBe('warn');
    const tls11 = (await run(s.tls11!, undefined, 'staging')).byId['tls.protocol']!;
    expect(tls11.findings.map((f) => f.status)).toEqual(['fail', 'warn']);
  });

  it('probes each distinct origin once and fails a plain-http webhook origin', async () => {
    const before = s.modern!.connections();
    const { byId } = await run(s.modern!, s.plain!);
    const r = byId['tls.protocol']!;
    expect(r.findings.map((f) => [f.status, f.target])).toEqual([
      ['fail', s.plain!.origin],
      ['pass', s.modern!.origin],
    ]);
    expect(s.modern!.connections() - before).toBe(5); // four versions + the default handshake
    expect(s.plain!.connections()).toBe(0);
  });

  it('is skipped without partner URLs', () => {
    const { config, envName } = netConfig({});
    expect(check.skipReason!(checkContext(config, envName, netSettings({ timeoutMs: TIMEOUT, rules: [] })))).toMatch(/neither integrationBaseUrl nor webhookUrl/);
  });
});
