import { expect } from 'vitest';
import type { EnvironmentKey, ResolvedEnvironment, ValueSource } from '../../src/config/types.js';
import type { Finding, Status } from '../../src/engine/check.js';
import { Secret } from '../../src/engine/secret.js';

/** Plain-object environments for the offline judges, with realistic, distinct values per tier. */

export const PROD = {
  clientId: 'acme-prod-7f3a2c',
  appSecret: 'pA9xQ2mZ7vK4rT1wL8nB3cY6',
  hubbleSecret: 'hS5dF8gJ2kL4pQ7wE1rT9yU3',
  webhookSecret: 'wK3jH6gF9dS2aZ5xC8vB1nM4',
};
export const STAGING = {
  clientId: 'acme-stg-11b0e9',
  appSecret: 'sT7uV1wX4yZ8aB2cD5eF9gH3',
  hubbleSecret: 'sH2iJ6kL9mN3oP7qR1sT4uV8',
  webhookSecret: 'sW8xY2zA5bC9dE3fG6hI1jK4',
};
/** Every raw secret value of the fixtures, for "never shown" assertions. */
export const ALL_SECRETS = [PROD.appSecret, PROD.hubbleSecret, PROD.webhookSecret, STAGING.appSecret, STAGING.hubbleSecret, STAGING.webhookSecret];

export const fromEnv = (line: number, ...vars: string[]): ValueSource => ({ line, from: 'env', vars, unsetVars: [] });
export const literal = (line: number): ValueSource => ({ line, from: 'literal', vars: [], unsetVars: [] });
export const unset = (line: number, ...vars: string[]): ValueSource => ({ line, from: 'env', vars, unsetVars: vars });

type EnvOverrides = Partial<Omit<ResolvedEnvironment, 'appSecret' | 'hubbleSecret' | 'webhookSecret'>> & {
  appSecret?: string | Secret;
  hubbleSecret?: string | Secret;
  webhookSecret?: string | Secret;
};

const secret = (v: string | Secret | undefined) => (typeof v === 'string' ? new Secret(v) : v);

function build(defaults: ResolvedEnvironment, o: EnvOverrides): ResolvedEnvironment {
  const merged = { ...defaults, ...o, sources: { ...defaults.sources, ...o.sources } } as ResolvedEnvironment & EnvOverrides;
  for (const key of ['appSecret', 'hubbleSecret', 'webhookSecret'] as const) {
    if (key in o) merged[key] = secret(o[key]) as never;
  }
  // A key overridden to undefined without a source of its own is "not in the file".
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined && !(o.sources && key in o.sources)) delete merged.sources[key as EnvironmentKey];
  }
  return merged;
}

/** A production environment that passes every offline check; override what a row tests. */
export function production(o: EnvOverrides = {}): ResolvedEnvironment {
  return build(
    {
      name: 'production',
      tier: 'production',
      tierInferred: true,
      sdkBaseUrl: 'https://sdk.myhubble.money',
      apiBaseUrl: 'https://api.myhubble.money',
      clientId: PROD.clientId,
      appSecret: new Secret(PROD.appSecret),
      hubbleSecret: new Secret(PROD.hubbleSecret),
      webhookSecret: new Secret(PROD.webhookSecret),
      integrationBaseUrl: 'https://api.acme-shop.com/hubble',
      webhookUrl: 'https://api.acme-shop.com/hubble/webhook',
      sso: 'classic',
      coins: true,
      sourceDirs: [],
      sources: {
        sdkBaseUrl: literal(3),
        apiBaseUrl: literal(4),
        clientId: fromEnv(5, 'HUBBLE_CLIENT_ID'),
        appSecret: fromEnv(6, 'HUBBLE_APP_SECRET'),
        hubbleSecret: fromEnv(7, 'HUBBLE_SECRET'),
        webhookSecret: fromEnv(8, 'HUBBLE_WEBHOOK_SECRET'),
        integrationBaseUrl: literal(9),
        webhookUrl: literal(10),
      },
    },
    o,
  );
}

/** A staging environment that passes every offline check. */
export function staging(o: EnvOverrides = {}): ResolvedEnvironment {
  return build(
    {
      name: 'staging',
      tier: 'staging',
      tierInferred: false,
      sdkBaseUrl: 'https://sdk.dev.myhubble.money',
      apiBaseUrl: 'https://api.dev.myhubble.money',
      clientId: STAGING.clientId,
      appSecret: new Secret(STAGING.appSecret),
      hubbleSecret: new Secret(STAGING.hubbleSecret),
      webhookSecret: new Secret(STAGING.webhookSecret),
      integrationBaseUrl: 'https://staging-api.acme-shop.com/hubble',
      webhookUrl: 'https://staging-api.acme-shop.com/hubble/webhook',
      sso: 'classic',
      coins: true,
      sourceDirs: [],
      sources: {
        tier: literal(13),
        sdkBaseUrl: literal(14),
        apiBaseUrl: literal(15),
        clientId: fromEnv(16, 'HUBBLE_STAGING_CLIENT_ID'),
        appSecret: fromEnv(17, 'HUBBLE_STAGING_APP_SECRET'),
        hubbleSecret: fromEnv(18, 'HUBBLE_STAGING_SECRET'),
        webhookSecret: fromEnv(19, 'HUBBLE_STAGING_WEBHOOK_SECRET'),
        integrationBaseUrl: literal(20),
        webhookUrl: literal(21),
      },
    },
    o,
  );
}

/** The findings that are not pass/skip. */
export const problems = (findings: readonly Finding[]) => findings.filter((f) => f.status === 'warn' || f.status === 'fail');

/** Status of a finding as the report would show it for `tier` (relaxOnStaging applied). */
export const effective = (f: Finding, tier: 'staging' | 'production'): Status =>
  f.relaxOnStaging && tier === 'staging' && f.status === 'fail' ? 'warn' : f.status;

/** Asserts the engine invariants every judge must keep: findings exist, non-pass ones have a fix, no secret leaks. */
export function expectWellFormed(findings: readonly Finding[], secrets: readonly string[] = ALL_SECRETS): void {
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) {
    expect(f.message).not.toBe('');
    if (f.status === 'warn' || f.status === 'fail') expect(f.fix, `fix of "${f.message}"`).toBeTruthy();
  }
  const text = JSON.stringify(findings);
  for (const s of secrets) expect(text).not.toContain(s);
}
