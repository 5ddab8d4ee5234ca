import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import { JWT_SSO } from './sso.js';

/** A jwtPublicKey read and checked, or what is wrong with it (never its content). */
export type PublicKeyResult =
  | { ok: true; key: KeyObject; fingerprint: string; type: string }
  | { ok: false; problem: string };

/**
 * Reads `jwtPublicKey`: PEM text in the config, or a path relative to the config's directory.
 * Accepts an SPKI or PKCS#1 public key or an X.509 certificate; refuses a private key.
 */
export function loadPublicKey(value: string, configDir: string): PublicKeyResult {
  let pem = value;
  if (!value.includes('-----BEGIN')) {
    const path = resolvePath(configDir, value.trim());
    try {
      pem = readFileSync(path, 'utf8');
    } catch (err) {
      return { ok: false, problem: `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return { ok: false, problem: 'holds a private key: give Hubble (and this tool) the public key only; the private key never leaves your backend' };
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return { ok: false, problem: 'is not a PEM public key or certificate (expected -----BEGIN PUBLIC KEY-----)' };
  }
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type !== 'rsa') return { ok: false, problem: `is an ${type} key; RS256 needs an RSA key` };
  const der = key.export({ type: 'spki', format: 'der' });
  return { ok: true, key, type, fingerprint: createHash('sha256').update(der).digest('hex').slice(0, 8) };
}

/** What a JWT says about itself: decoded header and claims, and whether its signature verifies. */
export interface JwtInspection {
  /** Set when the token is not a decodable JWT. */
  decodeError?: string;
  alg?: string;
  claims?: Record<string, unknown>;
  /** `not-checked` when the algorithm is not RS256 or the key is unusable. */
  signature: 'valid' | 'invalid' | 'not-checked';
}

export async function inspectJwt(token: string, key: KeyObject | undefined): Promise<JwtInspection> {
  let alg: string | undefined;
  let claims: Record<string, unknown>;
  try {
    const header = decodeProtectedHeader(token);
    alg = typeof header.alg === 'string' ? header.alg : undefined;
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return { decodeError: 'not a signed JWT (expected three base64url parts: header.claims.signature)', signature: 'not-checked' };
  }
  if (!key || alg !== JWT_SSO.algorithm) return { alg, claims, signature: 'not-checked' };
  try {
    await compactVerify(token, key, { algorithms: [JWT_SSO.algorithm] });
    return { alg, claims, signature: 'valid' };
  } catch {
    return { alg, claims, signature: 'invalid' };
  }
}
