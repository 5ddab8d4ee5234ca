import { describe, expect, it } from 'vitest';
import { balanceUrl, readBalance, readTransactionId } from '../../src/hubble/coins.js';

describe('readBalance', () => {
  it.each([
    ['totalCoins number', '{"userId":"u","totalCoins":120}', 120],
    ['totalCoins numeric string', '{"totalCoins":"120.5"}', 120.5],
    ['balance as a fallback', '{"status":"SUCCESS","balance":7}', 7],
    ['zero', '{"totalCoins":0}', 0],
    ['missing', '{"coins":5}', undefined],
    ['not a number', '{"totalCoins":"lots"}', undefined],
    ['empty string', '{"totalCoins":""}', undefined],
    ['not JSON', '<html>', undefined],
    ['a list', '[1,2]', undefined],
  ])('%s', (_name, body, expected) => {
    expect(readBalance(body)).toBe(expected);
  });
});

describe('readTransactionId', () => {
  it.each([
    ['{"transactionId":"t1"}', 't1'],
    ['{"transactionId":42}', '42'],
    ['{"status":"SUCCESS"}', undefined],
    ['nope', undefined],
  ])('%s', (body, expected) => expect(readTransactionId(body)).toBe(expected));
});

describe('balanceUrl', () => {
  it('adds userId as a query parameter, encoded', () => {
    expect(balanceUrl('https://api.acme.com/hubble/balance', 'a b&c')).toBe('https://api.acme.com/hubble/balance?userId=a+b%26c');
  });
});
