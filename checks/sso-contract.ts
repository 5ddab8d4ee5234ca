import { defineCheck, fail, pass, skip, warn, type CheckContext, type Finding } from '../src/engine/check.js';
import { configSecrets } from '../src/engine/redact.js';
import { HUBBLE_SECRET_HEADER, joinUrl, probeId } from '../src/hubble/endpoints.js';
import { inspectJwt, loadPublicKey, type JwtInspection, type PublicKeyResult } from '../src/hubble/jwt.js';
import {
  describeOutcome, is2xx, isNoAnswer, joinList, noAnswerFix, outcomeEvidence, parseJson, scrubOutcome, snippet, summarizeNoAnswer, toOutcome,
  type NoAnswer, type ProbeOutcome,
} from '../src/hubble/outcome.js';
import { authenticatedUserId, fieldTypes, JWT_SSO, MOCK_SSO_TOKEN, ssoSuccessSchema } from '../src/hubble/sso.js';

const LABEL = 'POST /sso';
const FIX_MOCK =
  'Turn the mock SSO off: validate every token against your own session or token store and answer 401 with {"userId": null} ' +
  'for an unknown, expired or test token. Hubble must never see a user for a token you did not issue.';

/** Judges the answer to a token that must not log anyone in: an invalid probe token or `mock-token`. */
export function judgeSsoRejection(token: 'invalid' | 'mock', outcome: ProbeOutcome, url: string): Finding {
  const what = token === 'mock' ? `the token "${MOCK_SSO_TOKEN}"` : 'an invalid token (hubble-golive-probe-token-…)';
  const evidence: Record<string, unknown> = { token: token === 'mock' ? MOCK_SSO_TOKEN : 'invalid probe token', ...outcomeEvidence(outcome) };
  if (isNoAnswer(outcome)) return judgeSsoUnanswered([{ token, outcome }], url);
  const s = outcome.status;
  const body = parseJson(outcome.body);
  const userId = authenticatedUserId(body);
  if (is2xx(s) && userId !== undefined) {
    return fail(
      `${LABEL} accepted ${what}: answered ${s} with a userId${token === 'mock' ? ', the tell-tale of a mock SSO left on' : ': any token logs a user in'}` +
        ' (on staging a mock SSO may be on by design; in production it must be off)',
      { target: url, evidence: { ...evidence, userId: userId.slice(0, 40) }, fix: FIX_MOCK, relaxOnStaging: true },
    );
  }
  if (is2xx(s)) {
    return pass(`${LABEL} answered ${s} without a userId to ${what}, which Hubble reads as a failure (401 or 400 with {"userId": null} is documented)`, {
      target: url, evidence,
    });
  }
  if (s === 401 || s === 400) return pass(`${LABEL} refused ${what} (${s})`, { target: url, evidence });
  const expected = 'Hubble documents 401 or 400 with {"userId": null} for an invalid or expired token';
  if (s === 403) {
    return warn(`${LABEL} answered 403 to ${what} sent with the configured X-Hubble-Secret; ${expected} (if 403 means the secret was refused, see auth.hubble-secret)`, {
      target: url, evidence, fix: 'Answer 401 with {"userId": null} for a bad token; keep 403 for a bad X-Hubble-Secret if you like, but make sure the configured one is accepted.',
    });
  }
  return warn(`${LABEL} answered ${describeOutcome(outcome)} to ${what}; ${expected}`, {
    target: url, evidence: { ...evidence, bodyStart: snippet(outcome.body) }, fix: 'Answer 401 with {"userId": null} when the token is not valid; never a server error.',
  });
}

