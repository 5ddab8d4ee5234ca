import { parseJson } from './outcome.js';

/**
 * The coins endpoints as partners implement them (HUBBLE.md 3b; Hubble's own request and response
 * tables are not public): `GET /balance?userId=`, `POST /debit {userId, coins, referenceId, note}`,
 * `POST /reverse {userId, referenceId, note}`, idempotent on `referenceId`.
 */

/** `{base}/balance?userId=…` */
export function balanceUrl(balanceEndpoint: string, userId: string): string {
  const u = new URL(balanceEndpoint);
  u.searchParams.set('userId', userId);
  return u.toString();
}

export interface DebitRequest {
  userId: string;
  coins: number;
  referenceId: string;
  note: string;
}

export interface ReverseRequest {
  userId: string;
  referenceId: string;
  /** Not in most partners' contract; sent for those that expect the amount back (P9). */
  coins: number;
  /** The debit's transactionId when its answer gave one (P9 reads it). */
  transactionId?: string;
  note: string;
}

export const debitBody = (r: DebitRequest): string => JSON.stringify(r);
export const reverseBody = (r: ReverseRequest): string => JSON.stringify(r);

/**
 * The coin balance in a `/balance` answer: `totalCoins` (every partner implementation seen),
 * else `balance`; a number or a numeric string. Undefined when neither is there.
 */
export function readBalance(body: string): number | undefined {
  const json = parseJson(body) as Record<string, unknown> | undefined;
  if (!json || typeof json !== 'object') return undefined;
  for (const key of ['totalCoins', 'balance'] as const) {
    const v = json[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** The `transactionId` of a `/debit` or `/reverse` answer, when it has one. */
export function readTransactionId(body: string): string | undefined {
  const json = parseJson(body) as Record<string, unknown> | undefined;
  const id = json && typeof json === 'object' ? json.transactionId : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The keys of a JSON object body, for evidence when an expected field is missing. */
export function bodyKeys(body: string): string[] | undefined {
  const json = parseJson(body);
  return json && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json) : undefined;
}
