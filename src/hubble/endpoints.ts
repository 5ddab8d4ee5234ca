import { randomBytes } from 'node:crypto';
import type { ResolvedEnvironment } from '../config/types.js';
import { originsByScheme } from '../net/describe.js';
import { probeTlsOriginShared, type TlsOriginProbe, type TlsProbeSettings } from '../net/tls.js';

/** Header carrying the pre-shared secret on every call Hubble makes to the partner. */
export const HUBBLE_SECRET_HEADER = 'x-hubble-secret';

export type EndpointName = 'sso' | 'balance' | 'debit' | 'reverse' | 'webhook';

export interface PartnerEndpoint {
  name: EndpointName;
  method: 'GET' | 'POST';
  url: string;
  /** Whether a call with the valid secret can change partner state. */
  mutating: boolean;
}

/** Joins a base URL and a route without losing the base's path (`/hubble` + `/sso`). */
export function joinUrl(base: string, route: string): string {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${route.replace(/^\/+/, '')}`;
  return u.toString();
}

/**
 * The endpoints Hubble calls on this partner (HUBBLE.md 2a, 3, 4): `POST /sso` when sso is
 * classic, `GET /balance`, `POST /debit`, `POST /reverse` when coins is on, and the webhook URL.
 * `/balance` gets `?userId=` from the caller (a probe user id unless mutations are allowed).
 */
export function partnerEndpoints(env: ResolvedEnvironment): PartnerEndpoint[] {
  const out: PartnerEndpoint[] = [];
  const base = env.integrationBaseUrl;
  if (base && env.sso === 'classic') out.push({ name: 'sso', method: 'POST', url: joinUrl(base, 'sso'), mutating: false });
  if (base && env.coins) {
    out.push(
      { name: 'balance', method: 'GET', url: joinUrl(base, 'balance'), mutating: false },
      { name: 'debit', method: 'POST', url: joinUrl(base, 'debit'), mutating: true },
      { name: 'reverse', method: 'POST', url: joinUrl(base, 'reverse'), mutating: true },
    );
  }
  if (env.webhookUrl) out.push({ name: 'webhook', method: 'POST', url: env.webhookUrl, mutating: true });
  return out;
}

/** The distinct https origins among integrationBaseUrl and webhookUrl (for TLS probes). */
export function partnerOrigins(env: ResolvedEnvironment): string[] {
  const origins = new Set<string>();
  for (const u of [env.integrationBaseUrl, env.webhookUrl]) {
    if (!u) continue;
    try {
      origins.add(new URL(u).origin);
    } catch {
      /* urls.partner reports it */
    }
  }
  return [...origins];
}

/** Why the TLS checks do not apply to an environment, if they do not. */
export function tlsSkipReason(env: ResolvedEnvironment): string | undefined {
  return partnerOrigins(env).length === 0 ? 'neither integrationBaseUrl nor webhookUrl is configured' : undefined;
}

/** The TLS probes of the partner's https origins (one per origin and run, shared by the TLS checks), and its http origins. */
export async function probePartnerTls(env: ResolvedEnvironment, net: TlsProbeSettings): Promise<{ probes: TlsOriginProbe[]; http: string[] }> {
  const { https, http } = originsByScheme(partnerOrigins(env));
  return { probes: await Promise.all(https.map((o) => probeTlsOriginShared(o, net))), http };
}

/** Probe identifiers say what they are, so a partner reading its logs knows who called. */
export function probeId(kind = 'id'): string {
  return `hubble-golive-probe-${kind}-${randomBytes(6).toString('hex')}`;
}