/** Judges the answer to the real token given with --sso-token: 200 with a string userId and optional fields of documented types. */
export function judgeSsoSuccess(outcome: ProbeOutcome, url: string): Finding[] {
  const evidence: Record<string, unknown> = outcomeEvidence(outcome);
  if (isNoAnswer(outcome)) return [judgeSsoUnanswered([{ token: 'real', outcome }], url)];
  if (!is2xx(outcome.status)) {
    return [
      warn(`${LABEL} refused the --sso-token token (${describeOutcome(outcome)}), so the success shape could not be checked`, {
        target: url, evidence, fix: 'Pass a token of a real user that was issued just now (tokens may be single-use or short-lived) and run the check again.',
      }),
    ];
  }
  const body = parseJson(outcome.body);
  const fields = fieldTypes(body);
  if (body === undefined) {
    return [fail(`${LABEL} answered ${outcome.status} to the --sso-token token, but the body is not JSON; expected {"userId": "…", …}`, {
      target: url, evidence, fix: 'Answer application/json: {"userId": "<your user id>", "firstName"?, "lastName"?, "email"?, "phoneNumber"?, "cohorts"?: [..]}.',
    })];
  }
  const parsed = ssoSuccessSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const at = i.path.map(String).join('.') || '(body)';
      const got = i.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), body);
      return `${at}: ${i.message}, got ${got === null ? 'null' : Array.isArray(got) ? 'a list' : got === undefined ? 'nothing' : typeof got}`;
    });
    return [fail(`${LABEL} answered ${outcome.status} to the --sso-token token, but ${problems.join('; ')}`, {
      target: url, evidence: { ...evidence, fields },
      fix: 'Return userId as a non-empty string, email, firstName, lastName and phoneNumber as strings, and cohorts as a list of strings (HUBBLE.md 2a).',
    })];
  }
  const out: Finding[] = [pass(`${LABEL} logged in the --sso-token user: ${outcome.status} with a string userId and documented field types`, { target: url, evidence: { ...evidence, fields } })];
  if (outcome.status !== 200) {
    out.push(warn(`${LABEL} answered ${outcome.status}; Hubble documents 200 for a valid token`, { target: url, evidence, fix: 'Answer 200.' }));
  }
  const missing = [!parsed.data.firstName && !parsed.data.lastName ? 'a name' : '', !parsed.data.phoneNumber ? 'phoneNumber' : ''].filter(Boolean);
  if (missing.length > 0) {
    out.push(
      warn(`${LABEL} returned no ${missing.join(' and no ')}: Hubble's prose calls name and phone number mandatory, although its field table marks them optional`, {
        target: url, evidence: { fields }, fix: 'Return firstName/lastName and phoneNumber (10 digits) when you have them.',
      }),
    );
  }
  return out;
}

/** What sso.contract knows about a JWT from --sso-token (sso: jwt). */
export interface JwtObservation {
  inspection: JwtInspection;
  key: { ok: true; fingerprint: string } | { ok: false; problem: string };
  clientId?: string;
  /** Seconds since the epoch. */
  nowSec: number;
}

/** Judges a JWT SSO token (HUBBLE.md 2b): RS256, signature, iss = clientId, exp = iat + 60, not expired. */
export function judgeJwt(obs: JwtObservation): Finding[] {
  const { inspection: jwt, key } = obs;
  const target = '--sso-token';
  if (jwt.decodeError) return [fail(`the --sso-token token is ${jwt.decodeError}`, { target, fix: 'Pass the token your backend mints for the SDK URL.' })];
  const claims = jwt.claims ?? {};
  const evidence = { alg: jwt.alg, iss: claims.iss, iat: claims.iat, exp: claims.exp, claims: Object.keys(claims) };
  const out: Finding[] = [];
  if (!key.ok) out.push(fail(`jwtPublicKey ${key.problem}`, { target: 'jwtPublicKey', fix: 'Set jwtPublicKey to the RSA public key (PEM, or a path to it) you registered with Hubble.' }));

  if (jwt.alg !== JWT_SSO.algorithm) {
    out.push(fail(`the token is signed with ${jwt.alg ?? 'no algorithm'}; Hubble accepts RS256 only`, { target, evidence, fix: 'Sign with RS256 (RSA private key, SHA-256).' }));
  } else if (jwt.signature === 'invalid' && key.ok) {
    out.push(fail(`the token's signature does not verify with jwtPublicKey (sha256:${key.fingerprint}): the backend signs with another key than the one given to Hubble`, {
      target, evidence, fix: 'Sign with the private key whose public half you registered with Hubble, or register the public key of the key you sign with.',
    }));
  } else if (jwt.signature === 'valid' && key.ok) {
    out.push(pass(`the token is RS256 and its signature verifies with jwtPublicKey (sha256:${key.fingerprint})`, { target, evidence }));
  }

  if (obs.clientId === undefined) out.push(skip('clientId is not set, so iss was not compared with it'));
  else if (claims.iss !== obs.clientId) {
    out.push(fail(`iss is ${JSON.stringify(claims.iss) ?? 'missing'}; Hubble identifies the partner by iss, which must be the clientId "${obs.clientId}"`, {
      target, evidence, fix: 'Set iss to this environment\'s clientId.',
    }));
  } else out.push(pass('iss is the clientId', { target, evidence }));

  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') {
    out.push(fail(`the token lacks a numeric ${typeof iat !== 'number' ? 'iat' : 'exp'} claim; Hubble requires exp = iat + 60`, {
      target, evidence, fix: 'Set iat to now (seconds) and exp to iat + 60.',
    }));
  } else {
    if (exp - iat !== JWT_SSO.lifetimeSeconds) {
      out.push(fail(`exp − iat is ${exp - iat} s; Hubble requires exactly ${JWT_SSO.lifetimeSeconds} (exp = iat + 60)`, { target, evidence, fix: 'Set exp to iat + 60.' }));
    } else out.push(pass('exp = iat + 60', { target, evidence }));
    if (exp <= obs.nowSec) {
      out.push(warn(`the token expired ${obs.nowSec - exp} s ago, so Hubble would refuse it (tokens live 60 s)`, {
        target, evidence, fix: 'Mint a fresh token right before running the check; if it was minted just now, the backend\'s clock is behind.',
      }));
    } else if (iat > obs.nowSec + 30) {
      out.push(warn(`iat is ${iat - obs.nowSec} s in the future: the backend's clock runs ahead of this machine's`, { target, evidence, fix: 'Sync the backend\'s clock (NTP).' }));
    } else out.push(pass('the token is not expired', { target, evidence }));
  }
  return out;
}

