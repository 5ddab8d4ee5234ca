import type { CheckDefinition } from '../src/engine/check.js';
// Offline: the config itself.
import credentialsPresent from './credentials-present.js';
import credentialsIsolated from './credentials-isolated.js';
import credentialsNotHardcoded from './credentials-not-hardcoded.js';
import urlsHubble from './urls-hubble.js';
import urlsPartner from './urls-partner.js';
import sdkUrl from './sdk-url.js';
// Network: Hubble's hosts and the partner's servers (reachability, TLS).
import sdkReachable from './sdk-reachable.js';
import networkReachability from './network-reachability.js';
import tlsProtocol from './tls-protocol.js';
import tlsCertificate from './tls-certificate.js';
// Contract: the partner's side of Hubble's contract (secret, SSO, webhook signature, coins).
import authHubbleSecret from './auth-hubble-secret.js';
import ssoContract from './sso-contract.js';
import webhookSignature from './webhook-signature.js';
import coinsContract from './coins-contract.js';
// Files: built output and source.
import sourceScan from './source-scan.js';

/**
 * Every built-in check, in report order (SPEC section 3). Reports, `list` and the JSON output
 * keep this order. Add a check by adding its file and one line here.
 */
export const builtinChecks: readonly CheckDefinition[] = [
  // offline
  credentialsPresent,
  credentialsIsolated,
  credentialsNotHardcoded,
  urlsHubble,
  urlsPartner,
  sdkUrl,
  // network
  sdkReachable,
  networkReachability,
  tlsProtocol,
  tlsCertificate,
  // contract
  authHubbleSecret,
  ssoContract,
  webhookSignature,
  coinsContract,
  // files
  sourceScan,
];
