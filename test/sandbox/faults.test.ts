import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_SLOW_MS, describeFaults, FAULT_NAMES, faultHelp, parseFaults } from '../../src/sandbox/faults.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, deliver, handshake, transactionWebhook } from './client.js';

describe('parseFaults', () => {
  it('reads a comma list, with values for slow and missing-route', () => {
    const f = parseFaults(' legacy-tls, slow=300 ,missing-route=/debit,HANG');
    expect([...f.on]).toEqual(['legacy-tls', 'slow', 'missing-route', 'hang']);
    expect(f.slowMs).toBe(300);
    expect(f.missingRoute).toBe('debit');
    expect(describeFaults(f)).toBe('legacy-tls, slow=300, missing-route=debit, hang');
  });

  it('has defaults: no faults; slow without a value; missing-route without one is /reverse', () => {
    expect(parseFaults(undefined).on.size).toBe(0);
    expect(describeFaults(parseFaults(''))).toBe('none');
    expect(parseFaults('slow,missing-route')).toMatchObject({ slowMs: DEFAULT_SLOW_MS, missingRoute: 'reverse' });
  });

  it.each([
    ['legacy-tl', /^--faults legacy-tl: unknown fault \(did you mean legacy-tls\?\); known faults: legacy-tls, /],
    ['mock_sso', /unknown fault \(did you mean mock-sso\?\)/],
    ['nonsense', /^--faults nonsense: unknown fault; known faults: /],
    ['any-secret=1', /^--faults any-secret=1: any-secret takes no value$/],
    ['slow=fast', /slow=fast: expected a delay in milliseconds/],
    ['slow=0', /slow=0: expected a delay in milliseconds/],
    ['missing-route=refund', /missing-route=refund: unknown route; routes: sso, balance, debit, reverse, webhook/],
  ])('refuses %s with one clear line', (list, message) => {
    const attempt = () => parseFaults(list);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('lists every fault for --help, one line each', () => {
    const lines = faultHelp().split('\n');
    expect(lines).toHaveLength(FAULT_NAMES.length);
    FAULT_NAMES.forEach((name, i) => expect(lines[i]!.trim().startsWith(name)).toBe(true));
  });
});

describe('each fault switches its behaviour (against the same request on a clean sandbox)', () => {
  const open: Sandbox[] = [];
  const start = async (faults?: string) => {
    const sb = await startSandbox({ faults });
    open.push(sb);
    return sb;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('legacy-tls: TLS 1.0 and 1.1 handshakes succeed; clean, they are refused and TLS 1.2/1.3 work', async () => {
    const [clean, legacy] = await Promise.all([start(), start('legacy-tls')]);
    const versions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
    const ok = async (sb: Sandbox) => Promise.all(versions.map(async (v) => (await handshake(sb, v)).ok));
    expect(await ok(clean)).toEqual([false, false, true, true]);
    expect(await ok(legacy)).toEqual([true, true, true, true]);
  });

  it('tls11-only: only TLS 1.1 succeeds, so a TLS 1.2+ client (Hubble) cannot connect', async () => {
    const sb = await start('tls11-only');
    const results = await Promise.all((['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map(async (v) => (await handshake(sb, v)).ok));
    expect(results).toEqual([false, true, false, false]);
    await expect(call(sb, { path: '/balance?userId=x' })).rejects.toThrow();
  });

  it('expired-cert: the chain is trusted but expired; clean, it verifies', async () => {
    const [clean, expired] = await Promise.all([start(), start('expired-cert')]);
    expect(await handshake(clean, 'TLSv1.3', true)).toEqual({ ok: true });
    expect(await handshake(expired, 'TLSv1.3', true)).toEqual({ ok: false, code: 'CERT_HAS_EXPIRED' });
  });

  it('any-secret: a wrong X-Hubble-Secret is accepted (a missing one still is not)', async () => {
    const [clean, faulty] = await Promise.all([start(), start('any-secret')]);
    const wrong = (sb: Sandbox) => call(sb, { path: '/balance?userId=test-user-123', secret: 'wrong-secret' });
    expect((await wrong(clean)).status).toBe(401);
    expect((await wrong(faulty)).status).toBe(200);
    expect((await call(faulty, { path: '/balance?userId=test-user-123' })).status).toBe(401);
  });

  it("staging-secret: the staging X-Hubble-Secret and the staging webhook secret's signatures are accepted", async () => {
    const [clean, faulty] = await Promise.all([start(), start('staging-secret')]);
    for (const [sb, status] of [[clean, 401], [faulty, 200]] as const) {
      const byStaging = await call(sb, { path: '/balance?userId=test-user-123', secret: sb.credentials.staging.hubbleSecret });
      const signedByStaging = await deliver(sb, transactionWebhook('staging-signed'), { with: sb.credentials.staging.webhookSecret });
      expect([byStaging.status, signedByStaging.status]).toEqual([status, status]);
    }
    expect((await call(faulty, { path: '/balance?userId=x', secret: 'wrong-secret' })).status).toBe(401);
  });

  it('unsigned-webhooks: deliveries without or with a wrong X-Verify are accepted', async () => {
    const [clean, faulty] = await Promise.all([start(), start('unsigned-webhooks')]);
    expect((await deliver(clean, transactionWebhook('unsigned'))).status).toBe(401);
    expect((await deliver(faulty, transactionWebhook('unsigned'))).status).toBe(200);
    expect((await deliver(faulty, transactionWebhook('wrong'), { header: 'AAAA' })).status).toBe(200);
  });

  it('mock-sso: mock-token and any other token get 200 with a userId', async () => {
    const [clean, faulty] = await Promise.all([start(), start('mock-sso')]);
    for (const token of ['mock-token', 'hubble-golive-probe-token-1']) {
      expect((await call(clean, { path: '/sso', secret: clean.credentials.production.hubbleSecret, body: { token } })).body).toEqual({ userId: null });
      const r = await call(faulty, { path: '/sso', secret: faulty.credentials.production.hubbleSecret, body: { token } });
      expect(r.status).toBe(200);
      expect(typeof r.body.userId).toBe('string');
    }
  });

  it('debit-not-idempotent: a retried referenceId is debited twice', async () => {
    const [clean, faulty] = await Promise.all([start(), start('debit-not-idempotent')]);
    for (const sb of [clean, faulty]) {
      const debit = { userId: sb.testUserId, coins: 5, referenceId: 'retried' };
      await call(sb, { path: '/debit', secret: sb.credentials.production.hubbleSecret, body: debit });
      await call(sb, { path: '/debit', secret: sb.credentials.production.hubbleSecret, body: debit });
    }
    expect([clean.ledger.balance(clean.testUserId), faulty.ledger.balance(faulty.testUserId)]).toEqual([995, 990]);
  });

  it('slow=MS: every answer, a refusal included, comes after the delay', async () => {
    const slow = await start('slow=300');
    const r = await call(slow, { path: '/balance?userId=x' });
    expect(r.status).toBe(401);
    // A loopback answer takes a few ms; the delay is a lower bound that only the fault explains.
    expect(r.ms).toBeGreaterThanOrEqual(290);
    expect(slow.requests[0]!.durationMs).toBeGreaterThanOrEqual(299);
  });

  it('hang: the request is accepted and never answered; close() still ends it at once', async () => {
    const sb = await start('hang');
    await expect(call(sb, { path: '/balance?userId=x', timeoutMs: 300 })).rejects.toThrow('timeout');
    const pending = call(sb, { path: '/sso', body: { token: 'x' } }).then(
      () => 'answered',
      () => 'dropped',
    );
    while (sb.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    await sb.close();
    expect(await pending).toBe('dropped');
    expect(performance.now() - t0).toBeLessThan(2000); // not the client's timeout: there is none
    expect(sb.requests.map((r) => r.status)).toEqual(['none', 'none']);
  });

  it('missing-route: /reverse answers 404 (no such route) by default, or the route named', async () => {
    const [reverseGone, debitGone] = await Promise.all([start('missing-route'), start('missing-route=debit')]);
    /** `route missing` when the router has no such route, else the status the handler gave. */
    const probe = async (sb: Sandbox, route: string) => {
      const r = await call(sb, { path: `/${route}`, secret: sb.credentials.production.hubbleSecret, body: { userId: sb.testUserId, referenceId: 'r', coins: 1 } });
      return r.status === 404 && r.body.error === 'NOT_FOUND' ? 'route missing' : r.status;
    };
    expect([await probe(reverseGone, 'debit'), await probe(reverseGone, 'reverse')]).toEqual([200, 'route missing']);
    expect([await probe(debitGone, 'debit'), await probe(debitGone, 'reverse')]).toEqual(['route missing', 404]); // 404: no debit to reverse
  });
});
