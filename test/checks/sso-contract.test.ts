import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssoContract, { judgeClassicSso, judgeJwt, judgeSsoRejection, judgeSsoSuccess, type JwtObservation } from '../../checks/sso-contract.js';
import type { ProbeOutcome } from '../../src/hubble/outcome.js';
import { configFor, partnerPool, messages, runContract, SECRETS } from '../helpers/contract-context.js';
import type { Partner, PartnerFault } from '../helpers/partner.js';

const URL_ = 'https://api.acme.com/hubble/sso';
const res = (status: number, body: unknown = {}): ProbeOutcome => ({ kind: 'response', status, latencyMs: 3, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('judgeSsoRejection', () => {
  it.each([
    ['401 {userId: null} passes', 'invalid', res(401, { userId: null }), 'pass', /refused an invalid token .*\(401\)/],
    ['400 passes', 'mock', res(400, { userId: null }), 'pass', /refused the token "mock-token" \(400\)/],
    ['200 with a userId for mock-token fails: mock SSO left on', 'mock', res(200, { userId: 'test-user-123' }), 'fail', /accepted the token "mock-token": answered 200 with a userId, the tell-tale of a mock SSO left on/],
    ['200 with a userId for an invalid token fails', 'invalid', res(200, { userId: 'u1' }), 'fail', /accepted an invalid token .*any token logs a user in/],
    ['200 with userId null passes (Hubble reads it as a failure)', 'invalid', res(200, { userId: null }), 'pass', /without a userId/],
    ['200 with an empty userId passes', 'invalid', res(200, { userId: '' }), 'pass', /without a userId/],
    ['403 warns (is it the secret?)', 'invalid', res(403), 'warn', /answered 403 .*see auth.hubble-secret/],
    ['500 warns, saying what is documented', 'invalid', res(500, 'oops'), 'warn', /answered 500 .*401 or 400 with \{"userId": null\}/],
    ['no answer fails, saying what could not be verified', 'mock', { kind: 'failure', stage: 'http', code: 'TIMEOUT', timedOut: true, message: 'x', latencyMs: 1 } as ProbeOutcome, 'fail', /^POST \/sso gave no answer \(HTTP exchange timed out: TIMEOUT\) to the token "mock-token": its handling of bad tokens could not be verified$/],
  ] as const)('%s', (_name, token, outcome, status, message) => {
    const f = judgeSsoRejection(token, outcome, URL_);
    expect(f.status).toBe(status);
    expect(f.message).toMatch(message);
  });

  it('marks an accepted bad token relaxOnStaging (a staging mock SSO is a warning), and keeps the token value out', () => {
    const f = judgeSsoRejection('mock', res(200, { userId: 'test-user-123' }), URL_);
    expect(f.relaxOnStaging).toBe(true);
    expect(f.evidence).toMatchObject({ userId: 'test-user-123', status: 200 });
  });
});

describe('judgeSsoSuccess', () => {
  it.each([
    ['the documented example passes', { userId: 'test-user-123', email: 'a@b.c', firstName: 'T', lastName: 'U', phoneNumber: '1234567890', cohorts: ['premium', 'beta'] }, ['pass']],
    ['userId alone passes, warning about name and phone', { userId: 'u' }, ['pass', 'warn']],
    ['null optional fields pass', { userId: 'u', email: null, firstName: 'A', phoneNumber: '1', cohorts: null }, ['pass']],
    ['unknown extra fields pass', { userId: 'u', firstName: 'A', phoneNumber: '1', tier: 'gold' }, ['pass']],
    ['a number userId fails', { userId: 42, firstName: 'A', phoneNumber: '1' }, ['fail']],
    ['a null userId fails', { userId: null }, ['fail']],
    ['a missing userId fails', { email: 'a@b.c' }, ['fail']],
    ['cohorts as a string fails', { userId: 'u', cohorts: 'premium' }, ['fail']],
    ['a number in cohorts fails', { userId: 'u', cohorts: ['a', 1] }, ['fail']],
    ['a number phone fails', { userId: 'u', phoneNumber: 1234567890 }, ['fail']],
  ])('%s', (_name, body, statuses) => {
    expect(judgeSsoSuccess(res(200, body), URL_).map((f) => f.status)).toEqual(statuses);
  });

  it('names the field, the expected and the observed type', () => {
    const [f] = judgeSsoSuccess(res(200, { userId: 42, cohorts: ['a', 1] }), URL_);
    expect(f!.message).toBe('POST /sso answered 200 to the --sso-token token, but userId: expected a string, got number; cohorts.1: expected a string, got number');
    expect(f!.evidence).toMatchObject({ fields: { userId: 'number', cohorts: 'array' } });
  });

  it('fails a body that is not JSON, and warns (cannot check) when the token is refused', () => {
    expect(judgeSsoSuccess(res(200, '<html>'), URL_)[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/not JSON/) });
    expect(judgeSsoSuccess(res(401, { userId: null }), URL_)[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(/refused the --sso-token token \(401\)/) });
  });

  it('never puts field values (PII) in evidence', () => {
    const findings = judgeSsoSuccess(res(200, { userId: 'u-secret-id', email: 'jane@corp.example', firstName: 'Jane', phoneNumber: '9876543210' }), URL_);
    expect(JSON.stringify(findings)).not.toMatch(/jane@corp|9876543210|Jane/);
  });
});

describe('judgeClassicSso', () => {
  it('fails plain http without any probe', () => {
    expect(judgeClassicSso({ url: 'http://x/sso', plainHttp: true })).toEqual([expect.objectContaining({ status: 'fail', message: expect.stringMatching(/plain http.*nothing was sent/) })]);
  });

  const expired: ProbeOutcome = { kind: 'failure', stage: 'tls', code: 'CERT_HAS_EXPIRED', timedOut: false, message: 'certificate has expired', latencyMs: 7 };

  it('says once that /sso gave no answer, naming every token it could not ask about and why', () => {
    const findings = judgeClassicSso({ url: URL_, plainHttp: false, invalid: expired, mock: expired, real: expired });
    expect(findings).toEqual([{
      status: 'fail',
      message: 'POST /sso gave no answer (TLS handshake failed: CERT_HAS_EXPIRED) to an invalid token (hubble-golive-probe-token-…), ' +
        'the token "mock-token" and the --sso-token token: its handling of bad tokens and the success shape could not be verified',
      target: URL_,
      evidence: { tokens: ['invalid probe token', 'mock-token', '--sso-token'], probes: 3, stage: 'tls', code: 'CERT_HAS_EXPIRED', slowestMs: 7 },
      fix: 'See tls.certificate for the cause; once the endpoint answers, run the check again.',
    }]);
  });

  it('judges the tokens that were answered next to one that was not', () => {
    const findings = judgeClassicSso({ url: URL_, plainHttp: false, invalid: res(401, { userId: null }), mock: { ...expired, stage: 'http', code: 'ECONNRESET' } });
    expect(findings.map((f) => `${f.status}: ${f.message}`)).toEqual([
      'fail: POST /sso gave no answer (HTTP exchange failed: ECONNRESET) to the token "mock-token": its handling of bad tokens could not be verified',
      'pass: POST /sso refused an invalid token (hubble-golive-probe-token-…) (401)',
      'skip: no --sso-token given: the success shape was not checked (pass a real token to check it)',
    ]);
  });
});

describe('judgeJwt', () => {
  const now = 1_750_000_000;
  const obs = (claims: Record<string, unknown>, extra: Partial<JwtObservation> = {}): JwtObservation => ({
    inspection: { alg: 'RS256', claims, signature: 'valid' },
    key: { ok: true, fingerprint: 'feedbeef' },
    clientId: 'acme-prod',
    nowSec: now,
    ...extra,
  });
  const good = { iss: 'acme-prod', sub: 'user-1', iat: now - 5, exp: now + 55 };
  const statuses = (o: JwtObservation) => judgeJwt(o).filter((f) => f.status !== 'pass').map((f) => `${f.status}: ${f.message}`);

  it('passes RS256, a valid signature, iss = clientId, exp = iat + 60, not expired', () => {
    expect(statuses(obs(good))).toEqual([]);
  });
  it.each([
    ['another algorithm', obs(good, { inspection: { alg: 'HS256', claims: good, signature: 'not-checked' } }), 'fail: the token is signed with HS256; Hubble accepts RS256 only'],
    ['a bad signature', obs(good, { inspection: { alg: 'RS256', claims: good, signature: 'invalid' } }), /^fail: the token's signature does not verify with jwtPublicKey \(sha256:feedbeef\)/],
    ['iss other than the clientId', obs({ ...good, iss: 'acme-staging' }), 'fail: iss is "acme-staging"; Hubble identifies the partner by iss, which must be the clientId "acme-prod"'],
    ['exp = iat + 3600', obs({ ...good, exp: good.iat + 3600 }), 'fail: exp − iat is 3600 s; Hubble requires exactly 60 (exp = iat + 60)'],
    ['no exp', obs({ iss: 'acme-prod', iat: now }), 'fail: the token lacks a numeric exp claim; Hubble requires exp = iat + 60'],
    ['expired', obs({ ...good, iat: now - 100, exp: now - 40 }), /^warn: the token expired 40 s ago/],
    ['iat in the future', obs({ ...good, iat: now + 120, exp: now + 180 }), /^warn: iat is 120 s in the future/],
    ['an unusable key', obs(good, { key: { ok: false, problem: 'holds a private key: give Hubble (and this tool) the public key only; the private key never leaves your backend' }, inspection: { alg: 'RS256', claims: good, signature: 'not-checked' } }), /^fail: jwtPublicKey holds a private key/],
    ['a token that is not a JWT', obs(good, { inspection: { decodeError: 'not a signed JWT (expected three base64url parts: header.claims.signature)', signature: 'not-checked' } }), /^fail: the --sso-token token is not a signed JWT/],
  ])('flags %s', (_name, o, expected) => {
    expect(statuses(o)).toContainEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
  });
});

describe('sso.contract against loopback partners', () => {
  const pool = partnerPool();
  const start = (faults: PartnerFault[] = []) =>
    pool({ faults, tokens: { 'real-token-1': { userId: 'user-1', firstName: 'Jane', lastName: 'Doe', phoneNumber: '9876543210', cohorts: ['beta'] } } });
  const run = async (p: Partner, o: Parameters<typeof configFor>[1] = {}, ssoToken?: string) => {
    const { config, envName } = configFor(p, o);
    return (await runContract([ssoContract], config, envName, { partner: p, ...(ssoToken ? { ssoToken } : {}) }))['sso.contract']!;
  };

  // One correct partner, shared by the tests that need no fault.
  let correct: Promise<Partner> | undefined;
  const correctPartner = () => (correct ??= start());

  it('passes a partner that refuses bad tokens and answers a real one with the documented shape', async () => {
    const p = await correctPartner();
    const r = await run(p, {}, 'real-token-1');
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(messages(r)).toEqual([
      'pass: POST /sso refused an invalid token (hubble-golive-probe-token-…) (401)',
      'pass: POST /sso refused the token "mock-token" (401)',
      'pass: POST /sso logged in the --sso-token user: 200 with a string userId and documented field types',
    ]);
    // Only the configured secret, only on /sso, with a probe token, mock-token and the given token.
    expect(p.requests.map((q) => JSON.parse(q.body).token as string).sort()).toEqual([expect.stringMatching(/^hubble-golive-probe-token-/), 'mock-token', 'real-token-1']);
    expect(JSON.stringify(r)).not.toContain('real-token-1');
  });

  it('fails a production partner with a mock SSO on', async () => {
    const r = await run(await start(['mockSso']));
    expect(r.status).toBe('fail');
    expect(messages(r)).toContain(
      'fail: POST /sso accepted the token "mock-token": answered 200 with a userId, the tell-tale of a mock SSO left on (on staging a mock SSO may be on by design; in production it must be off)',
    );
  });

  it('only warns about a mock SSO on a staging environment', async () => {
    const p = await pool({ hubbleSecret: SECRETS.stagingHubble, faults: ['mockSso'] });
    const r = await run(p, { tier: 'staging' });
    expect(r.status).toBe('warn');
  });

  it('fails a partner that accepts any token', async () => {
    const r = await run(await start(['anySsoToken']));
    expect(r.findings.filter((f) => f.status === 'fail').length).toBe(2);
  });

  it('fails a success body of the wrong shape', async () => {
    const r = await run(await start(['ssoBadShape']), {}, 'real-token-1');
    expect(messages(r)).toContain(
      'fail: POST /sso answered 200 to the --sso-token token, but userId: expected a string, got number; cohorts: expected a list of strings, got string',
    );
  });

  it('skips sso: none, and sso: jwt without a token or key, saying what to pass', async () => {
    const p = await correctPartner();
    expect((await run(p, { sso: 'none' })).findings[0]!.message).toBe('sso is none: there is no SSO exchange to check');
    expect((await run(p, { sso: 'jwt' })).findings[0]!.message).toBe(
      'sso is jwt: pass --sso-token with a token your backend just minted and set jwtPublicKey to your RSA public key to verify it (RS256, exp = iat + 60, iss = clientId)',
    );
  });

  describe('JWT mode', () => {
    let keys: { publicKey: KeyObject; privateKey: KeyObject };
    let other: { publicKey: KeyObject; privateKey: KeyObject };
    let dir: string;
    beforeAll(() => {
      keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
      other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      dir = mkdtempSync(join(tmpdir(), 'golive-jwt-'));
      writeFileSync(join(dir, 'sso-public.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
      writeFileSync(join(dir, 'oops-private.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const mint = (o: { iss?: string; lifetime?: number; key?: KeyObject; iatOffset?: number } = {}) => {
      const iat = Math.floor(Date.now() / 1000) + (o.iatOffset ?? 0);
      return new SignJWT({ phoneNumber: '9876543210' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setSubject('user-1')
        .setIssuer(o.iss ?? 'acme-prod')
        .setIssuedAt(iat)
        .setExpirationTime(iat + (o.lifetime ?? 60))
        .sign(o.key ?? keys.privateKey);
    };
    const runJwt = async (token: string, jwtPublicKey = 'sso-public.pem') => {
      const p = await correctPartner();
      const { config, envName } = configFor(p, { sso: 'jwt', jwtPublicKey, path: join(dir, 'hubble.config.yaml') });
      const before = p.requests.length;
      const r = (await runContract([ssoContract], config, envName, { partner: p, ssoToken: token }))['sso.contract']!;
      expect(p.requests.length, 'JWT SSO sends nothing').toBe(before);
      return r;
    };

    it('passes a token minted as Hubble requires, with the key as a path relative to the config', async () => {
      const r = await runJwt(await mint());
      expect(r.status, messages(r).join('\n')).toBe('pass');
    });
    it('accepts the key as PEM text in the config', async () => {
      const r = await runJwt(await mint(), keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
      expect(r.status).toBe('pass');
    });
    it('fails a token signed with another key', async () => {
      const r = await runJwt(await mint({ key: other.privateKey }));
      expect(messages(r)).toContainEqual(expect.stringMatching(/^fail: the token's signature does not verify with jwtPublicKey/));
    });
    it('fails a lifetime other than 60 s and an iss other than the clientId', async () => {
      const r = await runJwt(await mint({ lifetime: 3600, iss: 'someone-else' }));
      expect(messages(r)).toEqual(expect.arrayContaining([
        'fail: exp − iat is 3600 s; Hubble requires exactly 60 (exp = iat + 60)',
        'fail: iss is "someone-else"; Hubble identifies the partner by iss, which must be the clientId "acme-prod"',
      ]));
    });
    it('warns on an expired token', async () => {
      const r = await runJwt(await mint({ iatOffset: -120 }));
      expect(r.status).toBe('warn');
      expect(messages(r)).toContainEqual(expect.stringMatching(/^warn: the token expired 60 s ago/));
    });
    it('fails a private key given as jwtPublicKey, without printing it', async () => {
      const r = await runJwt(await mint(), 'oops-private.pem');
      expect(messages(r)).toContain('fail: jwtPublicKey holds a private key: give Hubble (and this tool) the public key only; the private key never leaves your backend');
      expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
    });
    it('fails a key file that cannot be read, naming the path', async () => {
      const r = await runJwt(await mint(), 'missing.pem');
      expect(messages(r)).toContain(`fail: jwtPublicKey cannot read ${join(dir, 'missing.pem')} (ENOENT)`);
    });
  });
});
