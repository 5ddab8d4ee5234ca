import { describe, expect, it } from 'vitest';
import { sampleIds, toHubbleJson, WEBHOOK_EVENT_KINDS, webhookSample } from '../../src/hubble/webhook-samples.js';

const NOW = new Date('2025-03-04T05:06:07.890Z');
const parse = (kind: (typeof WEBHOOK_EVENT_KINDS)[number]) => JSON.parse(webhookSample(kind, { now: NOW })) as Record<string, unknown>;

describe('webhookSample', () => {
  it.each([
    ['transaction.completed', 'COMPLETED', 1, false],
    ['transaction.failed', 'FAILED', 0, true],
    ['transaction.reversed', 'REVERSED', 0, true],
  ] as const)('%s has the transaction shape of HUBBLE.md 4b (orderStatus %s, no event field)', (kind, status, vouchers, reversal) => {
    const body = parse(kind);
    expect(Object.keys(body)).toEqual([
      'transactionReferenceId', 'partnerCoinTransactionId', 'partnerCoinReversalTransactionId', 'amount', 'discountAmount',
      'timestamp', 'userId', 'vouchers', 'brandName', 'orderStatus',
    ]);
    expect(body).toMatchObject({ orderStatus: status, timestamp: '2025-03-04T05:06:07', amount: 10, discountAmount: 0.5 });
    expect(body.vouchers).toHaveLength(vouchers);
    expect(body.partnerCoinReversalTransactionId === null).toBe(!reversal);
    expect('event' in body).toBe(false);
  });

  it('gives a COMPLETED voucher every documented field, with a documented cardType', () => {
    const [voucher] = parse('transaction.completed').vouchers as Record<string, unknown>[];
    expect(Object.keys(voucher!)).toEqual(['id', 'brandId', 'brandName', 'cardType', 'cardNumber', 'cardPin', 'validTill', 'amount', 'shareImageUrl', 'brandRetailModes']);
    expect(['CARD_NUMBER_SECURED', 'PIN_NO_SECURED', 'CARD_AND_PIN_NO_SECURED']).toContain(voucher!.cardType);
    expect(voucher!.validTill).toBe('2026-03-04');
  });

  it.each([
    ['brand.discount-updated', 'USER_DISCOUNT_UPDATED', ['id', 'name', 'discountPercentage']],
    ['brand.created', 'NEW_BRAND_CREATED', ['id', 'name', 'discountPercentage']],
    ['brand.disabled', 'BRAND_DISABLED', ['id', 'name']],
  ] as const)('%s is {event: %s, details} (HUBBLE.md 4c)', (kind, event, details) => {
    const body = parse(kind);
    expect(body.event).toBe(event);
    expect(Object.keys(body.details as object)).toEqual(details);
  });

  it.each(WEBHOOK_EVENT_KINDS.map((k) => [k]))('%s carries only probe-marked ids', (kind) => {
    const raw = webhookSample(kind);
    const ids = [...raw.matchAll(/"(?:id|brandId|userId|transactionReferenceId|partnerCoin\w*Id)":"([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^hubble-golive-probe-[a-z-]+-[0-9a-f]{12}$/);
  });

  it('writes amounts as Hubble does (10.0), which JSON.stringify cannot reproduce', () => {
    const raw = webhookSample('transaction.completed', { now: NOW });
    expect(raw).toContain('"amount":10.0,"discountAmount":0.5,');
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
  });

  it('reuses ids to build the same delivery with another amount', () => {
    const ids = sampleIds();
    const a = webhookSample('transaction.completed', { ids, now: NOW });
    const b = webhookSample('transaction.completed', { ids, now: NOW, amount: 10_000 });
    expect(a).not.toBe(b);
    expect(b.replace(/10000\.0/g, '10.0').replace('"discountAmount":500.0', '"discountAmount":0.5')).toBe(a);
  });

  it('makes fresh ids each time by default', () => {
    expect(webhookSample('brand.disabled')).not.toBe(webhookSample('brand.disabled'));
  });
});

describe('toHubbleJson', () => {
  it('is compact JSON, escaping strings as JSON does', () => {
    expect(toHubbleJson({ a: 'x"y', b: [1, null, true], c: { d: 'é' } })).toBe(JSON.stringify({ a: 'x"y', b: [1, null, true], c: { d: 'é' } }));
  });
});
