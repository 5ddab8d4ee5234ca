import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { defineCheck, fail, pass, type CheckDefinition, type RunOptions } from '../../src/engine/check.js';
import { checkDeadlineMs, runChecks } from '../../src/engine/run.js';
import { selectChecks } from '../../src/engine/select.js';
import { UsageError } from '../../src/errors.js';
import type { HttpClient } from '../../src/net/http.js';

const config = parseConfig('version: 1\nenvironments:\n  production: {}\n  staging: {}\n', 'hubble.config.yaml', { env: {} });
const http: HttpClient = { request: async () => ({ kind: 'blocked', url: '', reason: 'no network in this test' }) };
const options = (o: Partial<RunOptions> = {}): RunOptions => ({
  offline: false, timeoutMs: 100, concurrency: 4, allowMutations: false, strict: false, sourceDirs: [], ...o,
});
const explain = { verifies: 'v', why: 'w', fixes: ['f'] };
const make = (id: string, run: CheckDefinition['run'], extra: Partial<CheckDefinition> = {}) =>
  defineCheck({ id, title: id, network: false, explain, run, ...extra });
const run = (checks: CheckDefinition[], o: Partial<RunOptions> = {}) =>
  runChecks({ config, envName: 'production', checks, options: options(o), http, net: { timeoutMs: 100, resolve: [] } });

