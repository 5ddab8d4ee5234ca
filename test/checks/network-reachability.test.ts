import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check, { judgeReachability, slowThresholdMs } from '../../checks/network-reachability.js';
import type { Finding } from '../../src/engine/check.js';
import type { HttpResult } from '../../src/net/http.js';
import { testCa } from '../helpers/certs.js';
import { checkContext, netConfig, netSettings, TEST_SECRETS } from '../helpers/net-context.js';
import {
  answer,
  closeAll,
  closedPort,
  delayed,
  drip,
  hugeBody,
  resetMidResponse,
  startHttps,
  startPartnerServer,
  startTcpSilent,
  startTlsSilent,
  type PartnerServer,
  type TestServer,
} from '../helpers/servers.js';

const URL_ = 'https://api.acme-rewards.com/hubble/sso';
const sso = { name: 'sso', method: 'POST', url: URL_ } as const;
const response = (status: number, extra: Partial<Extract<HttpResult, { kind: 'response' }>> = {}): HttpResult => ({
  kind: 'response',
  url: URL_,
  status,
  headers: {},
  body: '',
  truncated: false,
  timings: { connectMs: 1, tlsMs: 3, headersMs: 12, totalMs: 13 },
  ...extra,
});
const failure = (stage: 'dns' | 'connect' | 'tls' | 'http', code: string, timedOut = false, extra: object = {}): HttpResult => ({
  kind: 'failure',
  url: URL_,
  stage,
  code,
  timedOut,
  message: code,
  timings: { totalMs: timedOut ? 1000 : 5 },
  ...extra,
});
const judge = (result: HttpResult) => judgeReachability([{ endpoint: sso, result }], { slowMs: 2000 })[0]!;

