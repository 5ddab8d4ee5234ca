import { defineCheck, fail, pass, skip, warn, type CheckContext, type Finding } from '../src/engine/check.js';
import { configSecrets } from '../src/engine/redact.js';
import { Secret } from '../src/engine/secret.js';
import { balanceUrl, debitBody, reverseBody } from '../src/hubble/coins.js';
import { HUBBLE_SECRET_HEADER, partnerEndpoints, probeId, type EndpointName, type PartnerEndpoint } from '../src/hubble/endpoints.js';
import {
  describeOutcome, is2xx, is3xx, is4xx, isAuthRefusal, isNoAnswer, joinList, noAnswerFix, outcomeEvidence, scrubOutcome, snippet,
  summarizeNoAnswer, toOutcome, type NoAnswer, type ProbeOutcome,
} from '../src/hubble/outcome.js';

/** Which X-Hubble-Secret a probe carried. Only `valid` is the configured one, and only on GET /balance. */
export type SecretProbeKind = 'none' | 'wrong' | 'staging' | 'valid';

export interface SecretEndpoint {
  name: EndpointName;
  /** `POST /debit` */
  label: string;
  url: string;
  /** Plain http: nothing carrying a secret is sent, the scheme alone fails. */
  plainHttp: boolean;
}

export interface SecretProbe {
  endpoint: EndpointName;
  url: string;
  kind: SecretProbeKind;
  /** Fingerprint of the secret sent (staging, valid). */
  fingerprint?: string;
  /** The environment a staging secret came from. */
  from?: string;
  outcome: ProbeOutcome;
}

export interface SecretEnforcementInput {
  endpoints: SecretEndpoint[];
  probes: SecretProbe[];
  /** Whether the staging-secret probes ran, and why not. */
  staging:
    | { status: 'sent' | 'not-production' | 'none-configured' }
    | { status: 'same-secret'; env: string; fingerprint: string };
  /** Whether the configured secret was tried on GET /balance, and why not. */
  valid: 'sent' | 'not-configured' | 'no-balance-endpoint';
}

const WORDS: Record<Exclude<SecretProbeKind, 'valid'>, string> = {
  none: 'no X-Hubble-Secret',
  wrong: 'a wrong X-Hubble-Secret',
  staging: 'the staging X-Hubble-Secret',
};
const SHORT: Record<Exclude<SecretProbeKind, 'valid'>, string> = { none: 'no secret', wrong: 'a wrong secret', staging: 'the staging secret' };

const FIX_ENFORCE =
  'Compare X-Hubble-Secret with this environment\'s secret (constant-time, e.g. crypto.timingSafeEqual) before anything else on every ' +
  'Hubble endpoint, and answer 401 when it is missing or different.';
const STAGING_FIX = `This environment accepts the staging secret: deploy the production X-Hubble-Secret only, with no fallback. ${FIX_ENFORCE}`;

