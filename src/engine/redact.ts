import type { ResolvedConfig } from '../config/types.js';
import { SECRET_KEYS } from '../config/types.js';
import { maskValue, type Secret } from './secret.js';

/**
 * The last line of defence: replaces every configured secret value that still shows up in text
 * about to be printed or written (a server echoing a header back, an exception message).
 * Checks are expected never to produce one; this makes sure.
 */
export function createRedactor(secrets: readonly Secret[]): (text: string) => string {
  // Each value as written and as JSON escapes it, longest first so that no part of one survives.
  const raw = secrets.map((s) => s.reveal().trim()).filter((v) => v.length >= 6);
  const values = [...new Set(raw.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(`[redacted ${maskValue(v)}]`);
    return out;
  };
}

export function configSecrets(config: ResolvedConfig): Secret[] {
  return Object.values(config.environments).flatMap((env) => SECRET_KEYS.map((k) => env[k]).filter((s): s is Secret => !!s));
}
