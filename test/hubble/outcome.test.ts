import { describe, expect, it } from 'vitest';
import { describeOutcome, scrubOutcome, snippet, toOutcome, type ProbeOutcome } from '../../src/hubble/outcome.js';

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
