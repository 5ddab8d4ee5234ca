import type { Secret } from '../engine/secret.js';
import type { Attestation, Waiver } from './schema.js';

export type Tier = 'staging' | 'production';
export type SsoMode = 'classic' | 'jwt' | 'none';

/** Where a configured value came from, for findings that name the variable or line. */
export interface ValueSource {
  /** Line in the config file (1-based). */
  line: number;
  /** `literal` when written in the file, `env` when every part came from ${VAR}s, `mixed` otherwise. */
  from: 'literal' | 'env' | 'mixed';
  /** Variables the value refers to. */
  vars: string[];
  /** Variables that were not set (the value is then undefined). */
  unsetVars: string[];
}

/** One environment with ${VAR}s resolved and secrets wrapped in Secret. */
export interface ResolvedEnvironment {
  name: string;
  tier: Tier;
  /** True when the tier was derived from the name. */
  tierInferred: boolean;
  /** Hubble's SDK base URL; undefined when configured by an unset variable. */
  sdkBaseUrl?: string;
  /** Hubble's API base URL. */
  apiBaseUrl?: string;
  clientId?: string;
  appSecret?: Secret;
  /** The X-Hubble-Secret Hubble sends to the partner's endpoints. */
  hubbleSecret?: Secret;
  /** Key of the X-Verify HMAC on webhooks. */
  webhookSecret?: Secret;
  integrationBaseUrl?: string;
  webhookUrl?: string;
  sso: SsoMode;
  coins: boolean;
  testUserId?: string;
  jwtPublicKey?: string;
  /** Absolute paths. */
  sourceDirs: string[];
  /** Provenance of each key written in the file. */
  sources: Partial<Record<EnvironmentKey, ValueSource>>;
}

export type EnvironmentKey =
  | 'tier' | 'sdkBaseUrl' | 'apiBaseUrl' | 'clientId' | 'appSecret' | 'hubbleSecret' | 'webhookSecret'
  | 'integrationBaseUrl' | 'webhookUrl' | 'sso' | 'coins' | 'testUserId' | 'jwtPublicKey' | 'sourceDirs';

export const SECRET_KEYS = ['appSecret', 'hubbleSecret', 'webhookSecret'] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export interface ResolvedConfig {
  /** Path of the config file as given. */
  path: string;
  /** Directory relative paths in the file are resolved against. */
  dir: string;
  environments: Record<string, ResolvedEnvironment>;
  /** Absolute paths of plugin modules. */
  plugins: string[];
  /** Accepted risks (see Waiver), with the line each is written on. */
  waivers: (Waiver & { line: number })[];
  /** Confirmations of manual go-live steps. */
  attestations: Attestation[];
}
