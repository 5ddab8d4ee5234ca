import { domainToUnicode } from 'node:url';
import type { Tier } from '../config/types.js';
import { editDistance } from '../config/suggest.js';

/**
 * Hubble's hosts per tier (HUBBLE.md section 1). `vouchers.*` is the SDK host the "Partner
 * Integration Journey" page documents (path /sdk/gc/); the go-live page uses `sdk.*`.
 */
export const HUBBLE_HOSTS = {
  production: { sdk: ['sdk.myhubble.money', 'vouchers.myhubble.money'], api: ['api.myhubble.money'] },
  staging: { sdk: ['sdk.dev.myhubble.money', 'vouchers.dev.myhubble.money'], api: ['api.dev.myhubble.money'] },
} as const satisfies Record<Tier, { sdk: readonly string[]; api: readonly string[] }>;

export const HUBBLE_APEX = 'myhubble.money';

export function defaultHubbleUrls(tier: Tier): { sdkBaseUrl: string; apiBaseUrl: string } {
  return { sdkBaseUrl: `https://${HUBBLE_HOSTS[tier].sdk[0]}`, apiBaseUrl: `https://${HUBBLE_HOSTS[tier].api[0]}` };
}

export type HubbleHostKind = 'sdk' | 'api';

export type HostClass =
  /** One of Hubble's documented hosts. */
  | { kind: 'hubble'; tier: Tier; role: HubbleHostKind }
  /** Under myhubble.money but not a documented SDK/API host. */
  | { kind: 'undocumented-hubble' }
  /** Looks like Hubble's domain without being it: a typo, another TLD, or the name inside another domain. */
  | { kind: 'lookalike'; resembles: string }
  | { kind: 'other' };

/** Latin letters that other scripts' letters pass for (Cyrillic and Greek), for spotting homoglyph names. */
const CONFUSABLE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ь: 'b', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};

/** The ASCII a punycode (xn--) name looks like: `sdk.xn--myhubbl-ehg.money` reads as sdk.myhubble.money. */
export function visualSkeleton(hostname: string): string {
  return domainToUnicode(hostname)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/./gu, (ch) => CONFUSABLE[ch] ?? ch);
}

/** Classifies a host name (lower case, no port) against Hubble's domains. */
export function classifyHost(hostname: string): HostClass {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  // An internationalised name that reads like one of Hubble's: a homoglyph look-alike.
  if (host.split('.').some((l) => l.startsWith('xn--'))) {
    const skeleton = visualSkeleton(host);
    if (skeleton !== host && classifyHost(skeleton).kind !== 'other') return { kind: 'lookalike', resembles: HUBBLE_APEX };
  }
  for (const tier of ['production', 'staging'] as const) {
    for (const role of ['sdk', 'api'] as const) {
      if ((HUBBLE_HOSTS[tier][role] as readonly string[]).includes(host)) return { kind: 'hubble', tier, role };
    }
  }
  if (host === HUBBLE_APEX || host.endsWith(`.${HUBBLE_APEX}`)) return { kind: 'undocumented-hubble' };
  // Compare the registrable part (last two labels) and every label with Hubble's, so that
  // myhubble.money.evil.com, myhub6le.money and my-hubble.money are all caught.
  const labels = host.split('.');
  const registrable = labels.slice(-2).join('.');
  if (editDistance(registrable, HUBBLE_APEX) <= 3) return { kind: 'lookalike', resembles: HUBBLE_APEX };
  if (host.includes('myhubble') || labels.some((l) => editDistance(l, 'myhubble') <= 2)) {
    return { kind: 'lookalike', resembles: HUBBLE_APEX };
  }
  return { kind: 'other' };
}