describe('judgeReachability (SPEC rules, one row each)', () => {
  it.each<[string, HttpResult, Finding['status'], RegExp]>([
    ['401 answers (no secret sent)', response(401), 'pass', /answered 401 in 12 ms/],
    ['400 answers', response(400), 'pass', /answered 400/],
    ['200 answers (auth is judged elsewhere)', response(200), 'pass', /answered 200/],
    ['404: route missing', response(404), 'fail', /answered 404: the route is missing/],
    ['405: method not routed', response(405), 'fail', /answered 405: the route does not accept POST/],
    ['500 warns', response(500), 'warn', /answered 500: the server failed/],
    ['503 warns', response(503), 'warn', /answered 503/],
    ['302 warns and names the Location', response(302, { headers: { location: 'https://elsewhere.example.org/sso' } }), 'warn', /302, a redirect to https:\/\/elsewhere\.example\.org\/sso; not followed/],
    ['slow 401 warns', response(401, { timings: { headersMs: 2500, totalMs: 2501 } }), 'warn', /answered 401 in 2500 ms: slow \(over 2000 ms\)/],
    ['slow 404 still fails', response(404, { timings: { headersMs: 2500, totalMs: 2501 } }), 'fail', /404.*took 2500 ms/],
    ['an answer only past a bad certificate warns', response(401, { tls: { protocol: 'TLSv1.3', cipher: 'x', authorized: false, authorizationError: 'CERT_HAS_EXPIRED' } }), 'warn', /only with the certificate unchecked \(CERT_HAS_EXPIRED\)/],
    ['DNS failure fails', failure('dns', 'ENOTFOUND'), 'fail', /DNS lookup of api\.acme-rewards\.com failed \(ENOTFOUND\)/],
    ['connect failure fails', failure('connect', 'ECONNREFUSED'), 'fail', /TCP connect to api\.acme-rewards\.com:443 failed \(ECONNREFUSED\)/],
    ['TLS failure fails', failure('tls', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'fail', /TLS handshake with api\.acme-rewards\.com:443 failed/],
    ['no answer within the timeout fails', failure('http', 'TIMEOUT', true), 'fail', /no HTTP response from api\.acme-rewards\.com:443 within 1000 ms/],
    ['a response cut off fails', failure('http', 'ECONNRESET', false, { status: 200 }), 'fail', /answered 200, then the response was cut off/],
    ['not sent (user:password in URL) fails', { kind: 'blocked', url: URL_, reason: 'URLs with user:password are not requested' }, 'fail', /was not requested/],
  ])('%s', (_name, result, status, message) => {
    const f = judge(result);
    expect(f.status).toBe(status);
    expect(f.message).toMatch(message);
    expect(f.target).toBe(URL_);
    if (status !== 'pass') expect(f.fix).toBeTruthy();
  });

  it('gives per-stage latency and the failed stage as evidence', () => {
    const f = judge(failure('connect', 'ECONNREFUSED'));
    expect(f.evidence).toMatchObject({ request: `POST ${URL_}`, stage: 'connect', code: 'ECONNREFUSED', timings: { totalMs: 5 } });
    expect(judge(response(401)).evidence).toMatchObject({ status: 401, timings: { connectMs: 1, tlsMs: 3, headersMs: 12, totalMs: 13 } });
  });

  it('calls an answer slow past 2 s, or past half the timeout when that is shorter', () => {
    expect(slowThresholdMs(10_000)).toBe(2000);
    expect(slowThresholdMs(600)).toBe(300);
  });
});

describe('network.reachability against loopback servers', () => {
  const TIMEOUT = 600;
  let partner: PartnerServer;
  const hostile: Record<string, TestServer> = {};
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
    partner = await startPartnerServer({ host: 'api.acme-rewards.com' });
    const entries = await Promise.all(
      Object.entries({
        notFound: startHttps({ host: 'r404.acme-rewards.com', handler: answer(404) }),
        notAllowed: startHttps({ host: 'r405.acme-rewards.com', handler: answer(405) }),
        serverError: startHttps({ host: 'r500.acme-rewards.com', handler: answer(500) }),
        redirect: startHttps({ host: 'r302.acme-rewards.com', handler: answer(302, { location: 'https://login.other-host.com/sso' }) }),
        slow: startHttps({ host: 'slow.acme-rewards.com', handler: delayed(400, answer(401)) }),
        tcpSilent: startTcpSilent({ host: 'tcp-silent.acme-rewards.com' }),
        tlsSilent: startTlsSilent({ host: 'tls-silent.acme-rewards.com' }),
        reset: startHttps({ host: 'reset.acme-rewards.com', handler: resetMidResponse() }),
        drip: startHttps({ host: 'drip.acme-rewards.com', handler: drip(50) }),
        huge: startHttps({ host: 'huge.acme-rewards.com', handler: hugeBody() }),
        expired: startHttps({ host: 'expired.acme-rewards.com', cert: 'expired' }),
        selfSigned: startHttps({ host: 'self.acme-rewards.com', cert: 'selfSigned' }),
        tls11: startHttps({ host: 'tls11.acme-rewards.com', tls: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' } }),
      }).map(async ([k, v]) => [k, await v] as const),
    );
    Object.assign(hostile, Object.fromEntries(entries));
  });
  afterAll(() => closeAll([partner, ...Object.values(hostile)]));

  it('probes every endpoint with its own method, without any secret, and passes a partner that answers 401', async () => {
    const { config, envName } = netConfig({ integrationBaseUrl: partner.integrationBaseUrl, webhookUrl: partner.webhookUrl, coins: true });
    const ctx = checkContext(config, envName, netSettings({ timeoutMs: 2000, rules: [partner.rule], caPem }));
    const before = partner.requests.length;
    const findings = await check.run(ctx);
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    const seen = partner.requests.slice(before).map((r) => `${r.method} ${r.url.replace(/userId=[\w-]+/, 'userId=ID')}`).sort();
    expect(seen).toEqual(['GET /hubble/balance?userId=ID', 'POST /hubble/debit', 'POST /hubble/reverse', 'POST /hubble/sso', 'POST /hubble/webhook']);
    expect(partner.requests.slice(before).find((r) => r.url.includes('balance'))!.url).toMatch(/userId=hubble-golive-probe-user-[0-9a-f]+/);
    expect(partner.sawHeader('x-hubble-secret')).toBe(false);
    expect(partner.sawHeader('x-verify')).toBe(false);
    expect(JSON.stringify(findings)).not.toContain(TEST_SECRETS.hubbleSecret);
  });

  it('reports a route missing on a partner server as 404 and a wrong method as 405', async () => {
    const { config, envName } = netConfig({ integrationBaseUrl: partner.url('/wrong-base'), webhookUrl: partner.url('/hubble/sso'), coins: false });
    const findings = await check.run(checkContext(config, envName, netSettings({ timeoutMs: 2000, rules: [partner.rule], caPem })));
    expect(findings.map((f) => [f.status, f.message.replace(/https:\S+/, 'URL')])).toEqual([
      ['fail', 'POST URL answered 404: the route is missing'],
      // The webhook URL points at /sso's path; the partner routes it as POST, so it answers.
      ['pass', expect.stringMatching(/^POST URL answered 401/)],
    ]);
  });

  it.concurrent.each<[string, Finding['status'], RegExp]>([
    ['notFound', 'fail', /answered 404: the route is missing/],
    ['notAllowed', 'fail', /answered 405/],
    ['serverError', 'warn', /answered 500/],
    ['redirect', 'warn', /answered 302, a redirect to https:\/\/login\.other-host\.com\/sso; not followed/],
    ['slow', 'warn', /answered 401 in \d+ ms: slow \(over 300 ms\)/],
    ['tcpSilent', 'fail', /no TLS handshake with tcp-silent\.acme-rewards\.com:\d+ within \d+ ms/],
    ['tlsSilent', 'fail', /no HTTP response from tls-silent\.acme-rewards\.com:\d+ within \d+ ms/],
    ['reset', 'fail', /answered 200, then the response was cut off \(ECONNRESET/],
    ['drip', 'fail', /answered 200 but the body did not complete within \d+ ms/],
    ['huge', 'pass', /answered 200/],
    ['expired', 'warn', /answered 401, but only with the certificate unchecked \(CERT_HAS_EXPIRED\)/],
    ['selfSigned', 'warn', /only with the certificate unchecked \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
    // Hubble needs TLS 1.2+, and so does this probe: a TLS 1.1-only server is not reachable.
    ['tls11', 'fail', /TLS handshake with tls11\.acme-rewards\.com:\d+ failed \(ERR_SSL_/],
  ])('%s -> %s, within the timeout plus a second', async (name, status, message) => {
    const server = hostile[name]!;
    const { config, envName } = netConfig({ integrationBaseUrl: server.url('/hubble'), coins: false });
    const ctx = checkContext(config, envName, netSettings({ timeoutMs: TIMEOUT, rules: [server.rule], caPem }));
    const t0 = performance.now();
    const [finding] = await check.run(ctx);
    expect(performance.now() - t0).toBeLessThan(TIMEOUT + 1000);
    expect(finding!.status).toBe(status);
    expect(finding!.message).toMatch(message);
    expect(finding!.evidence).toHaveProperty('timings.totalMs');
  });

  it('a closed port fails at the TCP connect stage', async () => {
    const closed = await closedPort('closed.acme-rewards.com');
    const { config, envName } = netConfig({ integrationBaseUrl: closed.url('/hubble'), coins: false });
    const [f] = await check.run(checkContext(config, envName, netSettings({ timeoutMs: TIMEOUT, rules: [closed.rule], caPem })));
    expect(f).toMatchObject({ status: 'fail', evidence: { stage: 'connect', code: 'ECONNREFUSED' } });
  });

  it('is skipped when no endpoint is configured', () => {
    const { config, envName } = netConfig({ sso: 'jwt', coins: false });
    expect(check.skipReason!(checkContext(config, envName, netSettings({ timeoutMs: TIMEOUT, rules: [] })))).toMatch(/no partner endpoint/);
  });
});
