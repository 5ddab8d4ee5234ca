import { SECRET_KEYS, type ResolvedEnvironment, type SecretKey } from '../src/config/types.js';
import { defineCheck, fail, pass, skip, warn, type Finding } from '../src/engine/check.js';
import { fingerprint } from '../src/engine/secret.js';
import { isolationPeers, keyTarget, varRefs } from '../src/hubble/environments.js';
import { placeholderKind } from '../src/hubble/placeholders.js';
import { CREDENTIAL_KEYS, type CredentialKey } from './credentials-present.js';

/**
 * A value worth comparing: set, not blank, not a placeholder (credentials.present reports those).
 * Trimmed, so that a staging secret pasted with a trailing newline still counts as the same secret.
 */
function comparable(env: ResolvedEnvironment, key: CredentialKey): string | undefined {
  const v = (key === 'clientId' ? env.clientId : env[key]?.reveal())?.trim();
  return v !== undefined && v !== '' && !placeholderKind(v) ? v : undefined;
}

/** Why a peer's value could not be compared, for the "could not compare" finding. */
function whyNotComparable(env: ResolvedEnvironment, key: CredentialKey): string {
  const source = env.sources[key];
  if (source && source.unsetVars.length > 0) return `${varRefs(source.unsetVars)} unset`;
  const v = key === 'clientId' ? env.clientId : env[key]?.reveal();
  if (v === undefined) return 'not configured';
  return v.trim() === '' ? 'empty' : 'a placeholder';
}

/** How to show one value: clientId is an identifier and may be shown; secrets only by fingerprint. */
const show = (key: CredentialKey, value: string) => (key === 'clientId' ? JSON.stringify(value) : `sha256:${fingerprint(value)}`);

/**
 * credentials.isolated: the environment shares no credential with the environments it must be
 * isolated from (see isolationPeers), and keeps its own server secrets apart.
 */
export function judgeIsolation(env: ResolvedEnvironment, others: readonly ResolvedEnvironment[]): Finding[] {
  const findings: Finding[] = [];
  const peers = isolationPeers(env, others);
  const clashes = new Set<CredentialKey>();
  const compared = new Map<CredentialKey, Set<string>>();
  const notCompared: string[] = [];

  for (const { env: peer, severity } of peers) {
    for (const key of CREDENTIAL_KEYS) {
      const mine = comparable(env, key);
      if (mine === undefined) continue; // credentials.present reports this environment's own gaps
      // Secrets are compared with every secret of the peer: a staging webhookSecret reused as the production hubbleSecret leaks just the same.
      const theirKeys: CredentialKey[] = key === 'clientId' ? ['clientId'] : [...SECRET_KEYS];
      for (const theirKey of theirKeys) {
        const theirs = comparable(peer, theirKey);
        if (theirs === undefined || theirs !== mine) continue;
        clashes.add(key);
        const same = theirKey === key ? `the same value as ${peer.name}'s ${key}` : `the same value as ${peer.name}'s ${theirKey}`;
        const consequence =
          env.tier === 'production' && peer.tier === 'staging'
            ? `a ${peer.tier} value in production is refused by Hubble's production servers and means the secret was never rotated for go-live`
            : env.tier === 'staging'
              ? `a production credential in a staging environment is exposed to every staging system and tester`
              : 'two production environments sharing a credential cannot be rotated or revoked separately';
        findings.push(
          (severity === 'fail' ? fail : warn)(`${env.name} ${key} is ${same} (${show(key, mine)}): ${consequence}`, {
            target: keyTarget(env, key),
            evidence: { env: env.name, key, otherEnv: peer.name, otherKey: theirKey, ...(key === 'clientId' ? { clientId: mine } : { sha256: fingerprint(mine) }) },
            fix: `Set ${env.name}'s ${key} to its own ${env.tier} value from Hubble's integration portal; production and staging each have their own clientId, appSecret, X-Hubble-Secret and webhook secret.${
              key === 'clientId' ? '' : ' If a production secret was ever used in staging, ask Hubble to rotate it.'
            }`,
          }),
        );
      }
      if (comparable(peer, key) !== undefined) {
        if (!compared.has(key)) compared.set(key, new Set());
        compared.get(key)!.add(peer.name);
      } else {
        notCompared.push(`${key} with ${peer.name} (${peer.name}'s ${whyNotComparable(peer, key)})`);
      }
    }
  }

  if (peers.length === 0) {
    const message =
      env.tier === 'production'
        ? `${env.name} could not be compared with a staging environment: the config defines no other environment`
        : `${env.name} could not be compared with production: the config defines no production environment`;
    findings.push(
      env.tier === 'production'
        ? warn(message, {
            evidence: { environments: [env.name] },
            fix: 'Add your staging environment to the config (its secrets as ${HUBBLE_STAGING_...} variables) so that a staging value copied into production is caught.',
          })
        : skip(message),
    );
  } else if (notCompared.length > 0) {
    const message = `could not compare ${notCompared.join('; ')}`;
    findings.push(
      env.tier === 'production'
        ? warn(message, {
            evidence: { notCompared },
            fix: 'Run the check with the other environments\' variables set too (export them, or pass --env-file with all of them) so every production credential is compared.',
          })
        : skip(message, { evidence: { notCompared } }),
    );
  }
  const distinct = [...compared.entries()].filter(([key]) => !clashes.has(key));
  if (distinct.length > 0) {
    const list = distinct.map(([key, names]) => `${key} (vs ${[...names].join(', ')})`).join(', ');
    findings.push(pass(`${env.name} credentials differ from the other environments': ${list}`, { evidence: { compared: Object.fromEntries(distinct.map(([k, n]) => [k, [...n]])) } }));
  }

  findings.push(...judgeOwnSecrets(env));
  if (findings.length === 0) {
    // Nothing of this environment could be compared: its own credentials are unset (credentials.present says which).
    findings.push(skip(`nothing to compare: none of ${env.name}'s ${CREDENTIAL_KEYS.join(', ')} has a value (see credentials.present)`));
  }
  return findings;
}

