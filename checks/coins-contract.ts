import { defineCheck, fail, pass, warn, type CheckContext, type Finding } from '../src/engine/check.js';
import { configSecrets } from '../src/engine/redact.js';
import { balanceUrl, bodyKeys, debitBody, readBalance, readTransactionId, reverseBody } from '../src/hubble/coins.js';
import { HUBBLE_SECRET_HEADER, joinUrl, probeId } from '../src/hubble/endpoints.js';
import {
  answeredPhrase, is2xx, is4xx, isNoAnswer, isRouteMissing, joinList, noAnswerFix, outcomeEvidence, scrubOutcome, snippet, summarizeNoAnswer,
  toOutcome, type NoAnswer, type ProbeOutcome,
} from '../src/hubble/outcome.js';

export type CoinsStepName = 'balance-before' | 'debit' | 'debit-repeat' | 'balance-after-debit' | 'reverse' | 'reverse-repeat' | 'balance-after-reverse';

export interface CoinsStep {
  name: CoinsStepName;
  outcome: ProbeOutcome;
  /** The balance read (balance steps). */
  balance?: number;
  /** The transactionId answered (debit and reverse steps). */
  transactionId?: string;
  /** Top-level keys of the answer, for a balance that could not be read. */
  keys?: string[];
  bodyStart?: string;
}

export interface CoinsTrace {
  baseUrl: string;
  plainHttp: boolean;
  userId: string;
  referenceId: string;
  /** In the order sent; the sequence stops at the first step that leaves nothing to compare. */
  steps: CoinsStep[];
  /** Set when steps were left out to end within 2 × --timeout: the slowest answer seen (ms). */
  cutShortAfterMs?: number;
}

const LABEL: Record<CoinsStepName, string> = {
  'balance-before': 'GET /balance (before)',
  debit: 'POST /debit of 1 coin',
  'debit-repeat': 'the repeated POST /debit (same referenceId)',
  'balance-after-debit': 'GET /balance (after the debits)',
  reverse: 'POST /reverse',
  'reverse-repeat': 'the repeated POST /reverse (same referenceId)',
  'balance-after-reverse': 'GET /balance (after the reversals)',
};

const FIX_IDEMPOTENT =
  'Make /debit and /reverse idempotent on referenceId: store it with the transaction (a unique key), and on a repeat return the ' +
  'original answer (same status, same transactionId) without moving coins again. Hubble retries calls it did not get an answer to.';

/** The route each step calls, for a fix. */
const ROUTE: Record<CoinsStepName, string> = {
  'balance-before': 'GET /balance',
  debit: 'POST /debit',
  'debit-repeat': 'POST /debit',
  'balance-after-debit': 'GET /balance',
  reverse: 'POST /reverse',
  'reverse-repeat': 'POST /reverse',
  'balance-after-reverse': 'GET /balance',
};

/** What a step that got no answer, or hit a missing route, leaves unverified. */
const UNVERIFIED: Record<CoinsStepName, string> = {
  'balance-before': 'nothing was debited, so idempotency could not be verified',
  debit: 'whether /debit is idempotent on referenceId could not be verified',
  'debit-repeat': 'whether a repeated /debit debits only once could not be verified',
  'balance-after-debit': 'the balance after the debits could not be checked',
  reverse: 'whether /reverse gives the coin back and is idempotent on referenceId could not be verified',
  'reverse-repeat': 'whether a repeated /reverse credits only once could not be verified',
  'balance-after-reverse': 'whether the balance came back could not be checked',
};

const isOk = (s: CoinsStep | undefined): boolean => s?.outcome.kind === 'response' && is2xx(s.outcome.status);
/** A step that tells nothing about idempotency or balances: no answer, or a route that is not there (404/405). */
const unverifiable = (s: CoinsStep | undefined): boolean => s !== undefined && (isNoAnswer(s.outcome) || isRouteMissing(s.outcome));

