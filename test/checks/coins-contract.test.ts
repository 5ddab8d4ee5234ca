import { describe, expect, it } from 'vitest';
import coinsContract, { judgeCoins, type CoinsStep, type CoinsStepName, type CoinsTrace } from '../../checks/coins-contract.js';
import type { ProbeOutcome } from '../../src/hubble/outcome.js';
import { configFor, partnerPool, messages, runContract, SECRETS, TEST_USER } from '../helpers/contract-context.js';
import type { Partner, PartnerFault } from '../helpers/partner.js';
import { runAgainstSandbox } from './sandbox-contract.js';

const ok = (status = 200): ProbeOutcome => ({ kind: 'response', status, latencyMs: 2, body: '{}' });
type Row = [CoinsStepName, number?, { balance?: number; transactionId?: string; status?: number; outcome?: ProbeOutcome }?];

function trace(rows: Row[]): CoinsTrace {
  const steps: CoinsStep[] = rows.map(([name, balance, extra = {}]) => ({
    name,
    outcome: extra.outcome ?? ok(extra.status ?? 200),
    ...(balance !== undefined ? { balance } : {}),
    ...(extra.transactionId ? { transactionId: extra.transactionId } : {}),
  }));
  return { baseUrl: 'https://api.acme.com/hubble', plainHttp: false, userId: 'u1', referenceId: 'hubble-golive-probe-ref-1', steps };
}
const GOOD: Row[] = [
  ['balance-before', 100], ['debit', undefined, { transactionId: 't1' }], ['debit-repeat', undefined, { transactionId: 't1' }],
  ['balance-after-debit', 99], ['reverse', undefined, { transactionId: 'r1' }], ['reverse-repeat', undefined, { transactionId: 'r1' }],
  ['balance-after-reverse', 100],
];
const replace = (rows: Row[], name: CoinsStepName, row: Row) => rows.map((r) => (r[0] === name ? row : r));
const verdicts = (t: CoinsTrace) => judgeCoins(t).map((f) => `${f.status}: ${f.message}`);

