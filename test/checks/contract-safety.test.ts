// SPEC section 5, proved from what the partner servers received: without --allow-mutations nothing
// can change partner state; nothing carrying a secret or a signature goes to http://; no secret or
// signature value shows up in any result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import authHubbleSecret from '../../checks/auth-hubble-secret.js';
import coinsContract from '../../checks/coins-contract.js';
import ssoContract from '../../checks/sso-contract.js';
import webhookSignature from '../../checks/webhook-signature.js';
import type { CheckResult } from '../../src/engine/check.js';
import { Secret } from '../../src/engine/secret.js';
import { verifyWebhook } from '../../src/hubble/webhook.js';
import { configFor, contractCa, messages, partnerSecrets, runContract, SECRETS, TEST_USER } from '../helpers/contract-context.js';
import { startPartner, startPlainPartner, type Partner, type PartnerFault, type RecordedRequest } from '../helpers/partner.js';
import { runAgainstSandbox } from './sandbox-contract.js';

const CONTRACT = [authHubbleSecret, ssoContract, webhookSignature, coinsContract];
const webhookKey = new Secret(SECRETS.webhook);
/** Everything a partner gets wrong at once, and it echoes the secret headers back. */
const BROKEN: PartnerFault[] = ['anySecret', 'stagingSecret', 'unsignedWebhooks', 'tamperedBody', 'mockSso', 'echoHeaders', 'debitNotIdempotent', 'reverseNotIdempotent'];

const validlySigned = (q: RecordedRequest) => q.path.endsWith('/webhook') && verifyWebhook(q.body, q.headers['x-verify'], webhookKey);
const carriesValidSecret = (q: RecordedRequest) => q.headers['x-hubble-secret'] === SECRETS.hubble;

/** Every value that must never be printed: the configured secrets and every signature actually sent. */
function forbiddenValues(partner: Partner): string[] {
  const signatures = partner.requests.map((q) => q.headers['x-verify']).filter((v): v is string => !!v);
  return [...Object.values(SECRETS), ...signatures];
}

function assertNothingLeaks(results: Record<string, CheckResult>, partner: Partner): void {
  const text = JSON.stringify(results);
  for (const value of forbiddenValues(partner)) expect(text, `leaked ${value.slice(0, 6)}…`).not.toContain(value);
}