/** Judges the debit/reverse sequence: every call 2xx, repeats answer the same, the balance moves by 1 and back. */
export function judgeCoins(trace: CoinsTrace): Finding[] {
  const target = trace.baseUrl;
  const base = { userId: trace.userId, referenceId: trace.referenceId };
  if (trace.plainHttp) {
    return [fail('integrationBaseUrl is plain http: Hubble would send X-Hubble-Secret in clear text; nothing was sent', {
      target, fix: 'Serve the coins endpoints over https (TLS 1.2 or higher) and register the https URL with Hubble.',
    })];
  }
  const step = (n: CoinsStepName) => trace.steps.find((s) => s.name === n);
  const out: Finding[] = [];

  // Steps that got no HTTP answer: one finding, whatever the number of steps.
  const silent = trace.steps.filter((s) => isNoAnswer(s.outcome));
  if (silent.length > 0) {
    const { cause, see, evidence } = summarizeNoAnswer(silent.map((s) => s.outcome as NoAnswer));
    const unverified = [...new Set(silent.map((s) => UNVERIFIED[s.name]))].join('; ');
    out.push(fail(`${joinList(silent.map((s) => LABEL[s.name]))} for testUserId got no answer (${cause}): ${unverified}`, {
      target, evidence: { ...base, steps: silent.map((s) => s.name), ...evidence }, fix: noAnswerFix(see),
    }));
  }
  for (const s of trace.steps) {
    if (isNoAnswer(s.outcome)) continue;
    const o = s.outcome as Extract<ProbeOutcome, { kind: 'response' }>;
    if (isRouteMissing(o)) {
      const why = o.status === 405
        ? `the route is missing or takes another method than ${ROUTE[s.name].split(' ')[0]}`
        : `the route looks missing${s.name.startsWith('balance') ? ', or testUserId is unknown there' : ''}`;
      out.push(fail(`${LABEL[s.name]} for testUserId answered ${o.status}: ${why}; expected 2xx. ${capitalize(UNVERIFIED[s.name])}`, {
        target, evidence: { ...base, step: s.name, ...outcomeEvidence(o), bodyStart: s.bodyStart },
        fix: `Serve ${ROUTE[s.name]} under integrationBaseUrl (network.reachability checks every route)${s.name.startsWith('balance') ? ' and make sure testUserId exists there' : ''}, then run the check again.`,
      }));
    } else if (!is2xx(o.status)) {
      const repeat = s.name === 'debit-repeat' || s.name === 'reverse-repeat';
      out.push(fail(`${LABEL[s.name]} for testUserId ${answeredPhrase(o)}; expected 2xx${repeat ? ' with the original result' : ''}`, {
        target, evidence: { ...base, step: s.name, ...outcomeEvidence(o), bodyStart: s.bodyStart },
        fix: repeat ? FIX_IDEMPOTENT : s.name.startsWith('balance') ? 'Answer GET /balance?userId= with 200 {"userId", "totalCoins"}.' : 'See the answer\'s body; the test user must exist and hold at least 1 coin.',
      }));
    } else if (s.name.startsWith('balance') && s.balance === undefined) {
      out.push(fail(`${LABEL[s.name]} answered ${o.status} without a numeric totalCoins`, {
        target, evidence: { ...base, step: s.name, keys: s.keys }, fix: 'Answer {"userId": "…", "totalCoins": <number>}, as partner implementations do.',
      }));
    }
  }
  for (const [first, again] of [['debit', 'debit-repeat'], ['reverse', 'reverse-repeat']] as const) {
    const a = step(first)?.transactionId;
    const b = step(again)?.transactionId;
    if (isOk(step(first)) && isOk(step(again)) && a !== undefined && b !== undefined && a !== b) {
      out.push(fail(`${LABEL[again]} answered a new transactionId (${a} then ${b}): the repeat was treated as a new ${first}`, {
        target, evidence: { ...base, first: a, repeat: b }, fix: FIX_IDEMPOTENT,
      }));
    }
  }

  const before = step('balance-before')?.balance;
  const afterDebit = step('balance-after-debit')?.balance;
  const afterReverse = step('balance-after-reverse')?.balance;
  const debitStep = step('debit');
  const debitOk = isOk(debitStep);
  if (before !== undefined && before < 1 && !debitStep) {
    out.push(warn(`testUserId ${trace.userId} holds ${before} coins, so nothing was debited; coins.contract needs at least 1`, {
      target, evidence: { ...base, balance: before }, fix: 'Credit the test user a few coins and run the check again.',
    }));
  }
  // Balance arithmetic only from calls that were answered by the route: a repeat that got no answer
  // may or may not have arrived, and a 404 says nothing about idempotency.
  if (debitOk && !unverifiable(step('debit-repeat')) && before !== undefined && afterDebit !== undefined && afterDebit !== before - 1) {
    out.push(fail(
      before - afterDebit === 2
        ? `debited twice: the balance went ${before} → ${afterDebit} after two debits of 1 coin with the same referenceId; expected ${before - 1}`
        : `the balance went ${before} → ${afterDebit} after debiting 1 coin (twice, same referenceId); expected ${before - 1}`,
      { target, evidence: { ...base, before, afterDebit, expected: before - 1 }, fix: `${FIX_IDEMPOTENT} If other activity touches testUserId, use a dedicated test user.` },
    ));
  }
  const reverseStep = step('reverse');
  const reversed = isOk(reverseStep);
  if (reversed && !unverifiable(step('reverse-repeat')) && before !== undefined && afterReverse !== undefined && afterReverse !== before) {
    const from = afterDebit ?? before - 1;
    out.push(fail(
      afterReverse > before
        ? `reversed more than was debited: the balance went ${from} → ${afterReverse} after two reversals with the same referenceId; expected it back at ${before}`
        : `the balance went ${from} → ${afterReverse} after the reversals; expected it back at ${before}`,
      { target, evidence: { ...base, before, afterDebit, afterReverse, expected: before }, fix: FIX_IDEMPOTENT },
    ));
  }
  const refused = debitStep?.outcome.kind === 'response' && is4xx(debitStep.outcome.status);
  if (debitStep && !refused && before !== undefined && (!reversed || (afterReverse !== undefined && afterReverse !== before))) {
    const now = afterReverse ?? afterDebit;
    out.push(warn(`testUserId ${trace.userId} may be left at ${now ?? 'an unknown balance of'} coins instead of ${before}: check it and restore it by hand (referenceId ${trace.referenceId})`, {
      target, evidence: { ...base, before, now },
    }));
  }
  if (trace.cutShortAfterMs !== undefined) {
    out.push(warn(`steps were left out to end within 2 × --timeout: the partner took up to ${trace.cutShortAfterMs} ms to answer (${trace.steps.length} of 7 calls made)`, {
      target, evidence: { ...base, slowestMs: trace.cutShortAfterMs, steps: trace.steps.map((x) => x.name) },
      fix: 'Raise --timeout so that seven calls fit in twice its value, and see network.reachability for the slow answers.',
    }));
  }
  if (out.length === 0) {
    out.push(pass(`/debit and /reverse are idempotent on referenceId: balance ${before} → ${afterDebit} (debit, repeated) → ${afterReverse} (reverse, repeated)`, {
      target, evidence: { ...base, before, afterDebit, afterReverse },
    }));
  }
  return out;
}

