/** The sample webhook kinds of `webhook send --event` (HUBBLE.md 4b, 4c). Kept apart so that `--help` loads nothing else. */
export const WEBHOOK_EVENT_KINDS = [
  'transaction.completed',
  'transaction.failed',
  'transaction.reversed',
  'brand.discount-updated',
  'brand.created',
  'brand.disabled',
] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];
