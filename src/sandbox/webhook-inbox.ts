import { createHash } from 'node:crypto';
import type { Secret } from '../engine/secret.js';
import { verifyWebhook } from '../hubble/webhook.js';

/** A webhook delivery the partner accepted. */
export interface WebhookDelivery {
  /** What deliveries are de-duplicated on (see dedupeKey). */
  key: string;
  /** True when an earlier delivery had the same key: acknowledged, not processed again. */
  duplicate: boolean;
  payload: Record<string, unknown>;
  receivedAt: string;
}

export type WebhookOutcome =
  | { kind: 'accepted'; delivery: WebhookDelivery }
  | { kind: 'bad-signature' }
  | { kind: 'bad-payload'; reason: string };

export interface InboxOptions {
  /** Keys an `X-Verify` may be made with; normally just this environment's webhook secret. */
  secrets: readonly Secret[];
  /** Off only for the unsigned-webhooks fault. */
  verifySignatures?: boolean;
}

/**
 * The partner's webhook receiver (HUBBLE.md 4). Order matters: verify the signature over the
 * raw bytes first (re-serialised JSON would not match), parse only a verified body, then
 * de-duplicate, since Hubble documents no delivery guarantee and may send the same event twice.
 */
export class WebhookInbox {
  readonly #seen = new Set<string>();
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #options: InboxOptions;

  constructor(options: InboxOptions) {
    this.#options = options;
  }

  /** Every delivery accepted, duplicates included, oldest first. */
  get deliveries(): readonly WebhookDelivery[] {
    return this.#deliveries;
  }

  receive(rawBody: Buffer, signature: string | undefined): WebhookOutcome {
    if (this.#options.verifySignatures !== false && !this.#options.secrets.some((s) => verifyWebhook(rawBody, signature, s))) {
      return { kind: 'bad-signature' };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { kind: 'bad-payload', reason: 'the body is not JSON' };
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return { kind: 'bad-payload', reason: 'the body is not a JSON object' };
    }
    const key = dedupeKey(payload as Record<string, unknown>, rawBody);
    const duplicate = this.#seen.has(key);
    this.#seen.add(key);
    const delivery: WebhookDelivery = { key, duplicate, payload: payload as Record<string, unknown>, receivedAt: new Date().toISOString() };
    this.#deliveries.push(delivery);
    return { kind: 'accepted', delivery };
  }
}

/**
 * A transaction webhook is the same event when its transactionReferenceId and orderStatus are
 * (COMPLETED then REVERSED are two events); a brand update or anything else when its bytes are.
 */
export function dedupeKey(payload: Record<string, unknown>, rawBody: Buffer): string {
  const { transactionReferenceId: ref, orderStatus: status } = payload;
  if (typeof ref === 'string' && typeof status === 'string') return `transaction:${ref}:${status}`;
  const digest = createHash('sha256').update(rawBody).digest('hex').slice(0, 16);
  return typeof payload.event === 'string' ? `event:${payload.event}:${digest}` : `body:${digest}`;
}
