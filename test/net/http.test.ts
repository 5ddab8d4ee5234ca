import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/engine/secret.js';
import { classifyFailure, createHttpClient, type HttpClient, type HttpFailure, type HttpResponse, type HttpResult } from '../../src/net/http.js';
import { describeFailure, readableMessage } from '../../src/net/describe.js';
import type { ResolveRule } from '../../src/net/resolve.js';
import { testCa } from '../helpers/certs.js';
import { netSettings } from '../helpers/net-context.js';
import {
  answer,
  closeAll,
  closedPort,
  drip,
  hugeBody,
  resetMidResponse,
  startHttp,
  startHttps,
  startTcpSilent,
  startTlsSilent,
  type TestServer,
} from '../helpers/servers.js';

const TIMEOUT = 600;
const SECRET = 'hubble-secret-value-that-must-not-leak';

function client(rules: ResolveRule[], caPem?: string, timeoutMs = TIMEOUT): HttpClient {
  const net = netSettings({ timeoutMs, rules, caPem });
  return createHttpClient({ timeoutMs, resolve: net.resolve, ca: net.ca, concurrency: 16 });
}
const asFailure = (r: HttpResult) => {
  expect(r.kind).toBe('failure');
  return r as HttpFailure;
};
const asResponse = (r: HttpResult) => {
  expect(r.kind).toBe('response');
  return r as HttpResponse;
};