/** Judges what each endpoint answered to requests without, with a wrong and with another environment's secret. */
export function judgeSecretEnforcement(input: SecretEnforcementInput): Finding[] {
  const out: Finding[] = [];
  const unanswered: { ep: SecretEndpoint; probes: SecretProbe[]; all: boolean }[] = [];
  for (const ep of input.endpoints) {
    if (ep.plainHttp) {
      out.push(
        fail(`${ep.label} is plain http: Hubble would send X-Hubble-Secret in clear text; nothing was sent to it`, {
          target: ep.url,
          fix: 'Serve the endpoint over https (TLS 1.2 or higher) and register the https URL with Hubble.',
        }),
      );
      continue;
    }
    const probes = input.probes.filter((p) => p.endpoint === ep.name);
    // A probe that got no HTTP answer says nothing about the secret; they are told once, below.
    const silent = probes.filter((p) => isNoAnswer(p.outcome));
    if (silent.length > 0) unanswered.push({ ep, probes: silent, all: silent.length === probes.length });
    const negatives = probes.filter((p) => p.kind !== 'valid' && !isNoAnswer(p.outcome)) as AnsweredProbe[];
    const control = probes.find((p) => p.kind === 'valid')?.outcome;
    const refused = new Map(negatives.filter((p) => isAuthRefusal(p.outcome.status)).map((p) => [p.kind, p.outcome]));
    const problems = negatives.map((p) => judgeNegative(p, ep, control, refused)).filter((f): f is Finding => f !== undefined);
    if (negatives.length > 0 && problems.length === 0) {
      const list = negatives.map((p) => `${SHORT[p.kind as keyof typeof SHORT]} (${describeOutcome(p.outcome)})`);
      out.push(pass(`${ep.label} refused ${joinList(list)}`, { target: ep.url }));
    }
    out.push(...problems);
  }

  for (const p of input.probes.filter((q) => q.kind === 'valid' && !isNoAnswer(q.outcome))) out.push(judgeValid(p as AnsweredProbe, input.endpoints));
  out.unshift(...judgeUnanswered(unanswered));

  if (input.staging.status === 'none-configured') {
    out.push(skip('no staging environment with a hubbleSecret in the config: the staging-secret probes were not sent'));
  } else if (input.staging.status === 'same-secret') {
    out.push(
      fail(
        `hubbleSecret is the same value as in environment "${input.staging.env}" (sha256:${input.staging.fingerprint}): ` +
          'staging calls would be accepted here; the staging-secret probes were not sent, since that value is the valid secret',
        {
          evidence: { stagingEnv: input.staging.env, fingerprint: input.staging.fingerprint },
          fix: 'Use the X-Hubble-Secret Hubble issued for production; each environment has its own (see credentials.isolated).',
        },
      ),
    );
  }
  if (input.valid === 'not-configured') {
    out.push(skip('hubbleSecret is not set, so the configured secret was not tried on GET /balance (credentials.present reports it)'));
  } else if (input.valid === 'no-balance-endpoint') {
    out.push(skip('coins is off: the configured secret is tried only on GET /balance, the one read-only endpoint'));
  }
  return out;
}

type AnsweredProbe = SecretProbe & { outcome: Extract<ProbeOutcome, { kind: 'response' }> };

/**
 * Probes that got no HTTP answer (DNS, connect, TLS, timeout, not sent), told once per cause, not
 * once per probe; endpoints that share a cause share a finding (so at most one per endpoint). Fail:
 * an endpoint Hubble cannot reach is not ready; but nothing was accepted or refused, and the
 * message says only what could not be verified.
 */
function judgeUnanswered(groups: { ep: SecretEndpoint; probes: SecretProbe[]; all: boolean }[]): Finding[] {
  const byCause = new Map<string, typeof groups>();
  for (const g of groups) {
    const cause = summarizeNoAnswer(g.probes.map((p) => p.outcome as NoAnswer)).cause;
    byCause.set(cause, [...(byCause.get(cause) ?? []), g]);
  }
  return [...byCause.values()].map((eps) => {
    const names = eps.map((g) => (g.all ? g.ep.label : `${g.ep.label} (to ${joinList(g.probes.map((p) => PROBE_WORDS[p.kind]))})`));
    const probes = eps.flatMap((g) => g.probes);
    const { cause, see, evidence } = summarizeNoAnswer(probes.map((p) => p.outcome as NoAnswer));
    const valid = 'whether GET /balance accepts the configured hubbleSecret';
    const unverified = !probes.some((p) => p.kind !== 'valid')
      ? `${valid} could not be verified`
      : `X-Hubble-Secret enforcement could not be verified ${eps.length > 1 ? 'on them' : 'there'}${probes.some((p) => p.kind === 'valid') ? `, nor ${valid}` : ''}`;
    // The endpoints share integrationBaseUrl: several are named by it.
    const target = eps.length === 1 ? eps[0]!.ep.url : eps[0]!.ep.url.replace(/\/[^/]*$/, '');
    return fail(`${joinList(names)} gave no answer (${cause}): ${unverified}`, {
      target, evidence: { endpoints: eps.map((g) => g.ep.label), ...evidence }, fix: noAnswerFix(see),
    });
  });
}

