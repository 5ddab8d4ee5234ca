import { randomUUID } from 'node:crypto';

/** One movement of coins, as the partner's books would keep it. */
export interface LedgerEntry {
  transactionId: string;
  kind: 'debit' | 'reversal';
  userId: string;
  /** Coins taken (debit) or given back (reversal), always positive. */
  coins: number;
  /** Hubble's idempotency key; a reversal carries the referenceId of the debit it undoes. */
  referenceId: string;
  note?: string;
  /** The user's balance right after this entry. */
  balance: number;
  at: string;
}

export interface DebitRequest {
  userId: string;
  coins: number;
  referenceId: string;
  note?: string;
}

export interface ReverseRequest {
  userId: string;
  referenceId: string;
  note?: string;
}

export type DebitOutcome =
  /** `replayed`: the referenceId was seen before; this is the original entry, nothing moved. */
  | { kind: 'done'; entry: LedgerEntry; replayed: boolean }
  | { kind: 'insufficient'; balance: number }
  /** The referenceId was already used for another user or amount. */
  | { kind: 'conflict'; entry: LedgerEntry };

export type ReverseOutcome =
  | { kind: 'done'; entry: LedgerEntry; replayed: boolean }
  /** No debit with this referenceId for this user. */
  | { kind: 'not-found' };

export interface LedgerOptions {
  /** Replay a repeated referenceId instead of debiting again (off only for the debit-not-idempotent fault). */
  idempotentDebits?: boolean;
}

/**
 * The partner's coin ledger, in memory. Hubble may retry `/debit` and `/reverse` (a timeout, a
 * network error), so both are idempotent on `referenceId`: a retry returns the original
 * result and moves no coins. Users the partner has never seen hold 0 coins.
 */
export class Ledger {
  readonly #balances = new Map<string, number>();
  readonly #debits = new Map<string, LedgerEntry>();
  readonly #reversals = new Map<string, LedgerEntry>();
  readonly #journal: LedgerEntry[] = [];
  readonly #idempotent: boolean;

  constructor(opening: Iterable<{ userId: string; coins: number }>, options: LedgerOptions = {}) {
    for (const { userId, coins } of opening) this.#balances.set(userId, coins);
    this.#idempotent = options.idempotentDebits ?? true;
  }

  balance(userId: string): number {
    return this.#balances.get(userId) ?? 0;
  }

  /** Every entry, oldest first. */
  get journal(): readonly LedgerEntry[] {
    return this.#journal;
  }

  debit(req: DebitRequest): DebitOutcome {
    const earlier = this.#debits.get(req.referenceId);
    if (earlier && this.#idempotent) {
      if (earlier.userId !== req.userId || earlier.coins !== req.coins) return { kind: 'conflict', entry: earlier };
      return { kind: 'done', entry: earlier, replayed: true };
    }
    const balance = this.balance(req.userId);
    if (req.coins > balance) return { kind: 'insufficient', balance };
    const entry = this.#record('debit', req.userId, req.coins, req.referenceId, req.note, subtract(balance, req.coins));
    this.#debits.set(req.referenceId, entry);
    return { kind: 'done', entry, replayed: false };
  }

  reverse(req: ReverseRequest): ReverseOutcome {
    const debit = this.#debits.get(req.referenceId);
    if (!debit || debit.userId !== req.userId) return { kind: 'not-found' };
    const earlier = this.#reversals.get(req.referenceId);
    if (earlier) return { kind: 'done', entry: earlier, replayed: true };
    const balance = add(this.balance(req.userId), debit.coins);
    const entry = this.#record('reversal', req.userId, debit.coins, req.referenceId, req.note, balance);
    this.#reversals.set(req.referenceId, entry);
    return { kind: 'done', entry, replayed: false };
  }

  #record(kind: LedgerEntry['kind'], userId: string, coins: number, referenceId: string, note: string | undefined, balance: number): LedgerEntry {
    this.#balances.set(userId, balance);
    const entry: LedgerEntry = {
      transactionId: randomUUID(),
      kind,
      userId,
      coins,
      referenceId,
      ...(note === undefined ? {} : { note }),
      balance,
      at: new Date().toISOString(),
    };
    this.#journal.push(entry);
    return entry;
  }
}

// Coins may have a fractional part (paise); keep sums exact to the hundredth.
const add = (a: number, b: number) => Math.round((a + b) * 100) / 100;
const subtract = (a: number, b: number) => Math.round((a - b) * 100) / 100;
