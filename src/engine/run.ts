import type { ResolvedConfig } from '../config/types.js';
import type { HttpClient, HttpFailure } from '../net/http.js';
import { worstStatus, type CheckContext, type CheckDefinition, type CheckResult, type Finding, type NetSettings, type RunOptions } from './check.js';

export interface RunInput {
  config: ResolvedConfig;
  envName: string;
  checks: readonly CheckDefinition[];
  options: RunOptions;
  http: HttpClient;
  net: NetSettings;
  /** Called as each check ends (progress display). */
  onResult?(result: CheckResult, done: number, total: number): void;
}

/**
 * The deadline of a whole check: a check may make a few rounds of probes, each bounded by the
 * timeout; past this the check is cut off as an error so that a run ends within 2 × timeout + 2 s.
 */
export const checkDeadlineMs = (timeoutMs: number) => 2 * timeoutMs + 1000;

/** Runs every check at once (the HTTP client bounds concurrent probes); results in registry order. */
export async function runChecks(input: RunInput): Promise<CheckResult[]> {
  const env = input.config.environments[input.envName]!;
  const others = Object.values(input.config.environments).filter((e) => e.name !== input.envName);
  let done = 0;
  const runTimeouts: HttpFailure[] = [];
  return Promise.all(
    input.checks.map(async (check) => {
      const controller = new AbortController();
      const timeouts: HttpFailure[] = [];
      const pending = { count: 0 };
      const ctx: CheckContext = {
        envName: input.envName,
        env,
        tier: env.tier,
        config: input.config,
        others,
        options: input.options,
        http: recordTimeouts(input.http, [timeouts, runTimeouts], pending),
        net: input.net,
        signal: controller.signal,
      };
      const result = await runOne(check, ctx, controller, checkDeadlineMs(input.options.timeoutMs), { own: timeouts, run: runTimeouts, pending });
      input.onResult?.(result, ++done, input.checks.length);
      return result;
    }),
  );
}

/** The shared client, noting every probe the partner let time out (to tell "partner hung" from "check broke"). */
function recordTimeouts(http: HttpClient, lists: HttpFailure[][], pending: { count: number }): HttpClient {
  return {
    request: async (req) => {
      pending.count++;
      try {
        const result = await http.request(req);
        if (result.kind === 'failure' && result.timedOut) for (const list of lists) list.push(result);
        return result;
      } finally {
        pending.count--;
      }
    },
  };
}

/**
 * Probes that timed out: this check's own, and the whole run's (which can hold up this check's
 * probes in the queue); and how many of this check's probes are in flight or queued right now.
 */
interface Timeouts {
  own: readonly HttpFailure[];
  run: readonly HttpFailure[];
  pending: { readonly count: number };
}

async function runOne(check: CheckDefinition, ctx: CheckContext, controller: AbortController, deadlineMs: number, timeouts: Timeouts): Promise<CheckResult> {
  let started = performance.now();
  let ended: number | undefined;
  const finish = (findings: Finding[]): CheckResult => ({
    id: check.id,
    title: check.title,
    status: statusOf(findings),
    durationMs: Math.round((ended ?? performance.now()) - started),
    findings,
  });

  if (check.network && ctx.options.offline) {
    return finish([{ status: 'skip', message: 'needs the network; run without --offline to include it' }]);
  }
  const unavailable = ctx.options.unavailable?.[check.id];
  if (unavailable) return finish([{ status: 'skip', message: unavailable }]);
  let timer: NodeJS.Timeout | undefined;
  try {
    const reason = check.skipReason?.(ctx);
    if (reason) return finish([{ status: 'skip', message: reason }]);
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DeadlineError(deadlineMs));
      }, deadlineMs);
    });
    const findings = await Promise.race([
      Promise.resolve().then(async () => {
        // Timed from its own start to its own end: time other checks spend on the CPU while this one
        // waits in the queue is not its own (a synchronous check ends in the same tick it starts).
        started = performance.now();
        const out = check.run(ctx);
        const findings = Array.isArray(out) ? out : await out;
        ended = performance.now();
        return findings;
      }),
      deadline,
    ]);
    if (!Array.isArray(findings) || findings.length === 0) {
      return finish([{ status: 'error', message: `check ${check.id} returned no findings; a check must say what it saw` }]);
    }
    return finish(findings);
  } catch (err) {
    const hung = timeouts.own.length > 0 ? timeouts.own : timeouts.run;
    // The partner is to blame only when this check was still waiting on it: a probe in flight or
    // queued behind probes the partner left hanging. A check stuck on anything else is a tool bug.
    if (err instanceof DeadlineError && hung.length > 0 && timeouts.pending.count > 0) {
      // The partner let probes hang until the deadline (this check's, or others' ahead of it in the
      // --concurrency queue): the partner's verdict, not a broken check.
      const first = hung[0]!;
      const what =
        timeouts.own.length > 0
          ? `${hung.length} probe${hung.length > 1 ? 's' : ''} got no answer within --timeout`
          : `its probes waited behind others the partner left hanging (--concurrency ${ctx.options.concurrency})`;
      return finish([
        {
          status: 'fail',
          message: `stopped at its deadline of ${deadlineMs} ms: ${what} (first: ${first.url}: ${first.message})`,
          target: first.url,
          evidence: { timedOut: hung.map((t) => `${t.url}: ${t.stage} ${t.message}`).slice(0, 10), deadlineMs },
          fix: 'Hubble gives up on an endpoint that does not answer in time: see network.reachability for which endpoint hangs and at which stage. If the endpoints are only slow from here, raise --timeout.',
        },
      ]);
    }
    const message = err instanceof DeadlineError ? err.message : `the check itself failed: ${firstLine(err)}`;
    return finish([{ status: 'error', message, fix: err instanceof DeadlineError ? undefined : 'This is a bug in the check; please report it with the JSON report attached.' }]);
  } finally {
    clearTimeout(timer);
  }
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`did not finish within its deadline of ${ms} ms (2 × --timeout + 1 s)`);
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : err.name + ': '}${err.message}` : String(err);
  return text.split('\n')[0]!;
}

/** A check's status: the worst of its findings; skip only when every finding is a skip. */
export function statusOf(findings: readonly Finding[]): CheckResult['status'] {
  return worstStatus(findings.map((f) => f.status));
}
