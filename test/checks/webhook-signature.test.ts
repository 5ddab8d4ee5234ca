import { describe, expect, it } from 'vitest';
import webhookSignature, {
  assertNotValidlySigned, judgeWebhookSignature, localRoundTrip, type Delivery, type DeliveryKind, type WebhookObservation,
} from '../../checks/webhook-signature.js';
import { Secret } from '../../src/engine/secret.js';
import type { ProbeOutcome } from '../../src/hubble/outcome.js';
import { signWebhook } from '../../src/hubble/webhook.js';
import { configFor, partnerPool, messages, runContract, SECRETS } from '../helpers/contract-context.js';
import type { Partner, PartnerFault } from '../helpers/partner.js';

const URL_ = 'https://api.acme.com/hubble/webhook';
const res = (status: number): ProbeOutcome => ({ kind: 'response', status, latencyMs: 4, body: '{}' });
const NEGATIVE: DeliveryKind[] = ['unsigned', 'wrong-signature', 'tampered', 'staging-signature'];

function obs(statuses: Partial<Record<DeliveryKind, number | ProbeOutcome>>, extra: Partial<WebhookObservation> = {}): WebhookObservation {
  const deliveries: Delivery[] = Object.entries(statuses).map(([kind, s]) => ({
    kind: kind as DeliveryKind,
    outcome: typeof s === 'number' ? res(s) : s!,
    ...(kind === 'staging-signature' ? { from: 'staging', fingerprint: 'abcdef01' } : {}),
  }));
  return {
    url: URL_,
    plainHttp: false,
    roundTrip: { vector: true, configured: { fingerprint: '12345678', verifies: true, rejectsChangedBody: true, base64: true } },
    deliveries,
    staging: { status: 'sent' },
    signed: 'signed' in statuses ? 'sent' : 'no-mutations',
    ...extra,
  };
}
const problems = (o: WebhookObservation) => judgeWebhookSignature(o).filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error').map((f) => `${f.status}: ${f.message}`);