describe('runChecks', () => {
  it('keeps registry order whatever order checks finish in', async () => {
    const slow = make('a.slow', async () => (await new Promise((r) => setTimeout(r, 30)), [pass('slow')]));
    const fast = make('a.fast', () => [pass('fast')]);
    expect((await run([slow, fast])).map((r) => r.id)).toEqual(['a.slow', 'a.fast']);
  });

  it('runs checks at once, not one after another', async () => {
    const sleepers = ['a.one', 'a.two', 'a.three'].map((id) => make(id, async () => (await new Promise((r) => setTimeout(r, 200)), [pass('ok')])));
    const t0 = performance.now();
    await run(sleepers);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('turns an exception into an error result for that check alone', async () => {
    const results = await run([make('a.boom', () => { throw new TypeError('x is undefined'); }), make('a.ok', () => [fail('nope')])]);
    expect(results[0]).toMatchObject({ status: 'error', findings: [{ status: 'error', message: 'the check itself failed: TypeError: x is undefined' }] });
    expect(results[1]!.status).toBe('fail');
  });

  it('a check that returns no findings is an error, never a silent pass', async () => {
    const [r] = await run([make('a.empty', () => [])]);
    expect(r).toMatchObject({ status: 'error', findings: [{ message: expect.stringMatching(/returned no findings/) }] });
  });

  it('cuts off a check at its deadline (2 x timeout + 1 s) as an error, and aborts its signal', async () => {
    let aborted = false;
    const hung = make('a.hung', (ctx) => new Promise(() => ctx.signal.addEventListener('abort', () => (aborted = true))));
    const t0 = performance.now();
    const [r] = await run([hung], { timeoutMs: 100 });
    const took = performance.now() - t0;
    expect(checkDeadlineMs(100)).toBe(1200);
    expect(took).toBeGreaterThanOrEqual(1150);
    expect(took).toBeLessThan(2500);
    expect(r).toMatchObject({ status: 'error', findings: [{ message: expect.stringMatching(/deadline of 1200 ms/) }] });
    expect(aborted).toBe(true);
  });

  it('skips network checks under --offline, with the reason, without running them', async () => {
    let ran = false;
    const [r] = await run([make('a.net', () => ((ran = true), [pass('x')]), { network: true })], { offline: true });
    expect(ran).toBe(false);
    expect(r).toMatchObject({ status: 'skip', findings: [{ message: 'needs the network; run without --offline to include it' }] });
  });

  it('skips checks named unavailable, with the reason given', async () => {
    const [r] = await run([make('a.internet', () => [pass('x')])], { unavailable: { 'a.internet': 'needs the internet' } });
    expect(r).toMatchObject({ status: 'skip', findings: [{ status: 'skip', message: 'needs the internet' }] });
  });

  it('honours a check\'s own skipReason', async () => {
    const [r] = await run([make('a.cond', () => [pass('x')], { skipReason: (ctx) => (ctx.env.coins ? undefined : 'coins is off') })]);
    expect(r).toMatchObject({ status: 'skip', findings: [{ message: 'coins is off' }] });
  });

  it('gives checks the environment and the others', async () => {
    let seen: string[] = [];
    await run([make('a.ctx', (ctx) => ((seen = [ctx.envName, ctx.tier, ...ctx.others.map((o) => o.name)]), [pass('x')]))]);
    expect(seen).toEqual(['production', 'production', 'staging']);
  });
});

describe('selectChecks', () => {
  const all = ['tls.protocol', 'tls.certificate', 'urls.hubble', 'urls.partner'].map((id) => make(id, () => [pass('x')]));
  it.each([
    [undefined, undefined, ['tls.protocol', 'tls.certificate', 'urls.hubble', 'urls.partner']],
    ['tls', undefined, ['tls.protocol', 'tls.certificate']],
    ['tls.', undefined, ['tls.protocol', 'tls.certificate']],
    ['urls.hubble,tls.certificate', undefined, ['tls.certificate', 'urls.hubble']],
    [undefined, 'tls', ['urls.hubble', 'urls.partner']],
    ['tls,urls', 'tls.protocol', ['tls.certificate', 'urls.hubble', 'urls.partner']],
  ])('--only %s --skip %s', (only, skipList, ids) => {
    expect(selectChecks(all, only, skipList).map((c) => c.id)).toEqual(ids);
  });
  it('a prefix does not match inside a name (tl is not tls)', () => {
    expect(() => selectChecks(all, 'tl')).toThrow(UsageError);
  });
  it('names an entry that selects nothing, with a suggestion', () => {
    expect(() => selectChecks(all, 'tls.protocl')).toThrow('--only tls.protocl: no check has that id or prefix (did you mean tls.protocol?)');
  });
  it('is a usage error when --only and --skip leave nothing', () => {
    expect(() => selectChecks(all, 'tls', 'tls')).toThrow('no check selected');
  });
});

describe('a check cut off at its deadline', () => {
  const timedOut = { kind: 'failure', url: 'https://api.acme.com/hubble/debit', stage: 'tls', timedOut: true, code: 'TIMEOUT', message: 'no TLS handshake within 100 ms', timings: { totalMs: 100 } } as const;
  // The first probe times out; the next one is still in flight when the deadline comes.
  let calls = 0;
  const hangingHttp: HttpClient = { request: () => (++calls === 1 ? Promise.resolve(timedOut) : new Promise(() => {})) };
  it('fails (the partner hung) when its probes timed out and one was still in flight, rather than erroring', async () => {
    const hung = make('a.probe', async (ctx) => {
      await ctx.http.request({ method: 'POST', url: timedOut.url });
      await ctx.http.request({ method: 'POST', url: timedOut.url });
      return [pass('unreachable')];
    });
    const [r] = await runChecks({ config, envName: 'production', checks: [hung], options: options(), http: hangingHttp, net: { timeoutMs: 100, resolve: [] } });
    expect(r).toMatchObject({ status: 'fail', findings: [{ status: 'fail', message: expect.stringMatching(/^stopped at its deadline of 1200 ms: 1 probe got no answer within --timeout \(first: https:\/\/api\.acme\.com\/hubble\/debit: no TLS handshake/) }] });
  });
});

describe('a check held up behind probes the partner left hanging', () => {
  const timedOut = { kind: 'failure', url: 'https://api.acme.com/hubble/sso', stage: 'http', timedOut: true, code: 'TIMEOUT', message: 'no response headers within 100 ms', timings: { totalMs: 100 } } as const;
  /** /sso times out; /queued never returns (a probe stuck in the --concurrency queue). */
  const http: HttpClient = { request: (req) => (req.url.endsWith('/queued') ? new Promise(() => {}) : Promise.resolve(timedOut)) };
  const prober = make('a.first', async (ctx) => (await ctx.http.request({ method: 'POST', url: timedOut.url }), [fail('no answer')]));

  it('fails, saying its probes waited behind others, when it was waiting on a probe and other checks saw timeouts', async () => {
    const queued = make('a.second', async (ctx) => (await ctx.http.request({ method: 'GET', url: 'https://api.acme.com/queued' }), [pass('x')]));
    const results = await runChecks({ config, envName: 'production', checks: [prober, queued], options: options({ concurrency: 1 }), http, net: { timeoutMs: 100, resolve: [] } });
    expect(results[1]).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/its probes waited behind others the partner left hanging \(--concurrency 1\)/) }] });
  });

  it('errors when the stuck check was not waiting on the partner, even if others saw timeouts (a tool bug is never the partner\'s fail)', async () => {
    const stuck = make('a.stuck', () => new Promise(() => {}));
    const results = await runChecks({ config, envName: 'production', checks: [prober, stuck], options: options(), http, net: { timeoutMs: 100, resolve: [] } });
    expect(results[1]!.status).toBe('error');
    const [alone] = await runChecks({ config, envName: 'production', checks: [stuck], options: options(), http, net: { timeoutMs: 100, resolve: [] } });
    expect(alone!.status).toBe('error');
  });
});

describe('durations', () => {
  it("a check's duration is its own, not the CPU time of checks that ran beside it", async () => {
    const quick = make('a.quick', () => [pass('quick')]);
    const busy = make('a.busy', () => {
      const until = performance.now() + 150;
      while (performance.now() < until) {
        /* a check doing synchronous work (building TLS contexts, say) */
      }
      return [pass('busy')];
    });
    const [q, b] = await run([quick, busy]);
    expect(b!.durationMs).toBeGreaterThanOrEqual(140);
    expect(q!.durationMs).toBeLessThan(50);
  });
});