describe('judgeCoins', () => {
  it('passes a balance that goes 100 → 99 → 100 with identical repeats', () => {
    expect(verdicts(trace(GOOD))).toEqual(['pass: /debit and /reverse are idempotent on referenceId: balance 100 → 99 (debit, repeated) → 100 (reverse, repeated)']);
  });

  it.each([
    ['a debit applied twice', replace(replace(GOOD, 'balance-after-debit', ['balance-after-debit', 98]), 'balance-after-reverse', ['balance-after-reverse', 99]), [
      'fail: debited twice: the balance went 100 → 98 after two debits of 1 coin with the same referenceId; expected 99',
      'fail: the balance went 98 → 99 after the reversals; expected it back at 100',
    ]],
    ['a reverse applied twice', replace(GOOD, 'balance-after-reverse', ['balance-after-reverse', 101]), [
      'fail: reversed more than was debited: the balance went 99 → 101 after two reversals with the same referenceId; expected it back at 100',
    ]],
    ['a repeated debit answering a new transactionId', replace(GOOD, 'debit-repeat', ['debit-repeat', undefined, { transactionId: 't2' }]), [
      'fail: the repeated POST /debit (same referenceId) answered a new transactionId (t1 then t2): the repeat was treated as a new debit',
    ]],
    ['a repeated debit refused with 409', replace(GOOD, 'debit-repeat', ['debit-repeat', undefined, { status: 409 }]), [
      'fail: the repeated POST /debit (same referenceId) for testUserId answered 409; expected 2xx with the original result',
    ]],
    ['a balance without totalCoins', replace(GOOD, 'balance-after-debit', ['balance-after-debit']), [
      'fail: GET /balance (after the debits) answered 200 without a numeric totalCoins',
    ]],
  ] as const)('fails %s, with the numbers', (_name, rows, expected) => {
    const found = verdicts(trace([...rows])).filter((m) => m.startsWith('fail'));
    expect(found).toEqual(expected);
  });

  it('warns that the test user may be left debited, naming the referenceId', () => {
    const rows = replace(replace(GOOD, 'balance-after-debit', ['balance-after-debit', 98]), 'balance-after-reverse', ['balance-after-reverse', 99]);
    expect(verdicts(trace(rows))).toContain('warn: testUserId u1 may be left at 99 coins instead of 100: check it and restore it by hand (referenceId hubble-golive-probe-ref-1)');
  });

  it('warns, without debiting, when the test user holds no coin', () => {
    expect(verdicts(trace([['balance-before', 0]]))).toEqual(['warn: testUserId u1 holds 0 coins, so nothing was debited; coins.contract needs at least 1']);
  });

  it('warns that the test user may be left debited when the reversal failed', () => {
    const rows: Row[] = [['balance-before', 100], ['debit', undefined, { transactionId: 't1' }], ['debit-repeat', undefined, { transactionId: 't1' }], ['balance-after-debit', 99], ['reverse', undefined, { status: 500 }], ['balance-after-reverse', 99]];
    expect(verdicts(trace(rows))).toEqual(expect.arrayContaining([
      'fail: POST /reverse for testUserId answered 500; expected 2xx',
      'warn: testUserId u1 may be left at 99 coins instead of 100: check it and restore it by hand (referenceId hubble-golive-probe-ref-1)',
    ]));
  });

  describe('a step that hit a missing route or got no answer says what could not be verified, and judges no arithmetic from it', () => {
    const expired: ProbeOutcome = { kind: 'failure', stage: 'tls', code: 'CERT_HAS_EXPIRED', timedOut: false, message: 'x', latencyMs: 4 };
    const reset: ProbeOutcome = { kind: 'failure', stage: 'http', code: 'ECONNRESET', timedOut: false, message: 'x', latencyMs: 4 };
    const debited: Row[] = [['balance-before', 100], ['debit', undefined, { transactionId: 't1' }], ['debit-repeat', undefined, { transactionId: 't1' }], ['balance-after-debit', 99]];

    it.each([
      ['/reverse answers 404 (route missing)', [...debited, ['reverse', undefined, { status: 404 }], ['balance-after-reverse', 99]] as Row[], [
        'fail: POST /reverse for testUserId answered 404: the route looks missing; expected 2xx. Whether /reverse gives the coin back and is idempotent on referenceId could not be verified',
        'warn: testUserId u1 may be left at 99 coins instead of 100: check it and restore it by hand (referenceId hubble-golive-probe-ref-1)',
      ]],
      ['/debit answers 405', [['balance-before', 100], ['debit', undefined, { status: 405 }], ['balance-after-debit', 100]] as Row[], [
        'fail: POST /debit of 1 coin for testUserId answered 405: the route is missing or takes another method than POST; expected 2xx. Whether /debit is idempotent on referenceId could not be verified',
      ]],
      ['the first balance read gets no answer', [['balance-before', undefined, { outcome: expired }]] as Row[], [
        'fail: GET /balance (before) for testUserId got no answer (TLS handshake failed: CERT_HAS_EXPIRED): nothing was debited, so idempotency could not be verified',
      ]],
      ['the repeated reverse gets no answer (it may or may not have arrived)', [...debited, ['reverse', undefined, { transactionId: 'r1' }], ['reverse-repeat', undefined, { outcome: reset }], ['balance-after-reverse', 101]] as Row[], [
        'fail: the repeated POST /reverse (same referenceId) for testUserId got no answer (HTTP exchange failed: ECONNRESET): whether a repeated /reverse credits only once could not be verified',
        'warn: testUserId u1 may be left at 101 coins instead of 100: check it and restore it by hand (referenceId hubble-golive-probe-ref-1)',
      ]],
    ] as const)('%s', (_name, rows, expected) => {
      const found = verdicts(trace([...rows]));
      expect(found).toEqual(expected);
      expect(found.join('\n')).not.toMatch(/after the reversals|debited twice|answered no answer/);
      expect(judgeCoins(trace([...rows])).map((f) => f.fix ?? '').join('\n')).not.toMatch(/idempotent on referenceId: store it/);
    });

    it('names several steps without an answer in one finding', () => {
      const rows: Row[] = [['balance-before', 100], ['debit', undefined, { outcome: reset }], ['reverse', undefined, { outcome: reset }], ['balance-after-reverse', 100]];
      expect(verdicts(trace(rows)).filter((m) => m.startsWith('fail'))).toEqual([
        'fail: POST /debit of 1 coin and POST /reverse for testUserId got no answer (HTTP exchange failed: ECONNRESET): whether /debit is idempotent on referenceId could not be verified; ' +
          'whether /reverse gives the coin back and is idempotent on referenceId could not be verified',
      ]);
    });
  });

  it('warns when steps were left out to end in time, and does not call that a mismatch', () => {
    const rows: Row[] = [['balance-before', 100], ['debit', undefined, { transactionId: 't1' }], ['reverse', undefined, { transactionId: 'r1' }], ['balance-after-reverse', 100]];
    expect(verdicts({ ...trace(rows), cutShortAfterMs: 900 })).toEqual([
      'warn: steps were left out to end within 2 × --timeout: the partner took up to 900 ms to answer (4 of 7 calls made)',
    ]);
  });

  it('fails plain http', () => {
    expect(verdicts({ ...trace([]), plainHttp: true })[0]).toMatch(/^fail: integrationBaseUrl is plain http/);
  });
});

