import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check, { judgeHubbleHosts } from '../../checks/sdk-reachable.js';
import type { HttpResult } from '../../src/net/http.js';
import { testCa } from '../helpers/certs.js';
import { checkContext, netConfig, netSettings, runNetworkChecks } from '../helpers/net-context.js';
import { answer, closeAll, closedPort, startHttps, startTcpSilent, type TestServer } from '../helpers/servers.js';

const url = 'https://sdk.myhubble.money';
const judge = (result: HttpResult) => judgeHubbleHosts([{ key: 'sdkBaseUrl', url, result }])[0]!;
const response = (status: number, extra: object = {}): HttpResult => ({ kind: 'response', url, status, headers: {}, body: '', truncated: false, timings: { headersMs: 40, totalMs: 41 }, ...extra });

describe('judgeHubbleHosts', () => {
  it.each([200, 301, 403, 404, 500])('any HTTP status is an answer: %i passes', (status) => {
    expect(judge(response(status))).toMatchObject({ status: 'pass', message: `sdkBaseUrl ${url} answered ${status} in 40 ms` });
  });

  it.each([
    ['dns', 'ENOTFOUND', /DNS lookup of sdk\.myhubble\.money failed/],
    ['connect', 'ECONNREFUSED', /TCP connect to sdk\.myhubble\.money:443 failed/],
    ['tls', 'ECONNRESET', /TLS handshake with sdk\.myhubble\.money:443 failed/],
  ] as const)('no answer (%s) fails', (stage, code, message) => {
    const f = judge({ kind: 'failure', url, stage, code, message: code, timedOut: false, timings: { totalMs: 3 } });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(message);
    expect(f.fix).toBeTruthy();
  });

  it('an answer past a certificate that does not verify here warns (TLS interception?)', () => {
    const f = judge(response(200, { tls: { protocol: 'TLSv1.3', cipher: 'x', authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' } }));
    expect(f).toMatchObject({ status: 'warn' });
    expect(f.message).toMatch(/did not verify here \(SELF_SIGNED_CERT_IN_CHAIN\)/);
  });
});

describe('sdk.reachable against loopback stand-ins for Hubble', () => {
  const TIMEOUT = 600;
  const s: Record<string, TestServer> = {};
  let caPem: string;
  beforeAll(async () => {
    caPem = (await testCa()).certPem;
    s.sdk = await startHttps({ host: 'sdk.myhubble.money', handler: answer(200, { 'content-type': 'text/html' }, '<html></html>') });
    s.api = await startHttps({ host: 'api.myhubble.money', handler: answer(404) });
    s.silent = await startTcpSilent({ host: 'api.myhubble.money' });
  });
  afterAll(() => closeAll(Object.values(s)));

  it('passes when both hosts answer (any status), naming each', async () => {
    const { config, envName } = netConfig({ sdkBaseUrl: s.sdk!.url(), apiBaseUrl: s.api!.url() });
    const findings = await check.run(checkContext(config, envName, netSettings({ timeoutMs: TIMEOUT, rules: [s.sdk!.rule, s.api!.rule], caPem })));
    expect(findings.map((f) => [f.status, f.message.replace(/\d+ ms/, 'N ms')])).toEqual([
      ['pass', `sdkBaseUrl ${s.sdk!.url()} answered 200 in N ms`],
      ['pass', `apiBaseUrl ${s.api!.url()} answered 404 in N ms`],
    ]);
    expect(s.sdk!.requests.at(-1)).toMatchObject({ method: 'GET', url: '/' });
  });

  it('fails a host that never answers, within the timeout plus a second', async () => {
    const closed = await closedPort('sdk.myhubble.money');
    const { config, envName } = netConfig({ sdkBaseUrl: closed.url(), apiBaseUrl: s.silent!.url() });
    const { byId, wallMs } = await runNetworkChecks({ checks: [check], config, envName, net: netSettings({ timeoutMs: TIMEOUT, rules: [closed.rule, s.silent!.rule], caPem }) });
    const r = byId['sdk.reachable']!;
    expect(r.findings.map((f) => f.status)).toEqual(['fail', 'fail']);
    expect(r.findings[0]!.message).toMatch(/TCP connect to sdk\.myhubble\.money:\d+ failed \(ECONNREFUSED\)/);
    expect(r.findings[1]!.message).toMatch(/no TLS handshake with api\.myhubble\.money:\d+ within \d+ ms/);
    expect(wallMs).toBeLessThan(TIMEOUT + 1000);
  });

  it('uses the tier defaults when the config names no Hubble URL', () => {
    const { config, envName } = netConfig({});
    expect(config.environments[envName]).toMatchObject({ sdkBaseUrl: 'https://sdk.myhubble.money', apiBaseUrl: 'https://api.myhubble.money' });
    expect(check.skipReason!(checkContext(config, envName, netSettings({ timeoutMs: TIMEOUT, rules: [] })))).toBeUndefined();
  });
});
