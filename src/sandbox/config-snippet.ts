import type { Credentials, SandboxCredentials } from './credentials.js';
import { SANDBOX_HOSTNAME } from './server.js';

type Tier = keyof SandboxCredentials;

/** The variables the generated config reads its credentials from (secrets never go in the file). */
export const CREDENTIAL_VARIABLES: Record<Tier, Record<keyof Credentials, string>> = {
  production: {
    clientId: 'HUBBLE_SANDBOX_CLIENT_ID',
    appSecret: 'HUBBLE_SANDBOX_APP_SECRET',
    hubbleSecret: 'HUBBLE_SANDBOX_SECRET',
    webhookSecret: 'HUBBLE_SANDBOX_WEBHOOK_SECRET',
  },
  staging: {
    clientId: 'HUBBLE_SANDBOX_STAGING_CLIENT_ID',
    appSecret: 'HUBBLE_SANDBOX_STAGING_APP_SECRET',
    hubbleSecret: 'HUBBLE_SANDBOX_STAGING_SECRET',
    webhookSecret: 'HUBBLE_SANDBOX_STAGING_WEBHOOK_SECRET',
  },
};

/** Variable name -> value, for the process environment or a .env file. Reveals the sandbox's own throwaway secrets. */
export function credentialVariables(credentials: SandboxCredentials): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tier of ['production', 'staging'] as const) {
    const c = credentials[tier];
    const names = CREDENTIAL_VARIABLES[tier];
    out[names.clientId] = c.clientId;
    out[names.appSecret] = c.appSecret.reveal();
    out[names.hubbleSecret] = c.hubbleSecret.reveal();
    out[names.webhookSecret] = c.webhookSecret.reveal();
  }
  return out;
}

/** A .env file with the sandbox's throwaway credentials (for `check --env-file`). */
export function envFileText(credentials: SandboxCredentials): string {
  const lines = Object.entries(credentialVariables(credentials)).map(([k, v]) => `${k}=${v}`);
  return `# Throwaway credentials of a hubble-golive sandbox; they die with it.\n${lines.join('\n')}\n`;
}

/**
 * A hubble.config.yaml for the sandbox: `production` points at it (so the production rules
 * apply), `staging` has its own credentials and a host of its own that is never contacted.
 */
export function sandboxConfigYaml(sandbox: { url: string; webhookUrl: string; testUserId: string }): string {
  const env = (tier: Tier, urls: { integrationBaseUrl: string; webhookUrl: string }, extra: string[]) => {
    const v = CREDENTIAL_VARIABLES[tier];
    const hubble = tier === 'production' ? '' : '.dev';
    return [
      `  ${tier}:`,
      `    tier: ${tier}`,
      `    sdkBaseUrl: https://sdk${hubble}.myhubble.money`,
      `    apiBaseUrl: https://api${hubble}.myhubble.money`,
      `    clientId: \${${v.clientId}}`,
      `    appSecret: \${${v.appSecret}}`,
      `    hubbleSecret: \${${v.hubbleSecret}}`,
      `    webhookSecret: \${${v.webhookSecret}}`,
      `    integrationBaseUrl: ${urls.integrationBaseUrl}`,
      `    webhookUrl: ${urls.webhookUrl}`,
      `    sso: classic`,
      `    coins: true`,
      ...extra,
    ];
  };
  const stagingBase = `https://staging-${SANDBOX_HOSTNAME}/hubble`;
  return [
    '# hubble-golive sandbox partner: throwaway, on this machine only. Secrets come from ${VAR}s.',
    'version: 1',
    'environments:',
    ...env('production', { integrationBaseUrl: sandbox.url, webhookUrl: sandbox.webhookUrl }, [
      `    testUserId: ${sandbox.testUserId}              # coins.contract debits and reverses 1 coin (--allow-mutations)`,
    ]),
    ...env('staging', { integrationBaseUrl: stagingBase, webhookUrl: `${stagingBase}/webhook` }, []),
    '',
  ].join('\n');
}