describe('coins.contract against loopback partners', () => {
  const pool = partnerPool();
  const start = (faults: PartnerFault[] = [], users: Record<string, number> = { [TEST_USER]: 100 }) => pool({ faults, users });
  const run = async (p: Partner, allowMutations = true, testUserId: string | null = TEST_USER) => {
    const { config, envName } = configFor(p, testUserId ? { testUserId } : {});
    return (await runContract([coinsContract], config, envName, { partner: p, allowMutations }))['coins.contract']!;
  };

  it('passes an idempotent partner and leaves the balance as it was', async () => {
    const p = await start();
    const r = await run(p);
    expect(r.status, messages(r).join('\n')).toBe('pass');
    expect(p.balances.get(TEST_USER)).toBe(100);
    const calls = p.requests.map((q) => `${q.method} ${q.path}`);
    expect(calls).toEqual(['GET /hubble/balance', 'POST /hubble/debit', 'POST /hubble/debit', 'GET /hubble/balance', 'POST /hubble/reverse', 'POST /hubble/reverse', 'GET /hubble/balance']);
    const debit = JSON.parse(p.requests[1]!.body) as Record<string, unknown>;
    expect(debit).toMatchObject({ userId: TEST_USER, coins: 1, referenceId: expect.stringMatching(/^hubble-golive-probe-ref-/) });
    expect(p.requests.every((q) => q.headers['x-hubble-secret'] === SECRETS.hubble)).toBe(true);
  });

  it('fails a partner whose /debit is not idempotent', async () => {
    const r = await run(await start(['debitNotIdempotent']));
    expect(messages(r)).toEqual(expect.arrayContaining([
      'fail: the repeated POST /debit (same referenceId) answered a new transactionId (txn-1 then txn-2): the repeat was treated as a new debit',
      'fail: debited twice: the balance went 100 → 98 after two debits of 1 coin with the same referenceId; expected 99',
    ]));
  });

  it('fails a partner whose /reverse is not idempotent', async () => {
    const r = await run(await start(['reverseNotIdempotent']));
    expect(messages(r)).toEqual(expect.arrayContaining([
      'fail: reversed more than was debited: the balance went 99 → 101 after two reversals with the same referenceId; expected it back at 100',
    ]));
  });

  it('fails a partner that answers a repeated /debit with 409, and still reverses', async () => {
    const p = await start(['debitRepeatConflict']);
    const r = await run(p);
    expect(messages(r)).toContain('fail: the repeated POST /debit (same referenceId) for testUserId answered 409; expected 2xx with the original result');
    expect(p.balances.get(TEST_USER)).toBe(100);
  });

  it('skips without --allow-mutations or without testUserId, and sends nothing', async () => {
    const p = await start();
    expect((await run(p, false)).findings[0]!.message).toBe('changes partner state: runs only with --allow-mutations (debits and reverses 1 coin of testUserId)');
    expect((await run(p, true, null)).findings[0]!.message).toMatch(/^set testUserId/);
    expect(p.requests).toEqual([]);
  });

  it('against a slow partner, leaves steps out but still reverses, within the check deadline', async () => {
    const p = await pool({ delayMs: 150 });
    const { config, envName } = configFor(p, { testUserId: TEST_USER });
    const r = (await runContract([coinsContract], config, envName, { partner: p, allowMutations: true, timeoutMs: 500 }))['coins.contract']!;
    expect(r.status, messages(r).join('\n')).toBe('warn');
    expect(messages(r)).toContainEqual(expect.stringMatching(/^warn: steps were left out to end within 2 × --timeout/));
    expect(r.durationMs).toBeLessThan(2 * 500 + 1000); // the engine cuts a check off there (it would be an error)
    expect(p.requests.map((q) => q.path)).toContain('/hubble/reverse');
    expect(p.balances.get(TEST_USER)).toBe(100);
  });

  it('warns and debits nothing when the test user has no coin', async () => {
    const p = await start([], { [TEST_USER]: 0 });
    const r = await run(p);
    expect(r.status).toBe('warn');
    expect(p.requests.map((q) => q.path)).toEqual(['/hubble/balance']);
  });
});

describe('coins.contract against the sandbox with a missing route (demo --faults missing-route)', () => {
  it('/reverse answers 404: says the route looks missing and what could not be verified, without an idempotency verdict', async () => {
    const { results, sandbox } = await runAgainstSandbox([coinsContract], 'missing-route', { allowMutations: true });
    const r = results['coins.contract']!;
    expect(r.status).toBe('fail');
    expect(messages(r)).toEqual([
      'fail: POST /reverse for testUserId answered 404: the route looks missing; expected 2xx. Whether /reverse gives the coin back and is idempotent on referenceId could not be verified',
      `warn: testUserId ${sandbox.testUserId} may be left at 999 coins instead of 1000: check it and restore it by hand (referenceId ${r.findings[0]!.evidence!.referenceId as string})`,
    ]);
    expect(r.findings[0]!.fix).toBe('Serve POST /reverse under integrationBaseUrl (network.reachability checks every route), then run the check again.');
  });

  it('/debit answers 404: nothing was debited, nothing to verify, no warning about the balance', async () => {
    const { results } = await runAgainstSandbox([coinsContract], 'missing-route=debit', { allowMutations: true });
    expect(messages(results['coins.contract'])).toEqual([
      'fail: POST /debit of 1 coin for testUserId answered 404: the route looks missing; expected 2xx. Whether /debit is idempotent on referenceId could not be verified',
    ]);
  });
});
