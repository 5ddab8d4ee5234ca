import { defineCheck, fail, pass, warn, type Finding } from '../src/engine/check.js';
import { describeFailure, probeEvidence } from '../src/net/describe.js';
import type { FailureStage, HttpResult } from '../src/net/http.js';

export interface HubbleHostProbe {
  /** `sdkBaseUrl` or `apiBaseUrl`. */
  key: string;
  url: string;
  result: HttpResult;
}

/** Pure verdicts: any HTTP status is an answer; no answer fails. */
export function judgeHubbleHosts(probes: readonly HubbleHostProbe[]): Finding[] {
  return probes.map(({ key, url, result }) => {
    const target = url;
    const evidence = { key, ...probeEvidence('GET', result) };
    if (result.kind === 'blocked') {
      return fail(`${key} ${url} was not requested: ${result.reason}`, { target, evidence, fix: `Set ${key} to Hubble's https URL for this tier.` });
    }
    if (result.kind === 'failure') {
      return fail(`${key} ${url}: ${describeFailure(result)}; Hubble's host does not answer from here`, { target, evidence, fix: hostFix(key, url, result.stage, result.timedOut) });
    }
    const ms = result.timings.headersMs ?? result.timings.totalMs;
    if (result.tls && !result.tls.authorized) {
      return warn(`${key} ${url} answered ${result.status} in ${ms} ms, but its certificate did not verify here (${result.tls.authorizationError ?? 'not trusted'})`, {
        target,
        evidence,
        fix: 'Something between this machine and Hubble intercepts TLS (a corporate proxy?) or the host is not Hubble\'s; check urls.hubble, and run from a network like the one your servers use.',
      });
    }
    return pass(`${key} ${url} answered ${result.status} in ${ms} ms`, { target, evidence });
  });
}

function hostFix(key: string, url: string, stage: FailureStage, timedOut: boolean): string {
  const host = new URL(url).hostname;
  if (timedOut && stage !== 'http') {
    return `Nothing answered ${host} in time: outbound https to it may be dropped by a firewall, egress rule or proxy on this network.`;
  }
  switch (stage) {
    case 'dns':
      return `Check ${key} for a typo (urls.hubble checks the host) and that this machine resolves public names.`;
    case 'connect':
      return `Allow outbound https from this network to ${host}: firewalls, egress rules and proxy allow-lists.`;
    case 'tls':
      return `Something on this network may intercept or block TLS to ${host} (a proxy, an old OpenSSL); try from the network your servers use.`;
    case 'http':
      return `${host} accepted the connection but did not answer in time; retry, and check for a proxy on this network.`;
  }
}

export default defineCheck({
  id: 'sdk.reachable',
  title: "Hubble's SDK and API hosts answer from here",
  network: true,
  explain: {
    verifies: 'A GET to sdkBaseUrl and to apiBaseUrl gets an HTTP answer (any status counts) within --timeout; DNS, connect, TLS and HTTP failures are told apart.',
    why: 'The app loads the SDK from sdkBaseUrl and your servers may call apiBaseUrl: a host that cannot be reached from your network (firewall, proxy, DNS) breaks the integration before any code runs.',
    fixes: [
      'DNS failure: check the URL for a typo (urls.hubble) and this machine\'s resolver.',
      'Connect failure or timeout: allow outbound https to the host through firewalls and proxies.',
      'Certificate not verified: something intercepts TLS on this network, or the URL is not Hubble\'s.',
    ],
  },
  skipReason(ctx) {
    return !ctx.env.sdkBaseUrl && !ctx.env.apiBaseUrl ? 'neither sdkBaseUrl nor apiBaseUrl is set (an unset ${VAR}; see credentials.present and urls.hubble)' : undefined;
  },
  async run(ctx) {
    const targets: { key: string; url: string }[] = [];
    for (const key of ['sdkBaseUrl', 'apiBaseUrl'] as const) {
      const url = ctx.env[key];
      if (url && !targets.some((t) => t.url === url)) targets.push({ key, url });
    }
    const probes = await Promise.all(
      targets.map(async (t) => ({ ...t, result: await ctx.http.request({ method: 'GET', url: t.url, insecureTls: true, signal: ctx.signal }) })),
    );
    return judgeHubbleHosts(probes);
  },
});
