import { createRedactor } from '../engine/redact.js';
import type { HttpResult } from '../net/http.js';

/**
 * What one contract probe observed, as plain data for the judges: an HTTP answer, no answer
 * (and at which stage), or a request the tool refused to send.
 */
export type ProbeOutcome =
  | {
      kind: 'response';
      status: number;
      latencyMs: number;
      /** The body as read (capped by the HTTP client). Judges read it; evidence uses `snippet()`. */
      body: string;
      /** The Location header of a redirect (never followed). */
      location?: string;
    }
  | { kind: 'failure'; stage: string; code: string; timedOut: boolean; message: string; latencyMs: number }
  | { kind: 'blocked'; reason: string };

export function toOutcome(result: HttpResult): ProbeOutcome {
  switch (result.kind) {
    case 'response':
      return {
        kind: 'response',
        status: result.status,
        latencyMs: result.timings.totalMs,
        body: result.body,
        ...(result.headers.location ? { location: result.headers.location } : {}),
      };
    case 'failure':
      return {
        kind: 'failure',
        stage: result.stage,
        code: result.code,
        timedOut: result.timedOut,
        message: result.message,
        latencyMs: result.timings.totalMs,
      };
    case 'blocked':
      return { kind: 'blocked', reason: result.reason };
  }
}

const STAGE_NAMES: Record<string, string> = { dns: 'DNS lookup', connect: 'TCP connect', tls: 'TLS handshake', http: 'HTTP exchange' };

/** `401`, `no answer (TIMEOUT during the TLS handshake)`, `not sent (…)`: the observed value in a message. */
export function describeOutcome(o: ProbeOutcome): string {
  if (o.kind === 'response') return o.location ? `${o.status} (redirect to ${o.location}, not followed)` : String(o.status);
  if (o.kind === 'failure') return `no answer (${o.code} during the ${STAGE_NAMES[o.stage] ?? o.stage})`;
  return `not sent (${o.reason})`;
}

/** An outcome with no HTTP answer: the request failed (DNS, connect, TLS, timeout) or was not sent. */
export type NoAnswer = Extract<ProbeOutcome, { kind: 'failure' | 'blocked' }>;
export const isNoAnswer = (o: ProbeOutcome): o is NoAnswer => o.kind !== 'response';
/** 404 or 405: the route is not there (network.reachability's verdict for the same answer). */
export const isRouteMissing = (o: ProbeOutcome): boolean => o.kind === 'response' && (o.status === 404 || o.status === 405);

/**
 * Why a probe got no HTTP answer, by stage and code: `TLS handshake failed: CERT_HAS_EXPIRED`,
 * `HTTP exchange timed out: TIMEOUT`, `not sent: …`. Equal causes give equal strings, so that
 * findings can group the probes that share one.
 */
export function noAnswerCause(o: NoAnswer): string {
  if (o.kind === 'blocked') return `not sent: ${o.reason}`;
  if (o.code === 'ABORTED') return "cancelled at the check's deadline: ABORTED";
  const stage = STAGE_NAMES[o.stage] ?? o.stage;
  return `${stage} ${o.timedOut ? 'timed out' : 'failed'}: ${o.code}`;
}

/** `401`, or `got no answer (TLS handshake failed: CERT_HAS_EXPIRED)`: what a step got, after its name. */
export function answeredPhrase(o: ProbeOutcome): string {
  if (o.kind === 'response') return `answered ${describeOutcome(o)}`;
  return o.kind === 'failure' ? `got no answer (${noAnswerCause(o)})` : `was ${describeOutcome(o)}`;
}

const CERTIFICATE_CODE = /^(CERT_|DEPTH_ZERO|UNABLE_TO|SELF_SIGNED|ERR_TLS_CERT|HOSTNAME_MISMATCH)/;

/** The checks that report the cause of a missing answer, for a finding's fix. */
export function causeChecks(o: NoAnswer): string[] {
  if (o.kind === 'blocked') return ['urls.partner'];
  if (o.stage !== 'tls' || o.timedOut || o.code === 'ABORTED') return ['network.reachability'];
  if (CERTIFICATE_CODE.test(o.code)) return ['tls.certificate'];
  if (/PROTOCOL|VERSION/.test(o.code)) return ['tls.protocol'];
  return ['tls.protocol', 'tls.certificate'];
}

/**
 * What a set of unanswered probes has in common, for one finding instead of one per probe: the
 * distinct causes (`TLS handshake failed: CERT_HAS_EXPIRED`), the checks that report them, and
 * evidence (stage and code; never a body, a header or a secret).
 */
export function summarizeNoAnswer(outcomes: readonly NoAnswer[]): { cause: string; see: string[]; evidence: Record<string, unknown> } {
  const causes = [...new Set(outcomes.map(noAnswerCause))];
  const see = [...new Set(outcomes.flatMap(causeChecks))];
  const firsts = causes.map((c) => outcomes.find((o) => noAnswerCause(o) === c)!);
  const detail = (o: NoAnswer) => (o.kind === 'failure' ? { stage: o.stage, code: o.code } : { notSent: o.reason });
  const slowest = Math.max(0, ...outcomes.map((o) => (o.kind === 'failure' ? o.latencyMs : 0)));
  return {
    cause: causes.join('; '),
    see,
    evidence: {
      probes: outcomes.length,
      ...(firsts.length === 1 ? detail(firsts[0]!) : { causes: firsts.map(detail) }),
      ...(slowest > 0 ? { slowestMs: slowest } : {}),
    },
  };
}

/** The fix of a no-answer finding: where the cause is reported, and to run the check again. */
export function noAnswerFix(see: readonly string[]): string {
  return `See ${joinList(see.length ? see : ['network.reachability'])} for the cause; once the endpoint answers, run the check again.`;
}

/** `a`, `a and b`, `a, b and c`. */
export const joinList = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

export const isStatus = (o: ProbeOutcome, test: (status: number) => boolean): boolean => o.kind === 'response' && test(o.status);
export const is2xx = (s: number) => s >= 200 && s < 300;
export const is3xx = (s: number) => s >= 300 && s < 400;
export const is4xx = (s: number) => s >= 400 && s < 500;
export const is5xx = (s: number) => s >= 500;
export const isAuthRefusal = (s: number) => s === 401 || s === 403;

/** The evidence of an outcome: status and latency, or the failure's stage and code. Never the body. */
export function outcomeEvidence(o: ProbeOutcome): Record<string, unknown> {
  if (o.kind === 'response') return { status: o.status, latencyMs: o.latencyMs };
  if (o.kind === 'failure') return { stage: o.stage, code: o.code, latencyMs: o.latencyMs };
  return { notSent: o.reason };
}

/**
 * The first characters of a response body for evidence, on one line, with every value in
 * `scrub` (secrets and signatures the probe sent, which a server may echo) replaced.
 */
export function snippet(body: string, scrub: readonly string[] = [], max = 160): string {
  let text = createRedactor(scrub)(body);
  text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The outcome with every given value (the secrets and signatures a check sent or holds) replaced
 * in the body: a server that echoes a header back must not put a secret into a finding.
 */
export function scrubOutcome(o: ProbeOutcome, values: readonly string[]): ProbeOutcome {
  if (o.kind !== 'response') return o;
  const redact = createRedactor(values);
  return { ...o, body: redact(o.body), ...(o.location !== undefined ? { location: redact(o.location) } : {}) };
}
