import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handshakeError, probeTlsOrigin, probeTlsOriginShared, TLS_VERSIONS, type TlsOriginProbe, type TlsVersion } from '../../src/net/tls.js';
import { testCa } from '../helpers/certs.js';
import { netSettings } from '../helpers/net-context.js';
import { closeAll, closedPort, startHttp, startHttps, startTcpSilent, startTlsSilent, type TestServer } from '../helpers/servers.js';

const TIMEOUT = 800;
const accepted = (p: TlsOriginProbe) => TLS_VERSIONS.filter((v) => p.versions[v].outcome === 'accepted');

describe('probeTlsOrigin: one handshake per version', () => {
  const servers: Record<string, TestServer> = {};
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
    const [modern, all, tls11, tls10] = await Promise.all([
      startHttps({ host: 'modern.acme-rewards.com', tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' } }),
      startHttps({ host: 'legacy.acme-rewards.com', tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.3' } }),
      startHttps({ host: 'tls11.acme-rewards.com', tls: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' } }),
      startHttps({ host: 'tls12only.acme-rewards.com', tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } }),
    ]);
    Object.assign(servers, { modern, all, tls11, tls10 });
  });
  afterAll(() => closeAll(Object.values(servers)));

  const settings = (s: TestServer) => netSettings({ timeoutMs: TIMEOUT, rules: [s.rule], caPem });

  it.each<[string, TlsVersion[]]>([
    ['modern', ['TLSv1.2', 'TLSv1.3']],
    ['all', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']],
    ['tls11', ['TLSv1.1']],
    ['tls10', ['TLSv1.2']],
  ])('reports exactly the versions the %s server accepts', async (name, expected) => {
    const s = servers[name]!;
    const p = await probeTlsOrigin(s.origin, settings(s));
    expect(accepted(p)).toEqual(expected);
    for (const v of TLS_VERSIONS.filter((x) => !expected.includes(x))) {
      expect(p.versions[v]).toMatchObject({ outcome: 'refused' });
    }
    // A refused version is an alert or a protocol error from the server, not a client-side "no protocols".
    for (const v of TLS_VERSIONS) expect(p.versions[v].outcome).not.toBe('error');
  });

  it('reports what a modern client negotiates, and the certificate, via the pinned address with SNI kept', async () => {
    const p = await probeTlsOrigin(servers.modern!.origin, settings(servers.modern!));
    expect(p.negotiated).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1.3' });
    expect(p.pinned).toBe('127.0.0.1');
    expect(p.certificate).toMatchObject({ from: 'default', trusted: true, hostMatches: true, names: ['DNS:modern.acme-rewards.com'] });
    expect(p.certificate!.issuer).toContain('hubble-golive test CA');
    expect(p.certificate!.daysLeft).toBeGreaterThanOrEqual(89);
  });

  it('still shows the certificate of a server that speaks only TLS 1.1, judged with the extra CA', async () => {
    const p = await probeTlsOrigin(servers.tls11!.origin, settings(servers.tls11!));
    expect(p.negotiated.outcome).toBe('refused');
    expect(p.certificate).toMatchObject({ from: 'TLSv1.1', hostMatches: true, trusted: true });
  });

  it('trusts the extra CA only when given: without it the same chain is untrusted', async () => {
    const s = servers.modern!;
    const p = await probeTlsOrigin(s.origin, netSettings({ timeoutMs: TIMEOUT, rules: [s.rule] }));
    expect(p.certificate).toMatchObject({ trusted: false, chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', hostMatches: true });
  });

  it('probes all versions at once: the whole probe takes about one handshake on loopback', async () => {
    const s = servers.all!;
    await probeTlsOrigin(s.origin, settings(s)); // warm-up
    const p = await probeTlsOrigin(s.origin, settings(s));
    expect(p.ms).toBeLessThan(300);
  });

  it('shares one probe between the checks of a run (same net settings object) and not across runs', async () => {
    const s = servers.modern!;
    const net = settings(s);
    const before = s.connections();
    const [a, b] = await Promise.all([probeTlsOriginShared(s.origin, net), probeTlsOriginShared(`${s.origin}/hubble`, net)]);
    expect(a).toBe(b);
    expect(s.connections() - before).toBe(5);
    const c = await probeTlsOriginShared(s.origin, settings(s));
    expect(c).not.toBe(a);
  });
});

describe('probeTlsOrigin: certificates', () => {
  const servers: TestServer[] = [];
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
  });
  afterAll(() => closeAll(servers));
  async function probe(kind: Parameters<typeof startHttps>[0]['cert']) {
    const s = await startHttps({ host: `cert-${String(kind)}.acme-rewards.com`, cert: kind });
    servers.push(s);
    return probeTlsOrigin(s.origin, netSettings({ timeoutMs: TIMEOUT, rules: [s.rule], caPem }));
  }

  it('expired: not trusted (CERT_HAS_EXPIRED), days left negative, name still checked', async () => {
    const c = (await probe('expired')).certificate!;
    expect(c).toMatchObject({ trusted: false, chainError: 'CERT_HAS_EXPIRED', hostMatches: true });
    expect(c.daysLeft).toBeLessThan(0);
  });

  it('wrong host: the chain is trusted but the name does not match', async () => {
    const c = (await probe('wrongHost')).certificate!;
    expect(c).toMatchObject({ trusted: true, hostMatches: false, hostError: 'ERR_TLS_CERT_ALTNAME_INVALID', names: ['DNS:other.unrelated-shop.com'] });
  });

  it('self-signed: DEPTH_ZERO_SELF_SIGNED_CERT, flagged self-signed, and the name is checked although the chain failed', async () => {
    const c = (await probe('selfSigned')).certificate!;
    expect(c).toMatchObject({ trusted: false, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT', selfSigned: true, hostMatches: true });
  });

  it.each([
    ['days10', 9],
    ['days20', 19],
  ] as const)('%s: trusted, with %i whole days left', async (kind, days) => {
    const c = (await probe(kind)).certificate!;
    expect(c).toMatchObject({ trusted: true, hostMatches: true, daysLeft: days });
  });
});

describe('probeTlsOrigin: servers that do not complete a handshake', () => {
  it('tells a refused port (unreachable) from a silent TCP server (timeout at the TLS stage), within the timeout', async () => {
    const silent = await startTcpSilent({ host: 'silent.acme-rewards.com' });
    const closed = await closedPort('closed.acme-rewards.com');
    try {
      const t0 = performance.now();
      const [hung, refused] = await Promise.all([
        probeTlsOrigin(silent.origin, netSettings({ timeoutMs: TIMEOUT, rules: [silent.rule] })),
        probeTlsOrigin(closed.origin, netSettings({ timeoutMs: TIMEOUT, rules: [closed.rule] })),
      ]);
      const elapsed = performance.now() - t0;
      for (const v of TLS_VERSIONS) {
        expect(hung.versions[v]).toMatchObject({ outcome: 'timeout', stage: 'tls' });
        expect(refused.versions[v]).toMatchObject({ outcome: 'unreachable', stage: 'connect', code: 'ECONNREFUSED' });
      }
      expect(hung.certificate).toBeUndefined();
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT - 20);
      expect(elapsed).toBeLessThan(TIMEOUT + 1000);
    } finally {
      await silent.close();
    }
  });

  it('a server that completes TLS and then says nothing is a normal TLS server to the version probes', async () => {
    const s = await startTlsSilent({ host: 'mute.acme-rewards.com', tls: { minVersion: 'TLSv1.2' } });
    try {
      const p = await probeTlsOrigin(s.origin, netSettings({ timeoutMs: TIMEOUT, rules: [s.rule], caPem: (await testCa()).certPem }));
      expect(accepted(p)).toEqual(['TLSv1.2', 'TLSv1.3']);
      expect(p.ms).toBeLessThan(TIMEOUT);
    } finally {
      await s.close();
    }
  });

  it('a plain http server on the https port refuses every version (no TLS spoken there)', async () => {
    const s = await startHttp({ host: 'plain.acme-rewards.com' });
    try {
      const p = await probeTlsOrigin(`https://${s.host}:${s.port}`, netSettings({ timeoutMs: TIMEOUT, rules: [s.rule] }));
      expect(accepted(p)).toEqual([]);
      for (const v of TLS_VERSIONS) expect(p.versions[v].outcome).toBe('refused');
    } finally {
      await s.close();
    }
  });
});

describe('handshakeError: what a failed handshake says about the server', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, false, 'unreachable'],
    [{ code: 'ENOTFOUND' }, false, 'unreachable'],
    [{ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }, true, 'refused'],
    [{ code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }, true, 'refused'],
    [{ code: 'ECONNRESET' }, true, 'refused'],
    // Our side could not offer the version: nothing is known about the server, never a false "refused".
    [{ code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' }, true, 'error'],
    // The server's ServerHello chose the version before our side stopped: the server accepts it.
    [{ code: 'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED' }, true, 'accepted'],
  ])('%o (TCP connected: %s) -> %s', (err, connected, outcome) => {
    expect(handshakeError(err, connected, 1, 'TLSv1').outcome).toBe(outcome);
  });
  it('names the DNS stage for lookup errors', () => {
    expect(handshakeError({ code: 'EAI_AGAIN' }, false, 1)).toMatchObject({ outcome: 'unreachable', stage: 'dns' });
  });
});