const step = (trace: CoinsTrace, name: CoinsStepName) => trace.steps.find((s) => s.name === name);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Runs the sequence on testUserId (only with --allow-mutations). Stops at a timeout; after any
 * other failure following a debit, still reverses, so the test user is not left debited.
 */
async function gather(ctx: CheckContext): Promise<CoinsTrace> {
  const env = ctx.env;
  const base = env.integrationBaseUrl!;
  const userId = env.testUserId!;
  const referenceId = probeId('ref');
  const trace: CoinsTrace = { baseUrl: base, plainHttp: new URL(base).protocol !== 'https:', userId, referenceId, steps: [] };
  if (trace.plainHttp) return trace;
  const secretHeaders = { [HUBBLE_SECRET_HEADER]: env.hubbleSecret! };
  const note = 'hubble-golive coins.contract: 1 coin debited and reversed at once to test idempotency';

  const scrub = configSecrets(ctx.config).map((s) => s.reveal());
  // The engine cuts a check off at 2 × --timeout + 1 s. Against a slow partner, leave out the
  // steps there is no time for rather than be cut off between the debit and its reversal.
  const started = performance.now();
  let slowest = 0;
  const affords = (steps: number) => performance.now() - started + slowest * steps <= 2 * ctx.options.timeoutMs;
  const cutShort = () => {
    trace.cutShortAfterMs = Math.round(slowest);
  };
  const call = async (name: CoinsStepName, method: 'GET' | 'POST', url: string, body?: string): Promise<CoinsStep> => {
    const outcome = scrubOutcome(toOutcome(await ctx.http.request({
      method, url, secretHeaders, signal: ctx.signal,
      ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}),
    })), scrub);
    const s: CoinsStep = { name, outcome };
    if (outcome.kind !== 'blocked') slowest = Math.max(slowest, outcome.latencyMs);
    if (outcome.kind === 'response') {
      s.bodyStart = snippet(outcome.body);
      if (name.startsWith('balance')) {
        const b = readBalance(outcome.body);
        if (b !== undefined) s.balance = b;
        else s.keys = bodyKeys(outcome.body);
      } else {
        const id = readTransactionId(outcome.body);
        if (id !== undefined) s.transactionId = id;
      }
    }
    trace.steps.push(s);
    return s;
  };
  const ok = (s: CoinsStep) => s.outcome.kind === 'response' && is2xx(s.outcome.status);
  const timedOut = (s: CoinsStep) => s.outcome.kind === 'failure' && s.outcome.timedOut;
  const readBalanceStep = (name: CoinsStepName) => call(name, 'GET', balanceUrl(joinUrl(base, 'balance'), userId));

  const before = await readBalanceStep('balance-before');
  if (!ok(before) || before.balance === undefined || before.balance < 1) return trace;
  // Room for the debit and its reversal, or nothing is debited at all.
  if (!affords(2)) {
    cutShort();
    return trace;
  }

  const debit = () => debitBody({ userId, coins: 1, referenceId, note });
  const first = await call('debit', 'POST', joinUrl(base, 'debit'), debit());
  if (timedOut(first)) return trace;
  if (ok(first)) {
    if (affords(3)) {
      const again = await call('debit-repeat', 'POST', joinUrl(base, 'debit'), debit());
      if (timedOut(again)) return trace;
      if (affords(2) && timedOut(await readBalanceStep('balance-after-debit'))) return trace;
    }
  } else if (first.outcome.kind === 'response' && is4xx(first.outcome.status)) {
    // Refused on purpose: nothing to undo; the balance read shows nothing moved.
    if (affords(1)) await readBalanceStep('balance-after-debit');
    return trace;
  }
  if (!step(trace, 'balance-after-debit') && ok(first)) cutShort();
  // Reverse after a debit, and after a 5xx or a broken connection, which may have moved coins.
  const reverse = () => reverseBody({ userId, referenceId, coins: 1, ...(first.transactionId ? { transactionId: first.transactionId } : {}), note });
  const undo = await call('reverse', 'POST', joinUrl(base, 'reverse'), reverse());
  if (timedOut(undo)) return trace;
  if (ok(undo) && affords(2)) {
    if (timedOut(await call('reverse-repeat', 'POST', joinUrl(base, 'reverse'), reverse()))) return trace;
  }
  if (affords(1)) await readBalanceStep('balance-after-reverse');
  if (!step(trace, 'balance-after-reverse') || (ok(undo) && !step(trace, 'reverse-repeat'))) cutShort();
  return trace;
}