describe('http client against hostile servers', () => {
  const s: Record<string, TestServer> = {};
  let http: HttpClient;
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
    const entries = await Promise.all([
      ['ok', startHttps({ host: 'ok.acme-rewards.com', handler: answer(401, {}, '{"userId":null}') })],
      ['tcpSilent', startTcpSilent({ host: 'tcp-silent.acme-rewards.com' })],
      ['tlsSilent', startTlsSilent({ host: 'tls-silent.acme-rewards.com' })],
      ['reset', startHttps({ host: 'reset.acme-rewards.com', handler: resetMidResponse() })],
      ['drip', startHttps({ host: 'drip.acme-rewards.com', handler: drip(50) })],
      ['huge', startHttps({ host: 'huge.acme-rewards.com', handler: hugeBody() })],
      ['expired', startHttps({ host: 'expired.acme-rewards.com', cert: 'expired' })],
      ['wrongHost', startHttps({ host: 'wrong.acme-rewards.com', cert: 'wrongHost' })],
      ['other', startHttps({ host: 'other.acme-rewards.com', handler: answer(200, {}, '{}') })],
      ['plain', startHttp({ host: 'plain.acme-rewards.com' })],
    ] as const);
    for (const [name, server] of entries) s[name] = await server;
    s.redirect = await startHttps({ host: 'redirect.acme-rewards.com', handler: answer(302, { location: s.other!.url('/hubble/sso') }) });
    http = client(Object.values(s).map((x) => x.rule), caPem);
  });
  afterAll(() => closeAll(Object.values(s)));

  it('reaches a public-looking name pinned by --resolve, keeping SNI and the certificate check, with per-stage timings', async () => {
    const r = asResponse(await http.request({ method: 'POST', url: s.ok!.url('/hubble/sso'), body: '{}' }));
    expect(r.status).toBe(401);
    expect(r.remoteAddress).toBe('127.0.0.1');
    expect(r.tls).toMatchObject({ authorized: true, protocol: 'TLSv1.3' });
    expect(r.timings.dnsMs).toBeUndefined(); // pinned: no lookup
    expect(r.timings.connectMs).toBeLessThanOrEqual(r.timings.tlsMs!);
    expect(r.timings.tlsMs).toBeLessThanOrEqual(r.timings.headersMs!);
    expect(r.timings.headersMs).toBeLessThanOrEqual(r.timings.totalMs);
  });

  it('TCP accepted but never answered: fails at the TLS stage at the deadline, not before and not much after', async () => {
    const t0 = performance.now();
    const f = asFailure(await http.request({ method: 'GET', url: s.tcpSilent!.url('/') }));
    const elapsed = performance.now() - t0;
    expect(f).toMatchObject({ stage: 'tls', timedOut: true, code: 'TIMEOUT' });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT - 20);
    expect(elapsed).toBeLessThan(TIMEOUT + 500);
    expect(describeFailure(f)).toMatch(/^no TLS handshake with tcp-silent\.acme-rewards\.com:\d+ within \d+ ms$/);
  });

  it('TLS completed but never answered: fails at the HTTP stage (no response headers) at the deadline', async () => {
    const t0 = performance.now();
    const f = asFailure(await http.request({ method: 'GET', url: s.tlsSilent!.url('/') }));
    expect(f).toMatchObject({ stage: 'http', timedOut: true });
    expect(f.status).toBeUndefined();
    expect(f.timings.tlsMs).toBeDefined();
    expect(performance.now() - t0).toBeLessThan(TIMEOUT + 500);
  });

  it('reset mid-response: an HTTP-stage failure that keeps the status it had seen', async () => {
    const f = asFailure(await http.request({ method: 'GET', url: s.reset!.url('/') }));
    expect(f).toMatchObject({ stage: 'http', timedOut: false, status: 200 });
    expect(describeFailure(f)).toMatch(/^answered 200, then the response was cut off/);
  });

  it('a body dripped one byte at a time is cut off at the deadline', async () => {
    const t0 = performance.now();
    const f = asFailure(await http.request({ method: 'GET', url: s.drip!.url('/') }));
    expect(f).toMatchObject({ stage: 'http', timedOut: true, status: 200 });
    expect(performance.now() - t0).toBeLessThan(TIMEOUT + 500);
    expect(describeFailure(f)).toMatch(/body did not complete within/);
  });

  it('a 1 GB body is read only up to the cap, quickly, without holding it in memory', async () => {
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = asResponse(await http.request({ method: 'GET', url: s.huge!.url('/') }));
    expect(r.status).toBe(200);
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(64 * 1024);
    expect(performance.now() - t0).toBeLessThan(TIMEOUT);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
  });

  it('a refused port fails at the connect stage with ECONNREFUSED', async () => {
    const closed = await closedPort('closed.acme-rewards.com');
    const f = asFailure(await client([closed.rule], caPem).request({ method: 'GET', url: closed.url('/') }));
    expect(f).toMatchObject({ stage: 'connect', code: 'ECONNREFUSED', timedOut: false });
  });

  it.each([
    ['expired', 'CERT_HAS_EXPIRED'],
    ['wrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ])('verifies certificates by default: %s fails at the TLS stage (%s)', async (name, code) => {
    const f = asFailure(await http.request({ method: 'GET', url: s[name]!.url('/') }));
    expect(f).toMatchObject({ stage: 'tls', code });
  });

  it.each([
    ['expired', 'CERT_HAS_EXPIRED'],
    ['wrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ])('insecureTls answers past a bad certificate (%s) and reports why it would fail', async (name, code) => {
    const r = asResponse(await http.request({ method: 'GET', url: s[name]!.url('/'), insecureTls: true }));
    expect(r.status).toBe(401);
    expect(r.tls).toMatchObject({ authorized: false, authorizationError: code });
  });

  it('never sends a secret without verifying the certificate', async () => {
    const before = s.expired!.connections();
    const r = await http.request({ method: 'GET', url: s.expired!.url('/'), insecureTls: true, secretHeaders: { 'x-hubble-secret': new Secret(SECRET) } });
    expect(r).toMatchObject({ kind: 'blocked' });
    expect(s.expired!.connections()).toBe(before);
  });

  it('never follows a redirect, so the secret never reaches the other host', async () => {
    const r = asResponse(
      await http.request({ method: 'POST', url: s.redirect!.url('/hubble/sso'), body: '{}', secretHeaders: { 'x-hubble-secret': new Secret(SECRET) } }),
    );
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(s.other!.url('/hubble/sso'));
    expect(s.redirect!.sawHeader('x-hubble-secret')).toBe(true); // the right host got it over https
    expect(s.other!.requests).toHaveLength(0);
    expect(s.other!.sawHeader('x-hubble-secret')).toBe(false);
  });

  it('never sends a secret over plain http: the request is not made at all', async () => {
    const before = s.plain!.connections();
    const r = await http.request({ method: 'POST', url: s.plain!.url('/hubble/sso'), secretHeaders: { 'x-hubble-secret': new Secret(SECRET), 'x-verify': new Secret('sig') } });
    expect(r).toMatchObject({ kind: 'blocked', reason: 'secrets are never sent over plain http' });
    expect(s.plain!.connections()).toBe(before);
    expect(s.plain!.sawHeader('x-hubble-secret')).toBe(false);
    // Without secrets, plain http is requested normally (reachability may ask).
    const ok = asResponse(await http.request({ method: 'POST', url: s.plain!.url('/hubble/sso') }));
    expect(ok.status).toBe(401);
    expect(ok.tls).toBeUndefined();
  });

  it('a caller signal (the check deadline) cancels a request and says so', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const f = asFailure(await http.request({ method: 'GET', url: s.tcpSilent!.url('/'), signal: controller.signal }));
    expect(f.code).toBe('ABORTED');
    expect(f.timings.totalMs).toBeLessThan(TIMEOUT);
  });

  it('bounds concurrency: with 1 slot, requests to a silent server queue one after another', async () => {
    const one = createHttpClient({ timeoutMs: 200, resolve: [s.tcpSilent!.rule], concurrency: 1 });
    const t0 = performance.now();
    await Promise.all([one.request({ method: 'GET', url: s.tcpSilent!.url('/') }), one.request({ method: 'GET', url: s.tcpSilent!.url('/') })]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
  });
});