const PROBE_WORDS: Record<SecretProbeKind, string> = { ...SHORT, valid: 'the configured secret' };

/**
 * Two comparisons tell "refused" from "let through" when the status alone cannot (a probe user
 * that does not exist gets a 404 either way): `control` is the answer to the same request with the
 * configured secret (GET /balance only), and `refused` the probes of the same endpoint that got
 * 401/403: a wrong secret let through where a missing one is refused, or the staging secret let
 * through where a wrong one is refused, is accepted.
 */
function judgeNegative(p: AnsweredProbe, ep: SecretEndpoint, control: ProbeOutcome | undefined, refused: Map<SecretProbeKind, ProbeOutcome>): Finding | undefined {
  const kind = p.kind as Exclude<SecretProbeKind, 'valid'>;
  const what = WORDS[kind];
  const o = p.outcome;
  const evidence: Record<string, unknown> = {
    endpoint: ep.label,
    probe: SHORT[kind],
    ...(p.fingerprint ? { secret: `sha256:${p.fingerprint}`, from: p.from } : {}),
    ...outcomeEvidence(o),
  };
  const target = p.url;
  const s = o.status;
  if (isAuthRefusal(s)) return undefined;
  if (is2xx(s)) {
    const fix = kind === 'staging' ? STAGING_FIX : FIX_ENFORCE;
    return fail(`${ep.label} accepted a request with ${what}: answered ${s}; it must answer 401 or 403`, {
      target, evidence: { ...evidence, bodyStart: snippet(o.body) }, fix,
    });
  }
  if (is3xx(s)) {
    return fail(`${ep.label} answered ${describeOutcome(o)} to a request with ${what}; expected 401 or 403 at the registered URL`, {
      target, evidence, fix: 'Register the final URL with Hubble (Hubble does not follow redirects with the secret), and answer 401 there.',
    });
  }
  if (control?.kind === 'response' && control.status === s && control.body === o.body) {
    return fail(`${ep.label} answered ${s} to a request with ${what}, exactly as to the same request with the configured secret: the secret is not checked`, {
      target, evidence: { ...evidence, withConfiguredSecret: control.status, bodyStart: snippet(o.body) }, fix: FIX_ENFORCE,
    });
  }
  const weaker = kind === 'staging' ? (['wrong', 'none'] as const).find((k) => refused.has(k)) : kind === 'wrong' && refused.has('none') ? 'none' : undefined;
  if (weaker) {
    const refusedAs = describeOutcome(refused.get(weaker)!);
    return fail(
      kind === 'staging'
        ? `${ep.label} refused ${WORDS[weaker]} (${refusedAs}) but answered ${s} to the staging X-Hubble-Secret: the staging secret is accepted`
        : `${ep.label} refused a request with no X-Hubble-Secret (${refusedAs}) but answered ${s} to a wrong one: only the header's presence is checked`,
      { target, evidence: { ...evidence, bodyStart: snippet(o.body) }, fix: kind === 'staging' ? STAGING_FIX : FIX_ENFORCE },
    );
  }
  if (is4xx(s)) {
    return warn(
      `${ep.label} answered ${s} to a request with ${what}; expected 401 or 403 (another 4xx suggests the body is validated before the secret is checked)`,
      { target, evidence, fix: `Check the secret first and answer 401. ${FIX_ENFORCE}` },
    );
  }
  return fail(`${ep.label} answered ${s} to a request with ${what}; expected 401 or 403: the secret must be checked before anything else runs`, {
    target, evidence, fix: FIX_ENFORCE,
  });
}