describe('judgeWebhookSignature', () => {
  it('passes every forged delivery refused, naming each', () => {
    const findings = judgeWebhookSignature(obs({ unsigned: 401, 'wrong-signature': 401, tampered: 401, 'staging-signature': 403 }));
    expect(findings.map((f) => f.status)).toEqual(['pass', 'pass', 'skip']);
    expect(findings[1]!.message).toBe(
      `${URL_} refused deliveries with no X-Verify header (401), a wrong signature (401), a body changed after signing (401) and the staging webhookSecret's signature (403)`,
    );
  });

  it.each(NEGATIVE.map((k) => [k] as const))('fails a 2xx to the %s delivery', (kind) => {
    const statuses = Object.fromEntries(NEGATIVE.map((k) => [k, k === kind ? 200 : 401]));
    const found = problems(obs(statuses));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^fail: .* accepted a delivery with .*: answered 200; it must refuse it \(401 or 403\)$/);
  });

  it.each([
    ['a 400 is a refusal (non-2xx)', 400, []],
    ['a 404 is a refusal', 404, []],
    ['a 500 warns: not accepted, but not a clean refusal', 500, [/^warn: .*answered 500 to a delivery with no X-Verify header: not accepted, but expected 401 or 403/]],
    ['no answer fails', { kind: 'failure', stage: 'tls', code: 'CERT_HAS_EXPIRED', timedOut: false, message: 'x', latencyMs: 2 } as ProbeOutcome, [/^fail: https:\/\/api\.acme\.com\/hubble\/webhook gave no answer \(TLS handshake failed: CERT_HAS_EXPIRED\) to the delivery with no X-Verify header: its X-Verify check could not be verified$/]],
  ] as const)('unsigned delivery: %s', (_name, outcome, expected) => {
    expect(problems(obs({ unsigned: outcome, 'wrong-signature': 401 }))).toEqual(expected.map((e) => expect.stringMatching(e)));
  });

  it.each([
    ['2xx passes', 200, []],
    ['401 fails: real webhooks would be refused', 401, [/^fail: .*refused a correctly signed delivery \(401\)/]],
    ['404 warns: the probe payload refused, the signature accepted', 404, [/^warn: .*answered 404 to a correctly signed delivery of a probe transaction; expected 2xx/]],
  ] as const)('correctly signed delivery (--allow-mutations): %s', (_name, status, expected) => {
    expect(problems(obs({ unsigned: 401, 'wrong-signature': 401, signed: status }))).toEqual(expected.map((e) => expect.stringMatching(e)));
  });

  it('warns, not fails, when every delivery, the correctly signed one too, gets 403: an IP allow-list', () => {
    const found = problems(obs({ unsigned: 403, 'wrong-signature': 403, tampered: 403, signed: 403 }));
    expect(found).toEqual([expect.stringMatching(/^warn: every delivery .* was answered 403, the correctly signed one too: that looks like an IP allow-list/)]);
    const f = judgeWebhookSignature(obs({ unsigned: 403, signed: 403 })).find((x) => x.status === 'warn')!;
    expect(f.fix).toMatch(/35\.200\.156\.199, 34\.47\.147\.244 and 34\.14\.138\.52/);
  });

  it('passes all-403 without a signed control, saying the allow-list cannot be told apart', () => {
    const findings = judgeWebhookSignature(obs({ unsigned: 403, 'wrong-signature': 403 }));
    expect(findings[1]).toMatchObject({ status: 'pass', message: expect.stringMatching(/every answer was 403: if that is an IP allow-list.*--allow-mutations adds a correctly signed control/) });
  });

  it('fails a correctly signed delivery refused with 403 when forged ones got 401 (not an allow-list)', () => {
    expect(problems(obs({ unsigned: 401, signed: 403 }))).toEqual([expect.stringMatching(/^fail: .*refused a correctly signed delivery \(403\)/)]);
  });

  it('says once that the webhook URL gave no answer to any delivery, and why, claiming nothing was accepted', () => {
    const hang: ProbeOutcome = { kind: 'failure', stage: 'http', code: 'TIMEOUT', timedOut: true, message: 'x', latencyMs: 1000 };
    const findings = judgeWebhookSignature(obs({ unsigned: hang, 'wrong-signature': hang, tampered: hang, 'staging-signature': hang, signed: hang }));
    expect(findings.map((f) => `${f.status}: ${f.message}`)).toEqual([
      expect.stringMatching(/^pass: X-Verify round trip/),
      `fail: ${URL_} gave no answer (HTTP exchange timed out: TIMEOUT) to any of the 5 probe deliveries: its X-Verify check could not be verified, nor that it accepts a correctly signed delivery`,
    ]);
    expect(findings[1]).toMatchObject({
      evidence: { deliveries: ['no X-Verify header', 'a wrong signature', 'a body changed after signing', "the staging webhookSecret's signature", 'a correct signature'], probes: 5, stage: 'http', code: 'TIMEOUT' },
      fix: 'See network.reachability for the cause; once the endpoint answers, run the check again.',
    });
    expect(findings[1]!.message).not.toMatch(/accepted|refused/);
  });

  it('names only the deliveries that got no answer, and judges the rest', () => {
    const reset: ProbeOutcome = { kind: 'failure', stage: 'http', code: 'ECONNRESET', timedOut: false, message: 'x', latencyMs: 3 };
    expect(problems(obs({ unsigned: 200, 'wrong-signature': reset, tampered: reset, 'staging-signature': 401 }))).toEqual([
      `fail: ${URL_} gave no answer (HTTP exchange failed: ECONNRESET) to the deliveries with a wrong signature and a body changed after signing: its X-Verify check could not be verified`,
      `fail: ${URL_} accepted a delivery with no X-Verify header: answered 200; it must refuse it (401 or 403)`,
    ]);
  });

  it('fails plain http, sending nothing', () => {
    expect(problems(obs({}, { plainHttp: true, url: 'http://api.acme.com/webhook' }))).toEqual([
      'fail: webhookUrl is plain http: a signed webhook would travel in clear text; no delivery was sent',
    ]);
  });

  it('fails shared staging/production webhook secrets', () => {
    expect(problems(obs({ unsigned: 401 }, { staging: { status: 'same-secret', env: 'staging', fingerprint: 'cafebabe' } }))).toEqual([
      expect.stringMatching(/^fail: webhookSecret is the same value as in environment "staging" \(sha256:cafebabe\)/),
    ]);
  });

  it('reports a failed local round trip as a fail, and a wrong reference vector as an error (a tool bug)', () => {
    expect(problems(obs({ unsigned: 401 }, { roundTrip: { vector: true, configured: { fingerprint: 'aa', verifies: false, rejectsChangedBody: true, base64: true } } }))[0]).toMatch(/^fail: the local X-Verify round trip/);
    expect(problems(obs({ unsigned: 401 }, { roundTrip: { vector: false } }))[0]).toMatch(/^error: this tool's X-Verify signer does not match/);
  });
});

