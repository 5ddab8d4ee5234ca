import { afterAll } from 'vitest';
// Configs and runs for the contract checks: parseConfig text, the real HTTP client and engine, a
// resolve rule that pins the partner's public-looking name to 127.0.0.1, and the test CA.
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedConfig, Tier } from '../../src/config/types.js';
import type { CheckContext, CheckDefinition, CheckResult, NetSettings, RunOptions } from '../../src/engine/check.js';
import { runChecks } from '../../src/engine/run.js';
import { applyPolicy } from '../../src/engine/verdict.js';
import { createHttpClient } from '../../src/net/http.js';
import { createCa, type CertAuthority } from '../../src/sandbox/certs.js';
import { checkContext, runOptions } from './net-context.js';
import { PARTNER_HOST, startPartner, type Partner, type PartnerOptions } from './partner.js';

/** Secret values a test can look for in any output: none may ever show up. */
export const SECRETS = {
  hubble: 'prod-hubble-secret-5b1e9d0c7a3f',
  webhook: 'prod-webhook-secret-8c2f4a6e1d0b',
  app: 'prod-app-secret-3e5d7c9b1a2f',
  stagingHubble: 'stg-hubble-secret-0a9b8c7d6e5f',
  stagingWebhook: 'stg-webhook-secret-f1e2d3c4b5a6',
  stagingApp: 'stg-app-secret-6f5e4d3c2b1a',
} as const;

export const TEST_USER = 'acme-test-user-1';

/** The secrets a partner server is set up with, matching the config below. */
export function partnerSecrets(extra: Partial<PartnerOptions> = {}): PartnerOptions {
  return {
    hubbleSecret: SECRETS.hubble,
    webhookSecret: SECRETS.webhook,
    stagingHubbleSecret: SECRETS.stagingHubble,
    stagingWebhookSecret: SECRETS.stagingWebhook,
    users: { [TEST_USER]: 100 },
    ...extra,
  };
}

/**
 * Starts loopback partners for one test file (the test CA, the secrets above plus `extra`) and
 * closes them all after the file. Call at describe level.
 */
export function partnerPool(): (extra?: Partial<PartnerOptions>) => Promise<Partner> {
  const partners: Partner[] = [];
  afterAll(() => Promise.all(partners.map((p) => p.close())));
  return async (extra = {}) => {
    const p = await startPartner(partnerSecrets(extra), await contractCa());
    partners.push(p);
    return p;
  };
}

let sharedCa: Promise<CertAuthority> | undefined;
export const contractCa = () => (sharedCa ??= createCa('hubble-golive contract test CA', 2));

export interface ContractConfigOptions {
  /** The environment under test: production (default) or staging. */
  tier?: Tier;
  baseUrl?: string;
  webhookUrl?: string;
  sso?: 'classic' | 'jwt' | 'none';
  coins?: boolean;
  testUserId?: string;
  jwtPublicKey?: string;
  clientId?: string;
  /** Add a staging environment next to production (default true). */
  withStaging?: boolean;
  /** Give staging the production secrets (a config mistake the checks must not turn into a mutation). */
  stagingSharesSecrets?: boolean;
  /** Leave webhookSecret / hubbleSecret out of the environment under test. */
  omit?: ('webhookSecret' | 'hubbleSecret')[];
  /** Config file path (relative jwtPublicKey paths resolve against its directory). */
  path?: string;
}

