import type { Tier } from '../config/types.js';
import type { Finding } from '../engine/check.js';
import { classifyHost, HUBBLE_APEX, HUBBLE_HOSTS, type HostClass, type HubbleHostKind } from './hosts.js';
import { normalizeHost } from './hostnames.js';

/** What to say about a host that should be Hubble's `role` host for `tier`. */
export interface HubbleHostVerdict {
  status: 'pass' | 'warn' | 'fail';
  message: string;
  fix?: string;
  /** Set when the rule is production-only. */
  relaxOnStaging?: boolean;
  hostClass: HostClass;
  expected: readonly string[];
}

/** A non-passing verdict as a finding about `target`; undefined for a pass. */
export function hostFinding(verdict: HubbleHostVerdict, target: string, evidence: Record<string, unknown>, fix = verdict.fix): Finding | undefined {
  if (verdict.status === 'pass') return undefined;
  return {
    status: verdict.status,
    message: verdict.message,
    target,
    evidence: { ...evidence, expected: verdict.expected },
    ...(fix ? { fix } : {}),
    ...(verdict.relaxOnStaging ? { relaxOnStaging: true } : {}),
  };
}

const roleName = (role: HubbleHostKind) => (role === 'sdk' ? 'SDK' : 'API');

/**
 * Judges one host against Hubble's hosts for a tier (HUBBLE.md section 1). `what` names the value in
 * messages (`sdkBaseUrl`, `the --sdk-url host`). Shared by urls.hubble and sdk.url so that both
 * say the same thing about the same host.
 */
export function judgeHubbleHost(hostname: string, tier: Tier, role: HubbleHostKind, what: string): HubbleHostVerdict {
  const host = normalizeHost(hostname);
  const hostClass = classifyHost(host);
  const expected = HUBBLE_HOSTS[tier][role];
  const expectedText = expected.join(' or ');
  const fixTo = `Set ${what} to https://${expected[0]} (Hubble's ${tier} ${roleName(role)} host).`;
  const base = { hostClass, expected };

  switch (hostClass.kind) {
    case 'hubble':
      if (hostClass.tier === tier && hostClass.role === role) {
        return { ...base, status: 'pass', message: `${what} host ${host} is Hubble's ${tier} ${roleName(role)} host` };
      }
      if (hostClass.role !== role) {
        return {
          ...base,
          status: 'fail',
          message: `${what} host ${host} is Hubble's ${hostClass.tier} ${roleName(hostClass.role)} host; expected the ${roleName(role)} host ${expectedText}`,
          fix: fixTo,
        };
      }
      if (tier === 'production') {
        return {
          ...base,
          status: 'fail',
          message: `${what} host ${host} is Hubble's staging ${roleName(role)} host; production must use ${expectedText}`,
          fix: `${fixTo} Staging hosts refuse production credentials, so every production user would hit an error.`,
        };
      }
      return {
        ...base,
        status: 'warn',
        message: `${what} host ${host} is Hubble's production ${roleName(role)} host, on a staging environment; expected ${expectedText}`,
        fix: `${fixTo} Production refuses staging credentials, and a test purchase there would be real.`,
      };
    case 'undocumented-hubble':
      if (tier === 'production' && host.endsWith(`.dev.${HUBBLE_APEX}`)) {
        return {
          ...base,
          status: 'fail',
          message: `${what} host ${host} is a Hubble staging (*.dev.${HUBBLE_APEX}) host; production must use ${expectedText}`,
          fix: fixTo,
        };
      }
      return {
        ...base,
        status: 'warn',
        message: `${what} host ${host} is under ${HUBBLE_APEX} but is not one of Hubble's documented ${tier} ${roleName(role)} hosts (${expectedText})`,
        fix: `${fixTo} If Hubble gave you this host in writing, keep it and note that here.`,
      };
    case 'lookalike':
      return {
        ...base,
        status: 'fail',
        message: `${what} host ${host} looks like Hubble's ${hostClass.resembles} but is NOT Hubble's domain; expected ${expectedText}`,
        fix: `${fixTo} Check where this host came from: a look-alike domain receives your clientId and appSecret.`,
      };
    case 'other':
      return {
        ...base,
        status: 'fail',
        relaxOnStaging: true,
        message: `${what} host ${host} is not a Hubble host; expected ${expectedText}`,
        fix: fixTo,
      };
  }
}
