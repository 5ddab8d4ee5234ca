import { defineCheck, fail, pass, skip, warn, type CheckContext, type Finding } from '../src/engine/check.js';
import { configSecrets } from '../src/engine/redact.js';
import { Secret } from '../src/engine/secret.js';
import { probeId } from '../src/hubble/endpoints.js';
import {
  describeOutcome, is2xx, is4xx, isAuthRefusal, isNoAnswer, joinList, noAnswerFix, outcomeEvidence, scrubOutcome, snippet, summarizeNoAnswer,
  toOutcome, type NoAnswer, type ProbeOutcome,
} from '../src/hubble/outcome.js';
import { SIGNATURE_HEADER, signWebhook, verifyWebhook } from '../src/hubble/webhook.js';
import { sampleIds, webhookSample } from '../src/hubble/webhook-samples.js';

/** How a probe delivery was signed. Only `signed` carries a valid signature, and only with --allow-mutations. */
export type DeliveryKind = 'unsigned' | 'wrong-signature' | 'tampered' | 'staging-signature' | 'signed';

export interface Delivery {
  kind: DeliveryKind;
  outcome: ProbeOutcome;
  /** The environment whose webhookSecret signed a staging-signature delivery, and its fingerprint. */
  from?: string;
  fingerprint?: string;
  /** The first bytes of the answer, with every signature sent scrubbed. */
  bodyStart?: string;
}

/** The local X-Verify round trip: a reference vector, and sign/verify with the configured secret. */
export interface RoundTrip {
  /** HMAC-SHA256/Base64 of RFC 4231 test case 2 matches. */
  vector: boolean;
  /** Undefined when webhookSecret is not set. */
  configured?: { fingerprint: string; verifies: boolean; rejectsChangedBody: boolean; base64: boolean };
}

export interface WebhookObservation {
  url: string;
  plainHttp: boolean;
  roundTrip: RoundTrip;
  deliveries: Delivery[];
  staging:
    | { status: 'sent' | 'not-production' | 'none-configured' }
    | { status: 'same-secret'; env: string; fingerprint: string };
  /** Whether the changed-body and correctly signed deliveries could be made, and why not. */
  signed: 'sent' | 'no-mutations' | 'no-secret';
}

const WHAT: Record<Exclude<DeliveryKind, 'signed'>, string> = {
  unsigned: 'no X-Verify header',
  'wrong-signature': 'a wrong signature',
  tampered: 'a body changed after signing',
  'staging-signature': "the staging webhookSecret's signature",
};

const FIX_VERIFY =
  'Compute HMAC-SHA256 over the raw request body bytes (before parsing) keyed with the webhookSecret\'s UTF-8 bytes, Base64 it ' +
  '(standard, with padding), compare with X-Verify in constant time, and answer 401 on a mismatch or a missing header.';
const FIX: Record<Exclude<DeliveryKind, 'signed'>, string> = {
  unsigned: `Refuse every delivery without X-Verify. ${FIX_VERIFY}`,
  'wrong-signature': `A presence or format check is not verification. ${FIX_VERIFY}`,
  tampered: `Verify over the exact bytes received, never over a part of the body or a cached one. ${FIX_VERIFY}`,
  'staging-signature': 'Production must verify with the production webhookSecret only: remove the staging value and any fallback to it.',
};
const ALLOW_LIST_FIX =
  'Run the check from a host your allow-list admits, or admit this machine\'s address while it runs. Hubble\'s webhook IPs are ' +
  '35.200.156.199, 34.47.147.244 and 34.14.138.52 (HUBBLE.md 4a); keep verifying X-Verify behind the allow-list.';

