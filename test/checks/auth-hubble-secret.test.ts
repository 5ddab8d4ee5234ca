import { beforeAll, describe, expect, it } from 'vitest';
import authHubbleSecret, {
  assertSafe, judgeSecretEnforcement, type SecretEndpoint, type SecretEnforcementInput, type SecretProbe,
} from '../../checks/auth-hubble-secret.js';
import { Secret } from '../../src/engine/secret.js';
import type { ProbeOutcome } from '../../src/hubble/outcome.js';
import { configFor, partnerPool, contractContext, messages, runContract, SECRETS } from '../helpers/contract-context.js';
import type { Partner, PartnerFault } from '../helpers/partner.js';

const res = (status: number, body = '{}'): ProbeOutcome => ({ kind: 'response', status, latencyMs: 5, body });
const DEBIT: SecretEndpoint = { name: 'debit', label: 'POST /debit', url: 'https://api.acme.com/hubble/debit', plainHttp: false };
const BALANCE: SecretEndpoint = { name: 'balance', label: 'GET /balance', url: 'https://api.acme.com/hubble/balance', plainHttp: false };

function input(probes: Partial<SecretProbe>[], extra: Partial<SecretEnforcementInput> = {}): SecretEnforcementInput {
  return {
    endpoints: [DEBIT, BALANCE],
    probes: probes.map((p) => ({ endpoint: 'debit', url: DEBIT.url, kind: 'wrong', outcome: res(401), ...p }) as SecretProbe),
    staging: { status: 'sent' },
    valid: 'sent',
    ...extra,
  };
}

