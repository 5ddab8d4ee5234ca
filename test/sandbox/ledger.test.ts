import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/sandbox/ledger.js';

const opening = [{ userId: 'u1', coins: 100 }];

describe('Ledger', () => {
  it('debits, and replays a repeated referenceId without moving coins', () => {
    const ledger = new Ledger(opening);
    const first = ledger.debit({ userId: 'u1', coins: 30, referenceId: 'r1' });
    const again = ledger.debit({ userId: 'u1', coins: 30, referenceId: 'r1' });
    expect(first).toMatchObject({ kind: 'done', replayed: false, entry: { balance: 70 } });
    expect(again).toEqual({ kind: 'done', replayed: true, entry: first.kind === 'done' ? first.entry : undefined });
    expect(ledger.balance('u1')).toBe(70);
    expect(ledger.journal).toHaveLength(1);
  });

  it('reports a referenceId reused for another user or amount as a conflict', () => {
    const ledger = new Ledger([...opening, { userId: 'u2', coins: 100 }]);
    ledger.debit({ userId: 'u1', coins: 30, referenceId: 'r1' });
    expect(ledger.debit({ userId: 'u1', coins: 31, referenceId: 'r1' }).kind).toBe('conflict');
    expect(ledger.debit({ userId: 'u2', coins: 30, referenceId: 'r1' }).kind).toBe('conflict');
    expect([ledger.balance('u1'), ledger.balance('u2')]).toEqual([70, 100]);
  });

  it('refuses to go below zero, and an unknown user holds nothing', () => {
    const ledger = new Ledger(opening);
    expect(ledger.debit({ userId: 'u1', coins: 100.01, referenceId: 'r1' })).toEqual({ kind: 'insufficient', balance: 100 });
    expect(ledger.debit({ userId: 'nobody', coins: 1, referenceId: 'r2' })).toEqual({ kind: 'insufficient', balance: 0 });
    expect(ledger.debit({ userId: 'u1', coins: 100, referenceId: 'r3' })).toMatchObject({ kind: 'done', entry: { balance: 0 } });
  });

  it('keeps fractional coins exact', () => {
    const ledger = new Ledger([{ userId: 'u1', coins: 0.3 }]);
    ledger.debit({ userId: 'u1', coins: 0.1, referenceId: 'a' });
    ledger.debit({ userId: 'u1', coins: 0.2, referenceId: 'b' });
    expect(ledger.balance('u1')).toBe(0);
  });

  it('reverses a debit once, only for the user it belongs to', () => {
    const ledger = new Ledger(opening);
    ledger.debit({ userId: 'u1', coins: 40, referenceId: 'r1' });
    expect(ledger.reverse({ userId: 'u2', referenceId: 'r1' })).toEqual({ kind: 'not-found' });
    expect(ledger.reverse({ userId: 'u1', referenceId: 'nope' })).toEqual({ kind: 'not-found' });
    const first = ledger.reverse({ userId: 'u1', referenceId: 'r1', note: 'failed' });
    const again = ledger.reverse({ userId: 'u1', referenceId: 'r1' });
    expect(first).toMatchObject({ kind: 'done', replayed: false, entry: { kind: 'reversal', coins: 40, balance: 100, note: 'failed' } });
    expect(again).toMatchObject({ kind: 'done', replayed: true });
    expect(ledger.balance('u1')).toBe(100);
    // A debit retried after its reversal is still the same debit: no second charge.
    expect(ledger.debit({ userId: 'u1', coins: 40, referenceId: 'r1' })).toMatchObject({ replayed: true });
    expect(ledger.balance('u1')).toBe(100);
  });

  it('debits again on a repeated referenceId when idempotency is off (the debit-not-idempotent fault)', () => {
    const ledger = new Ledger(opening, { idempotentDebits: false });
    ledger.debit({ userId: 'u1', coins: 30, referenceId: 'r1' });
    ledger.debit({ userId: 'u1', coins: 30, referenceId: 'r1' });
    expect(ledger.balance('u1')).toBe(40);
  });
});
