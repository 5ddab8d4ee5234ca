import type { ResolvedEnvironment } from '../src/config/types.js';
import { defineCheck, fail, pass, skip, warn, type Finding } from '../src/engine/check.js';
import { displayUrl, isolationPeers, keyTarget, varRefs } from '../src/hubble/environments.js';
import { classifyPartnerHost, describeIpRange, normalizeHost, stagingLabels } from '../src/hubble/hostnames.js';

const PARTNER_URL_KEYS = ['integrationBaseUrl', 'webhookUrl'] as const;
type PartnerUrlKey = (typeof PARTNER_URL_KEYS)[number];

/** Why integrationBaseUrl is required here, or undefined (sso jwt/none without coins). */
function integrationNeed(env: ResolvedEnvironment): string | undefined {
  const routes = [env.sso === 'classic' ? '/sso' : undefined, ...(env.coins ? ['/balance', '/debit', '/reverse'] : [])].filter(Boolean);
  return routes.length ? `Hubble calls ${routes.join(', ')} under it` : undefined;
}

/** Same URL once scheme and host case, default port and a trailing slash are set aside. */
function sameUrl(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const norm = (u: URL) => `${u.protocol}//${normalizeHost(u.hostname)}:${u.port}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    return norm(x) === norm(y);
  } catch {
    return a === b;
  }
}

/** Problems of one URL that make it unfit for production (each is relaxed to a warning on staging). */
export function judgePartnerUrl(key: PartnerUrlKey, raw: string, env: Pick<ResolvedEnvironment, 'name' | 'tier'>): Finding[] {
  const shown = displayUrl(raw);
  const target = keyTarget(env, key);
  const findings: Finding[] = [];
  const problem = (message: string, fix: string, evidence: Record<string, unknown> = {}) =>
    findings.push(fail(message, { target, evidence: { url: shown, ...evidence }, fix, relaxOnStaging: true }));

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problem(`${key} ${JSON.stringify(shown)} is not a URL`, `Set ${key} to the https URL you registered with Hubble.`);
    return findings;
  }
  const host = normalizeHost(url.hostname);
  if (url.protocol !== 'https:') {
    problem(
      `${key} ${shown} uses ${url.protocol.replace(':', '')}; Hubble requires https with TLS 1.2 or higher`,
      `Serve ${host} over https with a certificate from a public CA and set ${key} to https://${url.host}${url.pathname}.`,
    );
  }
  if (url.username || url.password) {
    problem(
      `${key} ${shown} contains a user name${url.password ? ' and password' : ''}; credentials in a URL end up in logs, and Hubble authenticates with X-Hubble-Secret${key === 'webhookUrl' ? ' and X-Verify' : ''} instead`,
      `Remove the "user:password@" part from ${key} and rely on X-Hubble-Secret${key === 'webhookUrl' ? ' and the X-Verify signature' : ''}.`,
    );
  }
  const hostClass = classifyPartnerHost(url.hostname);
  const unreachableFix = `Set ${key} to the public DNS name of your ${env.tier} backend (e.g. https://api.yourcompany.com/hubble), served with a publicly trusted certificate.`;
  switch (hostClass.kind) {
    case 'ip': {
      const reach = hostClass.ip.range === 'public' ? 'register a DNS name instead (certificates and Hubble\'s registration expect one)' : "Hubble's servers cannot reach it";
      problem(`${key} host ${hostClass.ip.address} is an IP address, ${describeIpRange(hostClass.ip.range)}; ${reach}`, unreachableFix, {
        host: hostClass.ip.address,
        ipRange: hostClass.ip.range,
      });
      break;
    }
    case 'localhost':
      problem(`${key} host ${host} is localhost: Hubble's servers would be calling themselves`, unreachableFix, { host });
      break;
    case 'reserved-name':
      problem(`${key} host ${host} ends in ${hostClass.suffix}, ${hostClass.reason}; Hubble's servers cannot resolve it`, unreachableFix, { host });
      break;
    case 'single-label':
      problem(`${key} host ${host} is a single label with no domain; only a local resolver can complete it, not Hubble's`, unreachableFix, { host });
      break;
    case 'example-domain':
      problem(`${key} host ${host} is under ${hostClass.domain}, a documentation example, not your backend`, unreachableFix, { host });
      break;
    case 'public':
      break;
  }
  if (env.tier === 'production') {
    const words = stagingLabels(url);
    if (words.length > 0) {
      findings.push(
        warn(`${key} ${shown} contains the staging-looking ${words.length > 1 ? 'words' : 'word'} ${words.map((w) => `"${w}"`).join(', ')}; production should point at the production backend`, {
          target,
          evidence: { url: shown, words },
          fix: `Set ${key} to the production URL you registered with Hubble. If this really is your production backend, the warning can be waived.`,
        }),
      );
    }
  }
  return findings;
}

