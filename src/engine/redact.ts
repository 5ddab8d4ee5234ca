import type { ResolvedConfig } from '../config/types.js';
import { SECRET_KEYS } from '../config/types.js';
import type { Finding } from './check.js';
import type { Report } from './report.js';
import { maskUrlCredentials } from './mask-url.js';
import { Secret } from './secret.js';

/** Values shorter than this are not searched for: they would match by chance everywhere (credentials.present flags them). */
export const MIN_REDACT_LENGTH = 4;
const MARK = '[redacted]';

/**
 * Every form in which a value can come back from a server or pass through our own output: as is,
 * URL-encoded (both flavours), JSON-escaped (also with `\/`, as PHP writes it), and Base64.
 */
export function secretForms(value: string): string[] {
  if (value.trim().length < MIN_REDACT_LENGTH) return [];
  const json = JSON.stringify(value).slice(1, -1);
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  const forms = [
    value,
    value.trim(),
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    json,
    json.replace(/\//g, '\\/'),
    JSON.stringify(json).slice(1, -1),
    b64,
    b64.replace(/=+$/, ''),
    b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  ];
  return [...new Set(forms)].filter((f) => f.length >= MIN_REDACT_LENGTH);
}

export { maskUrlCredentials };

/**
 * A function that removes every given secret (in each of its forms) and any URL credentials
 * from a text. Used on report data before rendering and, as a last net, on whatever is printed.
 */
/** Below this length a value is replaced only where it stands as a whole token, so that a weak secret such as `pass` cannot eat `passed`. */
const WHOLE_TOKEN_BELOW = 12;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createRedactor(secrets: readonly (Secret | string)[], minLength = MIN_REDACT_LENGTH): (text: string) => string {
  const values = secrets.map((s) => (s instanceof Secret ? s.reveal() : s)).filter((v) => v.trim().length >= minLength);
  // Longest first, so that no part of a longer form survives a shorter one's replacement.
  const forms = [...new Set(values.flatMap(secretForms))].filter((f) => f.length >= minLength).sort((a, b) => b.length - a.length);
  const short = forms.filter((f) => f.length < WHOLE_TOKEN_BELOW);
  const shortPattern = short.length ? new RegExp(`(?<![A-Za-z0-9])(?:${short.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`, 'g') : undefined;
  const long = forms.filter((f) => f.length >= WHOLE_TOKEN_BELOW);
  return (text) => {
    let out = text;
    for (const f of long) if (out.includes(f)) out = out.split(f).join(MARK);
    if (shortPattern) out = out.replace(shortPattern, MARK);
    return maskUrlCredentials(out);
  };
}

/**
 * Applies a redactor to the free text checks produced: each finding's message, target, fix and
 * evidence (keys and values). Never to ids, titles or statuses: those are the tool's own words,
 * and the verdict, exit code and checklist are read from them.
 */
export function redactReport(report: Report, redact: (text: string) => string): Report {
  const deep = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), deep(x)]));
    return v;
  };
  const findings = (fs: Finding[]): Finding[] =>
    fs.map((f) => ({
      ...f,
      message: redact(f.message),
      ...(f.target !== undefined ? { target: redact(f.target) } : {}),
      ...(f.fix !== undefined ? { fix: redact(f.fix) } : {}),
      ...(f.evidence !== undefined ? { evidence: deep(f.evidence) as Record<string, unknown> } : {}),
    }));
  return { ...report, checks: report.checks.map((c) => ({ ...c, findings: findings(c.findings) })) };
}

export function configSecrets(config: ResolvedConfig): Secret[] {
  return Object.values(config.environments).flatMap((env) => SECRET_KEYS.map((k) => env[k]).filter((s): s is Secret => !!s));
}
