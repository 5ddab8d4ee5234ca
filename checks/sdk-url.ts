import type { ResolvedEnvironment } from '../src/config/types.js';
import { defineCheck, fail, pass, skip, warn, type Finding } from '../src/engine/check.js';
import { Secret } from '../src/engine/secret.js';
import { isolationPeers, keyTarget, varRefs, type IsolationPeer } from '../src/hubble/environments.js';
import { hostFinding, judgeHubbleHost } from '../src/hubble/host-verdict.js';
import { buildSdkUrl, parseSdkUrl } from '../src/hubble/sdk-url.js';

const GIVEN = '--sdk-url';

/** Query parameters whose values are never shown. */
const SECRET_PARAM = /secret|token|key|password|passwd|auth|signature|sig$/i;

/**
 * An SDK URL as it may be shown: appSecret (or any secret-looking parameter) masked to at most its
 * last 4 characters, a token hidden entirely, no user:password and no fragment.
 */
export function maskSdkUrl(raw: string): string {
  const u = new URL(raw);
  u.username = '';
  u.password = '';
  u.hash = '';
  for (const [name, value] of [...u.searchParams]) {
    if (!SECRET_PARAM.test(name)) continue;
    u.searchParams.set(name, /token/i.test(name) ? '****' : new Secret(value).masked.replace('…', '****'));
  }
  return u.toString();
}

/** `staging's clientId`, when a peer environment holds the value; else undefined. */
function peerHolding(peers: readonly IsolationPeer[], holds: (env: ResolvedEnvironment) => boolean): IsolationPeer | undefined {
  return peers.find((p) => holds(p.env));
}

/** The SDK URL this environment's config builds: host for the tier, and its own clientId and appSecret. */
function judgeBuiltSdkUrl(env: ResolvedEnvironment, peers: readonly IsolationPeer[]): Finding[] {
  if (env.sdkBaseUrl === undefined) {
    const unset = env.sources.sdkBaseUrl?.unsetVars ?? [];
    return [skip(`the SDK URL cannot be built: sdkBaseUrl comes from ${varRefs(unset)}, which is not set (credentials.present reports it)`, { target: keyTarget(env, 'sdkBaseUrl') })];
  }
  const findings: Finding[] = [];
  const shown = buildSdkUrl(env);
  const target = shown;
  const base = new URL(env.sdkBaseUrl);
  const evidence = { url: shown, host: base.hostname, tier: env.tier };

  if (base.protocol !== 'https:') {
    findings.push(
      fail(`the SDK URL ${shown} is plain ${base.protocol.replace(':', '')}; it carries appSecret and must be https`, {
        target,
        evidence,
        fix: `Set sdkBaseUrl to https://${base.host}.`,
      }),
    );
  }
  const verdict = judgeHubbleHost(base.hostname, env.tier, 'sdk', 'the SDK URL');
  const hostProblem = hostFinding(verdict, target, evidence, verdict.fix?.replace('Set the SDK URL to', 'Set sdkBaseUrl to'));
  if (hostProblem) findings.push(hostProblem);

  const clientId = env.clientId?.trim() ? env.clientId : undefined;
  if (clientId === undefined) {
    findings.push(
      fail(`the SDK URL would carry no clientId: clientId is not set for ${env.name}`, {
        target,
        evidence,
        fix: `Set clientId for ${env.name} to the ${env.tier} clientId Hubble issued (see credentials.present).`,
      }),
    );
  } else {
    const holder = peerHolding(peers, (p) => p.clientId?.trim() === clientId.trim());
    if (holder) {
      findings.push(
        (holder.severity === 'fail' ? fail : warn)(`the SDK URL would carry clientId "${clientId}", which is also ${holder.env.name}'s clientId; ${env.name} needs its own`, {
          target,
          evidence: { ...evidence, clientId, otherEnv: holder.env.name },
          fix: `Set clientId for ${env.name} to the ${env.tier} clientId Hubble issued.`,
        }),
      );
    }
  }
  const appSecret = env.appSecret && env.appSecret.reveal().trim() !== '' ? env.appSecret : undefined;
  if (appSecret === undefined) {
    findings.push(
      fail(`the SDK URL would carry no appSecret: appSecret is not set for ${env.name}`, {
        target,
        evidence,
        fix: `Set appSecret for ${env.name} to the ${env.tier} appSecret Hubble issued (see credentials.present).`,
      }),
    );
  } else {
    const mine = appSecret.reveal().trim();
    const holder = peerHolding(peers, (p) => p.appSecret !== undefined && p.appSecret.reveal().trim() === mine);
    if (holder) {
      findings.push(
        (holder.severity === 'fail' ? fail : warn)(`the SDK URL would carry ${holder.env.name}'s appSecret (sha256:${appSecret.fingerprint}); ${env.name} needs its own`, {
          target,
          evidence: { ...evidence, appSecretSha256: appSecret.fingerprint, otherEnv: holder.env.name },
          fix: `Set appSecret for ${env.name} to the ${env.tier} appSecret Hubble issued.`,
        }),
      );
    }
  }
  if (findings.length === 0) {
    findings.push(
      pass(`the SDK URL ${shown} uses Hubble's ${env.tier} SDK host with ${env.name}'s own clientId and appSecret (sha256:${appSecret!.fingerprint})`, {
        target,
        evidence: { ...evidence, clientId, appSecretSha256: appSecret!.fingerprint },
      }),
    );
  }
  return findings;
}