describe('localRoundTrip', () => {
  it('signs and verifies with the configured secret, and matches the RFC 4231 vector', () => {
    const rt = localRoundTrip(new Secret(SECRETS.webhook));
    expect(rt).toEqual({ vector: true, configured: { fingerprint: new Secret(SECRETS.webhook).fingerprint, verifies: true, rejectsChangedBody: true, base64: true } });
  });
});

describe('assertNotValidlySigned', () => {
  const secret = new Secret(SECRETS.webhook);
  it('refuses a valid signature without --allow-mutations, allows it with', () => {
    const body = '{"a":1}';
    expect(() => assertNotValidlySigned(body, signWebhook(body, secret), secret, false)).toThrow(/refusing/);
    expect(() => assertNotValidlySigned(body, signWebhook(body, secret), secret, true)).not.toThrow();
    expect(() => assertNotValidlySigned('{"a":2}', signWebhook(body, secret), secret, false)).not.toThrow();
    expect(() => assertNotValidlySigned(body, undefined, secret, false)).not.toThrow();
  });
});

describe('webhook.signature against loopback partners', () => {
  const pool = partnerPool();
  const start = (faults: PartnerFault[] = []) => pool({ faults });
  const run = async (p: Partner, allowMutations = false) => {
    const { config, envName } = configFor(p);
    return (await runContract([webhookSignature], config, envName, { partner: p, allowMutations }))['webhook.signature']!;
  };
  const failing = (r: Awaited<ReturnType<typeof run>>) => r.findings.filter((f) => f.status === 'fail').map((f) => f.message);

  it('passes a partner that verifies X-Verify over the raw body, and acts on nothing', async () => {
    const p = await start();
    const r = await run(p);
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(p.requests.map((q) => q.headers['x-verify'] === undefined ? 'unsigned' : 'signed')).toEqual(['unsigned', 'signed', 'signed', 'signed']);
    expect(p.processedWebhooks).toEqual([]);
  });

  it('with --allow-mutations, sends one correctly signed delivery and expects a 2xx', async () => {
    const p = await start();
    const r = await run(p, true);
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(messages(r)).toContain(`pass: ${p.webhookUrl} accepted a correctly signed delivery (200)`);
    expect(p.processedWebhooks).toHaveLength(1);
    expect(p.processedWebhooks[0]).toMatch(/"userId":"hubble-golive-probe-user-[0-9a-f]+"/);
  });

  it('fails a partner that accepts unsigned webhooks, for that delivery only', async () => {
    expect(failing(await run(await start(['unsignedWebhooks'])))).toEqual([
      expect.stringMatching(/accepted a delivery with no X-Verify header: answered 200/),
    ]);
  });

  it('fails a partner that only checks the format of X-Verify (accepts a tampered body)', async () => {
    expect(failing(await run(await start(['tamperedBody'])))).toEqual([
      expect.stringMatching(/accepted a delivery with a wrong signature: answered 200/),
      expect.stringMatching(/accepted a delivery with a body changed after signing: answered 200/),
      expect.stringMatching(/accepted a delivery with the staging webhookSecret's signature: answered 200/),
    ]);
  });

  it("fails a production partner that accepts the staging secret's signature", async () => {
    expect(failing(await run(await start(['stagingSecret'])))).toEqual([
      expect.stringMatching(/accepted a delivery with the staging webhookSecret's signature: answered 200/),
    ]);
  });

  it('fails, with --allow-mutations, a partner that verifies re-serialised JSON instead of the raw bytes', async () => {
    expect(failing(await run(await start(['reserializedSignature']), true))).toEqual([
      expect.stringMatching(/refused a correctly signed delivery \(401\)/),
    ]);
  });

  it('warns about an IP allow-list with --allow-mutations, and passes without', async () => {
    const p = await start(['webhookAllowList']);
    expect((await run(p, true)).status).toBe('warn');
    expect((await run(p, false)).status).toBe('pass');
  });
});