export function contractConfig(o: ContractConfigOptions): { config: ResolvedConfig; envName: string } {
  const tier = o.tier ?? 'production';
  const envName = tier;
  const lines = [
    'version: 1',
    'environments:',
    `  ${envName}:`,
    `    tier: ${tier}`,
    `    clientId: ${o.clientId ?? 'acme-prod'}`,
    `    appSecret: \${${tier === 'production' ? 'APP' : 'STG_APP'}}`,
  ];
  if (!o.omit?.includes('hubbleSecret')) lines.push(`    hubbleSecret: \${${tier === 'production' ? 'HUBBLE' : 'STG_HUBBLE'}}`);
  if (!o.omit?.includes('webhookSecret')) lines.push(`    webhookSecret: \${${tier === 'production' ? 'WEBHOOK' : 'STG_WEBHOOK'}}`);
  if (o.baseUrl) lines.push(`    integrationBaseUrl: ${o.baseUrl}`);
  if (o.webhookUrl) lines.push(`    webhookUrl: ${o.webhookUrl}`);
  lines.push(`    sso: ${o.sso ?? 'classic'}`, `    coins: ${o.coins ?? true}`);
  if (o.testUserId) lines.push(`    testUserId: ${o.testUserId}`);
  if (o.jwtPublicKey) lines.push(`    jwtPublicKey: ${JSON.stringify(o.jwtPublicKey)}`);
  if (tier === 'production' && o.withStaging !== false) {
    const shared = o.stagingSharesSecrets;
    lines.push(
      '  staging:',
      '    tier: staging',
      '    clientId: acme-staging',
      '    appSecret: ${STG_APP}',
      `    hubbleSecret: \${${shared ? 'HUBBLE' : 'STG_HUBBLE'}}`,
      `    webhookSecret: \${${shared ? 'WEBHOOK' : 'STG_WEBHOOK'}}`,
    );
  }
  const config = parseConfig(`${lines.join('\n')}\n`, o.path ?? '/virtual/hubble.config.yaml', {
    env: {
      APP: SECRETS.app,
      HUBBLE: SECRETS.hubble,
      WEBHOOK: SECRETS.webhook,
      STG_APP: SECRETS.stagingApp,
      STG_HUBBLE: SECRETS.stagingHubble,
      STG_WEBHOOK: SECRETS.stagingWebhook,
    },
  });
  return { config, envName };
}

/** A config pointing at a running partner. */
export function configFor(partner: Partner, o: Omit<ContractConfigOptions, 'baseUrl' | 'webhookUrl'> = {}) {
  return contractConfig({ baseUrl: partner.baseUrl, webhookUrl: partner.webhookUrl, ...o });
}

export interface RunSettings {
  partner: Partner;
  timeoutMs?: number;
  allowMutations?: boolean;
  ssoToken?: string;
}

async function net(s: RunSettings): Promise<NetSettings> {
  const ca = await contractCa();
  return {
    timeoutMs: s.timeoutMs ?? 3000,
    resolve: [{ host: PARTNER_HOST, port: s.partner.port, address: '127.0.0.1' }],
    // Only the test CA: loopback servers need nothing else, and a short list keeps each handshake cheap.
    ca: [ca.certPem],
  };
}

/** A CheckContext for calling one check's run() directly. */
export async function contractContext(config: ResolvedConfig, envName: string, s: RunSettings): Promise<CheckContext> {
  return checkContext(config, envName, await net(s), undefined, optionsOf(s));
}

const optionsOf = (s: RunSettings): Partial<RunOptions> => ({
  allowMutations: !!s.allowMutations,
  ...(s.ssoToken ? { ssoToken: s.ssoToken } : {}),
});

/** Runs checks through the real engine (skip reasons, deadlines) and the tier policy. */
export async function runContract(
  checks: readonly CheckDefinition[],
  config: ResolvedConfig,
  envName: string,
  s: RunSettings,
): Promise<Record<string, CheckResult>> {
  const n = await net(s);
  const raw = await runChecks({
    config,
    envName,
    checks,
    options: runOptions(n.timeoutMs, optionsOf(s)),
    http: createHttpClient({ timeoutMs: n.timeoutMs, resolve: n.resolve, ca: n.ca, concurrency: 16 }),
    net: n,
  });
  const results = applyPolicy(raw, { tier: config.environments[envName]!.tier, strict: false });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

/** Every finding message of a result, for assertions that read like the report. */
export const messages = (r: CheckResult | undefined) => (r?.findings ?? []).map((f) => `${f.status}: ${f.message}`);