export function judgeWebhookSignature(obs: WebhookObservation): Finding[] {
  const out: Finding[] = [judgeRoundTrip(obs.roundTrip)];
  const target = obs.url;
  if (obs.plainHttp) {
    out.push(fail('webhookUrl is plain http: a signed webhook would travel in clear text; no delivery was sent', {
      target, fix: 'Serve the webhook endpoint over https (TLS 1.2 or higher) and register the https URL with Hubble.',
    }));
    return out;
  }
  // Deliveries that got no HTTP answer say nothing about the signature check: told once, first.
  const unanswered = obs.deliveries.filter((d) => isNoAnswer(d.outcome));
  if (unanswered.length > 0) out.push(judgeUnanswered(unanswered, obs.deliveries.length, target));
  const negatives = obs.deliveries.filter((d) => d.kind !== 'signed' && !isNoAnswer(d.outcome));
  const signedDelivery = obs.deliveries.find((d) => d.kind === 'signed');
  const signed = signedDelivery && !isNoAnswer(signedDelivery.outcome) ? signedDelivery : undefined;
  const all403 = obs.deliveries.length > 0 && obs.deliveries.every((d) => d.outcome.kind === 'response' && d.outcome.status === 403);

  if (signed && all403) {
    out.push(warn(`every delivery to ${obs.url} was answered 403, the correctly signed one too: that looks like an IP allow-list in front of the endpoint, so the signature check behind it was not reached`, {
      target, evidence: { deliveries: obs.deliveries.length, status: 403 }, fix: ALLOW_LIST_FIX,
    }));
  } else {
    const problems = negatives.map((d) => judgeNegative(d, target)).filter((f): f is Finding => f !== undefined);
    if (negatives.length > 0 && problems.length === 0) {
      const list = negatives.map((d) => `${WHAT[d.kind as keyof typeof WHAT]} (${describeOutcome(d.outcome)})`);
      const note = !signed && all403
        ? '; every answer was 403: if that is an IP allow-list, the signature check behind it was not reached (--allow-mutations adds a correctly signed control delivery that tells them apart)'
        : '';
      out.push(pass(`${obs.url} refused deliveries with ${joinList(list)}${note}`, { target }));
    }
    out.push(...problems);
    if (signed) out.push(judgeSigned(signed, target));
  }

  if (obs.staging.status === 'none-configured') {
    out.push(skip("no staging environment with a webhookSecret in the config: the staging-signature delivery was not sent"));
  } else if (obs.staging.status === 'same-secret') {
    out.push(fail(`webhookSecret is the same value as in environment "${obs.staging.env}" (sha256:${obs.staging.fingerprint}): a staging-signed webhook verifies here; the staging-signature delivery was not sent, since it would be validly signed`, {
      evidence: { stagingEnv: obs.staging.env, fingerprint: obs.staging.fingerprint },
      fix: 'Use the webhook secret Hubble issued for production; each environment has its own (see credentials.isolated).',
    }));
  }
  if (obs.signed === 'no-secret') {
    out.push(skip('webhookSecret is not set: the changed-body and correctly signed deliveries were not sent (credentials.present reports it)'));
  } else if (obs.signed === 'no-mutations') {
    out.push(skip('a correctly signed delivery is sent only with --allow-mutations, since the endpoint would act on it'));
  }
  return out;
}

const WITH: Record<DeliveryKind, string> = { ...WHAT, signed: 'a correct signature' };

/**
 * The deliveries that got no HTTP answer, as one finding: one broken webhook URL is one finding,
 * not one per delivery. Fail (an endpoint that gives no answer is not ready), saying only that
 * the signature check could not be verified: no delivery was accepted or refused.
 */
function judgeUnanswered(deliveries: readonly Delivery[], total: number, target: string): Finding {
  const { cause, see, evidence } = summarizeNoAnswer(deliveries.map((d) => d.outcome as NoAnswer));
  const which = deliveries.length === total && total > 1
    ? `any of the ${total} probe deliveries`
    : `the ${deliveries.length > 1 ? 'deliveries' : 'delivery'} with ${joinList(deliveries.map((d) => WITH[d.kind]))}`;
  const signedToo = deliveries.some((d) => d.kind === 'signed');
  return fail(`${target} gave no answer (${cause}) to ${which}: its X-Verify check could not be verified${signedToo ? ', nor that it accepts a correctly signed delivery' : ''}`, {
    target,
    evidence: { deliveries: deliveries.map((d) => WITH[d.kind]), ...evidence },
    fix: noAnswerFix(see),
  });
}

function judgeRoundTrip(rt: RoundTrip): Finding {
  if (!rt.vector) {
    return { status: 'error', message: "this tool's X-Verify signer does not match the HMAC-SHA256/Base64 reference vector (RFC 4231 case 2)", fix: 'This is a bug in hubble-golive; please report it.' };
  }
  const c = rt.configured;
  if (!c) return skip('webhookSecret is not set: the local sign/verify round trip was not run');
  const evidence = { secret: `sha256:${c.fingerprint}`, ...c };
  if (!c.verifies || !c.rejectsChangedBody || !c.base64) {
    return fail(`the local X-Verify round trip with webhookSecret (sha256:${c.fingerprint}) failed`, { target: 'webhookSecret', evidence, fix: 'This is a bug in hubble-golive or an unusable secret value; please report it.' });
  }
  return pass(`X-Verify round trip: a sample body signed with webhookSecret (sha256:${c.fingerprint}) verifies, and the same signature fails on a changed body`, {
    target: 'webhookSecret', evidence: { secret: `sha256:${c.fingerprint}` },
  });
}