function judgeValid(p: AnsweredProbe, endpoints: SecretEndpoint[]): Finding {
  const label = endpoints.find((e) => e.name === p.endpoint)?.label ?? p.endpoint;
  const o = p.outcome;
  const evidence = { endpoint: label, probe: 'the configured secret', secret: `sha256:${p.fingerprint}`, ...outcomeEvidence(o) };
  const target = p.url;
  if (isAuthRefusal(o.status)) {
    return fail(
      `${label} refused the configured hubbleSecret (sha256:${p.fingerprint}): answered ${o.status}; every call Hubble makes with it would be refused the same way`,
      {
        target, evidence,
        fix: 'The server holds another value than this environment\'s hubbleSecret. Compare fingerprints (printf %s "$VALUE" | sha256sum | cut -c1-8) ' +
          'and deploy the X-Hubble-Secret Hubble issued for this environment.',
      },
    );
  }
  if (is2xx(o.status) || is4xx(o.status)) {
    return pass(`${label} accepted the configured hubbleSecret (answered ${o.status} for a probe user)`, { target, evidence });
  }
  return warn(`${label} answered ${describeOutcome(o)} with the configured hubbleSecret for a probe user; could not confirm the secret is accepted`, {
    target, evidence, fix: 'Answer a read of an unknown user with 200 (zero coins) or 404, not a server error or a redirect.',
  });
}

const NEGATIVE_NOTE = 'hubble-golive probe: must be refused (X-Hubble-Secret missing or wrong)';

/** Sends the probes. The configured secret goes only to GET /balance for a probe user. */
export async function gatherSecretEnforcement(ctx: CheckContext): Promise<SecretEnforcementInput> {
  const env = ctx.env;
  const endpoints = partnerEndpoints(env).filter((e) => e.name !== 'webhook');
  const probeUser = probeId('user');

  let staging: SecretEnforcementInput['staging'] = { status: 'not-production' };
  let stagingSecrets: { env: string; secret: Secret }[] = [];
  if (ctx.tier === 'production') {
    const candidates = ctx.others.filter((o) => o.tier === 'staging' && o.hubbleSecret);
    const same = candidates.find((o) => env.hubbleSecret?.equals(o.hubbleSecret));
    // The same value as ours is the valid secret: sending it to /debit could debit coins.
    stagingSecrets = candidates.filter((o) => !env.hubbleSecret?.equals(o.hubbleSecret)).map((o) => ({ env: o.name, secret: o.hubbleSecret! }));
    stagingSecrets = stagingSecrets.filter((s, i) => stagingSecrets.findIndex((t) => t.secret.equals(s.secret)) === i);
    staging = same
      ? { status: 'same-secret', env: same.name, fingerprint: same.hubbleSecret!.fingerprint }
      : stagingSecrets.length > 0 ? { status: 'sent' } : { status: 'none-configured' };
  }

  const scrub = configSecrets(ctx.config).map((s) => s.reveal());
  const send = async (ep: PartnerEndpoint, kind: SecretProbeKind, secret?: Secret, from?: string): Promise<SecretProbe> => {
    assertSafe(ep, kind, secret, env.hubbleSecret);
    const url = ep.name === 'balance' ? balanceUrl(ep.url, probeUser) : ep.url;
    const result = await ctx.http.request({
      method: ep.method,
      url,
      headers: ep.method === 'POST' ? { 'content-type': 'application/json' } : {},
      ...(secret ? { secretHeaders: { [HUBBLE_SECRET_HEADER]: secret } } : {}),
      ...(ep.method === 'POST' ? { body: probeBody(ep.name, probeUser) } : {}),
      signal: ctx.signal,
    });
    return { endpoint: ep.name, url, kind, outcome: scrubOutcome(toOutcome(result), scrub), ...(secret && kind !== 'wrong' ? { fingerprint: secret.fingerprint } : {}), ...(from ? { from } : {}) };
  };

  const list: SecretEndpoint[] = [];
  const pending: Promise<SecretProbe>[] = [];
  for (const ep of endpoints) {
    const plainHttp = new URL(ep.url).protocol !== 'https:';
    list.push({ name: ep.name, label: `${ep.method} /${ep.name}`, url: ep.url, plainHttp });
    if (plainHttp) continue;
    pending.push(send(ep, 'none'), send(ep, 'wrong', new Secret(probeId('wrong-secret'))));
    for (const s of stagingSecrets) pending.push(send(ep, 'staging', s.secret, s.env));
    if (ep.name === 'balance' && env.hubbleSecret) pending.push(send(ep, 'valid', env.hubbleSecret));
  }
  const balance = list.find((e) => e.name === 'balance');
  const valid = !env.hubbleSecret ? 'not-configured' : !balance ? 'no-balance-endpoint' : 'sent';
  return { endpoints: list, probes: await Promise.all(pending), staging, valid };
}