/** An SDK URL copied from the app (`--sdk-url`): host for the tier, https, and this environment's credentials. */
function judgeGivenSdkUrl(raw: string, env: ResolvedEnvironment, peers: readonly IsolationPeer[]): Finding[] {
  const parsed = parseSdkUrl(raw);
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    return [fail(`the ${GIVEN} value is not an http(s) URL`, { target: GIVEN, fix: `Pass the full URL the app opens, e.g. ${GIVEN} 'https://sdk.myhubble.money/?clientId=…&appSecret=…'.` })];
  }
  const findings: Finding[] = [];
  const target = maskSdkUrl(raw);
  const given = parsed.appSecret !== undefined ? new Secret(parsed.appSecret) : undefined;
  const evidence = {
    url: target,
    host: parsed.host,
    clientId: parsed.clientId,
    ...(given ? { appSecretSha256: given.fingerprint, secretParam: parsed.secretParam } : {}),
    tokenPresent: parsed.token !== undefined,
  };
  const problem = (status: 'fail' | 'warn', message: string, fix: string, extra: Partial<Finding> = {}) =>
    findings.push({ status, message, target, evidence, fix, ...extra });

  if (parsed.protocol !== 'https:') {
    problem('fail', `the ${GIVEN} URL ${target} is plain http; it carries appSecret and must be https`, 'Build the SDK URL on https://, from the sdkBaseUrl of this environment.');
  }
  const verdict = judgeHubbleHost(parsed.host, env.tier, 'sdk', `the ${GIVEN}`);
  if (verdict.status !== 'pass') {
    problem(verdict.status, verdict.message, `The app should build the SDK URL on https://${verdict.expected[0]} for ${env.name}.`, verdict.relaxOnStaging ? { relaxOnStaging: true } : {});
  }

  if (parsed.clientId === undefined || parsed.clientId === '') {
    problem('fail', `the ${GIVEN} URL has no clientId parameter`, `The app must add clientId=${env.clientId ?? '<your clientId>'} to the SDK URL.`);
  } else if (env.clientId === undefined) {
    problem('warn', `clientId "${parsed.clientId}" in ${GIVEN} could not be compared: clientId is not set for ${env.name}`, `Set clientId for ${env.name} in the config.`);
  } else if (parsed.clientId !== env.clientId) {
    const holder = peerHolding(peers, (p) => p.clientId === parsed.clientId);
    problem(
      holder?.severity ?? 'fail',
      holder
        ? `clientId "${parsed.clientId}" in ${GIVEN} is ${holder.env.name}'s clientId; ${env.name}'s is "${env.clientId}"`
        : `clientId "${parsed.clientId}" in ${GIVEN} is not ${env.name}'s clientId "${env.clientId}"`,
      `The app must use ${env.name}'s clientId "${env.clientId}" (check which config or build flavour it reads).`,
    );
  }

  if (given === undefined || parsed.appSecret === '') {
    problem('fail', `the ${GIVEN} URL has no appSecret parameter`, "The app must add appSecret (this environment's, URL-encoded) to the SDK URL.");
  } else {
    if (parsed.secretParam === 'clientSecret') {
      problem(
        'warn',
        `the ${GIVEN} URL passes the app secret as the legacy clientSecret parameter; Hubble's go-live guide builds it with appSecret`,
        'Rename the parameter to appSecret, as in https://sdk.myhubble.money/?clientId=…&appSecret=…&token=….',
      );
    }
    const mine = env.appSecret;
    if (mine === undefined) {
      problem('warn', `appSecret in ${GIVEN} (sha256:${given.fingerprint}) could not be compared: appSecret is not set for ${env.name}`, `Set appSecret for ${env.name} in the config.`);
    } else if (!given.equals(mine)) {
      const holder = peerHolding(peers, (p) => given.equals(p.appSecret));
      const plusEncoded = new Secret(given.reveal().replace(/ /g, '+'));
      if (holder) {
        problem(
          holder.severity,
          `appSecret in ${GIVEN} (sha256:${given.fingerprint}) is ${holder.env.name}'s appSecret, not ${env.name}'s (sha256:${mine.fingerprint})`,
          `The app must use ${env.name}'s appSecret; check which build flavour or config it reads.`,
        );
      } else if (plusEncoded.equals(mine)) {
        problem(
          'fail',
          `appSecret in ${GIVEN} matches ${env.name}'s only if its "+" characters are read literally: the app does not URL-encode appSecret, so Hubble reads them as spaces`,
          'Build the query with URLSearchParams or encodeURIComponent so that "+" is sent as %2B.',
        );
      } else if (given.reveal().trim() === mine.reveal().trim()) {
        problem(
          'fail',
          `appSecret in ${GIVEN} matches ${env.name}'s only when surrounding whitespace is ignored (sha256:${given.fingerprint} vs sha256:${mine.fingerprint})`,
          'Remove the whitespace (often a trailing newline) from whichever value has it; credentials.present names it when it is in the config.',
        );
      } else {
        problem(
          'fail',
          `appSecret in ${GIVEN} (sha256:${given.fingerprint}) is not ${env.name}'s appSecret (sha256:${mine.fingerprint})`,
          `The app must use ${env.name}'s appSecret; check which build flavour or config it reads.`,
        );
      }
    }
  }
  if (findings.length === 0) {
    const token = parsed.token !== undefined ? '; a token is present (not shown)' : '';
    findings.push(pass(`the ${GIVEN} URL ${target} uses Hubble's ${env.tier} SDK host with ${env.name}'s clientId and appSecret${token}`, { target, evidence }));
  }
  return findings;
}