/**
 * Within one environment: hubbleSecret and webhookSecret are separate credentials (HUBBLE.md 4a, 6:
 * a known partner mix-up), and appSecret, which travels in the SDK URL on every user's device, must
 * not double as a server secret.
 */
function judgeOwnSecrets(env: ResolvedEnvironment): Finding[] {
  const findings: Finding[] = [];
  const v = (k: SecretKey) => comparable(env, k);
  const app = v('appSecret');
  const hubble = v('hubbleSecret');
  const hook = v('webhookSecret');

  for (const key of ['hubbleSecret', 'webhookSecret'] as const) {
    const value = v(key);
    if (app !== undefined && value !== undefined && app === value) {
      findings.push(
        fail(`${env.name} ${key} is the same value as its appSecret (sha256:${fingerprint(app)}); appSecret is in the SDK URL on every user's device, so this ${key} is public`, {
          target: keyTarget(env, key),
          evidence: { keys: ['appSecret', key], sha256: fingerprint(app) },
          fix: `Set ${key} to the separate ${key === 'hubbleSecret' ? 'X-Hubble-Secret' : 'webhook secret'} Hubble issued, and ask Hubble to rotate it if this value was ever deployed.`,
          relaxOnStaging: true,
        }),
      );
    }
  }
  if (hubble !== undefined && hook !== undefined) {
    if (hubble === hook) {
      findings.push(
        warn(`${env.name} hubbleSecret and webhookSecret are the same value (sha256:${fingerprint(hubble)}); Hubble issues two separate secrets`, {
          target: keyTarget(env, 'webhookSecret'),
          evidence: { keys: ['hubbleSecret', 'webhookSecret'], sha256: fingerprint(hubble) },
          fix: 'Check both against the integration portal: X-Hubble-Secret authenticates calls to /sso and the coins APIs, the webhook (signature) secret keys the X-Verify HMAC. Verifying one with the other makes every call or every webhook fail.',
        }),
      );
    } else {
      findings.push(pass(`${env.name} hubbleSecret and webhookSecret are different values`));
    }
  }
  return findings;
}

export default defineCheck({
  id: 'credentials.isolated',
  title: 'Credentials are not shared between production and staging',
  network: false,
  explain: {
    verifies:
      'That production\'s clientId, appSecret, hubbleSecret and webhookSecret share no value with any staging environment in the config ' +
      '(any secret is compared with every secret of the other environment, by value, showing only fingerprints). ' +
      'Run on a staging environment it makes the same comparison from the other side, against production. ' +
      'Within one environment it warns when hubbleSecret equals webhookSecret and fails when appSecret doubles as a server secret. ' +
      'When there is nothing to compare with (one environment only, or the other environment\'s variables unset) it says what it could not compare.',
    why:
      'Hubble issues separate credentials per tier, and "using staging credentials in production (or vice versa) will result in ' +
      'authentication failures". A staging value in production means a copy-paste slipped through; a production value in staging means a ' +
      'production secret sits on less-protected systems. hubbleSecret and webhookSecret are distinct: partners who mix them up verify ' +
      'webhooks with the wrong key. appSecret is in the SDK URL that users\' devices load, so it must never double as X-Hubble-Secret.',
    fixes: [
      'Shared with staging: put the production value from the integration portal in the production variable; ask Hubble to rotate any production secret that was used in staging.',
      'hubbleSecret equals webhookSecret: look both up again in the portal (X-Hubble-Secret vs webhook/signature secret) and set each to its own value.',
      'Could not compare: add the staging environment to the config and make its variables available when the check runs (export them or use --env-file).',
    ],
  },
  run(ctx) {
    return judgeIsolation(ctx.env, ctx.others);
  },
});