/** Bodies that say what they are: a probe user that cannot exist, the smallest amount, a probe referenceId. */
function probeBody(name: EndpointName, userId: string): string {
  if (name === 'sso') return JSON.stringify({ token: probeId('token') });
  if (name === 'debit') return debitBody({ userId, coins: 1, referenceId: probeId('ref'), note: NEGATIVE_NOTE });
  return reverseBody({ userId, referenceId: probeId('ref'), coins: 1, note: NEGATIVE_NOTE });
}

/** The last guard of SPEC section 5: the configured secret never goes to an endpoint that can change state. */
export function assertSafe(ep: Pick<PartnerEndpoint, 'name' | 'mutating'>, kind: SecretProbeKind, secret: Secret | undefined, configured: Secret | undefined): void {
  const carriesValid = kind === 'valid' || (secret !== undefined && secret.equals(configured));
  if (carriesValid && (ep.mutating || ep.name !== 'balance')) {
    throw new Error(`refusing to send the configured hubbleSecret to /${ep.name}: only GET /balance may carry it without --allow-mutations`);
  }
}

export default defineCheck({
  id: 'auth.hubble-secret',
  title: 'Every partner endpoint enforces X-Hubble-Secret',
  network: true,
  explain: {
    verifies:
      'Each endpoint Hubble calls (POST /sso, GET /balance, POST /debit, POST /reverse, as configured) answers 401 or 403 to a request ' +
      'with no X-Hubble-Secret, with a wrong one, and in production with the staging one; and GET /balance accepts the configured ' +
      'secret (a read for a probe user). The configured secret is never sent to /sso, /debit or /reverse; the probes to /debit and ' +
      '/reverse name a probe user that cannot exist, 1 coin and a hubble-golive-probe-… referenceId, so even a partner that accepts ' +
      'any secret moves no real user\'s coins. Nothing is sent to a plain http endpoint.',
    why:
      'X-Hubble-Secret is the only thing that tells Hubble\'s calls from anyone else\'s. An endpoint that does not check it lets anyone ' +
      'who finds the URL log users in, read balances and debit coins. One that accepts the staging secret in production means a leaked ' +
      'staging secret (held by more people, in more places) opens production. One that refuses the configured secret breaks every call.',
    fixes: [
      'Accepted without or with a wrong secret: compare X-Hubble-Secret with the environment\'s value first, constant-time, and answer 401.',
      'Accepted the staging secret: production must hold only the production X-Hubble-Secret; remove any fallback to the staging value.',
      'Another 4xx instead of 401/403: check the secret before validating the body.',
      'Configured secret refused: the server holds another value; compare fingerprints and deploy the one Hubble issued for this environment.',
      'Plain http: serve the endpoints over https and register the https URL with Hubble.',
      'Identical staging and production secrets: ask Hubble for the production credentials (see credentials.isolated).',
    ],
  },
  skipReason(ctx) {
    const env = ctx.env;
    if (env.sso !== 'classic' && !env.coins) return `no endpoint takes X-Hubble-Secret: sso is ${env.sso} and coins is off`;
    if (!env.integrationBaseUrl) return 'integrationBaseUrl is not set (credentials.present and urls.partner report it)';
    return undefined;
  },
  async run(ctx) {
    return judgeSecretEnforcement(await gatherSecretEnforcement(ctx));
  },
});