export default defineCheck({
  id: 'coins.contract',
  title: '/debit and /reverse are idempotent and balances add up',
  network: true,
  mutates: true,
  explain: {
    verifies:
      'With --allow-mutations and testUserId only: reads the test user\'s balance, debits 1 coin with a hubble-golive-probe-… referenceId, ' +
      'repeats the same debit (it must answer the same and debit once), reverses it, repeats the reversal, and reads the balance back, ' +
      'which must equal the first. Every call carries the configured X-Hubble-Secret and must get a 2xx.',
    why:
      'Hubble retries a /debit or /reverse it got no answer to. A partner that is not idempotent on referenceId charges the user twice ' +
      'for one purchase or refunds twice for one failure; balances that do not add up become support tickets and money lost.',
    fixes: [
      'Debited or reversed twice: store referenceId with the transaction (unique key) and answer a repeat with the original result.',
      'A repeat refused (e.g. 409): answer it with the original 2xx result and transactionId; Hubble reads a refusal as a failed debit.',
      'Balance not back: check that /reverse restores exactly the coins of the debit with that referenceId.',
      'Balance unreadable: answer GET /balance?userId= with {"userId", "totalCoins"}.',
    ],
  },
  skipReason(ctx) {
    const env = ctx.env;
    if (!env.coins) return 'coins is off: this environment hosts no /debit or /reverse';
    if (!ctx.options.allowMutations) return 'changes partner state: runs only with --allow-mutations (debits and reverses 1 coin of testUserId)';
    if (!env.testUserId) return 'set testUserId to a test user holding at least 1 coin (it is debited and credited back 1 coin)';
    if (!env.integrationBaseUrl) return 'integrationBaseUrl is not set (credentials.present and urls.partner report it)';
    if (!env.hubbleSecret) return 'hubbleSecret is not set (credentials.present reports it)';
    return undefined;
  },
  async run(ctx) {
    return judgeCoins(await gather(ctx));
  },
});
