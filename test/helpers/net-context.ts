// Configs, contexts and runs for network-check tests: real engine, real HTTP client, loopback only.
import { rootCertificates } from 'node:tls';
import { parseConfig } from '../../src/config/load.js';
import type { ResolvedConfig, Tier } from '../../src/config/types.js';
import type { CheckContext, CheckDefinition, CheckResult, NetSettings, RunOptions } from '../../src/engine/check.js';
import { runChecks } from '../../src/engine/run.js';
import { applyPolicy } from '../../src/engine/verdict.js';
import { createHttpClient } from '../../src/net/http.js';
import type { ResolveRule } from '../../src/net/resolve.js';

/** Secret values the tests can look for in every output: none may ever show up. */
export const TEST_SECRETS = {
  hubbleSecret: 'prod-hubble-secret-7f3a9c2e1b',
  webhookSecret: 'prod-webhook-secret-4d8e2a6f90',
  appSecret: 'prod-app-secret-0c1d2e3f4a5b',
  stagingHubbleSecret: 'stg-hubble-secret-91ab23cd45',
} as const;

export interface NetEnvOptions {
  tier?: Tier;
  integrationBaseUrl?: string;
  webhookUrl?: string;
  sdkBaseUrl?: string;
  apiBaseUrl?: string;
  sso?: 'classic' | 'jwt' | 'none';
  coins?: boolean;
}

/** A config whose `production` (or given tier) environment points at the given URLs; secrets come from ${VAR}s. */
export function netConfig(options: NetEnvOptions): { config: ResolvedConfig; envName: string } {
  const tier = options.tier ?? 'production';
  const line = (key: string, value: string | boolean | undefined) => (value === undefined ? '' : `    ${key}: ${value}\n`);
  const text =
    `version: 1\nenvironments:\n  ${tier}:\n    tier: ${tier}\n` +
    line('sdkBaseUrl', options.sdkBaseUrl) +
    line('apiBaseUrl', options.apiBaseUrl) +
    '    clientId: acme-prod\n' +
    '    appSecret: ${APP_SECRET}\n    hubbleSecret: ${HUBBLE_SECRET}\n    webhookSecret: ${WEBHOOK_SECRET}\n' +
    line('integrationBaseUrl', options.integrationBaseUrl) +
    line('webhookUrl', options.webhookUrl) +
    line('sso', options.sso ?? 'classic') +
    line('coins', options.coins ?? true) +
    (tier === 'production' ? '  staging:\n    tier: staging\n    hubbleSecret: ${STG_HUBBLE_SECRET}\n' : '');
  const config = parseConfig(text, '/virtual/hubble.config.yaml', {
    env: {
      APP_SECRET: TEST_SECRETS.appSecret,
      HUBBLE_SECRET: TEST_SECRETS.hubbleSecret,
      WEBHOOK_SECRET: TEST_SECRETS.webhookSecret,
      STG_HUBBLE_SECRET: TEST_SECRETS.stagingHubbleSecret,
    },
  });
  return { config, envName: tier };
}

// One trust list per CA, as in a CLI run: the client caches its TLS context per list (~50 ms to build).
const trustLists = new Map<string, string[]>();

/** Net settings as the CLI builds them: Node's roots plus the test CA, and the --resolve rules. */
export function netSettings(options: { timeoutMs: number; rules: readonly ResolveRule[]; caPem?: string | string[] }): NetSettings {
  const extra = options.caPem === undefined ? [] : Array.isArray(options.caPem) ? options.caPem : [options.caPem];
  const key = extra.join('');
  let ca = trustLists.get(key);
  if (extra.length && !ca) trustLists.set(key, (ca = [...rootCertificates, ...extra]));
  return { timeoutMs: options.timeoutMs, resolve: options.rules, ca };
}

export function runOptions(timeoutMs: number, overrides: Partial<RunOptions> = {}): RunOptions {
  return { offline: false, timeoutMs, concurrency: 16, allowMutations: false, strict: false, sourceDirs: [], ...overrides };
}

/** A CheckContext for calling one check's run() directly. */
export function checkContext(
  config: ResolvedConfig,
  envName: string,
  net: NetSettings,
  signal = new AbortController().signal,
  options: Partial<RunOptions> = {},
): CheckContext {
  const env = config.environments[envName]!;
  return {
    envName,
    env,
    tier: env.tier,
    config,
    others: Object.values(config.environments).filter((e) => e.name !== envName),
    options: runOptions(net.timeoutMs, options),
    http: createHttpClient({ timeoutMs: net.timeoutMs, resolve: net.resolve, ca: net.ca, concurrency: 16 }),
    net,
    signal,
  };
}

/** Runs checks through the real engine and the tier policy; returns the results and the wall time. */
export async function runNetworkChecks(options: {
  checks: readonly CheckDefinition[];
  config: ResolvedConfig;
  envName: string;
  net: NetSettings;
  concurrency?: number;
}): Promise<{ results: CheckResult[]; byId: Record<string, CheckResult>; wallMs: number }> {
  const started = performance.now();
  const raw = await runChecks({
    config: options.config,
    envName: options.envName,
    checks: options.checks,
    options: runOptions(options.net.timeoutMs, { concurrency: options.concurrency ?? 16 }),
    http: createHttpClient({ timeoutMs: options.net.timeoutMs, resolve: options.net.resolve, ca: options.net.ca, concurrency: options.concurrency ?? 16 }),
    net: options.net,
  });
  const wallMs = performance.now() - started;
  const results = applyPolicy(raw, { tier: options.config.environments[options.envName]!.tier, strict: false });
  return { results, byId: Object.fromEntries(results.map((r) => [r.id, r])), wallMs };
}
