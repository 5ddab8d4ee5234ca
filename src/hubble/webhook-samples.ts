import { probeId } from './endpoints.js';

/**
 * Sample webhook bodies in the shapes of HUBBLE.md section 4 (transaction webhooks 4b, brand
 * update webhooks 4c), for `webhook send --event` and the webhook.signature probes. Every id
 * says what it is (`hubble-golive-probe-…`), so a delivery that a partner processes by mistake
 * matches no real user, order or brand and can be found in its store afterwards.
 */
import { WEBHOOK_EVENT_KINDS, type WebhookEventKind } from './webhook-kinds.js';

export { WEBHOOK_EVENT_KINDS, type WebhookEventKind };

export const isWebhookEventKind = (v: string): v is WebhookEventKind => (WEBHOOK_EVENT_KINDS as readonly string[]).includes(v);

/** The identifiers of one sample, all probe-marked. */
export interface SampleIds {
  transaction: string;
  coinTransaction: string;
  coinReversal: string;
  user: string;
  voucher: string;
  brand: string;
}

export function sampleIds(): SampleIds {
  return {
    transaction: probeId('txn'),
    coinTransaction: probeId('coin-txn'),
    coinReversal: probeId('coin-reversal'),
    user: probeId('user'),
    voucher: probeId('voucher'),
    brand: probeId('brand'),
  };
}

export interface SampleOptions {
  /** Reuse ids, e.g. to build the same delivery with a changed amount. Default: fresh ones. */
  ids?: SampleIds;
  /** The order amount (rupees). Default 10. */
  amount?: number;
  now?: Date;
}

export const PROBE_BRAND_NAME = 'hubble-golive probe brand';

/**
 * The raw body of a sample webhook. Amounts are written as Hubble's Kotlin backend writes
 * doubles (`10.0`, not `10`), which JSON.stringify cannot produce: a partner that verifies
 * X-Verify over re-serialised JSON instead of the raw bytes refuses it, as it would Hubble's.
 */
export function webhookSample(kind: WebhookEventKind, options: SampleOptions = {}): string {
  const ids = options.ids ?? sampleIds();
  const amount = options.amount ?? 10;
  switch (kind) {
    case 'transaction.completed':
      return transaction('COMPLETED', ids, amount, options.now);
    case 'transaction.failed':
      return transaction('FAILED', ids, amount, options.now);
    case 'transaction.reversed':
      return transaction('REVERSED', ids, amount, options.now);
    case 'brand.discount-updated':
      return toHubbleJson({ event: 'USER_DISCOUNT_UPDATED', details: { id: ids.brand, name: PROBE_BRAND_NAME, discountPercentage: new Double(5) } });
    case 'brand.created':
      return toHubbleJson({ event: 'NEW_BRAND_CREATED', details: { id: ids.brand, name: PROBE_BRAND_NAME, discountPercentage: new Double(5) } });
    case 'brand.disabled':
      return toHubbleJson({ event: 'BRAND_DISABLED', details: { id: ids.brand, name: PROBE_BRAND_NAME } });
  }
}

function transaction(status: 'COMPLETED' | 'FAILED' | 'REVERSED', ids: SampleIds, amount: number, now = new Date()): string {
  const validTill = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10);
  const vouchers =
    status === 'COMPLETED'
      ? [
          {
            id: ids.voucher,
            brandId: ids.brand,
            brandName: PROBE_BRAND_NAME,
            cardType: 'CARD_NUMBER_SECURED',
            cardNumber: '0000000000000000',
            cardPin: '000000',
            validTill,
            amount: new Double(amount),
            shareImageUrl: 'https://example.com/hubble-golive-probe.png',
            brandRetailModes: ['online'],
          },
        ]
      : [];
  return toHubbleJson({
    transactionReferenceId: ids.transaction,
    partnerCoinTransactionId: ids.coinTransaction,
    // FAILED: coins reversed if applicable; REVERSED: refund processed (HUBBLE.md 4b).
    partnerCoinReversalTransactionId: status === 'COMPLETED' ? null : ids.coinReversal,
    amount: new Double(amount),
    discountAmount: new Double(amount * 0.05),
    // UTC without a zone suffix, as Hubble sends it.
    timestamp: now.toISOString().slice(0, 19),
    userId: ids.user,
    vouchers,
    brandName: PROBE_BRAND_NAME,
    orderStatus: status,
  });
}

/** A number Hubble serialises as a double: always with a fraction (`10.0`). */
class Double {
  constructor(readonly value: number) {}
}

type JsonLike = null | string | number | boolean | Double | JsonLike[] | { [key: string]: JsonLike };

/** Compact JSON as Hubble's backend writes it (Jackson): doubles keep their `.0`. */
export function toHubbleJson(value: JsonLike): string {
  if (value instanceof Double) return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toHubbleJson).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${toHubbleJson(v)}`)
    .join(',')}}`;
}