describe('a default run (no --allow-mutations) changes no partner state', () => {
  const partners: Partner[] = [];
  afterAll(() => Promise.all(partners.map((p) => p.close())));
  const cases: [string, PartnerFault[]][] = [['a correct partner', []], ['a partner that gets everything wrong', BROKEN]];
  const runs: Record<string, { partner: Partner; results: Record<string, CheckResult> }> = {};

  beforeAll(async () => {
    for (const [name, faults] of cases) {
      const partner = await startPartner(partnerSecrets({ faults, zeroForUnknownUsers: faults.length > 0 }), await contractCa());
      partners.push(partner);
      const { config, envName } = configFor(partner, { testUserId: TEST_USER });
      runs[name] = { partner, results: await runContract(CONTRACT, config, envName, { partner, ssoToken: undefined }) };
    }
  });

  describe.each(cases.map(([name]) => [name]))('%s', (name) => {
    it('sent requests (the probes ran)', () => {
      expect(runs[name]!.partner.requests.length).toBeGreaterThan(15);
      expect(runs[name]!.results['coins.contract']!.status).toBe('skip');
    });

    it('never sent the configured X-Hubble-Secret to /debit, /reverse or the webhook', () => {
      const bad = runs[name]!.partner.requests.filter((q) => carriesValidSecret(q) && !/\/(sso|balance)$/.test(q.path));
      expect(bad).toEqual([]);
      expect(runs[name]!.partner.requests.filter((q) => /\/(debit|reverse)$/.test(q.path)).length).toBeGreaterThan(0);
    });

    it('sent the configured secret only to GET /balance for a probe user and POST /sso with a probe token or mock-token', () => {
      for (const q of runs[name]!.partner.requests.filter(carriesValidSecret)) {
        if (q.path.endsWith('/balance')) {
          expect(q.method).toBe('GET');
          expect(q.query.userId).toMatch(/^hubble-golive-probe-user-[0-9a-f]{12}$/);
        } else {
          expect(q.path).toMatch(/\/sso$/);
          expect((JSON.parse(q.body) as { token: string }).token).toMatch(/^(hubble-golive-probe-token-[0-9a-f]{12}|mock-token)$/);
        }
      }
    });

    it('sent no correctly signed webhook', () => {
      const webhooks = runs[name]!.partner.requests.filter((q) => q.path.endsWith('/webhook'));
      expect(webhooks.length).toBe(4); // unsigned, wrong signature, changed body, staging signature
      expect(webhooks.filter(validlySigned)).toEqual([]);
    });

    it('named only probe users and probe references, never testUserId', () => {
      for (const q of runs[name]!.partner.requests) {
        expect(q.body + JSON.stringify(q.query)).not.toContain(TEST_USER);
        const body = q.body ? (JSON.parse(q.body) as Record<string, unknown>) : {};
        if (body.userId !== undefined) expect(body.userId).toMatch(/^hubble-golive-probe-user-/);
        if (body.referenceId !== undefined) expect(body.referenceId).toMatch(/^hubble-golive-probe-ref-/);
        if (body.coins !== undefined) expect(body.coins).toBe(1);
      }
      expect(runs[name]!.partner.balances.get(TEST_USER)).toBe(100);
    });

    it('shows no secret and no signature in any finding', () => {
      assertNothingLeaks(runs[name]!.results, runs[name]!.partner);
    });
  });

  it('the broken partner acted only on probe-marked deliveries, and every check says it is broken', () => {
    const { partner, results } = runs['a partner that gets everything wrong']!;
    expect(partner.processedWebhooks.length).toBeGreaterThan(0);
    for (const body of partner.processedWebhooks) expect(body).toMatch(/"userId":"hubble-golive-probe-user-[0-9a-f]{12}"/);
    expect([results['auth.hubble-secret']!.status, results['sso.contract']!.status, results['webhook.signature']!.status]).toEqual(['fail', 'fail', 'fail']);
    // The echoed X-Verify values were in the answers, and were scrubbed from the quoted first bytes.
    const quoted = results['webhook.signature']!.findings.map((f) => String(f.evidence?.bodyStart ?? '')).join(' ');
    expect(quoted).toContain('[redacted]');
  });
});

describe('a staging environment that shares production secrets', () => {
  let partner: Partner;
  let results: Record<string, CheckResult>;
  beforeAll(async () => {
    partner = await startPartner(partnerSecrets({ faults: ['anySecret', 'unsignedWebhooks', 'tamperedBody'] }), await contractCa());
    const { config, envName } = configFor(partner, { stagingSharesSecrets: true, testUserId: TEST_USER });
    results = await runContract(CONTRACT, config, envName, { partner });
  });
  afterAll(() => partner.close());

  it('does not send the shared value as "the staging secret" (it is the valid one)', () => {
    expect(partner.requests.filter((q) => carriesValidSecret(q) && /\/(debit|reverse|webhook)$/.test(q.path))).toEqual([]);
    expect(partner.requests.filter(validlySigned)).toEqual([]);
  });

  it('fails both checks for it instead', () => {
    expect(results['auth.hubble-secret']!.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/hubbleSecret is the same value as in environment "staging"/));
    expect(results['webhook.signature']!.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/webhookSecret is the same value as in environment "staging"/));
  });
});

