import { defineCheck, fail, pass, warn, type CheckContext, type Finding } from '../src/engine/check.js';
import { partnerEndpoints, probeId, type PartnerEndpoint } from '../src/hubble/endpoints.js';
import { describeFailure, fixForFailure, probeEvidence } from '../src/net/describe.js';
import type { HttpResult, ProbeRequest } from '../src/net/http.js';

/**
 * An answer is slow when its headers arrive after 2 s, or after half of --timeout when that is
 * shorter. Hubble does not publish its own timeouts for partner calls (HUBBLE.md section 7);
 * 2 s is the point past which an SSO or balance call visibly stalls the SDK.
 */
export const SLOW_ANSWER_MS = 2000;
export const slowThresholdMs = (timeoutMs: number) => Math.min(SLOW_ANSWER_MS, Math.round(timeoutMs / 2));

export interface ReachabilityProbe {
  endpoint: Pick<PartnerEndpoint, 'name' | 'method' | 'url'>;
  result: HttpResult;
}

/**
 * The request of each endpoint: its own method, no X-Hubble-Secret, no X-Verify, and a body that
 * names no user and no amount, so that even an endpoint that enforces nothing cannot change state.
 * The certificate is not verified here (tls.certificate judges it) so that a bad certificate does
 * not hide whether the route itself answers; nothing secret is sent, so nothing can leak.
 */
export function reachabilityRequest(endpoint: PartnerEndpoint, signal?: AbortSignal): ProbeRequest {
  const base = { method: endpoint.method, insecureTls: true, ...(signal ? { signal } : {}) } as const;
  switch (endpoint.name) {
    case 'balance': {
      const url = new URL(endpoint.url);
      url.searchParams.set('userId', probeId('user'));
      return { ...base, url: url.toString(), headers: { accept: 'application/json' } };
    }
    case 'sso':
      return { ...base, url: endpoint.url, headers: json, body: JSON.stringify({ token: probeId('token') }) };
    default:
      return { ...base, url: endpoint.url, headers: json, body: '{}' };
  }
}
const json = { 'content-type': 'application/json', accept: 'application/json' };

/** Pure verdicts: one finding per endpoint. */
export function judgeReachability(probes: readonly ReachabilityProbe[], options: { slowMs: number }): Finding[] {
  return probes.map(({ endpoint, result }) => judgeOne(endpoint, result, options.slowMs));
}

function judgeOne(endpoint: ReachabilityProbe['endpoint'], result: HttpResult, slowMs: number): Finding {
  const what = `${endpoint.method} ${endpoint.url}`;
  const target = endpoint.url;
  const evidence = probeEvidence(endpoint.method, result);
  if (result.kind === 'blocked') {
    return fail(`${what} was not requested: ${result.reason}`, {
      target,
      evidence,
      fix: 'Register a plain https URL with Hubble (no user:password in it).',
    });
  }
  if (result.kind === 'failure') {
    return fail(`${what}: ${describeFailure(result)}; Hubble cannot reach this endpoint`, { target, evidence, fix: fixForFailure(result) });
  }

  const { status } = result;
  const ms = result.timings.headersMs ?? result.timings.totalMs;
  const slow = ms > slowMs;
  const slowNote = slow ? `; the answer took ${ms} ms (slow: over ${slowMs} ms)` : '';
  const slowFix = 'Answer within a second or two: Hubble calls these endpoints while the user waits in the SDK.';
  if (status === 404 || status === 405) {
    const meaning = status === 404 ? 'the route is missing' : `the route does not accept ${endpoint.method}`;
    return fail(`${what} answered ${status}: ${meaning}${slowNote}`, {
      target,
      evidence,
      fix: `Serve ${endpoint.method} ${new URL(endpoint.url).pathname} at this URL: Hubble calls it with ${endpoint.method}${endpoint.name === 'webhook' ? ' (the registered webhook URL)' : ' under the integration base URL'}.`,
    });
  }
  if (status >= 300 && status < 400) {
    const location = result.headers.location;
    return warn(`${what} answered ${status}, a redirect${location ? ` to ${location}` : ' without a Location'}; not followed${slowNote}`, {
      target,
      evidence: { ...evidence, ...(location ? { location } : {}) },
      fix: 'Register the final URL with Hubble so that no redirect is needed: a redirected POST may lose its body, and X-Hubble-Secret must never follow a redirect.',
    });
  }
  if (status >= 500) {
    return warn(`${what} answered ${status}: the server failed on a request without credentials; expected a 4xx such as 401${slowNote}`, {
      target,
      evidence,
      fix: 'Reject unauthenticated calls with 401 before any other work, and look at the server logs for the error.',
    });
  }
  if (result.tls && !result.tls.authorized) {
    return warn(
      `${what} answered ${status}, but only with the certificate unchecked (${result.tls.authorizationError ?? 'not trusted'}); Hubble will refuse this connection${slowNote}`,
      { target, evidence, fix: 'Fix the certificate first: see tls.certificate for what is wrong with it.' },
    );
  }
  if (slow) return warn(`${what} answered ${status} in ${ms} ms: slow (over ${slowMs} ms)`, { target, evidence, fix: slowFix });
  return pass(`${what} answered ${status} in ${ms} ms`, { target, evidence });
}

export default defineCheck({
  id: 'network.reachability',
  title: 'Partner endpoints answer over HTTP',
  network: true,
  explain: {
    verifies:
      'Each endpoint Hubble calls (POST /sso with classic SSO; GET /balance, POST /debit, POST /reverse with coins; POST to the webhook URL) answers an HTTP request made with its own method and without any secret. ' +
      'A 401, 400 or other 4xx counts as an answer; 404 and 405 mean the route is missing; 5xx, a redirect or an answer slower than 2 s (or half of --timeout) warn. ' +
      'Failures are told apart by stage (DNS, TCP connect, TLS, HTTP) with the latency of each stage.',
    why: 'Hubble calls these endpoints while a user waits in the SDK: an endpoint that does not answer breaks sign-in, the coin balance or purchases.',
    fixes: [
      'DNS: publish the host name; use --resolve to test before DNS moves.',
      'TCP connect: open the port to the internet (firewall, security group, load balancer listener).',
      'TLS: serve TLS 1.2+ with a valid certificate (see tls.protocol, tls.certificate).',
      '404/405: deploy the route with the method Hubble uses, under the registered base URL.',
      '5xx: reject unauthenticated calls with 401 before doing any work.',
      'Redirect: register the final URL; Hubble\'s calls must not depend on a redirect.',
      'Slow or no answer: answer promptly, even when rejecting.',
    ],
  },
  skipReason(ctx) {
    return partnerEndpoints(ctx.env).length === 0 ? 'no partner endpoint configured (integrationBaseUrl with sso: classic or coins: true, or webhookUrl)' : undefined;
  },
  async run(ctx: CheckContext) {
    const endpoints = partnerEndpoints(ctx.env);
    const probes = await Promise.all(
      endpoints.map(async (endpoint) => ({ endpoint, result: await ctx.http.request(reachabilityRequest(endpoint, ctx.signal)) })),
    );
    return judgeReachability(probes, { slowMs: slowThresholdMs(ctx.net.timeoutMs) });
  },
});
