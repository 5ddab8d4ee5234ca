import type { ResolvedEnvironment } from '../src/config/types.js';
import { defineCheck, fail, pass, skip, warn, type Finding } from '../src/engine/check.js';
import { keyTarget, varRefs } from '../src/hubble/environments.js';
import { hostFinding, judgeHubbleHost } from '../src/hubble/host-verdict.js';

const HUBBLE_URL_KEYS = [
  ['sdkBaseUrl', 'sdk'],
  ['apiBaseUrl', 'api'],
] as const;

/**
 * urls.hubble: sdkBaseUrl and apiBaseUrl are https URLs on Hubble's hosts for the environment's
 * tier. Says when a value was not in the file (the tier's default was used), because a wrong tier
 * then silently picks the wrong hosts.
 */
export function judgeHubbleUrls(env: ResolvedEnvironment): Finding[] {
  const findings: Finding[] = [];
  for (const [key, role] of HUBBLE_URL_KEYS) {
    const value = env[key];
    const source = env.sources[key];
    const target = keyTarget(env, key);
    if (value === undefined) {
      findings.push(
        source && source.unsetVars.length > 0
          ? skip(`${key} not checked: ${varRefs(source.unsetVars)} is not set (credentials.present reports it)`, { target })
          : fail(`${key} has no value`, { target, fix: `Remove ${key} to use the default for the ${env.tier} tier, or set it.` }),
      );
      continue;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      findings.push(fail(`${key} ${JSON.stringify(value)} is not a URL`, { target, fix: `Set ${key} to an https URL of Hubble's ${env.tier} host.` }));
      continue;
    }
    const defaulted = source === undefined;
    const evidence = {
      url: value,
      host: url.hostname,
      tier: env.tier,
      ...(env.tierInferred ? { tierInferredFromName: env.name } : {}),
      defaulted,
    };
    const before = findings.length;

    if (url.protocol !== 'https:') {
      findings.push(
        fail(`${key} ${value} uses ${url.protocol.replace(':', '')}; Hubble's hosts are served over https only, and the SDK URL carries appSecret`, {
          target,
          evidence,
          fix: `Set ${key} to https://${url.host}${url.pathname === '/' ? '' : url.pathname}.`,
        }),
      );
    }
    const verdict = judgeHubbleHost(url.hostname, env.tier, role, key);
    const hostProblem = hostFinding(verdict, target, evidence);
    if (hostProblem) findings.push(hostProblem);
    if (url.username || url.password) {
      findings.push(
        fail(`${key} carries a user name or password (${url.protocol}//***@${url.host}); Hubble's hosts take none, and the SDK URL would hand it to every user's browser`, {
          target,
          evidence: { ...evidence, url: `${url.protocol}//***@${url.host}${url.pathname}` },
          fix: `Set ${key} to ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}.`,
        }),
      );
    }
    if (url.port !== '' && url.port !== '443') {
      findings.push(
        fail(`${key} ${value} names port ${url.port}; Hubble's hosts answer on the default https port 443`, {
          target,
          evidence,
          fix: `Remove ":${url.port}" from ${key}.`,
          relaxOnStaging: true,
        }),
      );
    }
    if (findings.length === before) {
      const note = defaulted
        ? ` (not in the file: the default for the ${env.tier} tier${env.tierInferred ? `, which was inferred from the name "${env.name}"` : ''})`
        : '';
      findings.push(pass(`${verdict.message}${note}`, { target, evidence }));
    }
  }
  findings.push(...judgeInferredTier(env));
  return findings;
}

/**
 * A tier inferred as staging from a name that reads like production (`eu-production`, `prd`):
 * every default host and every production-only rule would then be the staging one.
 */
function judgeInferredTier(env: ResolvedEnvironment): Finding[] {
  if (!env.tierInferred || env.tier !== 'staging') return [];
  const parts = env.name.toLowerCase().split(/[-_.]/);
  const hint = parts.find((p) => ['production', 'prod', 'prd', 'live', 'release'].includes(p));
  if (!hint) return [];
  return [
    warn(`environment "${env.name}" was given the staging tier because its name does not start with production, prod or live, yet it contains "${hint}"`, {
      target: keyTarget(env, 'tier'),
      evidence: { name: env.name, tier: env.tier, tierInferred: true },
      fix: `If "${env.name}" is a production environment, add "tier: production" to it; otherwise add "tier: staging" to say so.`,
    }),
  ];
}

export default defineCheck({
  id: 'urls.hubble',
  title: "Hubble's SDK and API hosts match the tier",
  network: false,
  explain: {
    verifies:
      'That sdkBaseUrl and apiBaseUrl are https URLs on Hubble\'s hosts for the environment\'s tier: sdk.myhubble.money (or vouchers.myhubble.money) and ' +
      'api.myhubble.money for production, their *.dev.myhubble.money counterparts for staging. Production fails on a *.dev.myhubble.money host, ' +
      'a non-Hubble host, a look-alike of myhubble.money (typo, other TLD, or the name inside another domain) and plain http. A staging ' +
      'environment pointing at production hosts is a warning. It says when a value was not in the file and the tier\'s default was used.',
    why:
      'The SDK URL carries your clientId and appSecret to the SDK host: a look-alike host receives them, plain http exposes them, and a staging ' +
      'host in production refuses production credentials so every user sees an error. Hubble\'s go-live guide lists the switch from ' +
      'sdk.dev/api.dev to sdk/api.myhubble.money as a required step.',
    fixes: [
      'Production: sdkBaseUrl: https://sdk.myhubble.money and apiBaseUrl: https://api.myhubble.money (or leave both out to get these defaults).',
      'Staging: https://sdk.dev.myhubble.money and https://api.dev.myhubble.money.',
      'Look-alike host: correct the host, and find out where it came from.',
      'Wrong tier picked from the environment name: add tier: production (or staging) to the environment.',
    ],
  },
  run(ctx) {
    return judgeHubbleUrls(ctx.env);
  },
});
