import { defineCheck, fail, pass, warn, type Finding } from '../src/engine/check.js';
import { probePartnerTls, tlsSkipReason } from '../src/hubble/endpoints.js';
import { describeHandshake } from '../src/net/describe.js';
import {
  LEGACY_VERSIONS,
  MODERN_VERSIONS,
  TLS_VERSIONS,
  versionLabel,
  type HandshakeOutcome,
  type TlsOriginProbe,
} from '../src/net/tls.js';

export function protocolEvidence(p: TlsOriginProbe): Record<string, unknown> {
  const accepted = TLS_VERSIONS.filter((v) => p.versions[v].outcome === 'accepted').map(versionLabel);
  const refused = TLS_VERSIONS.filter((v) => p.versions[v].outcome === 'refused').map(versionLabel);
  return {
    accepted,
    refused,
    ...(p.negotiated.outcome === 'accepted' ? { negotiated: { protocol: versionLabel(p.negotiated.protocol), cipher: p.negotiated.cipher } } : {}),
    probes: Object.fromEntries(TLS_VERSIONS.map((v) => [versionLabel(v), describeHandshake(p.versions[v])])),
    ...(p.pinned ? { address: p.pinned } : {}),
    probeMs: p.ms,
  };
}

const list = (vs: readonly string[]) => (vs.length <= 1 ? vs.join('') : `${vs.slice(0, -1).join(', ')} and ${vs.at(-1)}`);

const MIN_VERSION_FIX =
  'Set the minimum protocol to TLS 1.2 wherever TLS ends (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`; Node: `minVersion: "TLSv1.2"`; a load balancer or CDN: pick a TLS 1.2+ security policy).';

/** Pure verdicts: one or more findings per origin. */
export function judgeProtocols(probes: readonly TlsOriginProbe[], httpOrigins: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const origin of httpOrigins) {
    findings.push(
      fail(`${origin} is plain http; Hubble requires https with TLS 1.2 or higher`, {
        target: origin,
        evidence: { scheme: 'http' },
        fix: 'Serve the endpoints over https (TLS 1.2+) with a publicly trusted certificate and register the https URL with Hubble.',
      }),
    );
  }
  for (const p of probes) findings.push(...judgeOrigin(p));
  return findings;
}

function judgeOrigin(p: TlsOriginProbe): Finding[] {
  const where = `${p.host}:${p.port}`;
  const target = p.origin;
  const evidence = protocolEvidence(p);
  const outcome = (v: (typeof TLS_VERSIONS)[number]) => p.versions[v].outcome;
  const modern = MODERN_VERSIONS.filter((v) => outcome(v) === 'accepted');
  const legacy = LEGACY_VERSIONS.filter((v) => outcome(v) === 'accepted');
  const untested = TLS_VERSIONS.filter((v) => outcome(v) === 'error');
  const findings: Finding[] = [];

  if (untested.length > 0) {
    const first = p.versions[untested[0]!] as Extract<HandshakeOutcome, { outcome: 'error' }>;
    findings.push({
      status: 'error',
      message: `could not test ${list(untested.map(versionLabel))} against ${where}: this machine's TLS library refused to offer ${untested.length > 1 ? 'them' : 'it'} (${first.code}: ${first.message})`,
      target,
      evidence,
      fix: 'Run on a machine whose Node/OpenSSL can offer TLS 1.0-1.3 (Node 20+ with OpenSSL 3 can).',
    });
  }

  if (modern.length === 0) {
    const all = [...TLS_VERSIONS.map((v) => p.versions[v]), p.negotiated];
    const nothingAnswered = all.every((h) => h.outcome === 'unreachable' || h.outcome === 'timeout');
    if (nothingAnswered) {
      findings.push(
        fail(`no TLS handshake with ${where} completed: ${describeHandshake(p.negotiated)}`, {
          target,
          evidence,
          fix: `Make ${where} reachable and serve TLS 1.2 or 1.3 there (network.reachability tells where the connection stops).`,
        }),
      );
    } else {
      const accepted = TLS_VERSIONS.filter((v) => outcome(v) === 'accepted').map(versionLabel);
      findings.push(
        fail(`${where} negotiates neither TLS 1.2 nor TLS 1.3 (${accepted.length ? `accepts only ${list(accepted)}` : 'no version accepted'}); Hubble requires TLS 1.2 or higher`, {
          target,
          evidence,
          fix: `Enable TLS 1.2 and TLS 1.3 on ${where}. ${MIN_VERSION_FIX}`,
        }),
      );
    }
  }

  if (legacy.length > 0) {
    findings.push(
      fail(`${list(legacy.map(versionLabel))} accepted by ${where}; Hubble requires TLS 1.2 or higher`, {
        target,
        evidence,
        fix: MIN_VERSION_FIX,
        relaxOnStaging: true,
      }),
    );
  }

  // A legacy probe that got no answer proves nothing either way: say so rather than pass.
  const unconfirmed = LEGACY_VERSIONS.filter((v) => outcome(v) === 'timeout' || outcome(v) === 'unreachable');
  if (modern.length > 0 && unconfirmed.length > 0) {
    findings.push(
      warn(`could not confirm that ${where} refuses ${list(unconfirmed.map(versionLabel))}: ${unconfirmed.map((v) => `${versionLabel(v)} ${describeHandshake(p.versions[v])}`).join('; ')}`, {
        target,
        evidence,
        fix: 'Rerun; if it repeats, make the server refuse old versions with an alert instead of hanging, and set its minimum protocol to TLS 1.2.',
      }),
    );
  }

  if (findings.length === 0) {
    const n = p.negotiated;
    const negotiated = n.outcome === 'accepted' ? `negotiates ${versionLabel(n.protocol)} (${n.cipher})` : `accepts ${list(modern.map(versionLabel))}`;
    findings.push(pass(`${where} ${negotiated} and refuses TLS 1.0 and TLS 1.1`, { target, evidence }));
  }
  return findings;
}

export default defineCheck({
  id: 'tls.protocol',
  title: 'Partner https origins use TLS 1.2 or 1.3 only',
  network: true,
  explain: {
    verifies:
      'For each distinct origin of integrationBaseUrl and webhookUrl: one TLS handshake per version (1.0, 1.1, 1.2, 1.3, each offered alone), plus the version and cipher a modern client negotiates. ' +
      'Fails when neither TLS 1.2 nor 1.3 completes, when TLS 1.0 or 1.1 is accepted (a warning on staging), or when the origin is plain http.',
    why: 'Hubble requires TLS 1.2 or higher on every call to the partner; TLS 1.0 and 1.1 are broken and deprecated (RFC 8996).',
    fixes: [
      'TLS 1.0/1.1 accepted: set the minimum protocol to TLS 1.2 on the server, load balancer or CDN that ends TLS.',
      'No TLS 1.2/1.3: upgrade the TLS library or the security policy of the load balancer.',
      'Plain http: serve https and register the https URL with Hubble.',
      'Could not confirm a refusal: the server hangs on old handshakes instead of refusing them; rerun, then fix the server.',
    ],
  },
  skipReason: (ctx) => tlsSkipReason(ctx.env),
  async run(ctx) {
    const { probes, http } = await probePartnerTls(ctx.env, ctx.net);
    return judgeProtocols(probes, http);
  },
});
