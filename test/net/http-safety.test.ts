import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/engine/secret.js';
import { createHttpClient } from '../../src/net/http.js';
import { testCa } from '../helpers/certs.js';
import { netSettings } from '../helpers/net-context.js';
import { closeAll, startHttps, startTcpSilent, type TestServer } from '../helpers/servers.js';

const servers: TestServer[] = [];
afterAll(() => closeAll(servers));

describe('http client safety', () => {
  it('never sends a secret to an unverified server, even with NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment', async () => {
    const selfSigned = await startHttps({ host: 'self.acme-rewards.com', cert: 'selfSigned' });
    servers.push(selfSigned);
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const net = netSettings({ timeoutMs: 2000, rules: [selfSigned.rule], caPem: (await testCa()).certPem });
      const http = createHttpClient({ timeoutMs: 2000, resolve: net.resolve, ca: net.ca });
      const r = await http.request({ method: 'GET', url: selfSigned.url('/balance'), secretHeaders: { 'x-hubble-secret': new Secret('a-secret-that-must-stay-home') } });
      expect(r.kind).toBe('failure');
      expect(r.kind === 'failure' && r.stage).toBe('tls');
      expect(selfSigned.requests).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  it('a request queued behind the concurrency limit whose check gave up is not sent and returns at once', async () => {
    const silent = await startTcpSilent({ host: 'silent.acme-rewards.com' });
    servers.push(silent);
    const http = createHttpClient({ timeoutMs: 3000, resolve: [silent.rule], concurrency: 1 });
    const controller = new AbortController();
    const first = http.request({ method: 'GET', url: silent.url('/a'), signal: controller.signal });
    const queued = http.request({ method: 'GET', url: silent.url('/b'), signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    controller.abort();
    const [a, b] = await Promise.all([first, queued]);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(a.kind === 'failure' && a.code).toBe('ABORTED');
    expect(b).toMatchObject({ kind: 'failure', code: 'ABORTED', message: expect.stringMatching(/before it was sent/) });
  });

  it('puts a secret on the wire without surrounding whitespace (as HTTP would deliver it)', async () => {
    const ok = await startHttps({ host: 'ok.acme-rewards.com' });
    servers.push(ok);
    const net = netSettings({ timeoutMs: 2000, rules: [ok.rule], caPem: (await testCa()).certPem });
    const http = createHttpClient({ timeoutMs: 2000, resolve: net.resolve, ca: net.ca });
    const r = await http.request({ method: 'GET', url: ok.url('/balance'), secretHeaders: { 'x-hubble-secret': new Secret('secret-with-newline\n') } });
    expect(r.kind).toBe('response');
    expect(ok.requests[0]!.headers['x-hubble-secret']).toBe('secret-with-newline');
  });
});