describe('plain http endpoints', () => {
  let partner: Partner;
  beforeAll(async () => {
    partner = await startPlainPartner(partnerSecrets());
  });
  afterAll(() => partner.close());

  it.each([[false], [true]])('get nothing carrying X-Hubble-Secret or X-Verify, and fail on the scheme alone (--allow-mutations: %s)', async (allowMutations) => {
    const { config, envName } = configFor(partner, { testUserId: TEST_USER });
    const results = await runContract(CONTRACT, config, envName, { partner, allowMutations, ssoToken: 'real-token-1' });
    expect(partner.requests.filter((q) => q.headers['x-hubble-secret'] !== undefined || q.headers['x-verify'] !== undefined)).toEqual([]);
    expect(partner.requests).toEqual([]);
    // coins.contract runs only with --allow-mutations.
    for (const id of ['auth.hubble-secret', 'sso.contract', 'webhook.signature', ...(allowMutations ? ['coins.contract'] : [])]) {
      expect(results[id]!.status, id).toBe('fail');
      expect(results[id]!.findings.some((f) => /plain http/.test(f.message)), id).toBe(true);
    }
  });
});

describe('with --allow-mutations', () => {
  let partner: Partner;
  let results: Record<string, CheckResult>;
  beforeAll(async () => {
    partner = await startPartner(partnerSecrets(), await contractCa());
    const { config, envName } = configFor(partner, { testUserId: TEST_USER });
    results = await runContract(CONTRACT, config, envName, { partner, allowMutations: true });
  });
  afterAll(() => partner.close());

  it('writes exactly what the README states: one signed probe webhook, and 1 coin of testUserId debited and reversed (each twice)', () => {
    expect(partner.requests.filter(validlySigned)).toHaveLength(1);
    expect(partner.processedWebhooks).toHaveLength(1);
    const writes = partner.requests.filter((q) => carriesValidSecret(q) && /\/(debit|reverse)$/.test(q.path));
    expect(writes.map((q) => q.path.replace('/hubble/', ''))).toEqual(['debit', 'debit', 'reverse', 'reverse']);
    for (const q of writes) expect(JSON.parse(q.body)).toMatchObject({ userId: TEST_USER, coins: 1, referenceId: expect.stringMatching(/^hubble-golive-probe-ref-/) });
    expect(partner.balances.get(TEST_USER)).toBe(100);
    for (const id of ['auth.hubble-secret', 'webhook.signature', 'coins.contract']) expect(results[id]!.status, id).toBe('pass');
  });

  it('still shows no secret and no signature', () => {
    assertNothingLeaks(results, partner);
  });
});