describe('readableMessage', () => {
  it('keeps the reason of an OpenSSL error and drops its machinery', () => {
    expect(
      readableMessage('80AC41E04A7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1605:SSL alert number 70'),
    ).toBe('tlsv1 alert protocol version (SSL alert number 70)');
    expect(readableMessage('80AC41E04A7F0000:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol')).toBe('unsupported protocol');
    expect(readableMessage('connect ECONNREFUSED 127.0.0.1:1\nmore')).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('classifyFailure', () => {
  const t = (extra: object = {}) => ({ totalMs: 5, ...extra });
  it.each([
    ['ENOTFOUND', t(), 'dns'],
    ['EAI_AGAIN', t(), 'dns'],
    ['ECONNREFUSED', t({ dnsMs: 1 }), 'connect'],
    ['EHOSTUNREACH', t(), 'connect'],
    ['CERT_HAS_EXPIRED', t({ connectMs: 1 }), 'tls'],
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', t({ connectMs: 1 }), 'tls'],
    ['ECONNRESET', t({ connectMs: 1 }), 'tls'],
    ['ECONNRESET', t({ connectMs: 1, tlsMs: 2 }), 'http'],
    ['UND_ERR_SOCKET', t({ connectMs: 1, tlsMs: 2, headersMs: 3 }), 'http'],
  ])('%s after %o -> stage %s', (code, timings, stage) => {
    expect(classifyFailure('https://api.acme.com/x', { code, message: code }, timings, false, true).stage).toBe(stage);
  });

  it('names a timeout by the stage it hit: DNS when a lookup was pending', () => {
    expect(classifyFailure('https://api.acme.com/x', new Error('aborted'), t(), true, true, true)).toMatchObject({ stage: 'dns', timedOut: true, code: 'TIMEOUT' });
    expect(classifyFailure('https://api.acme.com/x', new Error('aborted'), t({ dnsMs: 1 }), true, true, true)).toMatchObject({ stage: 'connect', timedOut: true });
    expect(classifyFailure('https://api.acme.com/x', { code: 'UND_ERR_CONNECT_TIMEOUT' }, t({ connectMs: 1 }), false, true)).toMatchObject({ stage: 'tls', timedOut: true });
  });
});
