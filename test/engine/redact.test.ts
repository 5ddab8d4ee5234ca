import { describe, expect, it } from 'vitest';
import { createRedactor, maskUrlCredentials, redactReport, secretForms } from '../../src/engine/redact.js';
import { Secret } from '../../src/engine/secret.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderGithub } from '../../src/reporters/github.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderPretty } from '../../src/reporters/pretty.js';
import { sampleReport } from '../helpers/report.js';

const SECRET = 'hub"sec%ret/Kx+9|a,b:c<d>&e==';
const b64 = Buffer.from(SECRET).toString('base64');

describe('createRedactor', () => {
  const redact = createRedactor([new Secret(SECRET)]);
  it.each([
    ['as is', SECRET],
    ['with surrounding whitespace', ` ${SECRET}\n`],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['form-encoded', new URLSearchParams({ v: SECRET }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(SECRET)],
    ['JSON-escaped with \\/ (PHP)', JSON.stringify(SECRET).replace(/\//g, '\\/')],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify(SECRET))],
    ['Base64', b64],
    ['Base64 without padding', b64.replace(/=+$/, '')],
    ['Base64url', b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
  ])('removes the secret %s', (_form, shown) => {
    const out = redact(`before ${shown} after`);
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('Kx+9');
    expect(out).not.toContain('Kx%2B9');
    expect(out).not.toContain(b64.slice(4, 16));
  });
  it('masks user:password in URLs', () => {
    expect(maskUrlCredentials('see https://partneruser:PaSsW0rd@api.x.com/hubble and postgres://a:b@db/x')).toBe(
      'see https://***@api.x.com/hubble and postgres://***@db/x',
    );
    expect(createRedactor([])('https://u:p@h.com')).toBe('https://***@h.com');
  });
  it('leaves values shorter than 4 characters alone (they would match everywhere)', () => {
    expect(createRedactor(['ab'])('abc')).toBe('abc');
    expect(secretForms('ab')).toEqual([]);
  });
});

describe('redactReport', () => {
  it('redacts check data before any reporter escapes it, in every format, and leaves the tool\'s own words alone', () => {
    const report = sampleReport({
      checks: [
        {
          id: 'auth.hubble-secret', title: 'Every partner endpoint enforces X-Hubble-Secret', status: 'fail', durationMs: 3,
          findings: [{ status: 'fail', message: `answered 200 to ${SECRET}`, target: `https://u:${SECRET}@api.x.com/?s=${encodeURIComponent(SECRET)}`, evidence: { bodyStart: JSON.stringify({ echo: SECRET }), nested: [b64] }, fix: 'golive' }],
        },
      ],
    });
    const redact = createRedactor([new Secret(SECRET), new Secret('golive')]);
    const safe = redactReport(report, redact);
    for (const render of [renderPretty, renderJson, renderJunit, renderMarkdown, renderGithub]) {
      const text = render(safe, { color: false, verbose: true });
      expect(text).not.toMatch(/Kx\+9|Kx%2B9|Kx%252B9/);
      expect(text).not.toContain(b64.slice(4, 16));
    }
    expect(safe.tool.name).toBe('hubble-golive');
    expect(renderPretty(safe, { color: false, verbose: true })).toMatch(/^hubble-golive /);
  });
});

describe('weak secrets that are common words', () => {
  it.each(['pass', 'fail', 'warn', 'skip', 'hubble', 'production'])('a secret "%s" never touches ids, titles, statuses or the words around it', (word) => {
    const report = sampleReport();
    const safe = redactReport(report, createRedactor([word]));
    expect(safe.checks.map((c) => [c.id, c.title, c.status])).toEqual(report.checks.map((c) => [c.id, c.title, c.status]));
    expect(safe.checks.flatMap((c) => c.findings.map((f) => f.status))).toEqual(report.checks.flatMap((c) => c.findings.map((f) => f.status)));
    for (const render of [renderPretty, renderJson, renderJunit, renderMarkdown, renderGithub]) expect(() => render(safe, { color: false, verbose: true })).not.toThrow();
  });
  it('a short secret is removed where it stands alone, not inside longer words', () => {
    const redact = createRedactor(['pass']);
    expect(redact('{"userId":"pass"} 3 passed, bypass')).toBe('{"userId":"[redacted]"} 3 passed, bypass');
  });
  it('evidence keys are redacted too', () => {
    const report = sampleReport({ checks: [{ id: 'sso.contract', title: 't', status: 'fail', durationMs: 1, findings: [{ status: 'fail', message: 'm', evidence: { fields: { 'secret-key-value-123': 'x' } } }] }] });
    expect(JSON.stringify(redactReport(report, createRedactor(['secret-key-value-123'])))).not.toContain('secret-key-value-123');
  });
});