/**
 * urls.partner: integrationBaseUrl (required for classic SSO or coins) and webhookUrl are https URLs
 * on public host names, without credentials, and not the same as the other tier's URLs.
 */
export function judgePartnerUrls(env: ResolvedEnvironment, others: readonly ResolvedEnvironment[]): Finding[] {
  const findings: Finding[] = [];
  // URLs are compared across tiers only: two production environments may well share a backend.
  const peers = isolationPeers(env, others).filter((p) => p.env.tier !== env.tier);
  for (const key of PARTNER_URL_KEYS) {
    const value = env[key];
    const source = env.sources[key];
    const target = keyTarget(env, key);
    if (value === undefined) {
      const need = key === 'integrationBaseUrl' ? integrationNeed(env) : undefined;
      if (source && source.unsetVars.length > 0) {
        findings.push(skip(`${key} not checked: ${varRefs(source.unsetVars)} is not set (credentials.present reports it)`, { target }));
      } else if (need) {
        findings.push(
          fail(`${key} is not set; it is required because ${need} (sso: ${env.sso}, coins: ${env.coins})`, {
            target,
            fix: `Add "${key}: https://api.yourcompany.com/hubble" (your ${env.tier} backend, as registered with Hubble) under environments.${env.name}.`,
          }),
        );
      } else {
        const why = key === 'webhookUrl' ? 'Hubble will send no transaction webhooks; set it if you use them' : `sso is ${env.sso} and coins is off`;
        findings.push(skip(`${key} not configured: ${why}`, { target }));
      }
      continue;
    }
    const problems = judgePartnerUrl(key, value, env);
    for (const { env: peer } of peers) {
      const theirs = peer[key];
      if (theirs !== undefined && sameUrl(value, theirs)) {
        problems.push(
          fail(`${env.name} ${key} ${displayUrl(value)} is identical to ${peer.name}'s; Hubble registers production and staging URLs separately, and one backend would get both tiers' traffic`, {
            target,
            evidence: { url: displayUrl(value), otherEnv: peer.name },
            fix: `Point ${env.tier === 'production' ? env.name : peer.name} at its own backend and register that URL with Hubble.`,
            relaxOnStaging: true,
          }),
        );
      }
    }
    if (problems.length > 0) {
      findings.push(...problems);
      continue;
    }
    const versus = peers.filter((p) => p.env[key] !== undefined).map((p) => p.env.name);
    findings.push(
      pass(`${key} ${displayUrl(value)} is https on a public host name${versus.length ? `, different from ${versus.join(', ')}` : ''}`, {
        target,
        evidence: { url: displayUrl(value), host: new URL(value).hostname },
      }),
    );
  }
  return findings;
}

export default defineCheck({
  id: 'urls.partner',
  title: 'Your integration and webhook URLs are fit for Hubble to call',
  network: false,
  explain: {
    verifies:
      'That integrationBaseUrl (where Hubble calls /sso, /balance, /debit and /reverse; required with sso: classic or coins: true) and webhookUrl are ' +
      'https URLs on host names Hubble\'s servers can reach: not localhost, not an IP address (public or private, IPv4 or IPv6), not a name under ' +
      '.localhost, .local, .internal, .test, .example, .invalid (or another private-use suffix), not a single-label name, not a documentation domain; ' +
      'with no user:password in the URL; and not identical to the staging environment\'s URL. On production it also warns when a host label or path ' +
      'segment looks like staging (staging, stage, dev, sandbox, uat, test, qa, ...), whole or as a hyphenated part like staging-api. ' +
      'These rules fail on production and warn on staging, except a missing required URL, which fails everywhere.',
    why:
      'Hubble calls these URLs from its own servers on the public internet, over https with TLS 1.2 or higher. A private or local address works on ' +
      'your laptop and nowhere else; a staging URL in production sends real users\' logins and coin debits to a test backend; credentials in the URL ' +
      'leak into logs. Production URLs are registered with Hubble separately from staging ones.',
    fixes: [
      'Set the URL to your production backend\'s public https name, e.g. https://api.yourcompany.com/hubble, with a certificate from a public CA.',
      'Remove any user:password@ part: Hubble authenticates with X-Hubble-Secret (and X-Verify on webhooks).',
      'Staging-looking name on production: double-check it is the production backend; if it is, waive the warning.',
      'Same URL as staging: give each tier its own backend URL and register both with Hubble.',
    ],
  },
  run(ctx) {
    return judgePartnerUrls(ctx.env, ctx.others);
  },
});