function judgeNegative(d: Delivery, target: string): Finding | undefined {
  const kind = d.kind as Exclude<DeliveryKind, 'signed'>;
  const what = WHAT[kind];
  const evidence: Record<string, unknown> = { delivery: what, ...(d.fingerprint ? { secret: `sha256:${d.fingerprint}`, from: d.from } : {}), ...outcomeEvidence(d.outcome) };
  const o = d.outcome;
  if (isNoAnswer(o)) return judgeUnanswered([d], 1, target);
  if (is2xx(o.status)) {
    return fail(`${target} accepted a delivery with ${what}: answered ${o.status}; it must refuse it (401 or 403)`, {
      target, evidence: { ...evidence, bodyStart: d.bodyStart }, fix: FIX[kind],
    });
  }
  if (is4xx(o.status)) return undefined;
  return warn(`${target} answered ${describeOutcome(o)} to a delivery with ${what}: not accepted, but expected 401 or 403`, {
    target, evidence, fix: 'Answer 401 to a delivery whose signature does not verify; a server error or a redirect hides real failures.',
  });
}

function judgeSigned(d: Delivery, target: string): Finding {
  const evidence = { delivery: 'correctly signed', ...outcomeEvidence(d.outcome) };
  const o = d.outcome;
  if (isNoAnswer(o)) return judgeUnanswered([d], 1, target);
  if (is2xx(o.status)) return pass(`${target} accepted a correctly signed delivery (${o.status})`, { target, evidence });
  if (isAuthRefusal(o.status)) {
    return fail(`${target} refused a correctly signed delivery (${o.status}): Hubble's real webhooks would be refused the same way`, {
      target, evidence: { ...evidence, bodyStart: d.bodyStart },
      fix: `Check that the server holds this environment's webhookSecret (compare fingerprints) and verifies the raw bytes, not re-serialised JSON (Hubble writes 10.0, JSON.stringify writes 10). ${FIX_VERIFY}`,
    });
  }
  return warn(`${target} answered ${describeOutcome(o)} to a correctly signed delivery of a probe transaction; expected 2xx`, {
    target, evidence: { ...evidence, bodyStart: d.bodyStart },
    fix: 'Answer 2xx to every validly signed webhook, even one you cannot match to a user or order (log it), or Hubble may retry it.',
  });
}

/** The local round trip: no network, no state. */
export function localRoundTrip(secret: Secret | undefined): RoundTrip {
  const vector = signWebhook('what do ya want for nothing?', new Secret('Jefe')) === 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=';
  if (!secret) return { vector };
  const ids = sampleIds();
  const body = webhookSample('transaction.completed', { ids });
  const changed = webhookSample('transaction.completed', { ids, amount: 10_000 });
  const sig = signWebhook(body, secret);
  return {
    vector,
    configured: {
      fingerprint: secret.fingerprint,
      verifies: verifyWebhook(body, sig, secret) && verifyWebhook(Buffer.from(body, 'utf8'), sig, secret),
      rejectsChangedBody: !verifyWebhook(changed, sig, secret),
      base64: /^[A-Za-z0-9+/]{43}=$/.test(sig),
    },
  };
}

/** SPEC section 5: without --allow-mutations, no delivery may carry a signature that verifies. */
export function assertNotValidlySigned(body: string, signature: string | undefined, secret: Secret | undefined, allowMutations: boolean): void {
  if (!allowMutations && secret && verifyWebhook(body, signature, secret)) {
    throw new Error('refusing to send a correctly signed webhook without --allow-mutations');
  }
}