describe('judgeSecretEnforcement', () => {
  it.each([
    ['401 to a wrong secret passes', 'wrong', res(401), 'pass', /refused a wrong secret \(401\)/],
    ['403 to no secret passes', 'none', res(403), 'pass', /refused no secret \(403\)/],
    ['2xx to a wrong secret fails', 'wrong', res(200), 'fail', /accepted a request with a wrong X-Hubble-Secret: answered 200/],
    ['2xx to no secret fails', 'none', res(201), 'fail', /accepted a request with no X-Hubble-Secret/],
    ['2xx to the staging secret fails', 'staging', res(200), 'fail', /accepted a request with the staging X-Hubble-Secret/],
    ['another 4xx warns, saying what was expected', 'none', res(400), 'warn', /answered 400 .* expected 401 or 403/],
    ['404 warns', 'wrong', res(404), 'warn', /answered 404/],
    ['5xx fails', 'wrong', res(500), 'fail', /answered 500 .* expected 401 or 403/],
    ['a redirect fails', 'wrong', { kind: 'response', status: 302, latencyMs: 1, body: '', location: 'https://x/login' } as ProbeOutcome, 'fail', /redirect to https:\/\/x\/login/],
    ['no answer fails, saying only that enforcement could not be verified', 'wrong', { kind: 'failure', stage: 'connect', code: 'ECONNREFUSED', timedOut: false, message: 'refused', latencyMs: 1 } as ProbeOutcome, 'fail', /^POST \/debit gave no answer \(TCP connect failed: ECONNREFUSED\): X-Hubble-Secret enforcement could not be verified there$/],
  ] as const)('%s', (_name, kind, outcome, status, message) => {
    const findings = judgeSecretEnforcement(input([{ kind, outcome, ...(kind === 'staging' ? { fingerprint: 'abcd1234', from: 'staging' } : {}) }]));
    const f = findings.find((x) => x.target?.includes('debit'))!;
    expect(f.status).toBe(status);
    expect(f.message).toMatch(message);
    if (status !== 'pass') expect(f.fix).toBeTruthy();
  });

  it('fails a 4xx identical to the answer with the configured secret: the secret makes no difference', () => {
    const same = res(404, '{"error":"USER_NOT_FOUND"}');
    const findings = judgeSecretEnforcement({
      ...input([]),
      probes: [
        { endpoint: 'balance', url: BALANCE.url, kind: 'none', outcome: same },
        { endpoint: 'balance', url: BALANCE.url, kind: 'valid', outcome: same, fingerprint: 'f1f2f3f4' },
      ],
    });
    expect(findings[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/exactly as to the same request with the configured secret/) });
    // A different body is only the "another 4xx" warning.
    const differs = judgeSecretEnforcement({
      ...input([]),
      probes: [
        { endpoint: 'balance', url: BALANCE.url, kind: 'none', outcome: res(404, '{"error":"NOT_FOUND"}') },
        { endpoint: 'balance', url: BALANCE.url, kind: 'valid', outcome: same, fingerprint: 'f1f2f3f4' },
      ],
    });
    expect(differs[0]!.status).toBe('warn');
  });

  it.each([
    ['the staging secret let through where a wrong one is refused', [['wrong', 401], ['staging', 404]], /refused a wrong X-Hubble-Secret \(401\) but answered 404 to the staging X-Hubble-Secret: the staging secret is accepted/],
    ['a wrong secret let through where a missing one is refused', [['none', 401], ['wrong', 400]], /refused a request with no X-Hubble-Secret \(401\) but answered 400 to a wrong one: only the header's presence is checked/],
  ] as const)('fails %s', (_name, pairs, message) => {
    const findings = judgeSecretEnforcement(input(pairs.map(([kind, status]) => ({ kind, outcome: res(status) }))));
    expect(findings.find((f) => f.status === 'fail')?.message).toMatch(message);
  });

  it('only warns when a missing secret gets 400 and a wrong one 401 (a missing header refused as a bad request)', () => {
    const findings = judgeSecretEnforcement(input([{ kind: 'none', outcome: res(400) }, { kind: 'wrong', outcome: res(401) }]));
    expect(findings.map((f) => f.status)).toEqual(['warn']);
  });

  it('names every refused probe of an endpoint in one pass finding', () => {
    const findings = judgeSecretEnforcement(input([{ kind: 'none' }, { kind: 'wrong' }, { kind: 'staging', outcome: res(403), fingerprint: 'ab', from: 'staging' }]));
    expect(findings[0]).toMatchObject({ status: 'pass', message: 'POST /debit refused no secret (401), a wrong secret (401) and the staging secret (403)' });
  });

  describe('probes that got no HTTP answer', () => {
    const SSO: SecretEndpoint = { name: 'sso', label: 'POST /sso', url: 'https://api.acme.com/hubble/sso', plainHttp: false };
    const REVERSE: SecretEndpoint = { name: 'reverse', label: 'POST /reverse', url: 'https://api.acme.com/hubble/reverse', plainHttp: false };
    const ALL = [SSO, BALANCE, DEBIT, REVERSE];
    const expired: ProbeOutcome = { kind: 'failure', stage: 'tls', code: 'CERT_HAS_EXPIRED', timedOut: false, message: 'certificate has expired', latencyMs: 9 };
    const timeout: ProbeOutcome = { kind: 'failure', stage: 'http', code: 'TIMEOUT', timedOut: true, message: 'no response headers within 1000 ms', latencyMs: 1000 };
    /** Every probe of a production run: no, a wrong and the staging secret on each endpoint, the configured one on /balance. */
    const everyProbe = (outcomeOf: (ep: SecretEndpoint, kind: SecretProbe['kind']) => ProbeOutcome): SecretEnforcementInput => ({
      endpoints: ALL,
      probes: [
        ...ALL.flatMap((ep) => (['none', 'wrong', 'staging'] as const).map((kind) => ({
          endpoint: ep.name, url: ep.url, kind, outcome: outcomeOf(ep, kind), ...(kind === 'staging' ? { fingerprint: 'abcd1234', from: 'staging' } : {}),
        }))),
        { endpoint: 'balance', url: BALANCE.url, kind: 'valid', outcome: outcomeOf(BALANCE, 'valid'), fingerprint: 'f1f2f3f4' },
      ],
      staging: { status: 'sent' },
      valid: 'sent',
    });

    it('one origin that gives no answer is one finding, not one per probe: which endpoints, why, what could not be verified, where to look', () => {
      const findings = judgeSecretEnforcement(everyProbe(() => expired));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        status: 'fail',
        message: 'POST /sso, GET /balance, POST /debit and POST /reverse gave no answer (TLS handshake failed: CERT_HAS_EXPIRED): ' +
          'X-Hubble-Secret enforcement could not be verified on them, nor whether GET /balance accepts the configured hubbleSecret',
        target: 'https://api.acme.com/hubble',
        evidence: { endpoints: ['POST /sso', 'GET /balance', 'POST /debit', 'POST /reverse'], probes: 13, stage: 'tls', code: 'CERT_HAS_EXPIRED' },
        fix: expect.stringMatching(/^See tls\.certificate for the cause/),
      });
      // Nothing was accepted or refused: the message must not say so.
      expect(findings[0]!.message).not.toMatch(/accepted|refused/);
    });

    it.each([
      ['a timeout', timeout, /HTTP exchange timed out: TIMEOUT/, /network\.reachability/],
      ['a TLS version refused', { ...expired, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' } as ProbeOutcome, /TLS handshake failed: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION/, /tls\.protocol/],
      ['a refused connection', { ...expired, stage: 'connect', code: 'ECONNREFUSED' } as ProbeOutcome, /TCP connect failed: ECONNREFUSED/, /network\.reachability/],
    ] as const)('%s is one finding too, pointing at the check that reports the cause', (_name, outcome, cause, see) => {
      const findings = judgeSecretEnforcement(everyProbe(() => outcome));
      expect(findings).toHaveLength(1);
      expect(findings[0]!.message).toMatch(cause);
      expect(findings[0]!.fix).toMatch(see);
    });

    it('judges the answers it did get, and names only the probes that got none', () => {
      const findings = judgeSecretEnforcement(everyProbe((ep, kind) => (ep.name === 'debit' && kind === 'wrong' ? timeout : kind === 'valid' ? res(404) : res(401))));
      expect(findings.map((f) => `${f.status}: ${f.message}`)).toEqual([
        'fail: POST /debit (to a wrong secret) gave no answer (HTTP exchange timed out: TIMEOUT): X-Hubble-Secret enforcement could not be verified there',
        'pass: POST /sso refused no secret (401), a wrong secret (401) and the staging secret (401)',
        'pass: GET /balance refused no secret (401), a wrong secret (401) and the staging secret (401)',
        'pass: POST /debit refused no secret (401) and the staging secret (401)',
        'pass: POST /reverse refused no secret (401), a wrong secret (401) and the staging secret (401)',
        'pass: GET /balance accepted the configured hubbleSecret (answered 404 for a probe user)',
      ]);
    });

    it('still fails a secret accepted on an endpoint that answered, next to one that did not', () => {
      const findings = judgeSecretEnforcement(everyProbe((ep, kind) => (ep.name === 'sso' ? expired : kind === 'valid' ? res(404) : ep.name === 'debit' && kind === 'none' ? res(200) : res(401))));
      expect(findings.filter((f) => f.status === 'fail').map((f) => f.message)).toEqual([
        'POST /sso gave no answer (TLS handshake failed: CERT_HAS_EXPIRED): X-Hubble-Secret enforcement could not be verified there',
        'POST /debit accepted a request with no X-Hubble-Secret: answered 200; it must answer 401 or 403',
      ]);
    });

    it('gives each distinct cause its own finding, at most one per endpoint', () => {
      const findings = judgeSecretEnforcement(everyProbe((ep, kind) => (ep.name === 'sso' ? timeout : ep.name === 'debit' && kind === 'none' ? timeout : expired)));
      expect(findings.map((f) => f.message)).toEqual([
        'POST /sso gave no answer (HTTP exchange timed out: TIMEOUT): X-Hubble-Secret enforcement could not be verified there',
        'GET /balance and POST /reverse gave no answer (TLS handshake failed: CERT_HAS_EXPIRED): X-Hubble-Secret enforcement could not be verified on them, nor whether GET /balance accepts the configured hubbleSecret',
        'POST /debit gave no answer (HTTP exchange timed out: TIMEOUT; TLS handshake failed: CERT_HAS_EXPIRED): X-Hubble-Secret enforcement could not be verified there',
      ]);
      expect(findings[2]!.evidence).toMatchObject({ causes: [{ stage: 'http', code: 'TIMEOUT' }, { stage: 'tls', code: 'CERT_HAS_EXPIRED' }] });
    });
  });

  it.each([
    ['401 to the configured secret fails: every real call would be refused', 401, 'fail', /refused the configured hubbleSecret \(sha256:f1f2f3f4\)/],
    ['403 to the configured secret fails', 403, 'fail', /refused the configured/],
    ['200 accepts it', 200, 'pass', /accepted the configured hubbleSecret \(answered 200/],
    ['404 for the probe user accepts it', 404, 'pass', /accepted .*answered 404 for a probe user/],
    ['500 cannot confirm it: warn', 500, 'warn', /could not confirm/],
  ] as const)('configured secret on /balance: %s', (_name, status, verdict, message) => {
    const findings = judgeSecretEnforcement(input([{ endpoint: 'balance', url: BALANCE.url, kind: 'valid', outcome: res(status), fingerprint: 'f1f2f3f4' }]));
    const f = findings.find((x) => x.message.includes('configured'))!;
    expect(f.status).toBe(verdict);
    expect(f.message).toMatch(message);
  });

  it('fails a plain http endpoint on the scheme alone', () => {
    const findings = judgeSecretEnforcement({ ...input([]), endpoints: [{ ...DEBIT, url: 'http://api.acme.com/hubble/debit', plainHttp: true }] });
    expect(findings[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/plain http.*nothing was sent/) });
  });

  it('fails when staging and production share the secret, and says the probe was not sent', () => {
    const findings = judgeSecretEnforcement(input([], { staging: { status: 'same-secret', env: 'staging', fingerprint: '0badf00d' } }));
    expect(findings.find((f) => f.status === 'fail')?.message).toMatch(/same value as in environment "staging" \(sha256:0badf00d\).*not sent/);
  });

  it('notes, as skip findings, probes it could not make', () => {
    const findings = judgeSecretEnforcement(input([], { staging: { status: 'none-configured' }, valid: 'not-configured' }));
    expect(findings.filter((f) => f.status === 'skip').map((f) => f.message)).toEqual([
      expect.stringMatching(/no staging environment/),
      expect.stringMatching(/hubbleSecret is not set/),
    ]);
  });
});

