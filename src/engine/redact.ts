import type { ResolvedConfig } from '../config/types.js';
import { SECRET_KEYS } from '../config/types.js';
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
export function createRedactor(secrets: readonly (Secret | string)[], minLength = MIN_REDACT_LENGTH): (text: string) => string {
  const values = secrets.map((s) => (s instanceof Secret ? s.reveal() : s)).filter((v) => v.trim().length >= minLength);
  // Longest first, so that no part of a longer form survives a shorter one's replacement.
  const forms = [...new Set(values.flatMap(secretForms))].filter((f) => f.length >= minLength).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(MARK);
    return maskUrlCredentials(out);
  };
}

/** Applies a redactor to every string a check produced (messages, targets, evidence, fixes). */
export function redactReport(report: Report, redact: (text: string) => string): Report {
  const deep = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]));
    return v;
  };
  return { ...report, checks: deep(report.checks) as Report['checks'] };
}

export function configSecrets(config: ResolvedConfig): Secret[] {
  return Object.values(config.environments).flatMap((env) => SECRET_KEYS.map((k) => env[k]).filter((s): s is Secret => !!s));
}