/** What the classic /sso probes saw; the outcomes are absent when nothing was sent (plain http). */
export interface ClassicSsoObservation {
  url: string;
  plainHttp: boolean;
  invalid?: ProbeOutcome;
  mock?: ProbeOutcome;
  /** The answer to --sso-token, when one was given. */
  real?: ProbeOutcome;
}

export function judgeClassicSso(obs: ClassicSsoObservation): Finding[] {
  if (obs.plainHttp || !obs.invalid || !obs.mock) {
    return [fail(`${LABEL} is plain http: Hubble would send X-Hubble-Secret and the user's token in clear text; nothing was sent to it`, {
      target: obs.url, fix: 'Serve /sso over https (TLS 1.2 or higher) and register the https URL with Hubble.',
    })];
  }
  const probes: SsoProbe[] = [{ token: 'invalid', outcome: obs.invalid }, { token: 'mock', outcome: obs.mock }];
  if (obs.real) probes.push({ token: 'real', outcome: obs.real });
  const unanswered = probes.filter((p) => isNoAnswer(p.outcome));
  const out: Finding[] = unanswered.length > 0 ? [judgeSsoUnanswered(unanswered, obs.url)] : [];
  for (const p of probes.filter((q) => !isNoAnswer(q.outcome))) {
    if (p.token === 'real') out.push(...judgeSsoSuccess(p.outcome, obs.url));
    else out.push(judgeSsoRejection(p.token, p.outcome, obs.url));
  }
  if (!obs.real) out.push(skip('no --sso-token given: the success shape was not checked (pass a real token to check it)'));
  return out;
}

interface SsoProbe {
  token: 'invalid' | 'mock' | 'real';
  outcome: ProbeOutcome;
}

const TOKEN_WORDS: Record<SsoProbe['token'], string> = {
  invalid: 'an invalid token (hubble-golive-probe-token-…)',
  mock: `the token "${MOCK_SSO_TOKEN}"`,
  real: 'the --sso-token token',
};

/**
 * The /sso probes that got no HTTP answer, as one finding: one broken origin is one finding, not
 * one per token. Fail (an endpoint that gives no answer is not ready), saying only what could
 * not be verified: no token was accepted or refused.
 */
function judgeSsoUnanswered(probes: readonly SsoProbe[], url: string): Finding {
  const { cause, see, evidence } = summarizeNoAnswer(probes.map((p) => p.outcome as NoAnswer));
  const bad = probes.some((p) => p.token !== 'real');
  const real = probes.some((p) => p.token === 'real');
  const unverified = [bad ? 'its handling of bad tokens' : '', real ? 'the success shape' : ''].filter(Boolean).join(' and ');
  return fail(`${LABEL} gave no answer (${cause}) to ${joinList(probes.map((p) => TOKEN_WORDS[p.token]))}: ${unverified} could not be verified`, {
    target: url,
    evidence: { tokens: probes.map((p) => (p.token === 'mock' ? MOCK_SSO_TOKEN : p.token === 'invalid' ? 'invalid probe token' : '--sso-token')), ...evidence },
    fix: noAnswerFix(see),
  });
}

