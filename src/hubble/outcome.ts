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
