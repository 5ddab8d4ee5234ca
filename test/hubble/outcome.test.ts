import { describe, expect, it } from 'vitest';
import {
  answeredPhrase, causeChecks, describeOutcome, isRouteMissing, joinList, noAnswerCause, scrubOutcome, snippet, summarizeNoAnswer, toOutcome, type NoAnswer,
  type ProbeOutcome,
} from '../../src/hubble/outcome.js';

describe('snippet', () => {
  it('replaces scrubbed values, flattens whitespace and control characters, and cuts', () => {
    expect(snippet('{"echo":"s3cr3t-value"}\n\n  ok', ['s3cr3t-value'])).toBe('{"echo":"[redacted]"} ok');
    expect(snippet('x'.repeat(200), [], 10)).toBe(`${'x'.repeat(10)}…`);
    expect(snippet('a\u0000b')).toBe('a b');
  });
  it('ignores values too short to be secrets', () => {
    expect(snippet('abc', ['ab'])).toBe('abc');
  });
});

describe('scrubOutcome', () => {
  it('scrubs the body of a response and leaves other outcomes alone', () => {
    const o: ProbeOutcome = { kind: 'response', status: 200, latencyMs: 1, body: 'key=topsecret1 and topsecret1' };
    expect(scrubOutcome(o, ['topsecret1'])).toMatchObject({ body: 'key=[redacted] and [redacted]' });
    const f: ProbeOutcome = { kind: 'blocked', reason: 'x' };
    expect(scrubOutcome(f, ['x'])).toBe(f);
  });
});

describe('toOutcome / describeOutcome', () => {
  it('keeps the status, latency, body and a redirect target', () => {
    const o = toOutcome({ kind: 'response', url: 'u', status: 302, headers: { location: '/login' }, body: '', truncated: false, timings: { totalMs: 12 } });
    expect(o).toEqual({ kind: 'response', status: 302, latencyMs: 12, body: '', location: '/login' });
    expect(describeOutcome(o)).toBe('302 (redirect to /login, not followed)');
  });
  it('names the stage and code of a failure, and the reason of a blocked request', () => {
    const f = toOutcome({ kind: 'failure', url: 'u', stage: 'tls', timedOut: false, code: 'CERT_HAS_EXPIRED', message: 'm', timings: { totalMs: 3 } });
    expect(describeOutcome(f)).toBe('no answer (CERT_HAS_EXPIRED during the TLS handshake)');
    expect(describeOutcome(toOutcome({ kind: 'blocked', url: 'u', reason: 'secrets are never sent over plain http' }))).toBe('not sent (secrets are never sent over plain http)');
  });
});

const failure = (stage: string, code: string, timedOut = false, latencyMs = 5): NoAnswer => ({ kind: 'failure', stage, code, timedOut, message: 'm', latencyMs });

describe('noAnswerCause / causeChecks', () => {
  it.each([
    ['an expired certificate', failure('tls', 'CERT_HAS_EXPIRED'), 'TLS handshake failed: CERT_HAS_EXPIRED', ['tls.certificate']],
    ['a wrong host', failure('tls', 'ERR_TLS_CERT_ALTNAME_INVALID'), 'TLS handshake failed: ERR_TLS_CERT_ALTNAME_INVALID', ['tls.certificate']],
    ['a TLS version refused', failure('tls', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'), 'TLS handshake failed: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', ['tls.protocol']],
    ['another TLS failure', failure('tls', 'ECONNRESET'), 'TLS handshake failed: ECONNRESET', ['tls.protocol', 'tls.certificate']],
    ['a handshake that never ends', failure('tls', 'TIMEOUT', true), 'TLS handshake timed out: TIMEOUT', ['network.reachability']],
    ['a server that never answers', failure('http', 'TIMEOUT', true), 'HTTP exchange timed out: TIMEOUT', ['network.reachability']],
    ['a refused connection', failure('connect', 'ECONNREFUSED'), 'TCP connect failed: ECONNREFUSED', ['network.reachability']],
    ['an unknown name', failure('dns', 'ENOTFOUND'), 'DNS lookup failed: ENOTFOUND', ['network.reachability']],
    ['the check deadline', failure('connect', 'ABORTED'), "cancelled at the check's deadline: ABORTED", ['network.reachability']],
    ['a request not sent', { kind: 'blocked', reason: 'URLs with user:password are not requested' } as NoAnswer, 'not sent: URLs with user:password are not requested', ['urls.partner']],
  ] as const)('%s: stage and code, and the check that reports it', (_name, o, cause, see) => {
    expect(noAnswerCause(o)).toBe(cause);
    expect(causeChecks(o)).toEqual(see);
  });
});

describe('answeredPhrase', () => {
  it('says "answered" for an answer and "got no answer" for none (never "answered no answer")', () => {
    expect(answeredPhrase({ kind: 'response', status: 500, latencyMs: 1, body: '' })).toBe('answered 500');
    expect(answeredPhrase(failure('tls', 'CERT_HAS_EXPIRED'))).toBe('got no answer (TLS handshake failed: CERT_HAS_EXPIRED)');
    expect(answeredPhrase({ kind: 'blocked', reason: 'r' })).toBe('was not sent (r)');
  });
});

describe('summarizeNoAnswer', () => {
  it('gives one cause for probes that share it, with stage and code as evidence', () => {
    const s = summarizeNoAnswer([failure('tls', 'CERT_HAS_EXPIRED', false, 3), failure('tls', 'CERT_HAS_EXPIRED', false, 9)]);
    expect(s).toEqual({ cause: 'TLS handshake failed: CERT_HAS_EXPIRED', see: ['tls.certificate'], evidence: { probes: 2, stage: 'tls', code: 'CERT_HAS_EXPIRED', slowestMs: 9 } });
  });
  it('lists distinct causes, each once', () => {
    const s = summarizeNoAnswer([failure('http', 'TIMEOUT', true), failure('connect', 'ECONNREFUSED'), failure('http', 'TIMEOUT', true)]);
    expect(s.cause).toBe('HTTP exchange timed out: TIMEOUT; TCP connect failed: ECONNREFUSED');
    expect(s.see).toEqual(['network.reachability']);
    expect(s.evidence).toMatchObject({ probes: 3, causes: [{ stage: 'http', code: 'TIMEOUT' }, { stage: 'connect', code: 'ECONNREFUSED' }] });
  });
});

describe('isRouteMissing / joinList', () => {
  it('reads 404 and 405 as a missing route, nothing else', () => {
    expect([404, 405, 400, 401, 500].map((status) => isRouteMissing({ kind: 'response', status, latencyMs: 1, body: '' }))).toEqual([true, true, false, false, false]);
    expect(isRouteMissing(failure('http', 'TIMEOUT', true))).toBe(false);
  });
  it('joins lists as prose', () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map((l) => joinList(l))).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});
