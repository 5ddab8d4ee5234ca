import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../engine/secret.js';

/**
 * Hubble's webhook signature (HUBBLE.md 4a): `X-Verify` = standard Base64 (with padding) of
 * HMAC-SHA256 over the raw request body, keyed with the webhook secret's UTF-8 bytes.
 */
export const SIGNATURE_HEADER = 'x-verify';

export function signWebhook(body: string | Buffer, secret: Secret): string {
  return createHmac('sha256', Buffer.from(secret.reveal(), 'utf8')).update(body).digest('base64');
}

/** Verifies an X-Verify value over the raw body, in constant time. */
export function verifyWebhook(body: string | Buffer, signature: string | undefined, secret: Secret): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signWebhook(body, secret), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
