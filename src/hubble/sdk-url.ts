import type { ResolvedEnvironment } from '../config/types.js';
import type { Secret } from '../engine/secret.js';

/**
 * The SDK URL the app opens (HUBBLE.md 5a): `{sdkBase}/?clientId=…&appSecret=…&token=…`. On the
 * `vouchers.*` hosts the documented path is `/sdk/gc/`. Returns the URL with appSecret masked unless
 * `reveal`, which only the `sdk-url --reveal` command passes.
 */
export function buildSdkUrl(
  env: Pick<ResolvedEnvironment, 'sdkBaseUrl' | 'clientId' | 'appSecret'>,
  options: { token?: string; reveal?: boolean } = {},
): string {
  if (!env.sdkBaseUrl) throw new TypeError('sdkBaseUrl is not set');
  const u = new URL(env.sdkBaseUrl);
  if (u.pathname === '/' && u.hostname.startsWith('vouchers.')) u.pathname = '/sdk/gc/';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  u.search = '';
  const params = new URLSearchParams();
  params.set('clientId', env.clientId ?? '');
  params.set('appSecret', env.appSecret ? (options.reveal ? env.appSecret.reveal() : maskedParam(env.appSecret)) : '');
  if (options.token !== undefined) params.set('token', options.token);
  return `${u.origin}${u.pathname}?${params}`;
}

/** `****wxyz`: URL-safe, and never more than the last 4 characters. */
function maskedParam(secret: Secret): string {
  return secret.masked.replace('…', '****');
}

/** The parts of an SDK URL copied from an app; legacy `clientSecret` is read as appSecret. */
export interface ParsedSdkUrl {
  origin: string;
  host: string;
  protocol: string;
  path: string;
  clientId?: string;
  appSecret?: string;
  /** Which parameter carried the app secret. */
  secretParam?: 'appSecret' | 'clientSecret';
  token?: string;
}

export function parseSdkUrl(raw: string): ParsedSdkUrl | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  const q = u.searchParams;
  const secretParamName = q.has('appSecret') ? 'appSecret' : q.has('clientSecret') ? 'clientSecret' : undefined;
  return {
    origin: u.origin,
    host: u.hostname,
    protocol: u.protocol,
    path: u.pathname,
    clientId: q.get('clientId') ?? undefined,
    appSecret: secretParamName ? (q.get(secretParamName) ?? undefined) : undefined,
    secretParam: secretParamName,
    token: q.get('token') ?? undefined,
  };
}