/**
 * sdk.url: the SDK URL built from the config, and the one copied from the app when `sdkUrl` is
 * given, use Hubble's SDK host for the tier, over https, with this environment's own clientId and
 * appSecret. Secrets show only as fingerprints and masked URLs.
 */
export function judgeSdkUrl(env: ResolvedEnvironment, others: readonly ResolvedEnvironment[], sdkUrl?: string): Finding[] {
  const peers = isolationPeers(env, others);
  return [...judgeBuiltSdkUrl(env, peers), ...(sdkUrl !== undefined ? judgeGivenSdkUrl(sdkUrl, env, peers) : [])];
}

export default defineCheck({
  id: 'sdk.url',
  title: 'The SDK URL uses the right host and this environment\'s credentials',
  network: false,
  explain: {
    verifies:
      'Builds the SDK URL the app should open ({sdkBaseUrl}/?clientId=…&appSecret=…&token=…) from the config and checks that it is https on ' +
      'Hubble\'s SDK host for the tier and carries this environment\'s clientId and appSecret, not another environment\'s. With --sdk-url URL ' +
      '(copied from your running app) it checks that URL the same way: https, host for the tier, clientId equal to this environment\'s, ' +
      'appSecret equal to this environment\'s (compared by value, shown only masked and as a fingerprint), and warns when the secret is passed as ' +
      'the legacy clientSecret parameter. A token parameter is allowed and never shown.',
    why:
      'The SDK URL is the one place where the app, not the backend, chooses the environment. Apps are often built with the staging flavour ' +
      'or an old constant: the go-live guide\'s step 5 is "switch the SDK URL from the staging domain to the production domain". A staging host or ' +
      'staging credentials in the production app make every user\'s SDK fail to open.',
    fixes: [
      'Wrong host: build the URL on https://sdk.myhubble.money in production (https://sdk.dev.myhubble.money in staging).',
      'Wrong clientId or appSecret: make the production build read the production values; the message says which environment the value belongs to.',
      'Legacy clientSecret parameter: rename it to appSecret.',
      '"+" read as a space: build the query with URLSearchParams or encodeURIComponent.',
    ],
  },
  run(ctx) {
    return judgeSdkUrl(ctx.env, ctx.others, ctx.options.sdkUrl);
  },
});