describe('secrets a partner echoes back encoded or in a redirect never reach a result', () => {
  it('URL-encoded, Base64, \\/-escaped and Location echoes of X-Hubble-Secret and X-Verify are all scrubbed', async () => {
    const partner = await startPartner(partnerSecrets({ faults: ['echoEncoded', 'anySecret'] }), await contractCa());
    try {
      const { config, envName } = configFor(partner);
      const results = await runContract(CONTRACT, config, envName, { partner, ssoToken: undefined });
      const text = JSON.stringify(results);
      const sent = forbiddenValues(partner);
      expect(partner.requests.some((q) => q.headers['x-verify'])).toBe(true);
      for (const v of sent) {
        for (const form of [v, encodeURIComponent(v), Buffer.from(v).toString('base64'), JSON.stringify(v).slice(1, -1).replace(/\//g, '\\/')]) {
          expect(text, `leaked a form of ${v.slice(0, 6)}…`).not.toContain(form);
        }
      }
    } finally {
      await partner.close();
    }
  });

  it('a staging secret that differs from production only by whitespace is never sent as "the staging secret"', async () => {
    const partner = await startPartner(partnerSecrets({ faults: ['anySecret'] }), await contractCa());
    try {
      const { parseConfig } = await import('../../src/config/load.js');
      const config = parseConfig(
        `version: 1\nenvironments:\n  production:\n    clientId: p\n    appSecret: \${A}\n    hubbleSecret: \${H}\n    webhookSecret: \${W}\n    integrationBaseUrl: ${partner.baseUrl}\n    webhookUrl: ${partner.webhookUrl}\n    coins: true\n  staging:\n    clientId: s\n    hubbleSecret: \${HS}\n`,
        '/virtual/hubble.config.yaml',
        { env: { A: SECRETS.app, H: SECRETS.hubble, W: SECRETS.webhook, HS: `${SECRETS.hubble} ` } },
      );
      await runContract([authHubbleSecret], config, 'production', { partner, ssoToken: undefined });
      const bad = partner.requests.filter((q) => carriesValidSecret(q) && /\/(debit|reverse)$/.test(q.path));
      expect(partner.requests.filter((q) => /\/(debit|reverse)$/.test(q.path)).length).toBeGreaterThan(0);
      expect(bad).toEqual([]);
    } finally {
      await partner.close();
    }
  });
});

describe('an origin that gives no HTTP answer (demo --faults expired-cert, tls11-only, hang)', () => {
  it.each([
    ['expired-cert', /TLS handshake failed: CERT_HAS_EXPIRED/, /tls\.certificate/, 3000],
    ['tls11-only', /TLS handshake failed: ERR_SSL_\w+/, /tls\.protocol/, 3000],
    ['hang', /HTTP exchange timed out: TIMEOUT/, /network\.reachability/, 700],
  ] as const)('%s: each contract check says so once, with the cause, claims nothing was accepted, and leaks nothing', async (fault, cause, see, timeoutMs) => {
    // With --allow-mutations and --sso-token, as the demo runs: every probe of every contract check goes out.
    const { results, secrets, sandbox } = await runAgainstSandbox(CONTRACT, fault, { timeoutMs, allowMutations: true, ssoToken: true });
    for (const id of ['auth.hubble-secret', 'sso.contract', 'webhook.signature', 'coins.contract']) {
      const r = results[id]!;
      expect(r.status, id).toBe('fail');
      const problems = r.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
      expect(problems.map((f) => f.message), id).toHaveLength(1);
      expect(problems[0]!.message, id).toMatch(cause);
      expect(problems[0]!.message, id).toMatch(/(gave|got) no answer .*could not be verified/);
      expect(problems[0]!.message, id).not.toMatch(/accepted|refused|idempotent:|debited twice/);
      expect(problems[0]!.fix, id).toMatch(see);
    }
    expect(results['auth.hubble-secret']!.findings[0]!.message).toMatch(/^POST \/sso, GET \/balance, POST \/debit and POST \/reverse gave no answer/);
    const text = JSON.stringify(results);
    for (const v of [...secrets, sandbox.testToken]) expect(text).not.toContain(v);
  });
});

describe('the probes of a contract check go out at once (SPEC section 5)', () => {
  const DELAY = 300;
  let partner: Partner;
  beforeAll(async () => {
    partner = await startPartner(partnerSecrets({ delayMs: DELAY, tokens: { 'real-token-1': { userId: 'u-1', firstName: 'A', phoneNumber: '9000000000' } } }), await contractCa());
  });
  afterAll(() => partner.close());

  // Every answer waits 300 ms: any two probes made one after the other would take 600 ms or more.
  it.each([
    ['auth.hubble-secret', authHubbleSecret, 13, false],
    ['sso.contract', ssoContract, 3, false],
    ['webhook.signature', webhookSignature, 5, true],
  ] as const)('%s: every probe in one round, under 2 × the answer delay', async (id, check, probes, allowMutations) => {
    const before = partner.requests.length;
    const { config, envName } = configFor(partner);
    const r = (await runContract([check], config, envName, { partner, allowMutations, ssoToken: 'real-token-1' }))[id]!;
    expect(partner.requests.length - before).toBe(probes);
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(r.durationMs).toBeGreaterThanOrEqual(DELAY);
    expect(r.durationMs).toBeLessThan(2 * DELAY);
  });
});