describe('assertSafe', () => {
  const secret = new Secret(SECRETS.hubble);
  it.each([
    ['sso', false], ['debit', true], ['reverse', true],
  ] as const)('refuses to put the configured secret on /%s', (name, mutating) => {
    expect(() => assertSafe({ name, mutating }, 'valid', secret, secret)).toThrow(/refusing/);
    expect(() => assertSafe({ name, mutating }, 'staging', new Secret(SECRETS.hubble), secret)).toThrow(/refusing/);
  });
  it('allows it on GET /balance, and other secrets anywhere', () => {
    expect(() => assertSafe({ name: 'balance', mutating: false }, 'valid', secret, secret)).not.toThrow();
    expect(() => assertSafe({ name: 'debit', mutating: true }, 'wrong', new Secret('other'), secret)).not.toThrow();
  });
});

describe('auth.hubble-secret against loopback partners', () => {
  const pool = partnerPool();
  const start = (faults: PartnerFault[] = []) => pool({ faults });
  let correct: Partner;
  beforeAll(async () => {
    correct = await start();
  });

  it('passes a partner that refuses everything but the configured secret', async () => {
    const { config, envName } = configFor(correct);
    const r = (await runContract([authHubbleSecret], config, envName, { partner: correct }))['auth.hubble-secret']!;
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(messages(r)).toEqual(expect.arrayContaining([
      'pass: POST /sso refused no secret (401), a wrong secret (401) and the staging secret (401)',
      'pass: POST /debit refused no secret (401), a wrong secret (401) and the staging secret (401)',
      expect.stringMatching(/^pass: GET \/balance accepted the configured hubbleSecret \(answered 404 for a probe user\)/),
    ]));
  });

  it('fails a partner that accepts any secret, naming each endpoint', async () => {
    const p = await start(['anySecret']);
    const { config, envName } = configFor(p);
    const r = (await runContract([authHubbleSecret], config, envName, { partner: p }))['auth.hubble-secret']!;
    expect(r.status).toBe('fail');
    // /balance: the probe user is unknown either way, so the answer with no or a wrong secret equals the one with the configured secret.
    expect(messages(r)).toEqual(expect.arrayContaining([
      'fail: GET /balance answered 404 to a request with no X-Hubble-Secret, exactly as to the same request with the configured secret: the secret is not checked',
      'fail: GET /balance answered 404 to a request with a wrong X-Hubble-Secret, exactly as to the same request with the configured secret: the secret is not checked',
      'warn: POST /debit answered 404 to a request with a wrong X-Hubble-Secret; expected 401 or 403 (another 4xx suggests the body is validated before the secret is checked)',
      'warn: POST /reverse answered 404 to a request with no X-Hubble-Secret; expected 401 or 403 (another 4xx suggests the body is validated before the secret is checked)',
    ]));
  });

  it('fails an endpoint that answers 2xx without the secret', async () => {
    // Answers 200 {totalCoins: 0} for any user, the probe user included.
    const p = await pool({ faults: ['anySecret'], zeroForUnknownUsers: true });
    const { config, envName } = configFor(p);
    const findings = await authHubbleSecret.run(await contractContext(config, envName, { partner: p }));
    expect(findings.filter((f) => f.status === 'fail').map((f) => f.message)).toEqual(expect.arrayContaining([
      'GET /balance accepted a request with no X-Hubble-Secret: answered 200; it must answer 401 or 403',
      'GET /balance accepted a request with a wrong X-Hubble-Secret: answered 200; it must answer 401 or 403',
      'GET /balance accepted a request with the staging X-Hubble-Secret: answered 200; it must answer 401 or 403',
    ]));
  });

  it('fails a partner that accepts the staging secret in production, and only for that probe', async () => {
    const p = await start(['stagingSecret']);
    const { config, envName } = configFor(p);
    const r = (await runContract([authHubbleSecret], config, envName, { partner: p }))['auth.hubble-secret']!;
    expect(r.status).toBe('fail');
    const problems = r.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
    // /sso answers 401 to the invalid probe token whatever the secret, so it cannot show it; /balance is
    // compared with the configured secret's answer, /debit and /reverse with the wrong secret's 401.
    expect(problems.map((f) => `${f.status}: ${f.message}`)).toEqual([
      'fail: GET /balance answered 404 to a request with the staging X-Hubble-Secret, exactly as to the same request with the configured secret: the secret is not checked',
      'fail: POST /debit refused a wrong X-Hubble-Secret (401) but answered 404 to the staging X-Hubble-Secret: the staging secret is accepted',
      'fail: POST /reverse refused a wrong X-Hubble-Secret (401) but answered 404 to the staging X-Hubble-Secret: the staging secret is accepted',
    ]);
    expect(problems[0]!.evidence).toMatchObject({ secret: `sha256:${new Secret(SECRETS.stagingHubble).fingerprint}`, from: 'staging' });
  });

  it('does not send a staging secret when checking a staging environment', async () => {
    const p = await pool({ hubbleSecret: SECRETS.stagingHubble, webhookSecret: SECRETS.stagingWebhook });
    const { config, envName } = configFor(p, { tier: 'staging' });
    const r = (await runContract([authHubbleSecret], config, envName, { partner: p }))['auth.hubble-secret']!;
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(messages(r).some((m) => m.includes('staging secret'))).toBe(false);
    const secretsSent = new Set(p.requests.map((q) => q.headers['x-hubble-secret']).filter((v) => v !== undefined && !v.startsWith('hubble-golive-probe-wrong-secret-')));
    expect([...secretsSent]).toEqual([SECRETS.stagingHubble]);
  });

  it('fails when the partner refuses the configured secret', async () => {
    const p = await pool({ hubbleSecret: 'a-different-deployed-secret-value' });
    const { config, envName } = configFor(p);
    const r = (await runContract([authHubbleSecret], config, envName, { partner: p }))['auth.hubble-secret']!;
    expect(messages(r)).toContain(
      `fail: GET /balance refused the configured hubbleSecret (sha256:${new Secret(SECRETS.hubble).fingerprint}): answered 401; every call Hubble makes with it would be refused the same way`,
    );
  });

  it('warns when the body is validated before the secret', async () => {
    const p = await start(['validateBeforeAuth']);
    const { config, envName } = configFor(p);
    const r = (await runContract([authHubbleSecret], config, envName, { partner: p }))['auth.hubble-secret']!;
    expect(r.status).toBe('warn');
    expect(messages(r)).toContain(
      'warn: POST /debit answered 400 to a request with no X-Hubble-Secret; expected 401 or 403 (another 4xx suggests the body is validated before the secret is checked)',
    );
  });

  it('skips when no endpoint takes the secret', async () => {
    const { config, envName } = configFor(correct, { sso: 'jwt', coins: false });
    const r = (await runContract([authHubbleSecret], config, envName, { partner: correct }))['auth.hubble-secret']!;
    expect(r).toMatchObject({ status: 'skip', findings: [{ message: 'no endpoint takes X-Hubble-Secret: sso is jwt and coins is off' }] });
  });
});