async function gather(ctx: CheckContext): Promise<WebhookObservation> {
  const env = ctx.env;
  const url = env.webhookUrl!;
  const secret = env.webhookSecret;
  const roundTrip = localRoundTrip(secret);
  const signed: WebhookObservation['signed'] = !secret ? 'no-secret' : ctx.options.allowMutations ? 'sent' : 'no-mutations';

  let staging: WebhookObservation['staging'] = { status: 'not-production' };
  let stagingSecrets: { env: string; secret: Secret }[] = [];
  if (ctx.tier === 'production') {
    const candidates = ctx.others.filter((o) => o.tier === 'staging' && o.webhookSecret);
    const same = candidates.find((o) => secret?.equals(o.webhookSecret));
    stagingSecrets = candidates.filter((o) => !secret?.equals(o.webhookSecret)).map((o) => ({ env: o.name, secret: o.webhookSecret! }));
    stagingSecrets = stagingSecrets.filter((s, i) => stagingSecrets.findIndex((t) => t.secret.equals(s.secret)) === i);
    staging = same
      ? { status: 'same-secret', env: same.name, fingerprint: same.webhookSecret!.fingerprint }
      : stagingSecrets.length > 0 ? { status: 'sent' } : { status: 'none-configured' };
  }
  if (new URL(url).protocol !== 'https:') return { url, plainHttp: true, roundTrip, deliveries: [], staging, signed };

  const plans: { kind: DeliveryKind; body: string; signature?: string; from?: string; fingerprint?: string }[] = [];
  plans.push({ kind: 'unsigned', body: webhookSample('transaction.completed') });
  const forged = webhookSample('transaction.completed');
  plans.push({ kind: 'wrong-signature', body: forged, signature: signWebhook(forged, new Secret(probeId('wrong-webhook-secret'))) });
  if (secret) {
    const ids = sampleIds();
    // Signed as sent by Hubble, then the amount raised: the classic tampering.
    const original = webhookSample('transaction.completed', { ids });
    plans.push({ kind: 'tampered', body: webhookSample('transaction.completed', { ids, amount: 10_000 }), signature: signWebhook(original, secret) });
  }
  for (const s of stagingSecrets) {
    const body = webhookSample('transaction.completed');
    plans.push({ kind: 'staging-signature', body, signature: signWebhook(body, s.secret), from: s.env, fingerprint: s.secret.fingerprint });
  }
  if (secret && ctx.options.allowMutations) {
    const body = webhookSample('transaction.completed');
    plans.push({ kind: 'signed', body, signature: signWebhook(body, secret) });
  }

  const scrub = [...plans.map((p) => p.signature ?? ''), ...configSecrets(ctx.config).map((s) => s.reveal())];
  const deliveries = await Promise.all(
    plans.map(async (p): Promise<Delivery> => {
      assertNotValidlySigned(p.body, p.signature, secret, ctx.options.allowMutations);
      const result = await ctx.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        ...(p.signature ? { secretHeaders: { [SIGNATURE_HEADER]: new Secret(p.signature) } } : {}),
        body: p.body,
        signal: ctx.signal,
      });
      const outcome = scrubOutcome(toOutcome(result), scrub);
      return {
        kind: p.kind,
        outcome,
        ...(p.from ? { from: p.from, fingerprint: p.fingerprint } : {}),
        ...(outcome.kind === 'response' ? { bodyStart: snippet(outcome.body, scrub) } : {}),
      };
    }),
  );
  return { url, plainHttp: false, roundTrip, deliveries, staging, signed };
}

export default defineCheck({
  id: 'webhook.signature',
  title: 'The webhook endpoint verifies X-Verify',
  network: true,
  mutates: true,
  explain: {
    verifies:
      'Locally, that X-Verify (standard Base64 of HMAC-SHA256 over the raw body, keyed with webhookSecret) signs and verifies a sample body. ' +
      'Then that webhookUrl refuses (non-2xx) a transaction-shaped probe delivery with no X-Verify, with a wrong signature, with a body ' +
      'changed after signing, and in production with the staging webhookSecret\'s signature. With --allow-mutations only, it also sends one ' +
      'correctly signed probe delivery (a COMPLETED transaction of 10.0 for user hubble-golive-probe-user-…) and expects a 2xx. Probe ' +
      'deliveries carry only hubble-golive-probe-… ids. Nothing is sent to a plain http URL.',
    why:
      'The webhook tells you a gift card was bought, failed or was reversed. An endpoint that does not verify X-Verify on the exact bytes ' +
      'received lets anyone who finds the URL forge those events: mark orders paid, trigger refunds or coin reversals. One that refuses ' +
      'valid signatures loses every real event.',
    fixes: [
      'Accepted an unsigned, forged or changed delivery: verify HMAC-SHA256 of the raw body with the webhookSecret, Base64, constant-time compare, 401 otherwise.',
      'Accepted the staging signature in production: verify with the production webhookSecret only.',
      'Refused a correctly signed delivery: deploy this environment\'s webhookSecret and verify the raw bytes, not re-serialised JSON.',
      'Every delivery answered 403: likely an IP allow-list (Hubble: 35.200.156.199, 34.47.147.244, 34.14.138.52); run the check from an admitted host.',
      'Plain http: serve the webhook URL over https.',
    ],
  },
  skipReason(ctx) {
    return ctx.env.webhookUrl ? undefined : 'no webhookUrl is configured: there is no webhook endpoint to check';
  },
  async run(ctx) {
    return judgeWebhookSignature(await gather(ctx));
  },
});
