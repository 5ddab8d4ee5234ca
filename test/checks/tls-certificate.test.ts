import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check, { judgeCertificates } from '../../checks/tls-certificate.js';
import type { Finding } from '../../src/engine/check.js';
import type { CertificateInfo, HandshakeOutcome, TlsOriginProbe } from '../../src/net/tls.js';
import { testCa, type CertKind } from '../helpers/certs.js';
import { netConfig, netSettings, runNetworkChecks } from '../helpers/net-context.js';
import { closeAll, startHttp, startHttps, startTcpSilent, type TestServer } from '../helpers/servers.js';

const DAY = 86_400_000;
const ok: HandshakeOutcome = { outcome: 'accepted', protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', ms: 3 };

function cert(days: number, extra: Partial<CertificateInfo> = {}): CertificateInfo {
  const now = Date.now();
  return {
    from: 'default',
    subject: 'CN=api.acme-rewards.com',
    issuer: 'CN=R11, O=Let\'s Encrypt, C=US',
    names: ['DNS:api.acme-rewards.com'],
    validFrom: new Date(now - 30 * DAY).toISOString(),
    validTo: new Date(now + days * DAY).toISOString(),
    daysLeft: Math.floor(days),
    msLeft: days * DAY,
    notYetValid: false,
    selfSigned: false,
    fingerprint256: 'AA:BB',
    serialNumber: '01',
    chain: ['CN=api.acme-rewards.com', 'CN=R11, O=Let\'s Encrypt, C=US'],
    trusted: true,
    hostMatches: true,
    ...extra,
  };
}
function probe(certificate?: CertificateInfo): TlsOriginProbe {
  return {
    origin: 'https://api.acme-rewards.com',
    host: 'api.acme-rewards.com',
    port: 443,
    versions: { 'TLSv1': ok, 'TLSv1.1': ok, 'TLSv1.2': ok, 'TLSv1.3': ok },
    negotiated: certificate ? ok : { outcome: 'timeout', stage: 'tls', ms: 1000 },
    certificate,
    ms: 4,
  };
}
const statuses = (fs: Finding[]) => fs.map((f) => f.status);

describe('judgeCertificates (SPEC rules, one row each)', () => {
  it.each<[string, CertificateInfo | undefined, Finding['status'][], RegExp]>([
    ['trusted, right host, 90 days: pass', cert(90), ['pass'], /is trusted, names api\.acme-rewards\.com and is valid for 90 more days .*; issued by CN=R11/],
    ['30 days exactly: pass', cert(30.01), ['pass'], /valid for 30 more days/],
    ['29 days: warn', cert(29.5), ['warn'], /expires on \d{4}-\d\d-\d\d, in 29 days \(less than 30\)/],
    ['14 days: warn, not yet fail', cert(14.01), ['warn'], /in 14 days/],
    ['13 days: fail', cert(13.9), ['fail'], /in 13 days \(less than 14\)/],
    ['expired: fail once (not again as an untrusted chain)', cert(-3, { trusted: false, chainError: 'CERT_HAS_EXPIRED', daysLeft: -3 }), ['fail'], /expired on \d{4}-\d\d-\d\d \(3 days ago\)/],
    ['self-signed: fail', cert(90, { trusted: false, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', selfSigned: true }), ['fail'], /not trusted: the certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
    ['missing intermediate / private CA: fail', cert(90, { trusted: false, chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }), ['fail'], /an intermediate certificate is missing/],
    ['wrong host: fail, naming what it names', cert(90, { hostMatches: false, hostError: 'ERR_TLS_CERT_ALTNAME_INVALID', names: ['DNS:other.unrelated-shop.com'] }), ['fail'], /does not name api\.acme-rewards\.com: it names DNS:other\.unrelated-shop\.com/],
    ['self-signed, wrong host and expiring: three findings', cert(5, { trusted: false, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', hostMatches: false }), ['fail', 'fail', 'fail'], /self-signed[\s\S]*does not name[\s\S]*in 5 days/],
    ['not yet valid: fail', cert(90, { notYetValid: true, trusted: false, chainError: 'CERT_NOT_YET_VALID' }), ['fail'], /is not valid until/],
    ['no handshake: fail, saying why', undefined, ['fail'], /no certificate seen from api\.acme-rewards\.com:443: no TLS handshake completed \(no TLS answer within 1000 ms\)/],
  ])('%s', (_name, c, expected, message) => {
    const findings = judgeCertificates([probe(c)]);
    expect(statuses(findings)).toEqual(expected);
    expect(findings.map((f) => f.message).join('\n')).toMatch(message);
    for (const f of findings) {
      expect(f.target).toBe('https://api.acme-rewards.com');
      expect(f.relaxOnStaging).toBeUndefined();
      if (f.status !== 'pass') expect(f.fix).toBeTruthy();
    }
  });

  it('gives issuer, names, dates, days left and trust as evidence', () => {
    const [f] = judgeCertificates([probe(cert(90))]);
    expect(f!.evidence).toMatchObject({ issuer: 'CN=R11, O=Let\'s Encrypt, C=US', names: ['DNS:api.acme-rewards.com'], daysLeft: 90, trusted: true, hostMatches: true });
    expect(f!.evidence).toHaveProperty('validTo');
  });

  it('skips a plain http origin (tls.protocol fails it)', () => {
    expect(judgeCertificates([], ['http://api.acme-rewards.com'])).toMatchObject([{ status: 'skip', target: 'http://api.acme-rewards.com' }]);
  });
});

describe('tls.certificate against loopback servers', () => {
  const TIMEOUT = 800;
  const servers: TestServer[] = [];
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
  });
  afterAll(() => closeAll(servers));

  async function verdict(kind: CertKind | 'silent' | 'legacyOnly') {
    const host = `${kind.toLowerCase()}.acme-rewards.com`;
    const server =
      kind === 'silent'
        ? await startTcpSilent({ host })
        : kind === 'legacyOnly'
          ? await startHttps({ host, tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' } })
          : await startHttps({ host, cert: kind });
    servers.push(server);
    const { config, envName } = netConfig({ integrationBaseUrl: server.url('/hubble') });
    const { byId, wallMs } = await runNetworkChecks({ checks: [check], config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: [server.rule], caPem }) });
    expect(wallMs).toBeLessThan(TIMEOUT + 1000);
    return byId['tls.certificate']!;
  }

  it.each<[CertKind | 'silent' | 'legacyOnly', string, RegExp]>([
    ['good', 'pass', /is trusted, names good\.acme-rewards\.com and is valid for (89|90) more days/],
    ['expired', 'fail', /expired on/],
    ['wrongHost', 'fail', /does not name wronghost\.acme-rewards\.com: it names DNS:other\.unrelated-shop\.com/],
    ['selfSigned', 'fail', /not trusted: the certificate is self-signed/],
    ['days10', 'fail', /in 9 days \(less than 14\)/],
    ['days20', 'warn', /in 19 days \(less than 30\)/],
    ['notYetValid', 'fail', /is not valid until/],
    ['silent', 'fail', /no certificate seen from silent\.acme-rewards\.com:\d+/],
    ['legacyOnly', 'pass', /is trusted/],
  ])('%s certificate -> %s', async (kind, status, message) => {
    const r = await verdict(kind);
    expect(r.status).toBe(status);
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(message);
  });

  it('a certificate from a CA that is not trusted here fails (the test CA is not passed)', async () => {
    const server = await startHttps({ host: 'private-ca.acme-rewards.com' });
    servers.push(server);
    const { config, envName } = netConfig({ integrationBaseUrl: server.url('/hubble') });
    const { byId } = await runNetworkChecks({ checks: [check], config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: [server.rule] }) });
    expect(byId['tls.certificate']!.findings[0]).toMatchObject({ status: 'fail', evidence: { chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', hostMatches: true } });
  });

  it('plain http origins are skipped, and a config with only those skips the check', async () => {
    const plain = await startHttp({ host: 'plain.acme-rewards.com' });
    servers.push(plain);
    const { config, envName } = netConfig({ integrationBaseUrl: plain.url('/hubble') });
    const { byId } = await runNetworkChecks({ checks: [check], config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: [plain.rule] }) });
    expect(byId['tls.certificate']!.status).toBe('skip');
    expect(plain.connections()).toBe(0);
  });
});
