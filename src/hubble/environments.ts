import type { EnvironmentKey, ResolvedEnvironment } from '../config/types.js';
import type { Secret } from '../engine/secret.js';

/**
 * Small facts about configured environments that several offline checks share: how to name a key,
 * which environments must not share values with which, how to show a URL without its password.
 */

/** `environments.production.appSecret`: the target of a finding about one key. */
export const keyTarget = (env: Pick<ResolvedEnvironment, 'name'>, key: EnvironmentKey): string => `environments.${env.name}.${key}`;

/** `${A}, ${B}` */
export const varRefs = (vars: readonly string[]): string => vars.map((v) => '${' + v + '}').join(', ');

/** The environment variable a key should come from, following `hubble.config.example.yaml`. */
export function suggestedVar(env: Pick<ResolvedEnvironment, 'name' | 'tier'>, key: EnvironmentKey): string {
  const suffix: Partial<Record<EnvironmentKey, string>> = {
    clientId: 'CLIENT_ID',
    appSecret: 'APP_SECRET',
    hubbleSecret: 'SECRET',
    webhookSecret: 'WEBHOOK_SECRET',
    integrationBaseUrl: 'INTEGRATION_BASE_URL',
    webhookUrl: 'WEBHOOK_URL',
  };
  const part = suffix[key] ?? key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  const isMainProduction = env.tier === 'production' && /^(production|prod|live)$/i.test(env.name);
  const envPart = isMainProduction ? '' : `${env.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_`;
  return `HUBBLE_${envPart}${part}`;
}

export interface IsolationPeer {
  env: ResolvedEnvironment;
  /** Severity of sharing a value with this environment. */
  severity: 'fail' | 'warn';
}

/**
 * The environments whose credentials and URLs must differ from `env`'s. Production is compared with
 * every staging environment (a shared value fails) and with other production ones (warn: two names
 * for one deployment is odd but not a leak). Staging is compared with production only: the same
 * leak seen from the other side. Two staging environments may share values.
 */
export function isolationPeers(env: ResolvedEnvironment, others: readonly ResolvedEnvironment[]): IsolationPeer[] {
  const peers = others.filter((o) => o.name !== env.name);
  if (env.tier === 'production') return peers.map((o) => ({ env: o, severity: o.tier === 'staging' ? 'fail' : 'warn' }));
  return peers.filter((o) => o.tier === 'production').map((o) => ({ env: o, severity: 'fail' }));
}

/** Evidence for a secret: where it came from and how to recognise it, never the value. */
export function secretEvidence(secret: Secret): { length: number; sha256: string } {
  return { length: secret.length, sha256: secret.fingerprint };
}

/** A URL as it may be shown: any user:password part replaced by `***@`. */
export function displayUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (!u.username && !u.password) return raw;
    u.username = '';
    u.password = '';
    return u.href.replace('://', '://***@');
  } catch {
    return raw.replace(/\/\/[^/@]*@/, '//***@');
  }
}
