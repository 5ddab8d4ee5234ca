import { randomBytes } from 'node:crypto';
import { Secret } from '../engine/secret.js';

/** What Hubble issues a partner for one environment (HUBBLE.md 1). */
export interface Credentials {
  clientId: string;
  appSecret: Secret;
  /** The X-Hubble-Secret Hubble sends on /sso, /balance, /debit and /reverse. */
  hubbleSecret: Secret;
  /** The key of the X-Verify HMAC on webhooks. */
  webhookSecret: Secret;
}

/** The sandbox's production credentials, and staging ones it must refuse (unless told otherwise). */
export interface SandboxCredentials {
  production: Credentials;
  staging: Credentials;
}

/** Fresh random credentials: every value distinct, so isolation checks pass; throwaway by design. */
export function generateCredentials(): SandboxCredentials {
  return { production: generate('live'), staging: generate('staging') };
}

function generate(label: string): Credentials {
  const random = () => new Secret(randomBytes(24).toString('base64url'));
  return {
    clientId: `golive-demo-${label}-${randomBytes(4).toString('hex')}`,
    appSecret: random(),
    hubbleSecret: random(),
    webhookSecret: random(),
  };
}