/** Sends the /sso probes: the configured secret with an invalid probe token, `mock-token`, and --sso-token if given. */
async function gatherClassic(ctx: CheckContext): Promise<ClassicSsoObservation> {
  const url = joinUrl(ctx.env.integrationBaseUrl!, 'sso');
  if (new URL(url).protocol !== 'https:') return { url, plainHttp: true };
  const secret = ctx.env.hubbleSecret!;
  const scrub = [...configSecrets(ctx.config).map((s) => s.reveal()), ...(ctx.options.ssoToken ? [ctx.options.ssoToken] : [])];
  const ask = async (token: string) =>
    scrubOutcome(toOutcome(
      await ctx.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        secretHeaders: { [HUBBLE_SECRET_HEADER]: secret },
        body: JSON.stringify({ token }),
        signal: ctx.signal,
      }),
    ), scrub);
  const [invalid, mock, real] = await Promise.all([
    ask(probeId('token')),
    ask(MOCK_SSO_TOKEN),
    ctx.options.ssoToken ? ask(ctx.options.ssoToken) : Promise.resolve(undefined),
  ]);
  return { url, plainHttp: false, invalid, mock, ...(real ? { real } : {}) };
}

async function gatherJwt(ctx: CheckContext): Promise<JwtObservation> {
  const loaded: PublicKeyResult = loadPublicKey(ctx.env.jwtPublicKey!, ctx.config.dir);
  const inspection = await inspectJwt(ctx.options.ssoToken!, loaded.ok ? loaded.key : undefined);
  return {
    inspection,
    key: loaded.ok ? { ok: true, fingerprint: loaded.fingerprint } : { ok: false, problem: loaded.problem },
    clientId: ctx.env.clientId,
    nowSec: Math.floor(Date.now() / 1000),
  };
}

export default defineCheck({
  id: 'sso.contract',
  title: 'SSO rejects bad tokens and returns the documented shape',
  network: true,
  explain: {
    verifies:
      'Classic SSO: POST /sso (with the configured X-Hubble-Secret) refuses an invalid probe token and the token "mock-token" (no 200 with a ' +
      'userId), and, with --sso-token, answers a real token with 200, a non-empty string userId and optional email, firstName, lastName, ' +
      'phoneNumber (strings) and cohorts (list of strings). JWT SSO: with --sso-token and jwtPublicKey, the token is RS256, verifies with ' +
      'the key, has iss = clientId and exp = iat + 60, and is not expired. Nothing is sent for JWT SSO.',
    why:
      'Hubble logs in whoever /sso names. A mock SSO left on (or any token accepted) lets anyone open the SDK as a user and spend their ' +
      'coins. A success body of the wrong shape makes every real login fail. A JWT Hubble cannot verify (wrong key, wrong iss, a lifetime ' +
      'other than 60 s, another algorithm) is refused, so no user can open the SDK.',
    fixes: [
      'Invalid token or mock-token accepted: turn the mock SSO off; validate every token and answer 401 with {"userId": null} otherwise.',
      'Another status than 401/400 for a bad token: answer 401 with {"userId": null}.',
      'Success shape wrong: return userId as a non-empty string; the optional fields as strings and cohorts as a list of strings.',
      'JWT: sign with RS256 with the key registered with Hubble; set iss to the clientId, iat to now and exp to iat + 60; mint one per SDK open.',
    ],
  },
  skipReason(ctx) {
    const env = ctx.env;
    if (env.sso === 'none') return 'sso is none: there is no SSO exchange to check';
    if (env.sso === 'jwt') {
      const need = [!ctx.options.ssoToken ? 'pass --sso-token with a token your backend just minted' : '', !env.jwtPublicKey ? 'set jwtPublicKey to your RSA public key' : '']
        .filter(Boolean)
        .join(' and ');
      return need ? `sso is jwt: ${need} to verify it (RS256, exp = iat + 60, iss = clientId)` : undefined;
    }
    if (!env.integrationBaseUrl) return 'integrationBaseUrl is not set (credentials.present and urls.partner report it)';
    if (!env.hubbleSecret) return 'hubbleSecret is not set, and /sso can only be asked with it (credentials.present reports it)';
    return undefined;
  },
  async run(ctx) {
    if (ctx.env.sso === 'jwt') return judgeJwt(await gatherJwt(ctx));
    return judgeClassicSso(await gatherClassic(ctx));
  },
});
