import { z } from 'zod';

/** `${NAME}` placeholders, resolved from the environment after validation. */
export const VAR_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const hasVar = (v: string) => /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(v);

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

const text = z.string({ error: 'expected a string' });
/** A URL, or a ${VAR} that will hold one (checked again once resolved). */
const url = text.refine((v) => hasVar(v) || isHttpUrl(v), { error: 'expected an http(s) URL such as https://api.yourapp.com/hubble' });

export const environmentSchema = z.strictObject({
  /** staging | production; default: from the environment's name (production, prod, live -> production). */
  tier: z.enum(['staging', 'production']).optional(),
  /** Hubble's SDK host for this tier; default https://sdk.myhubble.money or https://sdk.dev.myhubble.money. */
  sdkBaseUrl: url.optional(),
  /** Hubble's API host for this tier; default https://api.myhubble.money or https://api.dev.myhubble.money. */
  apiBaseUrl: url.optional(),
  /** The partner identifier Hubble issued for this environment. */
  clientId: text.optional(),
  /** The secret that goes into the SDK URL. */
  appSecret: text.optional(),
  /** The X-Hubble-Secret Hubble sends on /sso, /balance, /debit and /reverse. */
  hubbleSecret: text.optional(),
  /** The key of the X-Verify HMAC on webhooks. */
  webhookSecret: text.optional(),
  /** The base URL Hubble calls /sso, /balance, /debit and /reverse under. */
  integrationBaseUrl: url.optional(),
  /** Where Hubble POSTs transaction and brand webhooks. */
  webhookUrl: url.optional(),
  /** classic (Hubble calls POST /sso) | jwt (the app passes a signed JWT) | none. */
  sso: z.enum(['classic', 'jwt', 'none']).default('classic'),
  /** Whether the partner hosts the coins endpoints /balance, /debit and /reverse. */
  coins: z.boolean({ error: 'expected true or false' }).default(false),
  /** A user whose balance coins.contract may read and change (with --allow-mutations). */
  testUserId: text.optional(),
  /** RS256 public key (PEM, or a path to a PEM file) that Hubble verifies SSO JWTs with (sso: jwt). */
  jwtPublicKey: text.optional(),
  /** Built or source directories source.scan reads, relative to the config file. */
  sourceDirs: z.array(text).optional(),
});

export const configSchema = z.strictObject({
  /** Format version of this file; only 1 exists. */
  version: z.literal(1, { error: 'expected 1' }),
  /** Named environments, for example staging and production. */
  environments: z
    .record(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'environment names are letters, digits, "-", "_" and "."' }),
      environmentSchema,
      { error: 'expected a map of environment names to settings' },
    )
    .refine((envs) => Object.keys(envs).length > 0, { error: 'expected at least one environment' }),
  /** Extra checks: paths of ES modules, relative to this file, each exporting a defineCheck() result. */
  plugins: z.array(text).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
export type RawEnvironment = z.infer<typeof environmentSchema>;
